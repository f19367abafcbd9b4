"""The comparison of adjudicated runs with the record, on the Valley."""

from __future__ import annotations

from engine.history.fidelity import capture_day, capture_days, fidelity, recorded_captures
from engine.history.replay import ADJUDICATED, play_replay

from helpers import valley_game, valley_recorded, valley_replay_file


def test_the_record_against_itself_scores_full_timing_and_agreement() -> None:
    g, rf, rec = valley_game(), valley_replay_file(), valley_recorded()
    report = fidelity(g, rf, rec, [rec, rec])
    assert report["score"]["timing"] == 1.0 and report["agreement"]["median"] == 1.0
    assert report["median_abs_error_days"] == 0 and report["captures_never_made"] == 0
    assert isinstance(report["median_abs_error_days"], int)   # days: "0 days", not "0.0"
    assert [c["place"] for c in report["captures"]] == ["mill", "orchard", "pass", "market"]
    assert report["captures"][-1]["recorded_odds"] is not None
    assert 0.0 <= report["score"]["fidelity"] <= 1.0


def test_a_run_that_never_takes_a_place_counts_as_never() -> None:
    g, rf, rec = valley_game(), valley_replay_file(), valley_recorded()
    short = play_replay(g, rf, ADJUDICATED, 3, days=2)  # stops before the storm
    market = next(c for c in recorded_captures(rf) if c.place == "market")
    assert capture_day(g, short.states, market) is None
    assert capture_days(g, [short, short, rec], market) == ([3], None)  # most runs: never
    report = fidelity(g, rf, rec, [short], first=0, last=1)
    assert report["captures_never_made"] == 0  # the first day's captures were made


def test_losses_are_covered_by_the_runs_band() -> None:
    g, rf, rec = valley_game(), valley_replay_file(), valley_recorded()
    report = fidelity(g, rf, rec, [rec], first=0, last=4, targets={"south": 25.0, "north": 999})
    assert report["losses"]["north"]["covered"] is False
    whole = fidelity(g, rf, rec, [rec])
    assert whole["losses"]["civilians"] == {"target": 12, "p10": 12, "median": 12, "p90": 12,
                                            "covered": True, "at_least": False,
                                            "p_at_least": 1.0}


def test_a_lower_bound_is_met_by_reaching_it_not_by_an_interval() -> None:
    """The Valley's infobox gives 40+ and 60+ killed: a run far above a lower bound meets
    it; a run below does not."""
    g, rf, rec = valley_game(), valley_replay_file(), valley_recorded()
    whole = fidelity(g, rf, rec, [rec])
    north, south = whole["losses"]["north"], whole["losses"]["south"]
    assert north["at_least"] and south["at_least"]
    for v in (north, south):
        assert v["covered"] == (v["p_at_least"] >= 0.5)
        assert v["p_at_least"] == (1.0 if v["median"] >= v["target"] else 0.0)
    low = fidelity(g, rf, rec, [rec], targets={"north": 0.0})["losses"]["north"]
    assert low["at_least"] and low["p_at_least"] == 1.0 and low["covered"]
    past = fidelity(g, rf, rec, [rec], targets={"north": 1e6})["losses"]["north"]
    assert past["p_at_least"] == 0.0 and not past["covered"]


def test_skill_over_persistence_and_how_captures_were_made() -> None:
    g, rf, rec = valley_game(), valley_replay_file(), valley_recorded()
    report = fidelity(g, rf, rec, [rec])
    a = report["agreement"]
    assert 0.0 < a["persistence"] < 1.0 and a["skill"] == 1.0   # the record scores itself
    market = next(c for c in report["captures"] if c["place"] == "market")
    assert (market["in_combat"], market["walked_in"]) == (1, 0)  # stormed on 4 May
    mill = next(c for c in report["captures"] if c["place"] == "mill")
    assert (mill["in_combat"], mill["walked_in"]) == (0, 1)      # found empty
    e = report["engagements"]
    assert e["days"] == 2 and e["per_engagement"] <= 0 and e["uniform"] < -1.09
