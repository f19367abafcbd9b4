"""One turn played by the compiled kernel: :func:`play_turn` as :func:`engine.sim.turn.play_turn`.

The kernel finds which orders are legal; the reasons against the others are the
reference's, so that a player reads them from one place. Then the phases run compiled over
the state's columns. The kernel's figures of a game (its :class:`Board`) are made once per
game and kept while the game lives. ``WARGAME_TURN`` (or :func:`chosen`, for a block)
chooses between the readable rules and the kernel for the turn, the paths and the
heuristic commander alike.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import numpy as np

from engine.errors import WargameError
from engine.sim.chance import Force
from engine.sim.events import Log
from engine.sim.game import Game
from engine.sim.orders import Order
from engine.sim.orders import check_orders as reference_check
from engine.sim.state import State
from engine.sim.turn import Turn
from engine.sim.turn import play_turn as reference_turn
from engine.sim.verbs import VERBS
from engine.util.memo import per_object


@per_object
def board(game: Game) -> Any:
    """The kernel's arrays of ``game``, made on first use."""
    from engine.sim.kernel._core import Board
    return Board(game)


def play_turn(game: Game, state: State, orders: Iterable[Order], key: int,
              forced: Mapping[tuple, Force] | None = None) -> Turn:
    """Resolve one day, compiled: the same turn as the reference's, from the same inputs."""
    from engine.sim.kernel._core import Columns
    from engine.sim.kernel._turn import turn
    log = Log(game, state.day)
    b, columns = board(game), Columns(state)
    ok, rejected = check_orders(game, state, orders, b, columns)
    index, units = game.theatre.index, game.unit_index
    accepted = {units[o.unit]: o for o in ok}
    outcomes = turn(b, columns, {u: (VERB_NUMBER[o.verb], index[o.place])
                                 for u, o in accepted.items()}, key, forced or {}, log)
    return Turn(columns.state(), tuple(accepted[u] for u in sorted(accepted)), tuple(rejected),
                tuple(outcomes), tuple(log.events))


def check_orders(game: Game, state: State, orders: Iterable[Order], b: Any, columns: Any,
                 side: int | None = None) -> tuple[list[Order], list[tuple[Order, str]]]:
    """:func:`engine.sim.orders.check_orders`, with the legal orders found by the kernel
    (``b`` and ``columns``: the game's board and the state's columns); the reasons against
    the others are the reference's."""
    orders = list(orders)
    return reference_check(game, state, side, orders, legal_flags(game, orders, b, columns, side))


def legal_flags(game: Game, orders: list[Order], b: Any, columns: Any, side: int | None
           ) -> list[bool]:
    """Whether each order of ``side`` (None: of its unit's side) is legal, found by the
    kernel (False for a unit, place or verb that does not exist: the reference says why)."""
    from engine.sim.kernel._core import legal_orders
    units, index = game.unit_index, game.theatre.index
    asked, at = [], []
    for i, o in enumerate(orders):
        u, p, v = units.get(o.unit), index.get(o.place), VERB_NUMBER.get(o.verb)
        if u is not None and p is not None and v is not None:
            asked.append((u, v, p))
            at.append(i)
    ok = [False] * len(orders)
    for i, fine in zip(at, legal_orders(b, columns, -1 if side is None else side, asked),
                       strict=True):
        ok[i] = fine
    return ok


#: Each verb's number in the kernel (engine.sim.verbs' order).
VERB_NUMBER = {name: i for i, name in enumerate(VERBS)}

#: A turn function: (game, state, orders, chance key, forced outcomes) -> the day played.
TurnRules = Callable[..., Turn]
#: The environment variable that picks the turn's rules for a whole process.
CHOICE = "WARGAME_TURN"
REFERENCE, KERNEL = "reference", "kernel"


@functools.cache
def compiled() -> bool:
    """Whether the compiled turn is built (``pip install -e .`` builds it) and draws what
    this process's numpy draws: it carries the distributions of the numpy it was built
    against, and a numpy that changed one would part it from the reference."""
    try:
        from engine.sim.kernel import _command, _core, _loop, _paths, _plan, _turn  # noqa: F401
    except ImportError:
        return False
    return hasattr(_core, "legal_orders") and hasattr(_command, "Staff") \
        and hasattr(_plan, "follow") and hasattr(_loop, "play") \
        and draws_agree(_core.draws)


#: Draws that exercise every distribution the rules use, on both sides of numpy's switches
#: between algorithms (Poisson below and above a mean of 10, binomial by inversion and by
#: BTPE, gamma of shape below and above 1).
_ASKS: list[tuple[Any, ...]] = [
    ("random",), ("poisson", 3.5), ("poisson", 45.0), ("binomial", 40, 0.2),
    ("binomial", 4000, 0.3), ("binomial", 900, 0.8), ("gamma", 0.4, 2.0), ("gamma", 3.0, 1.5),
] * 4


def draws_agree(draws: Callable[..., list[float | int]]) -> bool:
    """Whether ``draws`` (the compiled turn's) gives numpy's own draws on two streams."""
    for key, day, place, code in ((1, 2, 3, 4), (2**63 + 5, 77, 2**31, 17)):
        g = np.random.Generator(np.random.Philox(key=key, counter=[0, day, place, code]))
        expected = [float(g.random()) if ask[0] == "random" else
                    float(g.gamma(*ask[1:])) if ask[0] == "gamma" else
                    int(getattr(g, ask[0])(*ask[1:])) for ask in _ASKS]
        if draws(key, day, place, code, _ASKS) != expected:
            return False
    return True


def compiled_paths() -> bool:
    """Whether shortest paths are found by the compiled Dijkstra (and the commander is the
    compiled one): where it is built and the reference is not chosen (``WARGAME_TURN``, or
    :func:`chosen` for a block)."""
    return _choice() != REFERENCE and compiled()


#: The choice of a block (:func:`chosen`), in this thread or task only.
_CHOSEN: contextvars.ContextVar[str | None] = contextvars.ContextVar("chosen", default=None)


def _choice() -> str | None:
    """The choice in force: the block's, else the environment's."""
    return _CHOSEN.get() or os.environ.get(CHOICE)


@contextlib.contextmanager
def chosen(choice: str | None) -> Iterator[None]:
    """Within the block, this thread plays ``choice`` (``reference`` or ``kernel``; None: as
    it was) for everything the choice covers: the turn, the paths and the commander."""
    token = _CHOSEN.set(choice or _CHOSEN.get())
    try:
        yield
    finally:
        _CHOSEN.reset(token)


def turn_rules(choice: str | None = None) -> TurnRules:
    """The turn to play: ``reference`` (engine.sim's readable rules) or ``kernel`` (the same
    rules compiled); by default the ``WARGAME_TURN`` environment variable's choice, else
    the kernel where it is built. Both reach the same state from the same inputs."""
    choice = choice or _choice() or (KERNEL if compiled() else REFERENCE)
    if choice == REFERENCE:
        return reference_turn
    if choice == KERNEL:
        if not compiled():
            raise WargameError("the compiled turn is not built, or was built against a "
                               "numpy that draws otherwise than this one: install the "
                               "package again with pip install -e . (it needs a C "
                               f"compiler), or set {CHOICE}=reference")
        return play_turn
    raise WargameError(f"{CHOICE}={choice}: choose {REFERENCE} or {KERNEL}")
