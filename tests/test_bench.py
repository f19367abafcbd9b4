"""The benchmark's arithmetic, on a clock the test controls (not a timed test)."""

from __future__ import annotations

import itertools

import pytest

from engine.batch.bench import measure_turns, run_bench, time_campaigns, time_turns
from engine.scenario.loader import load_scenario

from helpers import SMALL


def ticking(seconds: float):
    """A clock that moves on ``seconds`` every time it is read."""
    count = itertools.count()
    return lambda: next(count) * seconds


def test_each_campaign_is_timed_between_two_readings() -> None:
    for turn in ("reference", "kernel", "outcome"):
        times = time_campaigns(load_scenario(SMALL), runs=3, clock=ticking(0.004), turn=turn)
        assert times == [4.0, 4.0, 4.0]


def test_turn_time_is_the_campaign_time_over_its_turns() -> None:
    found = time_turns(12, 4, turns=2, clock=ticking(0.010))
    assert (found.places, found.units) == (12, 4)
    assert found.cold == pytest.approx(5.0) and found.warm == pytest.approx(5.0)


def test_the_report_names_what_it_timed() -> None:
    s = load_scenario(SMALL)
    lines = run_bench(s, runs=2, turns=2, scales=(1, 3), clock=ticking(0.002), largest=None,
                      fresh=False)
    assert lines == [
        f"{s.id}, {s.calendar.turns} days, AI against AI, ms per campaign (median of 2):",
        "  commanders    reference     kernel    outcome   kernel x  outcome x",
        "  heuristic           2.0        2.0        2.0      1.00x      1.00x",
        "  (reference: the readable rules; kernel: compiled, the whole story; outcome: "
        "compiled, played for its outcome as a batch plays it)",
        f"  turn alone  {2 / s.calendar.turns:>11.3f}{2 / s.calendar.turns:>11.3f}      1.00x  "
        "(ms per turn, the same mornings and orders)",
        "synthetic theatres, heuristic commanders, 2 turns, ms per turn (compiled turn):",
        "  size      places  units     cold     warm  warm/place  peak MB",
        "  1x             5      4     1.00     1.00   200.00 µs        -",
        "  3x            15     12     1.00     1.00    66.67 µs        -"]


def test_a_scenario_with_a_plan_is_timed_under_both_commanders() -> None:
    from helpers import VALLEY

    lines = run_bench(load_scenario(VALLEY), runs=1, turns=1, scales=(1,), clock=ticking(0.002),
                      largest=None, fresh=False)
    assert lines[2].split()[0] == "heuristic" and lines[3].split()[0] == "historical"
    assert len(lines[2].split()) == len(lines[3].split()) == 6   # kind, 3 times, 2 ratios


def test_a_theatre_measured_in_its_own_process_reports_its_memory() -> None:
    found, peak = measure_turns(30, 6, 2)
    assert found.places == 30 and found.cold > 0 and found.warm > 0
    assert peak is not None and 20 < peak < 2000
