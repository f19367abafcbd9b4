"""Phase 4, supply: traced from the sources through places held uncontested."""

from __future__ import annotations

import pytest

from engine.sim.chance import campaign_key
from engine.sim.state import initial_state
from engine.sim.supply import supplied_places
from engine.sim.turn import play_turn

from helpers import idx, unit, valley_game

KEY = campaign_key(1)


def test_a_cut_off_garrison_is_besieged_and_worn_down() -> None:
    g = valley_game()
    turn = play_turn(g, initial_state(g), [], KEY)
    s, post = turn.state, unit(g, "post")
    assert s.besieged[idx(g, "outpost")] and not s.besieged[idx(g, "citadel")]
    assert not s.supplied[post] and s.supplied[unit(g, "militia")]
    assert s.readiness[post] == pytest.approx(1.0 - g.rules["readiness_loss"])
    assert {e.kind for e in turn.events} == {"supply", "besieged"}
    for _ in range(12):  # worn to the floor, then it loses people
        s = play_turn(g, s, [], KEY).state
    assert s.readiness[post] == pytest.approx(g.rules["readiness_floor"])
    assert s.dispersed[post] > 0 and s.strength[post] + s.dispersed[post] == 100


def test_air_units_are_supplied_while_their_base_is_held() -> None:
    g = valley_game()
    s = play_turn(g, initial_state(g), [], KEY).state
    assert s.supplied[unit(g, "air")]


def test_supply_follows_held_roads() -> None:
    g = valley_game()
    s = initial_state(g)
    north = supplied_places(g, s, g.sides.index("north"))
    assert north[idx(g, "ford")] and not north[idx(g, "mill")]
    s.contested[idx(g, "ford")] = True
    assert not supplied_places(g, s, g.sides.index("north"))[idx(g, "ford")]
