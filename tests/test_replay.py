"""Playing a replay file on the Valley: recorded (the record's captures kept, its outcomes
forced), adjudicated (the engine decides), and from a day (the record up to it)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.history.replay import ADJUDICATED, days_json, play_replay, play_runs, recorded_odds
from engine.sim.state import NOWHERE

from helpers import valley_game, valley_recorded, valley_replay_file


def test_the_recorded_replay_holds_every_dated_capture() -> None:
    g, rf = valley_game(), valley_replay_file()
    days = days_json(g, valley_recorded())
    captures = [(e.last, place, side) for e in rf.events for place, side in e.captures.items()]
    assert len(captures) == 4
    for day, place, side in captures:
        assert days[day]["holders"][place] == side and place not in days[day]["contested"]


def test_recorded_outcomes_are_the_record_s() -> None:
    r = valley_recorded()
    fights = [(o.day, o.place, o.result) for o in r.history.outcomes if o.kind == "engagement"]
    assert fights == [(2, "market", "stalemate"), (3, "market", "taken")]
    (shelling,) = [o for o in r.history.outcomes if o.kind == "bombardment"]
    assert shelling.civilians == 12
    odds = recorded_odds(r)
    assert set(odds) == {(2, "market"), (3, "market")} and all(0 < p < 1 for p in odds.values())


def test_the_record_s_words_are_in_the_history() -> None:
    events = valley_recorded().history.events
    assert [e.text for e in events if e.kind == "commander"] == ["Gray (south) killed"]
    assert all(events[i].day <= events[i + 1].day for i in range(len(events) - 1))


def test_adjudicated_runs_are_reproducible_and_differ_by_seed() -> None:
    g, rf = valley_game(), valley_replay_file()
    a, b = (play_replay(g, rf, ADJUDICATED, 7) for _ in range(2))
    assert a.final.digest(g) == b.final.digest(g) and not a.violations and not a.plans
    digests = {play_replay(g, rf, ADJUDICATED, seed).final.digest(g) for seed in range(6)}
    assert len(digests) > 1


@settings(max_examples=10, deadline=None)
@given(day=st.integers(1, 9), seed=st.integers(0, 10_000))
def test_from_a_day_the_record_is_kept_and_the_engine_decides_after(day: int, seed: int) -> None:
    g, rf, rec = valley_game(), valley_replay_file(), valley_recorded()
    (run,) = play_runs(g, rf, 1, seed, rec, day)
    assert len(run.states) == len(rec.states) and run.seed == seed
    for a, b in zip(run.states[:day + 1], rec.states[:day + 1], strict=True):
        assert a.digest(g) == b.digest(g)
    for state in run.states[day:]:
        assert min(state.strength) >= 0
        for u in range(len(g.units)):
            if state.place[u] != NOWHERE:
                assert g.unit_strength[u] == (state.strength[u] + state.killed[u] +
                                              state.wounded[u] + state.dispersed[u])
