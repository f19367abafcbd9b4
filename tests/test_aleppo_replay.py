"""The Aleppo record played: as recorded (every capture made by the engine itself, the
figures adding up to the infobox), adjudicated, from a day; its golden digests and text."""

from __future__ import annotations

import difflib
import json

import pytest

from engine.history.fidelity import capture_day, fidelity, recorded_captures
from engine.history.record import record_totals, recorded_fields
from engine.history.replay import days_json
from engine.reports.replay import format_recorded
from engine.sim.chance import BOMBARDMENT, ENGAGEMENT
from engine.sim.state import NOWHERE

from helpers import ROOT, aleppo_game, aleppo_recorded, aleppo_replay_file

GOLDEN = ROOT / "tests" / "data" / "golden" / "aleppo_2013_historical.json"
GOLDEN_TEXT = ROOT / "tests" / "data" / "golden" / "aleppo_2013_historical.txt"






def test_recorded_replay_agrees_with_every_dated_capture() -> None:
    g, rf = aleppo_game(), aleppo_replay_file()
    days = days_json(g, aleppo_recorded())
    captures = [(e.last, place, side) for e in rf.events for place, side in e.captures.items()]
    assert len(captures) >= 25
    for day, place, side in captures:
        assert days[day]["holders"][place] == side, (day, place)
        assert place not in days[day]["contested"]


def test_the_engine_itself_makes_every_recorded_capture() -> None:
    """No capture has to be imposed by the record, and nothing changes hands off the record."""
    text = [v.text for v in aleppo_recorded().violations]
    assert not [t for t in text if "imposed" in t or "which the record does not" in t]
    assert not [t for t in text if "refuse" in t]


def test_a_span_is_shared_over_its_days_less_its_one_day_events() -> None:
    fields = recorded_fields(aleppo_replay_file())
    safira = {k[0]: f for k, f in fields.items() if k[1:] == (BOMBARDMENT, "al_safira",
                                                             "government")}
    oct8, oct25 = 7, 24
    assert sum(safira[d]["civilians"] for d in range(oct8, oct25 + 1)) == 76
    assert safira[9]["civilians"] == 17  # 10 October, its own event (line 50)
    base = {k[0]: f for k, f in fields.items() if k[1:] == (ENGAGEMENT, "base_80", "government")}
    assert sum(f["killed:rebels"] for f in base.values()) == 63
    assert [base[d]["result"] for d in sorted(base)] == ["stalemate", "repulsed", "taken"]


def test_totals_do_not_contradict_the_infobox() -> None:
    g, rf = aleppo_game(), aleppo_replay_file()
    totals = record_totals(rf)
    infobox = {k: f.value for k, f in g.scenario.record.killed.items()}
    # the infobox's dead include the events' dead, so the events may not exceed them ...
    assert totals["rebels"] <= infobox["rebels"] and totals["government"] <= infobox["government"]
    # ... its civilians are al-Safira's 76 and Tell Aran's 21; al-Bab's come on top
    before_al_bab = record_totals(rf, last=(rf.event("al_bab_market_1").first - 1))
    assert before_al_bab["civilians"] == infobox["civilians"] == 97
    # and with what the engine adds where the article is silent, the replay reaches them
    losses = aleppo_recorded().final.side_losses(g)
    for side in g.sides:
        assert losses[side]["killed"] >= infobox[side]
    assert sum(aleppo_recorded().final.civilians_killed) >= infobox["civilians"]


def test_manpower_is_conserved_with_the_record_s_losses() -> None:
    g, final = aleppo_game(), aleppo_recorded().final
    for u in range(len(g.units)):
        if final.place[u] != NOWHERE:
            assert g.unit_strength[u] == (final.strength[u] + final.killed[u] + final.wounded[u]
                                          + final.dispersed[u])
            assert final.strength[u] >= 0


def test_golden_replay(regen_golden: bool) -> None:
    """The recorded replay reaches the checked-in digests (``pytest --regen-golden``)."""
    g, rec = aleppo_game(), aleppo_recorded()
    now = {"replay": aleppo_replay_file().id, "final": rec.final.digest(g),
           "days": [s.digest(g) for s in rec.states[1:]]}
    if regen_golden:
        GOLDEN.write_text(json.dumps(now, indent=1) + "\n", encoding="utf-8")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    if golden != now:
        first = next((i for i, (a, b) in enumerate(zip(golden["days"], now["days"],
                                                       strict=False)) if a != b), None)
        pytest.fail(f"the recorded replay no longer reaches its golden digest; first different "
                    f"day: {first}. If the change is meant, run pytest --regen-golden")


def test_golden_playthrough_text(regen_golden: bool) -> None:
    """The recorded replay's day-by-day text (``wargame replay``): when the engine's account of
    the campaign changes, the diff shows what changed, not only which day."""
    now = format_recorded(aleppo_game(), aleppo_recorded()).replace(f"{ROOT}/", "")
    if regen_golden:
        GOLDEN_TEXT.write_text(now, encoding="utf-8")
    golden = GOLDEN_TEXT.read_text(encoding="utf-8")
    if golden != now:
        diff = "".join(list(difflib.unified_diff(golden.splitlines(True), now.splitlines(True),
                                                 "golden", "now", n=1))[:60])
        pytest.fail(f"the recorded replay's text changed (pytest --regen-golden if meant):\n{diff}")


def test_a_place_taken_twice_is_matched_in_order() -> None:
    g, rf, rec = aleppo_game(), aleppo_replay_file(), aleppo_recorded()
    qurbatiy = [c for c in recorded_captures(rf) if c.place == "al_qurbatiy"]
    assert [(c.side, c.nth) for c in qurbatiy] == [("government", 1), ("rebels", 1),
                                                    ("government", 2)]
    assert [capture_day(g, rec.states, c) for c in qurbatiy] == [c.day for c in qurbatiy]


def test_october_is_scored_against_october_s_figures() -> None:
    g, rf, rec = aleppo_game(), aleppo_replay_file(), aleppo_recorded()
    october = fidelity(g, rf, rec, [rec], first=0, last=30)
    assert october["losses"]["civilians"]["target"] == 97  # al-Safira 76, Tell Aran 21
    assert october["losses"]["rebels"]["target"] == 33      # 20 + 5 + 8 (lines 36, 40, 42)
