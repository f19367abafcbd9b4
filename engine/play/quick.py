"""A campaign played for what it came to: the kernel's loop for batches and comparisons.

A batch wants each run's outcome (who holds what each day, and the losses at the end), not
its story. :func:`play_quick` plays an AI-against-AI campaign with the compiled commanders and
the compiled turn over one set of columns kept from day to day: no orders as objects, no
check of orders the commanders made legal themselves, no events or outcomes, no state per
day. It reaches the same states as :func:`engine.play.campaign.play_campaign` with the same
seed and players (a test requires it every day), so the full history of any run, its events
and texts included, is that function's with the run's seed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, cast

from engine.play import compiled
from engine.sim.chance import campaign_key
from engine.sim.game import Game
from engine.sim.kernel.turn import board, turn_rules
from engine.sim.state import State, initial_state


class Coded(Protocol):
    """A player the kernel's loop can play: it briefs the kernel once a campaign on how to
    give its side's orders each morning (engine/sim/kernel/_loop.pyx's ``Brief``)."""

    def brief(self, game: Game, side: int) -> Any: ...


@dataclass(frozen=True)
class Standing:
    """Who holds each place at the end of a day, and which are contested: what objectives
    are judged by (:func:`engine.play.metrics.objective_met`)."""

    holder: Sequence[int]
    contested: Sequence[int]


@dataclass(frozen=True)
class Played:
    """A campaign played for its outcome: its seed, its first morning, how the places stood
    at the end of each day, and the state it ended in."""

    seed: int
    start: State
    standings: list[Standing]
    final: State


def quick(players: Sequence[object]) -> bool:
    """Whether :func:`play_quick` can play these players: the compiled commanders are built
    and chosen (a choice of rules the engine does not know is refused here as by the turn),
    and every player can brief the kernel: it says so (``coded``), and the class that gives
    its orders (``__call__``) is the one that briefs, not a subclass that changed one and
    not the other."""
    turn_rules()
    return compiled.running() and all(getattr(p, "coded", False) and _same_author(p)
                                      for p in players)


def _same_author(player: object) -> bool:
    def author(name: str) -> type | None:
        return next((c for c in type(player).__mro__ if name in vars(c)), None)
    return author("brief") is author("__call__")


def play_quick(game: Game, seed: int, commanders: Sequence[object], days: int | None = None
               ) -> Played:
    """Play ``commanders`` (one per side, which :func:`quick` accepts) from the scenario's
    first morning with ``seed``, ``days`` turns (default: to the calendar's end)."""
    start = initial_state(game)
    end = game.scenario.calendar.turns
    standings, final = play_on_quick(game, start, campaign_key(seed), commanders,
                                     end if days is None else start.day + days)
    return Played(seed, start, standings, final)


def play_on_quick(game: Game, start: State, key: int, commanders: Sequence[object],
                  last: int) -> tuple[list[Standing], State]:
    """Play on from ``start`` with the chance key ``key`` (:func:`campaign_key`) until the
    morning of turn ``last`` (at most the calendar's end): each day's :class:`Standing`
    and the state reached. The search commander's rollouts are played this way."""
    from engine.sim.kernel._core import Columns
    from engine.sim.kernel._loop import play
    if len(commanders) != len(game.sides):
        raise ValueError(f"{len(game.sides)} sides need as many commanders, not "
                         f"{len(commanders)}")
    if not quick(commanders):
        raise ValueError("the kernel's loop plays compiled heuristic and historical "
                         "commanders only: play this campaign with play_campaign")
    players = cast(Sequence[Coded], commanders)
    s = Columns(start)
    held = play(board(game), s, [p.brief(game, side) for side, p in enumerate(players)], key,
                min(last, game.scenario.calendar.turns))
    return [Standing(*h) for h in held], s.state() if s.day != start.day else start
