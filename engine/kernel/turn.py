"""One turn played by the compiled kernel: :func:`play_turn` as :func:`engine.sim.turn.play_turn`.

Orders are checked by the reference (the reasons a player reads come from one place), then
the phases run compiled over the state's columns. The kernel's figures of a game (its
:class:`Board`) are made once per game and kept while the game lives.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping
from typing import Any

from engine.sim.chance import Force
from engine.sim.events import Log
from engine.sim.game import Game
from engine.sim.orders import Order, check_orders
from engine.sim.state import State
from engine.sim.turn import Turn

_BOARDS: weakref.WeakKeyDictionary[Game, Any] = weakref.WeakKeyDictionary()


def board(game: Game) -> Any:
    """The kernel's arrays of ``game``, made on first use."""
    found = _BOARDS.get(game)
    if found is None:
        from engine.kernel._turn import Board
        found = _BOARDS[game] = Board(game)
    return found


def play_turn(game: Game, state: State, orders: Iterable[Order], key: int,
              forced: Mapping[tuple, Force] | None = None) -> Turn:
    """Resolve one day, compiled: the same turn as the reference's, from the same inputs."""
    from engine.kernel._turn import turn
    log = Log(game, state.day)
    ok, rejected = check_orders(game, state, None, orders)
    accepted = {game.unit_index[o.unit]: o for o in ok}
    after, outcomes = turn(board(game), state, accepted, key, forced or {}, log, State)
    return Turn(after, tuple(accepted[u] for u in sorted(accepted)), tuple(rejected),
                tuple(outcomes), tuple(log.events))
