"""Choosing a side's commander: ``historical``, ``heuristic`` or ``search``.

- **historical** (:mod:`engine.play.historical`): the scenario's plan (the orders of its
  historical replay) where they still make sense, the doctrine where they do not;
- **heuristic** (:mod:`engine.play.ai`): the doctrine and the side's objectives alone;
- **search** (:mod:`engine.play.search`): candidate plans tried by short rollouts of the
  engine's own turn, the best by expected objective points played.

The default is historical where the scenario has a plan, else heuristic.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.errors import WargameError
from engine.play.player import Player
from engine.sim.game import Game
from engine.util.text import suggest

HISTORICAL, HEURISTIC, SEARCH = "historical", "heuristic", "search"
KINDS = (HISTORICAL, HEURISTIC, SEARCH)


def default_kind(game: Game) -> str:
    """Historical where the scenario has a plan to follow, else heuristic."""
    return HISTORICAL if game.scenario.plan else HEURISTIC


def parse_ai(game: Game, texts: Sequence[str] | None) -> list[str]:
    """Each side's commander from ``--ai`` values: ``KIND`` (every side) or ``SIDE=KIND``
    (one side; repeat for more). Sides not named take the default."""
    kinds = [default_kind(game)] * len(game.sides)
    texts = sorted(texts or (), key=lambda t: "=" in t)   # every side first, then each side
    for text in texts:
        side, eq, kind = text.rpartition("=")
        if kind not in KINDS:
            raise WargameError(f"--ai {text}: the commander is one of {', '.join(KINDS)}"
                               f"{suggest(kind, KINDS)}")
        if kind == HISTORICAL and not game.scenario.plan:
            raise WargameError(f"--ai {text}: {game.scenario.path} has no plan for a historical "
                               "commander (scenario: replay: or plan:); use heuristic or search")
        if eq and not side:
            raise WargameError(f"--ai {text}: write KIND for every side or SIDE=KIND for one")
        if not side:
            kinds = [kind] * len(game.sides)
        elif side not in game.sides:
            raise WargameError(f"--ai {text}: there is no side '{side}'"
                               f"{suggest(side, game.sides)}")
        else:
            kinds[game.sides.index(side)] = kind
    return kinds


def players(game: Game, kinds: Sequence[str], seed: int = 0, day: int = 0) -> list[Player]:
    """A player for each side, of the kind named for it. ``seed`` keys the search
    commander's rollouts (never the campaign's own draws); ``day`` is the first day they
    play when a game is branched from a state with no record of the days before (a game
    that has them should be caught up instead: :func:`engine.play.campaign.catch_up`)."""
    from engine.play.ai import Heuristic

    out: list[Player] = []
    plan = None
    for side, kind in enumerate(kinds):
        if kind == HISTORICAL:
            from engine.play.historical import Historical, load_plan
            plan = plan or load_plan(game)
            out.append(Historical(game, plan, day))
        elif kind == SEARCH:
            from engine.play.search import Search
            out.append(Search(game, side, seed))
        elif kind == HEURISTIC:
            out.append(Heuristic())
        else:
            raise WargameError(f"unknown commander '{kind}': one of {', '.join(KINDS)}")
    return out


def commanders(game: Game, kinds: Sequence[str] | None = None, seed: int = 0) -> list[Player]:
    """Fresh players for a campaign: ``kinds`` per side (default: each side's default)."""
    return players(game, kinds or [default_kind(game)] * len(game.sides), seed)
