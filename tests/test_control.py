"""Phase 5: control, a record's imposed capture, air bases lost, arrivals and fates."""

from __future__ import annotations

from engine.sim.chance import campaign_key
from engine.sim.control import fates, impose_capture
from engine.sim.events import Log
from engine.sim.state import NOWHERE, initial_state
from engine.sim.turn import play_turn

from helpers import idx, small_game, unit, valley_game

KEY = campaign_key(1)


def test_a_lone_unit_takes_the_contested_place_it_stands_in() -> None:
    g = small_game()
    turn = play_turn(g, initial_state(g), [], KEY)
    b = idx(g, "bridge_town")
    assert g.sides[turn.state.holder[b]] == "blue" and not turn.state.contested[b]
    assert any(e.kind == "captured" and e.place == "bridge_town" for e in turn.events)


def test_an_air_unit_leaves_a_lost_base() -> None:
    g = valley_game()
    s = initial_state(g)
    field = idx(g, "airfield")
    s.place[unit(g, "militia")] = field  # the enemy walks into the empty airfield
    s.contested[field] = True
    turn = play_turn(g, s, [], KEY)
    assert g.sides[turn.state.holder[field]] == "south"
    assert turn.state.place[unit(g, "air")] == idx(g, "port")
    assert any(e.kind == "rebase" for e in turn.events)


def test_reinforcements_arrive_on_their_day() -> None:
    g = valley_game()
    u = unit(g, "reserve")
    state = initial_state(g)
    assert state.place[u] == NOWHERE and state.strength[u] == 0
    arrived = []
    for _ in range(2):
        turn = play_turn(g, state, [], KEY)
        state = turn.state
        arrived += [e for e in turn.events if e.kind == "arrival"]
    assert state.day == 2 and state.place[u] == idx(g, "port") and state.strength[u] == 500
    assert [(e.day, e.units) for e in arrived] == [(2, ("reserve",))]


def test_a_commander_s_fate_is_told_on_its_day() -> None:
    g = valley_game()
    state, fates = initial_state(g), []
    for _ in range(5):
        turn = play_turn(g, state, [], KEY)
        state = turn.state
        fates += [e for e in turn.events if e.kind == "commander"]
    assert [(e.day, e.text) for e in fates] == [(4, "Gray (south) killed")]


def test_an_imposed_capture_moves_the_other_side_out() -> None:
    g = valley_game()
    s = initial_state(g)
    log = Log(g, 0)
    impose_capture(g, s, idx(g, "market"), g.sides.index("north"), "as recorded", log)
    assert g.sides[s.holder[idx(g, "market")]] == "north"
    assert s.place[unit(g, "militia")] == idx(g, "orchard")
    assert [e.kind for e in log.events] == ["fall_back", "captured"]
    assert log.events[-1].text.endswith("(as recorded)")


def test_a_fate_after_a_loss_comes_when_the_place_falls() -> None:
    """A commander whose fate follows the loss of a place meets it the day the place falls,
    whatever the record's date; one without keeps the record's date."""
    from engine.play.campaign import play_campaign
    from engine.play.commanders import commanders
    from engine.sim.events import Log

    from helpers import aleppo_game

    g = aleppo_game()
    (oqaidi,) = [c for c in g.scenario.commanders.values() if c.fate_after]
    log = Log(g, 3)
    fates(g, idx(g, oqaidi.fate_after), g.sides.index(oqaidi.side), log)
    assert [e.kind for e in log.events] == ["commander"] and oqaidi.name in log.events[0].text
    fates(g, idx(g, oqaidi.fate_after), 1 - g.sides.index(oqaidi.side), log)
    assert len(log.events) == 1          # the other side's loss is not his
    h = play_campaign(g, 2, commanders(g))
    fell = [t.state.day - 1 for t in h.turns for e in t.events if e.kind == "captured"
            and e.place == oqaidi.fate_after and "government take" in e.text]
    said = [e.day for e in h.events if e.kind == "commander" and oqaidi.name in e.text]
    assert said == fell[:len(said)] and said
