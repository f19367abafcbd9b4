"""The compiled heuristic commander gives the reference's orders, in the reference's order,
and the kernel's check of orders accepts what the reference accepts: on the shipped
scenarios and on generated theatres with generated doctrines."""

from __future__ import annotations

import dataclasses
import gc
import glob
import random
import weakref
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.play import compiled, historical
from engine.play.ai import Heuristic
from engine.play.campaign import play_campaign
from engine.play.commanders import players
from engine.play.search import CANDIDATES
from engine.scenario import model
from engine.scenario.doctrine import Doctrine, Garrison, Reserve
from engine.scenario.facts import Fact
from engine.scenario.loader import load_scenario
from engine.scenario.synthetic import synthetic_scenario
from engine.sim import orders as reference_orders
from engine.sim.game import Game, build_game
from engine.sim.kernel import turn as kernel
from engine.sim.kernel._core import Columns
from engine.sim.orders import Order, check_order, legal_orders
from engine.sim.state import NOWHERE, State, initial_state
from engine.sim.verbs import VERBS

from helpers import ROOT

CASES = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ALEPPO = ROOT / "scenarios" / "aleppo_2013.yaml"
QALAMOUN = ROOT / "scenarios" / "qalamoun_2013.yaml"


def same_orders(game: Game, state: State, side: int, plan: Heuristic,
                given: dict[int, Order] | None = None, attackers: set[int] | None = None
                ) -> None:
    ref = plan.reference(game, state, side, given or {}, attackers)
    fast = compiled.command(plan, game, state, side, given or {}, attackers)
    assert fast is not None, "the compiled commander is not built"
    assert list(fast.items()) == list(ref.items()), f"day {state.day}, side {side}, {plan}"
    if not given and attackers is None:     # as a player: the legal ones, in unit order
        assert compiled.orders(plan, game, state, side) == \
            [o for _, o in sorted(ref.items()) if check_order(game, state, side, o) is None]


def commands_given(game: Game, kinds: list[str], seed: int, monkeypatch: pytest.MonkeyPatch
                   ) -> list[tuple]:
    """Every question a campaign put to the compiled heuristic commander on a morning:
    (plan, state, side, given, attackers)."""
    asked: list[tuple] = []
    command = compiled.Morning.command_codes

    def spy(self, plan, given, attackers):  # type: ignore[no-untyped-def]
        asked.append((plan, self.state, self.side, dict(self.made(given.items())), attackers))
        return command(self, plan, given, attackers)

    with monkeypatch.context() as m:
        m.setattr(compiled.Morning, "command_codes", spy)
        play_campaign(game, seed, players(game, kinds, seed))
    return asked


@pytest.mark.parametrize("seed", [1, 2])
def test_every_plan_of_the_search_gets_the_reference_s_orders_every_morning(seed) -> None:
    game = build_game(load_scenario(ALEPPO))
    history = play_campaign(game, seed, players(game, ["heuristic"] * 2, seed))
    for state in history.states[:-1]:
        for side in range(len(game.sides)):
            for plan in CANDIDATES:
                same_orders(game, state, side, plan)


@pytest.mark.parametrize("path", [str(ALEPPO), str(QALAMOUN), *sorted(glob.glob(
    str(ROOT / "scenarios" / "alternates" / "*.yaml")))])
def test_the_historical_commander_s_doctrine_gets_the_reference_s_orders(path, monkeypatch
                                                                        ) -> None:
    """What the plan leaves to the doctrine, with the plan's orders given and (in an
    alternate with new forces) only the newcomers attacking."""
    game = build_game(load_scenario(path))
    asked = commands_given(game, ["historical"] * 2, 3, monkeypatch)
    assert any(given for _, _, _, given, _ in asked)
    for plan, state, side, given_orders, attackers in asked:
        same_orders(game, state, side, plan, given_orders, attackers)


@pytest.mark.parametrize("path", [str(ALEPPO), str(QALAMOUN), *sorted(glob.glob(
    str(ROOT / "scenarios" / "alternates" / "*.yaml")))])
def test_the_historical_commander_adapts_its_plan_as_the_reference_does(path, monkeypatch
                                                                       ) -> None:
    game = build_game(load_scenario(path))
    asked: list[tuple] = []
    adapt = compiled.Morning.adapt

    def spy(self, u, order):  # type: ignore[no-untyped-def]
        asked.append((self.game, self.state, self.side, u, order))
        return adapt(self, u, order)

    monkeypatch.setattr(compiled.Morning, "adapt", spy)
    play_campaign(game, 4, players(game, ["historical"] * 2, 4))
    assert asked
    monkeypatch.undo()
    for game_, state, side, u, order in asked:
        assert adapt(compiled.Morning(game_, state, side), u, order) == \
            historical.adapt(game_, state, side, u, order), (state.day, order)


def _doctrine(rng: random.Random, scenario: model.Scenario, side: str) -> Doctrine:
    places = sorted(scenario.places)
    types = sorted({p.type for p in scenario.places.values()})
    units = sorted(u for u, x in scenario.units.items() if x.side == side)
    goals = sorted(o for o, x in scenario.objectives.items() if x.side == side)

    def fact(value: float) -> Fact:
        return Fact(value, value, value)

    garrisons = tuple(Garrison(
        places=tuple(rng.sample(places, rng.randint(0, 3))),
        types=tuple(rng.sample(types, rng.randint(0, len(types)))),
        kinds=tuple(rng.sample(["objectives", "captured", "sources"], rng.randint(0, 3))),
        strength=fact(rng.choice([0, 50, 300, 1500, 600.0])))
        for _ in range(rng.randint(0, 3)))
    reserves = tuple(Reserve(
        units=tuple(rng.sample(units, rng.randint(1, min(2, len(units))))),
        commit=rng.choice(["threatened", "lost"]),
        places=tuple(rng.sample(places, rng.randint(0, 2))))
        for _ in range(rng.randint(0, 2)) if units)
    return Doctrine(attack_odds=fact(rng.choice([0.1, 0.3, 0.5, 0.8])),
                    assault_days=fact(rng.randint(1, 5)),
                    yield_odds=fact(rng.choice([0.2, 0.5, 0.8, 0.99])),
                    garrison=garrisons, reserves=reserves,
                    goals=tuple(rng.sample(goals, rng.randint(0, len(goals)))),
                    civilian_weight=fact(rng.choice([0.0, 0.1, 1.0, 5.0])))


def generated_game(places: int, units: int, theatre: int, seed: int, days: int) -> Game:
    """A synthetic theatre with routes to open and cut and a random doctrine for each side."""
    rng = random.Random(seed)
    scenario = synthetic_scenario(places, units, theatre, days=days)
    ids = sorted(scenario.places)
    routes = {f"r{i}": model.Route(f"r{i}", f"r{i}", (), tuple(rng.sample(ids, min(3, len(ids)))))
              for i in range(2)}
    objectives = dict(scenario.objectives)
    for i, (side, kind) in enumerate([(s, k) for s in scenario.sides
                                      for k in ("open_route", "cut_route")]):
        if rng.random() < 0.6:
            objectives[f"o{i}"] = model.Objective(f"o{i}", side, kind, route=f"r{i % 2}")
    scenario = dataclasses.replace(scenario, routes=MappingProxyType(routes),
                                   objectives=MappingProxyType(objectives))
    doctrine = {s: _doctrine(rng, scenario, s) for s in scenario.sides}
    return build_game(dataclasses.replace(scenario, doctrine=MappingProxyType(doctrine)))


def _random_orders(game: Game, state: State, side: int, rng: random.Random) -> list[Order]:
    by_unit: dict[str, list[Order]] = {}
    for order in legal_orders(game, state, side):
        by_unit.setdefault(order.unit, []).append(order)
    return [rng.choice(by_unit[u]) for u in sorted(by_unit) if rng.random() < 0.7]


@CASES
@given(st.integers(3, 30), st.integers(2, 14), st.integers(0, 10_000), st.integers(0, 10_000),
       st.integers(1, 6))
def test_generated_theatres_and_doctrines_get_the_reference_s_orders(places, units, theatre,
                                                                    seed, days) -> None:
    """Mornings reached by random legal orders; the commander asked under random plans,
    with random orders given and random attackers."""
    game = generated_game(places, units, theatre, seed, days)
    rng = random.Random(seed)
    state = initial_state(game)
    for _ in range(days):
        for side in range(len(game.sides)):
            plan = Heuristic(attack_odds=rng.choice([None, 0.05, 0.5, 0.95]),
                             yield_odds=rng.choice([None, 0.3, 0.9]),
                             offensive=rng.random() < 0.8, defend=rng.random() < 0.8,
                             focus=rng.choice([None, 0, 1, 5]))
            given_orders = {game.unit_index[o.unit]: o
                            for o in _random_orders(game, state, side, rng)
                            if rng.random() < 0.4}
            mine = [u for u in range(len(game.units)) if game.unit_side[u] == side]
            attackers = rng.choice([None, set(rng.sample(mine, len(mine) // 2))])
            same_orders(game, state, side, plan, given_orders, attackers)
            for _ in range(10):     # a planned order of any verb, to any place
                u = rng.choice(mine)
                if state.place[u] != NOWHERE and state.strength[u] > 0:
                    order = Order(rng.choice(list(VERBS)), game.units[u],
                                  rng.choice(game.places))
                    assert compiled.Morning(game, state, side).adapt(u, order) == \
                        historical.adapt(game, state, side, u, order)
        orders = [o for s in range(len(game.sides)) for o in _random_orders(game, state, s, rng)]
        state = kernel.play_turn(game, state, orders, seed).state


def all_orders(game: Game) -> list[Order]:
    return [Order(v, u, p) for u in game.units for p in game.places for v in VERBS]


def test_the_kernel_accepts_the_orders_the_reference_accepts() -> None:
    """Every verb for every unit and place, by every side, on mornings of a campaign."""
    game = build_game(load_scenario(ALEPPO))
    history = play_campaign(game, 7, players(game, ["heuristic"] * 2, 7))
    every = all_orders(game)
    for state in history.states[::9]:
        for side in range(len(game.sides)):
            fast = kernel.legal_flags(game, every, kernel.board(game), Columns(state), side)
            assert fast == [check_order(game, state, side, o) is None for o in every]


@CASES
@given(st.integers(3, 20), st.integers(2, 10), st.integers(0, 10_000), st.integers(0, 10_000),
       st.integers(0, 5))
def test_the_kernel_checks_orders_as_the_reference_does(places, units, theatre, seed, days
                                                        ) -> None:
    """The same orders accepted and the same reasons against the others, for orders by
    every side (unknown units, places and verbs, and second orders to a unit included)."""
    game = generated_game(places, units, theatre, seed, days + 1)
    rng = random.Random(seed)
    state = initial_state(game)
    for _ in range(days):
        orders = [o for s in range(len(game.sides)) for o in _random_orders(game, state, s, rng)]
        state = kernel.play_turn(game, state, orders, seed).state
    asked = rng.sample(all_orders(game), min(300, len(all_orders(game))))
    asked += [Order("move", "nobody", game.places[0]), Order("hold", game.units[0], "nowhere"),
              Order("fly", game.units[0], game.places[0]), *asked[:5]]
    rng.shuffle(asked)
    b, columns = kernel.board(game), Columns(state)
    for side in range(len(game.sides)):   # what the kernel finds legal, by itself
        known = [o for o in asked if o.unit in game.unit_index and o.verb in VERBS
                 and o.place in game.theatre.index]
        assert kernel.legal_flags(game, known, b, columns, side) == \
            [check_order(game, state, side, o) is None for o in known]
    assert kernel.check_orders(game, state, asked, b, columns) == \
        reference_orders.check_orders(game, state, None, asked)
    for side in range(len(game.sides)):
        assert kernel.check_orders(game, state, asked, b, columns, side) == \
            reference_orders.check_orders(game, state, side, asked)


def test_the_readable_commander_plays_when_the_reference_is_chosen(monkeypatch) -> None:
    game = build_game(load_scenario(ALEPPO))
    state = initial_state(game)
    assert compiled.command(Heuristic(), game, state, 0, {}, None) is not None
    monkeypatch.setenv(kernel.CHOICE, kernel.REFERENCE)
    assert compiled.command(Heuristic(), game, state, 0, {}, None) is None
    assert not compiled.running()
    assert Heuristic().command(game, state, 0) == Heuristic().reference(game, state, 0)


def test_a_block_chosen_plays_the_reference_and_the_choice_comes_back(monkeypatch) -> None:
    monkeypatch.delenv(kernel.CHOICE, raising=False)
    with kernel.chosen(kernel.REFERENCE):
        assert not compiled.running()
        with kernel.chosen(None):
            assert not compiled.running()
    assert compiled.running()
    monkeypatch.setenv(kernel.CHOICE, kernel.KERNEL)
    with pytest.raises(RuntimeError), kernel.chosen(kernel.REFERENCE):
        raise RuntimeError("a block that fails")
    assert compiled.running()


@pytest.mark.parametrize("kinds", [["heuristic"] * 2, ["historical"] * 2,
                                   ["search", "heuristic"]])
def test_a_whole_campaign_is_the_same_compiled_and_readable(kinds) -> None:
    """Every rule chosen readable (turn, paths, commanders) or compiled: the same orders,
    events and states every day."""
    game = build_game(load_scenario(ALEPPO))
    days = None if kinds[0] != "search" else 12
    with kernel.chosen(kernel.REFERENCE):
        readable = play_campaign(game, 6, players(game, kinds, 6), days=days,
                                 rules=kernel.turn_rules())
    with kernel.chosen(kernel.KERNEL):
        fast = play_campaign(game, 6, players(game, kinds, 6), days=days,
                             rules=kernel.turn_rules())
    assert len(fast.turns) == len(readable.turns)
    for a, b in zip(fast.turns, readable.turns, strict=True):
        assert a.orders == b.orders and a.rejected == b.rejected
        assert a.events == b.events and a.outcomes == b.outcomes
        assert a.state.digest(game) == b.state.digest(game)


def test_a_game_s_staff_and_orders_are_freed_with_it() -> None:
    game = build_game(synthetic_scenario(12, 4, 1, days=2))
    state = initial_state(game)
    assert compiled.orders(Heuristic(), game, state, 0) is not None
    gone = weakref.ref(game)
    del game
    gc.collect()
    assert gone() is None


def test_the_kernel_refuses_what_does_not_fit_instead_of_reading_past_its_arrays() -> None:
    from engine.sim.kernel._core import legal_orders
    game = build_game(load_scenario(ALEPPO))
    other = build_game(synthetic_scenario(12, 4, 1, days=2))
    b, state = kernel.board(game), initial_state(game)
    with pytest.raises(IndexError):
        legal_orders(b, Columns(state), 0, [(len(game.units), 0, 0)])
    with pytest.raises(IndexError):
        legal_orders(b, Columns(state), 0, [(0, 0, -1)])
    with pytest.raises(ValueError):
        legal_orders(b, Columns(initial_state(other)), 0, [(0, 0, 0)])
    with pytest.raises(ValueError):
        compiled.Morning(game, initial_state(other), 0).orders(Heuristic())
    with pytest.raises(ValueError):
        compiled.staff(game, 5)
    with pytest.raises(ValueError):
        kernel.play_turn(game, initial_state(other), [], 1)
    from engine.sim.kernel._turn import turn
    away = state.copy()
    away.place[0], away.next[0] = NOWHERE, NOWHERE      # a unit not yet on the map
    for morning, codes in ((state, {0: (0, 10**7)}), (state, {10**8: (0, 0)}),
                           (state, {0: (0, -1)}), (state, {0: (99, 0)}),
                           (away, {0: (0, 1)}), (away, {0: (3, 1)})):
        with pytest.raises((IndexError, ValueError)):
            turn(b, Columns(morning), codes, 1, {}, None)


def test_games_of_a_batch_share_what_the_commander_reads_and_others_do_not() -> None:
    """Games that differ only in their figures and rules share one reading of the doctrine
    and stakes; a game with another doctrine or other objectives reads its own; the
    readings go with their theatre."""
    from engine.batch.factors import apply

    scenario = load_scenario(ALEPPO)
    base = build_game(scenario)
    varied = apply(scenario, {"rules.take_ratio": 2.0, "side.rebels.strength": 4000.0,
                              "unit.ahrar.quality": 1.3}, base)
    roads = apply(scenario, {"rules.road.highway": 0.5}, base)   # other costs, same roads
    rival = Doctrine(attack_odds=Fact(0.9, 0.9, 0.9))
    others = [build_game(dataclasses.replace(scenario, doctrine=MappingProxyType(
        {**scenario.doctrine, "rebels": rival})), like=base),
        build_game(dataclasses.replace(scenario, objectives=MappingProxyType(
            {k: v for k, v in list(scenario.objectives.items())[1:]})), like=base)]
    assert all(o.theatre is base.theatre for o in others)   # only what changed tells them apart
    for game in (base, varied, roads, *others):
        for side in range(len(game.sides)):
            assert compiled._read(game, side) == (compiled._doctrine(game, side),
                                                  compiled._stakes(game, side))
    assert compiled._read(varied, 1)[0] is compiled._read(base, 1)[0]
    assert compiled._read(roads, 1)[0] is compiled._read(base, 1)[0]
    assert compiled._read(others[0], 1) != compiled._read(base, 1)
    assert compiled._read(others[1], 1) != compiled._read(base, 1)

    theatre, number = weakref.ref(base.theatre), id(base.theatre)
    del base, varied, roads, others, game
    gc.collect()
    assert theatre() is None and not any(key[1] == number for key in compiled._READ)
