"""Who is where and what their fighting comes to, asked of the Valley."""

from __future__ import annotations

import math

import pytest

from engine.sim.combat import carry_odds, outcome_odds
from engine.sim.queries import (
    assault_carry,
    enemy_present,
    enemy_strength,
    engagement_odds,
    hostile,
    nearest_friendly,
    present,
    reach_cost,
    side_power,
)
from engine.sim.state import HASTY, initial_state

from helpers import idx, unit, valley_game

NORTH, SOUTH = 0, 1


def test_present_counts_ground_units_standing_in_places() -> None:
    g = valley_game()
    s = initial_state(g)
    at = present(g, s)
    assert at[idx(g, "ford")] == sorted([unit(g, "armd"), unit(g, "guns")])
    assert idx(g, "airfield") not in at            # air units hold no ground
    s.next[unit(g, "armd")] = idx(g, "mill")       # on the road: in no place
    assert present(g, s)[idx(g, "ford")] == [unit(g, "guns")]


def test_enemies_and_hostile_ground() -> None:
    g = valley_game()
    s = initial_state(g)
    assert enemy_present(g, s, idx(g, "market"), NORTH)
    assert not enemy_present(g, s, idx(g, "mill"), NORTH)
    assert enemy_present(g, s, idx(g, "airfield"), SOUTH)
    assert not enemy_present(g, s, idx(g, "airfield"), SOUTH, ground_only=True)
    assert hostile(g, s, idx(g, "mill"), NORTH) and not hostile(g, s, idx(g, "ford"), NORTH)
    assert enemy_strength(g, present(g, s), s, idx(g, "market"), NORTH) == 600


def test_reach_cost_to_neighbours_and_along_a_road() -> None:
    g = valley_game()
    s = initial_state(g)
    inf = unit(g, "inf")
    assert reach_cost(g, s, inf, idx(g, "port")) == 0.0
    assert reach_cost(g, s, inf, idx(g, "ford")) == pytest.approx(
        g.road_cost(idx(g, "port"), idx(g, "ford")))
    assert reach_cost(g, s, inf, idx(g, "market")) is None
    s.next[inf], s.progress[inf] = idx(g, "pass"), 30.0
    assert reach_cost(g, s, inf, idx(g, "pass")) == pytest.approx(60.0)
    assert reach_cost(g, s, inf, idx(g, "port")) == pytest.approx(30.0)


def test_the_nearest_friendly_neighbour() -> None:
    g = valley_game()
    s = initial_state(g)
    assert nearest_friendly(g, s, SOUTH, idx(g, "market")) == idx(g, "orchard")
    assert nearest_friendly(g, s, SOUTH, idx(g, "outpost")) is None   # only north around it


def test_power_and_odds_follow_the_rules() -> None:
    g = valley_game()
    s = initial_state(g)
    m, armd, militia = idx(g, "market"), unit(g, "armd"), unit(g, "militia")
    attack = side_power(g, s, [armd], m, defending=False)
    assert attack == pytest.approx(800 * 1.2)
    s.posture[militia] = HASTY
    defence = side_power(g, s, [militia], m, defending=True)
    assert defence == pytest.approx(600 * 0.8 * g.rules["posture.hasty"] *
                                    g.rules["terrain.urban"])
    s.bombarded_by[m] = NORTH    # yesterday's fire supports today's assault
    assert side_power(g, s, [armd], m, False) == pytest.approx(attack * (1 + g.rules["support"]))
    att, dfn, *odds = engagement_odds(g, s, m, [armd], [militia])
    assert tuple(odds) == pytest.approx(outcome_odds(att / dfn, g.rules))
    assert engagement_odds(g, s, m, [armd], [])[2:] == (1.0, 0.0, 0.0)
    assert side_power(g, s, [], m, True) == 0.0 and not math.isnan(att)


def test_the_chance_of_carrying_a_place_within_days_grows_with_the_attackers() -> None:
    g = valley_game()
    s = initial_state(g)
    market = idx(g, "market")
    defenders = [unit(g, "militia")]
    one = assault_carry(g, s, market, [unit(g, "inf")], defenders, 3)
    att, dfn = engagement_odds(g, s, market, [unit(g, "inf")], defenders)[:2]
    assert one == carry_odds(att / dfn, 3, g.rules)
    two = assault_carry(g, s, market, [unit(g, "inf"), unit(g, "armd")], defenders, 3)
    assert 0 < one < two <= 1
    assert assault_carry(g, s, market, [unit(g, "inf")], defenders, 1) < one   # fewer days
