"""Phase 3, bombardment: troops hit and worn down, civilians killed, people fleeing."""

from __future__ import annotations

from engine.sim.chance import BOMBARDMENT, Force, campaign_key
from engine.sim.state import NOWHERE, initial_state
from engine.sim.turn import play_turn

from helpers import idx, orders, unit, valley_game

KEY = campaign_key(1)


def test_bombardment_harms_wears_down_and_displaces() -> None:
    g = valley_game()
    s0 = initial_state(g)
    turn = play_turn(g, s0, orders("bombard air market"), KEY)
    s, m = turn.state, idx(g, "market")
    (hit,) = turn.outcomes
    assert hit.kind == BOMBARDMENT and hit.place == "market" and hit.side == "north"
    assert s.population[m] == s0.population[m] - s.civilians_killed[m] - s.displaced[m]
    assert s.displaced[m] > 0 and s.bombarded_by[m] == g.sides.index("north")
    assert s.readiness[unit(g, "militia")] < 1.0


def test_forced_figures_are_kept() -> None:
    g = valley_game()
    forced = {(0, BOMBARDMENT, "market", "north"): Force(civilians=17, displaced=1000)}
    s = play_turn(g, initial_state(g), orders("bombard guns market"), KEY, forced).state
    m = idx(g, "market")
    assert s.civilians_killed[m] == 17 and s.displaced[m] == 1000


def test_the_fire_of_a_day_lasts_a_day() -> None:
    g = valley_game()
    s = play_turn(g, initial_state(g), orders("bombard air market"), KEY).state
    s = play_turn(g, s, [], KEY).state
    assert s.bombarded_by[idx(g, "market")] == NOWHERE


def test_an_empty_place_costs_no_troops() -> None:
    g = valley_game()
    turn = play_turn(g, initial_state(g), orders("bombard guns mill"), KEY)
    (hit,) = turn.outcomes
    assert hit.losses == (("south", 0, 0),) and hit.civilians == 0


def test_the_toll_of_strikes_has_a_heavy_tail() -> None:
    """Same mean as a Poisson count, but far more days of none and a few of many."""
    import numpy as np

    from engine.sim.bombardment import strike_toll
    rng = np.random.default_rng(5)
    draws = np.array([strike_toll(rng, 5.0, 10_000, 0.5) for _ in range(20_000)])
    poisson = np.random.default_rng(5).poisson(5.0, 20_000)
    assert abs(draws.mean() - 5.0) < 0.3
    assert (draws == 0).mean() > 0.3 > (poisson == 0).mean()
    assert (draws >= 20).mean() > 0.02 > (poisson >= 20).mean()
    assert strike_toll(rng, 5.0, 0, 0.5) == 0 and strike_toll(rng, 0.0, 100, 0.5) == 0
    assert max(strike_toll(rng, 1e6, 30, 0.5) for _ in range(50)) <= 30
