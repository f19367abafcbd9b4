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


# A fork: the cheap road from Ash to Elm runs through Birch, which the enemy holds and
# contests; a longer track runs through Cedar.
FORK = """
scenario: {id: fork, title: Fork}
calendar: {start: 2000-01-01, end: 2000-01-09}
sides:
  blue: {name: Blue, colour: "#1f77b4"}
  red: {name: Red, colour: "#d62728"}
places:
  ash: {name: Ash, type: town, terrain: open, coords: {lat: 50.0, lon: 5.0, confidence: high}, holder: blue}
  birch: {name: Birch, type: village, terrain: open, coords: {lat: 50.1, lon: 5.0, confidence: high}, holder: {side: red, contested: true}}
  cedar: {name: Cedar, type: village, terrain: open, coords: {lat: 50.1, lon: 5.1, confidence: high}, holder: CEDAR}
  elm: {name: Elm, type: town, terrain: open, coords: {lat: 50.2, lon: 5.0, confidence: high}, holder: red}
roads:
  - {from: ash, to: birch, class: highway}
  - {from: birch, to: elm, class: highway}
  - {from: ash, to: cedar, class: track}
  - {from: cedar, to: elm, class: track}
units:
  col: {name: Column, side: blue, type: infantry, place: ash, strength: 1000, quality: 1.0}
  held: {name: Holders, side: blue, type: infantry, place: birch, strength: 300, quality: 1.0}
  foe: {name: Foe, side: red, type: infantry, place: birch, strength: 300, quality: 1.0}
  rear: {name: Rear, side: red, type: infantry, place: elm, strength: 300, quality: 1.0}
"""


def _fork(cedar: str):
    from engine.scenario.loader import build_scenario
    from engine.scenario.yamlsrc import parse_yaml
    from engine.sim.game import build_game
    return build_game(build_scenario(parse_yaml(FORK.replace("CEDAR", cedar), "fork.yaml")))


def _march(g, days: int):
    from engine.sim import turn as reference
    from engine.sim.kernel import turn as kernel
    s = initial_state(g)
    seen = []
    for _ in range(days):
        ref = reference.play_turn(g, s, orders("move col elm"), KEY)
        ker = kernel.play_turn(g, s, orders("move col elm"), KEY)
        assert ker.state == ref.state      # the compiled turn goes round the same way
        s = ref.state
        seen.append((s.place[unit(g, "col")], s.next[unit(g, "col")]))
    return s, seen


def test_a_column_goes_round_a_contested_place_when_a_friendly_way_exists() -> None:
    g = _fork("blue")
    assert g.path_to(idx(g, "elm")).step[idx(g, "ash")] == idx(g, "birch")   # the cheap way
    s, seen = _march(g, 6)
    birch, cedar = idx(g, "birch"), idx(g, "cedar")
    assert all(birch not in pair for pair in seen)
    assert any(cedar in pair for pair in seen)
    assert s.place[unit(g, "col")] == idx(g, "elm")


def test_with_no_friendly_way_a_column_marches_into_the_fight() -> None:
    g = _fork("red")                      # Cedar is the enemy's too: no way round
    s, _ = _march(g, 1)
    assert s.place[unit(g, "col")] == idx(g, "birch")


def test_the_march_estimate_follows_the_way_round() -> None:
    from engine.play.standing import march_left
    g = _fork("blue")
    s = initial_state(g)
    left = march_left(g, s, unit(g, "col"), idx(g, "elm"))
    road = {(a, b): km for a in range(len(g.places)) for b, km, _ in g.roads[a]}
    by_cedar = road[(idx(g, "ash"), idx(g, "cedar"))] + road[(idx(g, "cedar"), idx(g, "elm"))]
    assert left is not None and left.km == pytest.approx(by_cedar)
