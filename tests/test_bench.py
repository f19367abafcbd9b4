"""The benchmark's timing helpers return sensible numbers (not a timed test)."""

from __future__ import annotations

from engine.batch.bench import time_campaigns, time_turns
from engine.scenario.loader import load_scenario
from tests.conftest import SMALL


def test_timers_return_positive_milliseconds() -> None:
    times = time_campaigns(load_scenario(SMALL), runs=2)
    assert len(times) == 2 and all(t > 0 for t in times)
    assert time_turns(12, 4, turns=2) > 0
