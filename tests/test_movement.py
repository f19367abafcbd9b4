"""Phase 1, movement, on the Valley: long roads, empty villages taken on the march, a
defended place stopping a column."""

from __future__ import annotations

import pytest

from engine.sim.chance import ENGAGEMENT, Force, campaign_key
from engine.sim.state import HASTY, MOVING, PREPARED, initial_state
from engine.sim.turn import play_turn

from helpers import idx, orders, unit, valley_game

KEY = campaign_key(1)


def test_a_long_road_takes_more_than_a_day() -> None:
    g = valley_game()
    s = play_turn(g, initial_state(g), orders("move inf pass"), KEY).state
    u = unit(g, "inf")
    assert s.place[u] == idx(g, "port") and s.next[u] == idx(g, "pass")
    assert s.progress[u] == pytest.approx(g.unit_speed[u])
    assert s.posture[u] == MOVING
    for _ in range(2):
        s = play_turn(g, s, orders("move inf pass"), KEY).state
    assert s.place[u] == idx(g, "pass") and g.sides[s.holder[idx(g, "pass")]] == "north"


def test_empty_enemy_villages_are_taken_on_the_march() -> None:
    g = valley_game()
    turn = play_turn(g, initial_state(g), orders("move armd orchard"), KEY)
    after = turn.state
    assert after.place[unit(g, "armd")] == idx(g, "orchard")
    for place in ("mill", "orchard"):       # mill was passed, orchard reached
        assert g.sides[after.holder[idx(g, place)]] == "north"
    marched = [e.place for e in turn.events if e.kind == "captured" and "on the march" in e.text]
    assert marched == ["mill"]
    assert not turn.outcomes


def test_a_defended_place_stops_a_column_bound_beyond_it() -> None:
    g = valley_game()
    forced = {(0, ENGAGEMENT, "market", "north"): Force("stalemate")}
    after = play_turn(g, initial_state(g), orders("move armd citadel"), KEY, forced).state
    market = idx(g, "market")
    assert after.place[unit(g, "armd")] == market and after.contested[market]
    assert g.sides[after.holder[idx(g, "citadel")]] == "south"


def test_a_column_thrown_back_does_not_keep_the_places_it_marched_through() -> None:
    g = valley_game()
    forced = {(0, ENGAGEMENT, "market", "north"): Force("repulsed")}
    turn = play_turn(g, initial_state(g), orders("move armd market"), KEY, forced)
    assert not [e for e in turn.events if "on the march" in e.text]
    for place in ("mill", "orchard"):
        assert g.sides[turn.state.holder[idx(g, place)]] == "south"


def test_posture_digs_in_when_a_unit_stays() -> None:
    g = valley_game()
    s = initial_state(g)
    u = unit(g, "guns")
    s.posture[u] = MOVING
    s = play_turn(g, s, [], KEY).state
    assert s.posture[u] == HASTY
    s = play_turn(g, s, [], KEY).state
    assert s.posture[u] == PREPARED
