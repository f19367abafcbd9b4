"""The campaign loop: players give orders, the turn resolves them, the history keeps it all.

One loop serves every way of playing: AI against AI, a human at the prompt, a replay's plan
with the record's outcomes forced, a saved game played again. What differs is who the
players are, which outcomes are forced, and an optional umpire that looks at each day after
the turn (a recorded replay makes the record win there).

A :class:`History` is the one record of a played campaign: its seed, the state it started
from, and for each day the orders, the outcomes, what happened and the state it ended in.
Played again from its orders with its outcomes forced (:func:`rerun`), it reaches the same
states, unless an umpire amended its days (a recorded replay imposes the record), which
orders and outcomes do not carry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from engine.play.player import Player, Scripted
from engine.sim.chance import Force, Outcome, campaign_key
from engine.sim.events import Event
from engine.sim.game import Game
from engine.sim.kernel.turn import TurnRules, turn_rules
from engine.sim.state import State, initial_state
from engine.sim.turn import Turn

#: Looks at a day after its turn (the state before it, and the turn) and may amend it.
Umpire = Callable[[Game, State, Turn], Turn]


@dataclass
class History:
    """A played campaign: the seed of its draws, its first morning, and each day played."""

    seed: int
    start: State
    turns: list[Turn] = field(default_factory=list)

    @property
    def states(self) -> list[State]:
        """The first morning, then the state each day ended in."""
        return [self.start, *(t.state for t in self.turns)]

    @property
    def final(self) -> State:
        return self.turns[-1].state if self.turns else self.start

    @property
    def events(self) -> list[Event]:
        """Everything that happened, day by day, in the order it happened."""
        return [e for t in self.turns for e in t.events]

    @property
    def outcomes(self) -> list[Outcome]:
        return [o for t in self.turns for o in t.outcomes]

    def digest(self, game: Game) -> str:
        """The digest of the state the campaign has reached."""
        return self.final.digest(game)


def play_on(game: Game, history: History, players: Sequence[Player], days: int | None = None,
            forced: Mapping[tuple, Force] | None = None, umpire: Umpire | None = None,
            after: Callable[[History], None] | None = None, rules: TurnRules | None = None
            ) -> History:
    """Play on from where ``history`` stands, ``days`` turns (default: to the calendar's
    end), adding each turn to it. Each day every side's player gives its orders, in side
    order; ``forced`` fixes chosen outcomes; ``umpire`` may amend each turn; ``after`` is told
    of each day once it is in the history; ``rules`` plays each turn (default:
    :func:`~engine.sim.kernel.turn.turn_rules`'s choice). A player may stop the game by
    raising: the days already played stay in the history."""
    if len(players) != len(game.sides):
        raise ValueError(f"{len(game.sides)} sides need as many players, not {len(players)}")
    key = campaign_key(history.seed)
    play_turn = rules or turn_rules()
    state = history.final
    end = game.scenario.calendar.turns
    last = end if days is None else min(state.day + days, end)
    while state.day < last:
        orders = [o for side, player in enumerate(players) for o in player(game, state, side)]
        turn = play_turn(game, state, orders, key, forced)
        if umpire is not None:
            turn = umpire(game, state, turn)
        history.turns.append(turn)
        if after is not None:
            after(history)
        state = turn.state
    return history


def catch_up(game: Game, history: History, players: Mapping[int, Player]) -> None:
    """Give players that keep memory (a plan's progress, a plan once begun) the campaign
    already played: each is asked for its side's orders on every morning of ``history``
    and the orders are thrown away. Commanders are deterministic, so a game resumed or
    continued from a kept record goes on as if they had played those days themselves."""
    for state in history.states[:-1]:
        for side, player in sorted(players.items()):
            player(game, state, side)


def play_campaign(game: Game, seed: int, players: Sequence[Player], days: int | None = None,
                  start: State | None = None, forced: Mapping[tuple, Force] | None = None,
                  rules: TurnRules | None = None) -> History:
    """A campaign from ``start`` (default: the scenario's first morning) with ``seed``."""
    return play_on(game, History(seed, start or initial_state(game)), players, days, forced,
                   rules=rules)


def rerun(game: Game, history: History) -> History:
    """The campaign played again from its orders with every outcome forced to what it was:
    the same states, unless an umpire amended the days (see the module's docstring)."""
    forced = {o.key: Force.of(o) for o in history.outcomes}
    script = Scripted({t.state.day - 1: t.orders for t in history.turns})
    return play_on(game, History(history.seed, history.start), [script] * len(game.sides),
                len(history.turns), forced)
