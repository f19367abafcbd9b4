"""Players: whatever gives a side its orders for a day.

The AI (:mod:`engine.play.ai`), a human at the prompt, a replay's plan and the orders of a
game already played are all players to the campaign loop (:mod:`engine.play.campaign`),
which asks each side's player in turn and knows nothing more about where orders come from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from engine.sim.game import Game
from engine.sim.orders import Order, order_side
from engine.sim.state import State


class Player(Protocol):
    """Gives ``side``'s orders for the day of ``state``. It may keep its own memory (a plan
    it is carrying out) but must not change the state."""

    def __call__(self, game: Game, state: State, side: int) -> list[Order]: ...


@dataclass(frozen=True)
class Scripted:
    """Orders fixed in advance, by day (turn number): a script, a saved game, a history
    played again. Each side is given the orders of its own units; an order naming no unit
    goes to the first side, whose turn then refuses it with the reason."""

    days: Mapping[int, Sequence[Order]]

    def __call__(self, game: Game, state: State, side: int) -> list[Order]:
        return [o for o in self.days.get(state.day, ()) if order_side(game, o) == side]
