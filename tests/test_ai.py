"""The heuristic commander: legal, deterministic, pure, and driven by its objectives."""

from __future__ import annotations

import pytest

from engine.play.ai import ATTACK_ODDS, ai_orders, commanders
from engine.play.campaign import play_campaign
from engine.scenario.loader import load_scenario
from engine.sim.game import build_game
from engine.sim.orders import check_order
from engine.sim.queries import engagement_odds, present
from engine.sim.state import initial_state

from helpers import SMALL, VALLEY, small_game, valley_game


@pytest.mark.parametrize("game", [small_game, valley_game])
def test_ai_orders_are_legal_all_campaign(game) -> None:
    g = game()
    h = play_campaign(g, 1, commanders(g))
    assert not [t.rejected for t in h.turns if t.rejected]
    for state in h.states[:-1]:
        for side in range(len(g.sides)):
            for order in ai_orders(g, state, side):
                assert check_order(g, state, side, order) is None


@pytest.mark.parametrize("path", [SMALL, VALLEY])
def test_the_same_state_gives_the_same_orders_whatever_came_before(path) -> None:
    """A fresh game (empty path caches) and one that has played a whole campaign give the
    same orders on every day, and asking changes no state."""
    fresh, used = build_game(load_scenario(path)), build_game(load_scenario(path))
    play_campaign(used, 9, commanders(used))
    h = play_campaign(fresh, 4, commanders(fresh))
    for state in h.states:
        before = state.digest(fresh)
        for side in range(len(fresh.sides)):
            assert ai_orders(fresh, state, side) == ai_orders(used, state, side)
        assert state.digest(fresh) == before


def test_it_attacks_only_at_its_odds() -> None:
    """Every assault the AI orders on a defended place has at least ATTACK_ODDS to take it,
    counting the units it sends together."""
    g = valley_game()
    h = play_campaign(g, 1, commanders(g))
    checked = 0
    for state in h.states[:-1]:
        at = present(g, state)
        for side in range(2):
            orders = ai_orders(g, state, side)
            targets = {o.place for o in orders if o.verb == "attack"}
            for place in targets:
                p = g.theatre.index[place]
                if state.contested[p]:
                    continue  # a fight already under way is kept up, whatever the odds
                ours = [g.unit_index[o.unit] for o in orders
                        if o.verb == "attack" and o.place == place]
                theirs = [u for u in at.get(p, []) if g.unit_side[u] != side]
                if theirs:
                    checked += 1
                    assert engagement_odds(g, state, p, ours, theirs)[2] >= ATTACK_ODDS
    assert checked  # the Valley's AI does attack defended places


def test_guns_fire_where_the_enemy_is() -> None:
    g = valley_game()
    orders = ai_orders(g, initial_state(g), 0)
    fire = [o for o in orders if o.verb == "bombard"]
    assert fire and all(g.unit_fires[g.unit_index[o.unit]] for o in fire)
