"""The comparison of adjudicated runs with the record."""

from __future__ import annotations

from engine.history.fidelity import capture_day, fidelity, recorded_captures
from engine.history.replay import ADJUDICATED, play_replay

from helpers import aleppo_game, aleppo_recorded, aleppo_replay_file


def test_the_record_against_itself_scores_full_timing_and_agreement() -> None:
    g, rf, rec = aleppo_game(), aleppo_replay_file(), aleppo_recorded()
    report = fidelity(g, rf, rec, [rec, rec])
    assert report["score"]["timing"] == 1.0 and report["agreement"]["median"] == 1.0
    assert report["median_abs_error_days"] == 0 and report["captures_never_made"] == 0
    assert 0.0 <= report["score"]["fidelity"] <= 1.0


def test_a_place_taken_twice_is_matched_in_order() -> None:
    g, rf, rec = aleppo_game(), aleppo_replay_file(), aleppo_recorded()
    qurbatiy = [c for c in recorded_captures(rf) if c.place == "al_qurbatiy"]
    assert [(c.side, c.nth) for c in qurbatiy] == [("government", 1), ("rebels", 1),
                                                    ("government", 2)]
    assert [capture_day(g, rec.states, c) for c in qurbatiy] == [c.day for c in qurbatiy]


def test_a_run_that_never_takes_a_place_counts_as_never() -> None:
    g, rf, rec = aleppo_game(), aleppo_replay_file(), aleppo_recorded()
    short = play_replay(g, rf, ADJUDICATED, 3, days=20)  # stops on 20 October
    report = fidelity(g, rf, rec, [short], first=0, last=19)
    assert report["captures_never_made"] == 0  # October's captures all fall before the 20th
    base_80 = next(c for c in recorded_captures(rf) if c.place == "base_80")
    assert capture_day(g, short.states, base_80) is None


def test_periods_compare_losses_with_the_events_of_the_period() -> None:
    g, rf, rec = aleppo_game(), aleppo_replay_file(), aleppo_recorded()
    october = fidelity(g, rf, rec, [rec], first=0, last=30)
    assert october["losses"]["civilians"]["target"] == 97  # al-Safira 76, Tell Aran 21
    assert october["losses"]["rebels"]["target"] == 33      # 20 + 5 + 8 (lines 36, 40, 42)
