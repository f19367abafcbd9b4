"""The benchmark's arithmetic, on a clock the test controls (not a timed test)."""

from __future__ import annotations

import itertools

from engine.batch.bench import run_bench, time_campaigns, time_turns
from engine.scenario.loader import load_scenario

from helpers import SMALL


def ticking(seconds: float):
    """A clock that moves on ``seconds`` every time it is read."""
    count = itertools.count()
    return lambda: next(count) * seconds


def test_each_campaign_is_timed_between_two_readings() -> None:
    times = time_campaigns(load_scenario(SMALL), runs=3, clock=ticking(0.004))
    assert times == [4.0, 4.0, 4.0]


def test_turn_time_is_the_campaign_time_over_its_turns() -> None:
    assert time_turns(12, 4, turns=2, clock=ticking(0.010)) == 5.0


def test_the_report_names_what_it_timed() -> None:
    s = load_scenario(SMALL)
    lines = run_bench(s, runs=2, turns=2, scales=(1, 3), clock=ticking(0.002))
    assert lines == [
        f"2.0 ms per campaign ({s.id}, {s.calendar.turns} days, AI against AI, heuristic "
        "commanders, median of 2)",
        "1.00 ms per turn on a synthetic theatre of 5 places and 4 units (1x)",
        "1.00 ms per turn on a synthetic theatre of 15 places and 12 units (3x)"]


def test_a_scenario_with_a_plan_is_timed_under_both_commanders() -> None:
    from helpers import VALLEY

    lines = run_bench(load_scenario(VALLEY), runs=1, turns=1, scales=(1,), clock=ticking(0.002))
    assert "heuristic commanders" in lines[0] and "historical commanders" in lines[1]
