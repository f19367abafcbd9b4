"""What each side has at stake: the places it must keep, the objective places, the start."""

from __future__ import annotations

from engine.play.stakes import (
    KEEP_POPULATION,
    keep_all,
    keep_places,
    objective_places,
    start_holders,
)
from engine.sim.state import initial_state

from helpers import aleppo_game, idx, valley_game


def test_keep_places_are_the_side_s_own_of_what_it_must_keep() -> None:
    g = aleppo_game()
    st = initial_state(g)
    for side in range(2):
        mine = keep_places(g, st, side)
        assert mine <= keep_all(g, side)
        assert all(st.holder[p] == side for p in mine)
        assert set(g.sources[side]) <= keep_all(g, side)
    assert objective_places(g) <= keep_all(g, 0) and objective_places(g) <= keep_all(g, 1)
    assert idx(g, "aleppo") in keep_all(g, 0)   # a city of more than KEEP_POPULATION
    assert g.place_population[idx(g, "aleppo")] >= KEEP_POPULATION


def test_start_holders_are_the_first_morning_s() -> None:
    g = valley_game()
    st = initial_state(g)
    assert start_holders(g) == list(st.holder)
