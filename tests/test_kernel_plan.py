"""The historical commander's plan followed by its compiled copy (engine/sim/kernel/_plan.pyx)
gives the orders, the progress and the late tasks the readable plan gives: on the shipped
plans and on generated plans over generated theatres, with new forces to reinforce."""

from __future__ import annotations

import glob

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.play import compiled
from engine.play.campaign import play_campaign
from engine.play.commanders import players
from engine.play.historical import Historical, HistoricalPlan
from engine.play.plan import Task
from engine.play.quick import play_quick
from engine.scenario.loader import load_scenario
from engine.scenario.synthetic import synthetic_scenario
from engine.sim.game import build_game
from engine.sim.kernel.turn import compiled as kernel_built
from engine.sim.orders import Order
from engine.sim.state import initial_state
from engine.sim.verbs import VERBS

from helpers import ROOT

pytestmark = pytest.mark.skipif(not kernel_built(), reason="the kernel is not built")
SCENARIOS = [*sorted(glob.glob(str(ROOT / "scenarios" / "*.yaml"))),
             *sorted(glob.glob(str(ROOT / "scenarios" / "alternates" / "*.yaml")))]


def both_ways(game, make, seed, days=None):  # type: ignore[no-untyped-def]
    """The campaign with fresh commanders from ``make``: turn by turn (the readable plan)
    and in the kernel's loop (the compiled plan); then the two sets of commanders."""
    readable, looped = make(), make()
    full = play_campaign(game, seed, readable, days=days)
    quick = play_quick(game, seed, looped, days=days)
    return full, quick, readable, looped


def same(game, full, quick, readable, looped) -> None:  # type: ignore[no-untyped-def]
    for day, (standing, turn) in enumerate(zip(quick.standings, full.turns, strict=True)):
        assert list(standing.holder) == turn.state.holder, f"day {day}"
    assert quick.final == full.final
    for r, c in zip(readable, looped, strict=True):
        if isinstance(r, Historical):
            plan = r.plan
            progress = c._following.progress()
            assert [plan.at.get(u, 0) for u in range(len(game.units))] == progress
            number = {id(t): i for i, t in
                      enumerate(t for u in sorted(plan.queue) for t in plan.queue[u])}
            assert [(d, number[id(t)]) for d, t in plan.late] == c._following.late


@pytest.mark.parametrize("path", SCENARIOS)
@pytest.mark.parametrize("seed", [2, 5])
def test_the_shipped_plans_are_followed_alike(path, seed) -> None:
    game = build_game(load_scenario(path))
    same(game, *both_ways(game, lambda: players(game, ["historical"] * 2, seed), seed))


@st.composite
def plans(draw, game):  # type: ignore[no-untyped-def]
    """Tasks for some units (any verb, place, day, and an end day or none), leaving some
    units out of the plan's scenario (new forces)."""
    turns = game.scenario.calendar.turns
    tasks = []
    for u in draw(st.lists(st.sampled_from(game.units), max_size=8)):
        first = draw(st.integers(0, turns - 1))
        until = draw(st.one_of(st.none(), st.integers(first, turns)))
        order = Order(draw(st.sampled_from(list(VERBS))), u, draw(st.sampled_from(game.places)))
        tasks.append(Task(first, order, until, None, "generated"))
    tasks.sort(key=lambda t: t.first)       # a unit's tasks come in date order
    left_out = set(draw(st.lists(st.sampled_from(game.units), max_size=3)))
    return HistoricalPlan(tuple(tasks), frozenset(set(game.units) - left_out))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), places=st.integers(4, 40), units=st.integers(2, 16),
       seed=st.integers(0, 2**16), days=st.integers(2, 14))
def test_generated_plans_are_followed_alike(data, places, units, seed, days) -> None:
    game = build_game(synthetic_scenario(places, units, seed, days=days))
    plan = data.draw(plans(game))
    if not plan.tasks:
        return
    same(game, *both_ways(game, lambda: [Historical(game, plan), Historical(game, plan)],
                          seed))


def test_a_commander_plays_one_way_only() -> None:
    game = build_game(load_scenario(SCENARIOS[0]))
    looped = players(game, ["historical"] * 2, 1)
    play_quick(game, 1, looped, days=2)
    with pytest.raises(ValueError, match="fresh one"):
        looped[0](game, initial_state(game), 0)


def test_the_compiled_plan_refuses_another_game_s_staff() -> None:
    from engine.sim.kernel._plan import follow

    game = build_game(load_scenario(SCENARIOS[0]))
    other = build_game(load_scenario(SCENARIOS[0]))
    commander = players(game, ["historical"] * 2, 1)[0]
    assert isinstance(commander, Historical)
    following = commander._compiled(game, 0)
    fast = compiled.Morning(other, initial_state(other), 0)
    with pytest.raises(ValueError, match="another game or side"):
        follow(fast.staff, fast.columns, following)
    fast = compiled.Morning(game, initial_state(game), 1)
    with pytest.raises(ValueError, match="another game or side"):
        follow(fast.staff, fast.columns, following)


def test_the_compiled_plan_refuses_figures_that_do_not_fit() -> None:
    from engine.sim.kernel._plan import Following
    from engine.sim.kernel.turn import board

    game = build_game(load_scenario(SCENARIOS[0]))
    n, flags = len(game.units), [(False,) * 5] * 3
    tasks: list[list] = [[] for _ in range(n)]
    tasks[0] = [(0, None, 0, 1)]
    for at, newcomers, late, shape in (([-10**6] * n, [], [], tasks), ([0] * n, [10**8], [], tasks),
                                       ([2] + [0] * (n - 1), [], [], tasks),
                                       ([0] * n, [], [(3, 5)], tasks),
                                       ([0] * n, [], [], [[(0, None, 9, 1)]] + tasks[1:]),
                                       ([0] * n, [], [], tasks[1:])):
        with pytest.raises(ValueError):
            Following(board(game), 0, shape, at, newcomers, 2.0, *flags, late)


def test_a_commander_branched_or_caught_up_follows_its_plan_alike_in_the_loop() -> None:
    """From a later day: a commander made for that day, and one that played the days
    before turn by turn (its plan's progress and late tasks carried into the loop)."""
    from engine.play.campaign import catch_up, play_on
    from engine.play.quick import play_on_quick
    from engine.sim.chance import campaign_key

    game = build_game(load_scenario(SCENARIOS[0]))
    first = play_campaign(game, 7, players(game, ["historical"] * 2, 7), days=40)
    middle = first.states[-1]
    for make in (lambda: players(game, ["historical"] * 2, 7, day=middle.day),
                 lambda: _caught_up(game, first, catch_up)):
        readable, looped = make(), make()
        full = play_on(game, _copy(first), readable, days=15)
        standings, end = play_on_quick(game, middle, campaign_key(7), looped, middle.day + 15)
        assert end == full.final
        assert [list(s.holder) for s in standings] == [t.state.holder for t in full.turns[40:]]
        for r, c in zip(readable, looped, strict=True):
            assert [r.plan.at.get(u, 0) for u in range(len(game.units))] == \
                c._following.progress()
            number = {id(t): i for i, t in enumerate(
                t for u in sorted(r.plan.queue) for t in r.plan.queue[u])}
            assert [(d, number[id(t)]) for d, t in r.plan.late] == c._following.late


def _caught_up(game, history, catch_up):  # type: ignore[no-untyped-def]
    ps = players(game, ["historical"] * 2, 7)
    catch_up(game, history, dict(enumerate(ps)))
    assert ps[0].plan.late       # tasks already late when the loop takes over
    return ps


def _copy(history):  # type: ignore[no-untyped-def]
    from engine.play.campaign import History
    return History(history.seed, history.start, list(history.turns))
