"""The AI gives legal orders, and AI-against-AI Aleppo reads plausibly."""

from __future__ import annotations

import statistics

from engine.play.ai import ai_orders
from engine.play.campaign import play_campaign, summary
from engine.scenario.rules import Rules
from engine.sim.game import build_game
from engine.sim.orders import check_order
from engine.sim.state import initial_state
from tests.engine_helpers import aleppo_game, small_game


def test_ai_orders_are_legal_all_campaign() -> None:
    for g in (small_game(), aleppo_game()):
        c = play_campaign(g, 1)
        for t in c.turns:
            assert not t.rejected
        state = initial_state(g)
        for side in range(2):
            for order in ai_orders(g, state, side):
                assert check_order(g, state, side, order) is None


def test_ai_is_deterministic() -> None:
    g = aleppo_game()
    s = initial_state(g)
    assert ai_orders(g, s, 0) == ai_orders(g, s, 0)


def test_the_convoy_takes_the_desert_road_to_khanasir() -> None:
    g = aleppo_game()
    c = play_campaign(g, 1, days=12)
    route = set(g.scenario.routes["desert_road"].waypoints)
    convoy = [g.unit_index[u] for u in ("35sf", "127sf", "403armd")]
    for t in c.turns:
        for u in convoy:
            where = t.state.place[u]
            assert g.places[where] in route | {"ithriya", "sheikh_hilal"}, g.places[where]
    result = summary(g, c)
    assert result["holders"]["khanasir"][-1]["holder"] == "government"
    assert result["objectives"]["reopen_highway"]["changes"][-1]["met"]


def test_losses_are_of_the_recorded_order() -> None:
    """The record: 125+ rebels, 105+ soldiers and 97+ civilians killed in 61 days. With
    default rules the engine should land within a factor of ten of each, over seeds."""
    g = build_game(aleppo_game().scenario, Rules())
    runs = [summary(g, play_campaign(g, seed)) for seed in range(1, 6)]
    for side, recorded in (("rebels", 125), ("government", 105)):
        median = statistics.median(r["losses"][side]["killed"] for r in runs)
        assert recorded / 10 <= median <= recorded * 10, (side, median)
    civilians = statistics.median(r["civilians_killed"] for r in runs)
    assert 97 / 10 <= civilians <= 97 * 10
