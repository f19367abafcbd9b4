"""Invariants of the turn engine over random small theatres and random legal orders."""

from __future__ import annotations

import json
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.scenario.synthetic import synthetic_scenario
from engine.sim.chance import Force, campaign_key
from engine.sim.game import build_game
from engine.sim.orders import legal_orders
from engine.sim.queries import present
from engine.sim.state import NOWHERE, initial_state, state_from_json
from engine.sim.turn import play_turn

CASES = settings(max_examples=40, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])


def _random_orders(game, state, rng: random.Random):
    out = []
    for side in range(len(game.sides)):
        by_unit: dict[str, list] = {}
        for order in legal_orders(game, state, side):
            by_unit.setdefault(order.unit, []).append(order)
        for uid in sorted(by_unit):
            if rng.random() < 0.8:
                out.append(rng.choice(by_unit[uid]))
    return out


def _play(places: int, units: int, scenario_seed: int, seed: int, order_seed: int, days: int):
    game = build_game(synthetic_scenario(places, units, scenario_seed, days=days))
    rng = random.Random(order_seed)
    state = initial_state(game)
    turns = []
    for _ in range(days):
        result = play_turn(game, state, _random_orders(game, state, rng), campaign_key(seed))
        turns.append((state, result))
        state = result.state
    return game, turns


GAMES = st.tuples(st.integers(3, 12), st.integers(2, 8), st.integers(0, 10_000),
                  st.integers(0, 10_000), st.integers(0, 10_000), st.integers(1, 6))


@CASES
@given(GAMES)
def test_invariants_hold_every_turn(args) -> None:
    game, turns = _play(*args)
    for before, result in turns:
        after = result.state
        assert not result.rejected  # every order was drawn from the legal ones
        assert all(x >= 0 for x in after.strength + after.population + after.killed)
        assert all(0.0 <= r <= 1.0 for r in after.readiness)
        for u, full in enumerate(game.unit_strength):  # manpower is conserved
            arrived = full if after.place[u] != NOWHERE else 0
            assert arrived == (after.strength[u] + after.killed[u] + after.wounded[u]
                               + after.dispersed[u])
        at = present(game, after)
        for p in range(len(game.places)):  # control changes only by the rule
            if after.holder[p] != before.holder[p]:
                sides = {game.unit_side[u] for u in at.get(p, [])}
                marched = any(e.kind == "captured" and e.place == game.places[p]
                              and "on the march" in e.text for e in result.events)
                assert sides == {after.holder[p]} or (not sides and marched)
            if before.population[p] != after.population[p]:
                assert after.bombarded_by[p] != NOWHERE
        relocated = {name for e in result.events
                     if e.kind in ("fall_back", "rebase") for name in e.units}
        for u, uid in enumerate(game.units):  # nothing teleports
            if uid in relocated or before.next[u] != NOWHERE or after.next[u] != NOWHERE:
                continue
            if before.place[u] != NOWHERE and after.place[u] != before.place[u]:
                cost = game.path_to(after.place[u]).cost[before.place[u]]
                assert cost <= game.unit_speed[u] + 1e-6


@CASES
@given(GAMES)
def test_same_seed_and_orders_same_digest_and_json_round_trip(args) -> None:
    game, turns = _play(*args)
    again_game, again = _play(*args)
    assert [r.state.digest(game) for _, r in turns] == \
        [r.state.digest(again_game) for _, r in again]
    for _, result in turns:
        data = json.loads(json.dumps(result.state.to_json(game)))
        assert state_from_json(game, data) == result.state


@CASES
@given(GAMES, st.integers(0, 10_000))
def test_replaying_orders_and_outcomes_needs_no_chance(args, other_seed) -> None:
    game, turns = _play(*args)
    state = turns[0][0]
    for _, result in turns:
        forced = {o.key: Force.of(o) for o in result.outcomes}
        state = play_turn(game, state, result.orders, campaign_key(other_seed), forced).state
        assert state.digest(game) == result.state.digest(game)
