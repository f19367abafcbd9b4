"""Playing the historical replay: recorded, adjudicated, from a day; the golden digest."""

from __future__ import annotations

import json
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.history.replay import (
    ADJUDICATED,
    Plan,
    days_json,
    play_replay,
    play_runs,
    record_totals,
    recorded_fields,
)
from engine.history.replayfile import load_replay_file
from engine.sim.chance import BOMBARDMENT, ENGAGEMENT
from engine.sim.state import NOWHERE
from tests.conftest import ROOT
from tests.engine_helpers import aleppo_game

GOLDEN = ROOT / "tests" / "data" / "golden" / "aleppo_2013_historical.json"


@cache
def replay_file():
    g = aleppo_game()
    return load_replay_file(g.scenario.replay, g.scenario)


@cache
def recorded():
    return play_replay(aleppo_game(), replay_file())


def test_recorded_replay_agrees_with_every_dated_capture() -> None:
    g, rf = aleppo_game(), replay_file()
    days = days_json(g, recorded())
    captures = [(e.last, place, side) for e in rf.events for place, side in e.captures.items()]
    assert len(captures) >= 25
    for day, place, side in captures:
        assert days[day]["holders"][place] == side, (day, place)
        assert place not in days[day]["contested"]


def test_the_engine_itself_makes_every_recorded_capture() -> None:
    """No capture has to be imposed by the record, and nothing changes hands off the record."""
    text = [v.text for v in recorded().violations]
    assert not [t for t in text if "imposed" in t or "which the record does not" in t]
    assert not [t for t in text if "refuse" in t]


def test_a_span_is_shared_over_its_days_less_its_one_day_events() -> None:
    fields = recorded_fields(replay_file())
    safira = {k[0]: f for k, f in fields.items() if k[1:] == (BOMBARDMENT, "al_safira",
                                                             "government")}
    oct8, oct25 = 7, 24
    assert sum(safira[d]["civilians"] for d in range(oct8, oct25 + 1)) == 76
    assert safira[9]["civilians"] == 17  # 10 October, its own event (line 50)
    base = {k[0]: f for k, f in fields.items() if k[1:] == (ENGAGEMENT, "base_80", "government")}
    assert sum(f["killed:rebels"] for f in base.values()) == 63
    assert [base[d]["result"] for d in sorted(base)] == ["stalemate", "repulsed", "taken"]


def test_totals_do_not_contradict_the_infobox() -> None:
    g, rf = aleppo_game(), replay_file()
    totals = record_totals(rf)
    infobox = {k: f.value for k, f in g.scenario.record.killed.items()}
    # the infobox's dead include the events' dead, so the events may not exceed them ...
    assert totals["rebels"] <= infobox["rebels"] and totals["government"] <= infobox["government"]
    # ... its civilians are al-Safira's 76 and Tell Aran's 21; al-Bab's come on top
    before_al_bab = record_totals(rf, last=(rf.event("al_bab_market_1").first - 1))
    assert before_al_bab["civilians"] == infobox["civilians"] == 97
    # and with what the engine adds where the article is silent, the replay reaches them
    losses = recorded().final.side_losses(g)
    for side in g.sides:
        assert losses[side]["killed"] >= infobox[side]
    assert sum(recorded().final.civilians_killed) >= infobox["civilians"]


def test_manpower_is_conserved_with_the_record_s_losses() -> None:
    g, final = aleppo_game(), recorded().final
    for u in range(len(g.units)):
        if final.place[u] != NOWHERE:
            assert g.unit_strength[u] == (final.strength[u] + final.killed[u] + final.wounded[u]
                                          + final.dispersed[u])
            assert final.strength[u] >= 0


def test_standing_orders_wait_for_the_move_before_them() -> None:
    g, rf = aleppo_game(), replay_file()
    plan = Plan(g, rf.tasks)
    state = recorded().states[0]
    today = {o.unit: o for o, _ in plan.orders(g, state)}
    assert str(today["35sf"]) == "move 35sf khanasir"
    # on 2 October the convoy still goes for Khanasir; its order of 7 October is not yet due
    later = recorded().states[1]
    assert str({o.unit: o for o, _ in plan.orders(g, later)}["35sf"]) == "move 35sf khanasir"
    # bombardments stand through `until` and then end
    day9 = recorded().states[9]
    plan9 = recorded().plans[9]
    assert str({o.unit: o for o, _ in plan9.copy().orders(g, day9)}["artillery"]) == \
        "bombard artillery al_safira"


def test_adjudicated_runs_are_reproducible_and_differ_by_seed() -> None:
    g, rf = aleppo_game(), replay_file()
    a = play_replay(g, rf, ADJUDICATED, 7)
    b = play_replay(g, rf, ADJUDICATED, 7)
    c = play_replay(g, rf, ADJUDICATED, 8)
    assert a.final.digest(g) == b.final.digest(g)
    assert a.final.digest(g) != c.final.digest(g)
    assert not a.violations  # adjudicated play is not checked against the record


@settings(max_examples=8, deadline=None)
@given(day=st.integers(1, 61), seed=st.integers(0, 10_000))
def test_from_a_day_the_record_is_kept_and_the_engine_decides_after(day: int, seed: int) -> None:
    g, rf, rec = aleppo_game(), replay_file(), recorded()
    (run,) = play_runs(g, rf, 1, seed, rec, day)
    assert len(run.states) == len(rec.states)
    for a, b in zip(run.states[:day + 1], rec.states[:day + 1], strict=True):
        assert a.digest(g) == b.digest(g)
    for state in run.states[day:]:
        assert min(state.strength) >= 0
        for u in range(len(g.units)):
            if state.place[u] != NOWHERE:
                assert g.unit_strength[u] == (state.strength[u] + state.killed[u] +
                                              state.wounded[u] + state.dispersed[u])


def test_golden_replay(regen_golden: bool) -> None:
    """The recorded replay reaches the checked-in digests (``pytest --regen-golden``)."""
    g, rec = aleppo_game(), recorded()
    now = {"replay": replay_file().id, "final": rec.final.digest(g),
           "days": [s.digest(g) for s in rec.states[1:]]}
    if regen_golden:
        GOLDEN.write_text(json.dumps(now, indent=1) + "\n", encoding="utf-8")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    if golden != now:
        first = next((i for i, (a, b) in enumerate(zip(golden["days"], now["days"],
                                                       strict=False)) if a != b), None)
        pytest.fail(f"the recorded replay no longer reaches its golden digest; first different "
                    f"day: {first}. If the change is meant, run pytest --regen-golden")
