"""The kernel's loop (engine/sim/kernel/_loop.pyx): a side's orders from its brief are the
orders its commander gives turn by turn, and the loop refuses briefs that do not fit."""

from __future__ import annotations

import pytest

from engine.play import compiled
from engine.play.ai import Heuristic, sorted_orders
from engine.play.campaign import play_campaign
from engine.play.commanders import players
from engine.scenario.loader import load_scenario
from engine.sim.game import build_game
from engine.sim.kernel.turn import board
from engine.sim.kernel.turn import compiled as kernel_built
from engine.sim.state import initial_state

from helpers import ROOT, valley_game

pytestmark = pytest.mark.skipif(not kernel_built(), reason="the kernel is not built")
ALEPPO = ROOT / "scenarios" / "aleppo_2013.yaml"


@pytest.mark.parametrize("plan", [Heuristic(), Heuristic(attack_odds=0.3, focus=0),
                                  Heuristic(offensive=False), Heuristic(defend=False)])
def test_a_brief_gives_the_orders_the_commander_gives(plan) -> None:
    """Every morning of a campaign, for both sides, the brief's orders in codes are the
    readable commander's orders as a player gives them: the legal ones, in unit order."""
    from engine.sim.kernel._core import Columns
    from engine.sim.kernel._loop import orders

    game = build_game(load_scenario(ALEPPO))
    history = play_campaign(game, 2, players(game, ["heuristic"] * 2, 2), days=20)
    for state in history.states:
        for side in range(len(game.sides)):
            codes = orders(plan.brief(game, side), Columns(state))
            given = sorted_orders(game, state, side, plan.reference(game, state, side))
            assert [(game.unit_index[o.unit], game.theatre.index[o.place]) for o in given] \
                == [(u, p) for u, (_, p) in codes], (state.day, side)
            assert [o.verb for o in given] == [compiled.VERB_NAMES[v] for _, (v, _) in codes]


def test_the_loop_refuses_briefs_that_do_not_fit() -> None:
    from engine.sim.kernel._core import Columns
    from engine.sim.kernel._loop import play

    game, other = build_game(load_scenario(ALEPPO)), valley_game()
    b = board(game)
    s = Columns(initial_state(game))
    mine = [Heuristic().brief(game, side) for side in range(2)]
    with pytest.raises(ValueError, match="2 sides need as many briefs, not 1"):
        play(b, s, mine[:1], 1, 3)
    with pytest.raises(ValueError, match="brief 0 is not of side 0"):
        play(b, s, mine[::-1], 1, 3)
    with pytest.raises(ValueError, match="brief 1 is not of side 1"):
        play(b, s, [mine[0], Heuristic().brief(other, 1)], 1, 3)
    assert s.day == 0                                   # refused before any day is played
    assert len(play(b, s, mine, 1, 3)) == 3 and s.day == 3


def test_a_brief_keeps_its_attackers_as_they_were_given() -> None:
    """The loop reads a brief every morning: the units allowed to attack are frozen in it,
    so that a set changed afterwards by its owner changes nothing."""
    game = build_game(load_scenario(ALEPPO))
    attackers = {1, 2}
    brief = compiled.brief(game, 0, Heuristic(), None, attackers)
    attackers.add(3)
    assert brief.attackers == frozenset({1, 2})
    assert compiled.brief(game, 0, Heuristic()).attackers is None
