"""One turn played by the compiled kernel: :func:`play_turn` as :func:`engine.sim.turn.play_turn`.

Orders are checked by the reference (the reasons a player reads come from one place), then
the phases run compiled over the state's columns. The kernel's figures of a game (its
:class:`Board`) are made once per game and kept while the game lives.
"""

from __future__ import annotations

import functools
import os
import weakref
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from engine.errors import WargameError
from engine.sim.chance import Force
from engine.sim.events import Log
from engine.sim.game import Game
from engine.sim.orders import Order, check_orders
from engine.sim.state import State
from engine.sim.turn import Turn
from engine.sim.turn import play_turn as reference_turn

_BOARDS: weakref.WeakKeyDictionary[Game, Any] = weakref.WeakKeyDictionary()


def board(game: Game) -> Any:
    """The kernel's arrays of ``game``, made on first use."""
    found = _BOARDS.get(game)
    if found is None:
        from engine.sim.kernel._turn import Board
        found = _BOARDS[game] = Board(game)
    return found


def play_turn(game: Game, state: State, orders: Iterable[Order], key: int,
              forced: Mapping[tuple, Force] | None = None) -> Turn:
    """Resolve one day, compiled: the same turn as the reference's, from the same inputs."""
    from engine.sim.kernel._turn import turn
    log = Log(game, state.day)
    ok, rejected = check_orders(game, state, None, orders)
    accepted = {game.unit_index[o.unit]: o for o in ok}
    after, outcomes = turn(board(game), state, accepted, key, forced or {}, log, State)
    return Turn(after, tuple(accepted[u] for u in sorted(accepted)), tuple(rejected),
                tuple(outcomes), tuple(log.events))


#: A turn function: (game, state, orders, chance key, forced outcomes) -> the day played.
TurnRules = Callable[..., Turn]
#: The environment variable that picks the turn's rules for a whole process.
CHOICE = "WARGAME_TURN"
REFERENCE, KERNEL = "reference", "kernel"


@functools.cache
def compiled() -> bool:
    """Whether the compiled turn is built (``pip install -e .`` builds it)."""
    try:
        from engine.sim.kernel import _turn  # noqa: F401
    except ImportError:
        return False
    return True


def compiled_paths() -> bool:
    """Whether shortest paths are found by the compiled Dijkstra: where it is built and the
    process has not chosen the reference (``WARGAME_TURN=reference``)."""
    return os.environ.get(CHOICE) != REFERENCE and compiled()


def turn_rules(choice: str | None = None) -> TurnRules:
    """The turn to play: ``reference`` (engine.sim's readable rules) or ``kernel`` (the same
    rules compiled); by default the ``WARGAME_TURN`` environment variable's choice, else
    the kernel where it is built. Both reach the same state from the same inputs."""
    choice = choice or os.environ.get(CHOICE) or (KERNEL if compiled() else REFERENCE)
    if choice == REFERENCE:
        return reference_turn
    if choice == KERNEL:
        if not compiled():
            raise WargameError("the compiled turn is not built: install the package with "
                               "pip install -e . (it needs a C compiler), or set "
                               f"{CHOICE}=reference")
        return play_turn
    raise WargameError(f"{CHOICE}={choice}: choose {REFERENCE} or {KERNEL}")
