"""Calibration: a documented search that is deterministic and stays in its box."""

from __future__ import annotations

from engine.history.calibrate import SPACE, check, distance, search
from engine.history.replay import ADJUDICATED, play_replay

from helpers import valley_game, valley_recorded, valley_replay_file


def test_search_is_deterministic_sorted_and_in_its_box() -> None:
    s, rf = valley_game().scenario, valley_replay_file()
    a = search(s, rf, points=4, rounds=2, runs=2, last=5)
    b = search(s, rf, points=4, rounds=2, runs=2, last=5)
    assert [c.params for c in a] == [c.params for c in b]
    assert [c.distance for c in a] == sorted(c.distance for c in a)
    for c in a:
        for name, value in c.params.items():
            lo, hi = SPACE[name]
            assert lo <= value <= hi


def test_the_record_is_closer_to_itself_than_a_run_is() -> None:
    g, rf, rec = valley_game(), valley_replay_file(), valley_recorded()
    run = play_replay(g, rf, ADJUDICATED, 5)
    d_self, _ = distance(g, rf, rec, [rec], 0, 9)
    d_run, _ = distance(g, rf, rec, [run], 0, 9)
    assert d_self < d_run


def test_check_reports_each_period() -> None:
    s, rf = valley_game().scenario, valley_replay_file()
    reports = check(s, rf, {"loss_scale": 0.5}, 2, 1, [("in", 0, 4), ("out", 5, 9)])
    assert reports["in"]["to"] == "1900-05-05" and reports["out"]["from"] == "1900-05-06"
