"""The way a unit would take: where it meets enemy ground, and where it would stop short."""

from __future__ import annotations

from engine.play.ways import Ways
from engine.sim.state import initial_state

from helpers import idx, unit, valley_game


def test_the_way_from_the_port_meets_the_enemy_where_its_ground_begins() -> None:
    g = valley_game()
    st = initial_state(g)
    u = unit(g, "armd")
    citadel = idx(g, "citadel")
    ways = Ways(g, st, 0)
    hostile = ways.first_hostile(u, citadel)
    stage = ways.staging(u, citadel)
    assert hostile is not None and st.holder[hostile] != 0
    assert st.holder[stage] == 0 and g.path_to(citadel).step[stage] == hostile
    assert ways.joins(u, hostile)           # the first enemy place: reached over its own
    assert not ways.joins(u, citadel)       # the citadel: enemy ground first
    # asked again, from the memory of the walk: the same answers
    assert (ways.first_hostile(u, citadel), ways.staging(u, citadel)) == (hostile, stage)


def test_no_enemy_on_the_way_to_one_s_own_ground() -> None:
    g = valley_game()
    st = initial_state(g)
    u = unit(g, "armd")
    ways = Ways(g, st, 0)
    assert ways.first_hostile(u, st.place[u]) is None
    assert ways.staging(u, st.place[u]) == st.place[u]
