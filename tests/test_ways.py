"""The way a unit would take: where it meets enemy ground, and where it would stop short."""

from __future__ import annotations

from engine.play.ways import first_hostile, joins, staging
from engine.sim.state import initial_state

from helpers import idx, unit, valley_game


def test_the_way_from_the_port_meets_the_enemy_where_its_ground_begins() -> None:
    g = valley_game()
    st = initial_state(g)
    u = unit(g, "armd")
    path = g.path_to(idx(g, "citadel"))
    hostile = first_hostile(g, st, 0, u, path)
    stage = staging(g, st, 0, u, path)
    assert hostile is not None and st.holder[hostile] != 0
    assert st.holder[stage] == 0 and path.step[stage] == hostile
    assert joins(g, st, 0, u, path, hostile)      # the first enemy place: reached over its own
    assert not joins(g, st, 0, u, path, idx(g, "citadel"))   # the citadel: enemy ground first


def test_no_enemy_on_the_way_to_one_s_own_ground() -> None:
    g = valley_game()
    st = initial_state(g)
    u = unit(g, "armd")
    assert first_hostile(g, st, 0, u, g.path_to(st.place[u])) is None
