"""Players: a script gives each side its own units' orders."""

from __future__ import annotations

from engine.play.player import Scripted
from engine.sim.state import initial_state

from helpers import orders, valley_game


def test_each_side_gets_its_own_orders_and_unknown_units_go_to_the_first() -> None:
    g = valley_game()
    script = Scripted({0: orders("move armd orchard", "hold militia market", "move ghost ford")})
    s = initial_state(g)
    north, south = (script(g, s, side) for side in (0, 1))
    assert [str(o) for o in north] == ["move armd orchard", "move ghost ford"]
    assert [str(o) for o in south] == ["hold militia market"]
    s.day = 1
    assert script(g, s, 0) == []
