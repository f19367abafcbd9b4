"""The compiled turn plays the reference's rules: the same state, events and outcomes every
day, from the same inputs, on the shipped scenarios and on generated theatres."""

from __future__ import annotations

import glob
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import WargameError
from engine.play.campaign import play_campaign
from engine.play.commanders import players
from engine.scenario.loader import load_scenario
from engine.scenario.synthetic import synthetic_scenario
from engine.sim import turn as reference
from engine.sim.chance import Force, campaign_key
from engine.sim.combat import OUTCOMES
from engine.sim.game import build_game
from engine.sim.kernel import turn as kernel
from engine.sim.kernel._core import draws, rounded
from engine.sim.orders import legal_orders
from engine.sim.state import initial_state

from helpers import ROOT

CASES = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def same_day(game, state, orders, key, forced=None) -> None:
    """Both turns from one morning: the same state (by digest), events and outcomes."""
    ref = reference.play_turn(game, state, orders, key, forced)
    ker = kernel.play_turn(game, state, orders, key, forced)
    assert ker.state.digest(game) == ref.state.digest(game), f"day {state.day}"
    assert ker.state == ref.state
    assert ker.events == ref.events and ker.outcomes == ref.outcomes
    assert ker.orders == ref.orders and ker.rejected == ref.rejected
    return ref


def agree_on_campaign(game, kinds, seed, forced=None) -> None:
    history = play_campaign(game, seed, players(game, kinds, seed), forced=forced,
                            rules=reference.play_turn)
    key = campaign_key(seed)
    for state, turn in zip(history.states, history.turns, strict=False):
        same_day(game, state, turn.orders, key, forced)


@pytest.mark.parametrize("kind", ["heuristic", "historical"])
@pytest.mark.parametrize("battle", ["aleppo_2013", "qalamoun_2013"])
def test_each_battle_agrees_every_day(battle, kind) -> None:
    game = build_game(load_scenario(ROOT / "scenarios" / f"{battle}.yaml"))
    for seed in (1, 2, 3):
        agree_on_campaign(game, [kind] * 2, seed)


@pytest.mark.parametrize("path", sorted(glob.glob(str(ROOT / "scenarios" / "alternates" /
                                                       "*.yaml"))))
def test_every_alternate_agrees(path) -> None:
    game = build_game(load_scenario(path))
    agree_on_campaign(game, ["historical"] * 2, 5)


def test_forced_outcomes_agree() -> None:
    """A replay forces the record's outcomes: forcing any outcome, any losses, civilians and
    flight, both turns impose them alike."""
    game = build_game(load_scenario(ROOT / "scenarios" / "aleppo_2013.yaml"))
    free = play_campaign(game, 4, players(game, ["heuristic"] * 2, 4),
                         rules=reference.play_turn)
    rng = random.Random(4)
    forced = {}
    for o in free.outcomes:
        losses = {s: (rng.randrange(0, 400), rng.randrange(0, 400)) for s, _, _ in o.losses}
        forced[o.key] = Force(rng.choice([None, *OUTCOMES]), rng.choice([None, losses]),
                              rng.choice([None, rng.randrange(0, 50)]),
                              rng.choice([None, rng.randrange(0, 5000)]),
                              surprise=rng.random() < 0.3)
    agree_on_campaign(game, ["heuristic"] * 2, 4, forced)


def _random_orders(game, state, rng):
    out = []
    for side in range(len(game.sides)):
        by_unit: dict[str, list] = {}
        for order in legal_orders(game, state, side):
            by_unit.setdefault(order.unit, []).append(order)
        out += [rng.choice(by_unit[u]) for u in sorted(by_unit) if rng.random() < 0.85]
    return out


@CASES
@given(st.integers(3, 40), st.integers(2, 16), st.integers(0, 10_000),
       st.integers(0, 2**64 - 1), st.integers(0, 10_000), st.integers(1, 8))
def test_generated_theatres_agree_under_any_legal_orders(places, units, theatre, seed,
                                                         order_seed, days) -> None:
    game = build_game(synthetic_scenario(places, units, theatre, days=days))
    rng = random.Random(order_seed)
    state = initial_state(game)
    key = campaign_key(seed % 2**63)
    for _ in range(days):
        state = same_day(game, state, _random_orders(game, state, rng), key).state


@CASES
@given(st.integers(0, 2**64 - 1), st.integers(0, 400), st.integers(0, 2**32 - 1),
       st.integers(0, 31), st.lists(st.one_of(
           st.tuples(st.just("random")),
           st.tuples(st.just("poisson"), st.floats(0, 1e6)),
           st.tuples(st.just("binomial"), st.integers(0, 10**6), st.floats(0, 1)),
           st.tuples(st.just("gamma"), st.floats(0.01, 10), st.floats(0, 1e4))), max_size=8))
def test_a_stream_draws_what_numpy_draws(key, day, place, code, asks) -> None:
    g = np.random.Generator(np.random.Philox(key=key, counter=[0, day, place, code]))
    expected = []
    for ask in asks:
        name, *args = ask
        expected.append(float(g.random()) if name == "random" else
                        int(getattr(g, name)(*args)) if name != "gamma" else
                        float(g.gamma(*args)))
    assert draws(key, day, place, code, list(asks)) == expected


@given(st.floats(-1e9, 1e9, allow_nan=False) | st.integers(-10**9, 10**9).map(lambda k: k / 2e6)
       | st.floats(-1e-6, 1e-6))
def test_rounding_is_python_s(x) -> None:
    assert repr(rounded(x)) == repr(round(x, 6))     # -0.0 included


def test_a_march_that_ends_a_hair_below_zero_km_keeps_the_reference_s_sign() -> None:
    assert repr(rounded(-1.8e-15)) == repr(round(-1.8e-15, 6)) == "-0.0"


def test_a_game_and_its_board_are_freed_together() -> None:
    import gc
    import weakref
    game = build_game(synthetic_scenario(12, 4, 1, days=2))
    kernel.play_turn(game, initial_state(game), [], 1)
    gone = weakref.ref(game)
    del game
    gc.collect()
    assert gone() is None


def test_losses_past_a_double_s_exact_range_are_shared_as_the_reference_shares_them() -> None:
    """Strengths a saved game may hold (up to 10**12): the shares of a loss are exact."""
    game = build_game(synthetic_scenario(12, 6, 2, days=2))
    state = initial_state(game)
    u, v = next((a, b) for a in range(len(game.units)) for b in range(len(game.units))
                if game.unit_side[a] != game.unit_side[b] and game.unit_ground[a]
                and game.unit_ground[b])
    w = next(x for x in range(len(game.units)) if game.unit_side[x] == game.unit_side[v]
             and game.unit_ground[x] and x != v)
    p = state.place[u]
    state.holder[p] = game.unit_side[u]
    for x, people in ((u, 3 * 10**11 + 7), (v, 10**12 - 3), (w, 7 * 10**11 + 1)):
        state.place[x], state.strength[x] = p, people
    forced = {(0, "engagement", game.places[p], game.sides[game.unit_side[v]]):
              Force("stalemate", {s: (10**12 - 1, 10**11 + 3) for s in game.sides})}
    same_day(game, state, [], campaign_key(1), forced)


def test_a_path_to_no_place_is_refused() -> None:
    from array import array

    from engine.sim.kernel._paths import shortest
    start, to, cost = array("i", [0, 0, 0]), array("i"), array("d")
    for dest in (-1, 2):
        with pytest.raises(IndexError):
            shortest(start, to, cost, dest)


def test_the_kernel_is_used_only_where_it_draws_numpy_s_numbers() -> None:
    assert kernel.draws_agree(draws)
    assert not kernel.draws_agree(lambda key, day, place, code, asks: [0] * len(asks))


def test_the_choice_of_turn(monkeypatch) -> None:
    assert kernel.turn_rules("reference") is reference.play_turn
    assert kernel.turn_rules("kernel") is kernel.play_turn
    monkeypatch.setenv(kernel.CHOICE, "reference")
    assert kernel.turn_rules() is reference.play_turn
    monkeypatch.setenv(kernel.CHOICE, "fastest")
    with pytest.raises(WargameError, match="choose reference or kernel"):
        kernel.turn_rules()
    monkeypatch.delenv(kernel.CHOICE)
    assert kernel.turn_rules() is kernel.play_turn     # built by the install


@CASES
@given(st.integers(1, 30).flatmap(lambda n: st.tuples(
    st.just(n),
    st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1),
                       st.sampled_from([0.0, 1.0, 2.0, 2.5, 7.0, float("inf")])),
             max_size=4 * n),
    st.integers(0, n - 1))))
def test_compiled_shortest_paths_are_the_reference_s_ties_included(graph) -> None:
    """Roads of no cost, equal costs and impassable roads: the same costs and next steps."""
    from array import array

    from engine.sim.game import _dijkstra
    from engine.sim.kernel._paths import shortest
    n, edges, dest = graph
    roads: list[list[tuple[int, float, float]]] = [[] for _ in range(n)]
    for a, b, c in edges:
        if a != b and all(t != b for t, _, _ in roads[a]):
            roads[a].append((b, c, c))
            roads[b].append((a, c, c))
    roads = [sorted(r) for r in roads]
    start, to, cost = array("i", [0]), array("i"), array("d")
    for out in roads:
        for there, _km, c in out:
            to.append(there)
            cost.append(c)
        start.append(len(to))
    ref = _dijkstra(tuple(tuple(r) for r in roads), dest)
    got_cost, got_step = shortest(start, to, cost, dest)
    assert list(got_cost) == list(ref.cost) and list(got_step) == list(ref.step)


def test_a_game_finds_its_paths_compiled_unless_told_otherwise(monkeypatch) -> None:
    from engine.sim.game import _dijkstra
    game = build_game(synthetic_scenario(200, 10, 3, days=2))
    for dest in (0, 57, 199):
        ref = _dijkstra(game.roads, dest)
        assert list(game.path_to(dest).cost) == list(ref.cost)
        assert list(game.path_to(dest).step) == list(ref.step)
    monkeypatch.setenv(kernel.CHOICE, "reference")
    calls = []
    import engine.sim.game as game_module
    monkeypatch.setattr(game_module, "_dijkstra", lambda *a: calls.append(a) or ref)
    game._paths.clear()
    game.path_to(3)
    assert calls


def test_a_state_goes_into_the_kernel_s_columns_and_back_unchanged() -> None:
    from engine.sim.kernel._core import Columns
    game = build_game(load_scenario(ROOT / "scenarios" / "aleppo_2013.yaml"))
    history = play_campaign(game, 2, players(game, ["heuristic"] * 2, 2), days=20)
    for state in history.states:
        back = Columns(state).state()
        assert back == state and back.digest(game) == state.digest(game)
        assert all(type(x) is bool for x in back.supplied + back.contested + back.besieged)
