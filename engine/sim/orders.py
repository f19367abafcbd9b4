"""Orders: small frozen values with one text form, ``VERB UNIT PLACE``.

The same notation is typed by players, written by the AI and stored in replay files; the
verbs and what each means are the table of :mod:`engine.sim.verbs`. An order is checked
against the state before the turn: an illegal one is rejected with the reason and changes
nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from engine.errors import WargameError
from engine.sim.game import Game
from engine.sim.state import NOWHERE, State
from engine.sim.verbs import VERBS


@dataclass(frozen=True, order=True)
class Order:
    """``verb unit place``: what a player tells one unit to do today. ``str(order)`` is the
    text a player types and a file stores; :func:`parse_order` reads it back."""

    verb: str
    unit: str
    place: str

    def __str__(self) -> str:
        return f"{self.verb} {self.unit} {self.place}"


def parse_order(text: str) -> Order:
    """``"move 1st_bde hill_12"`` -> ``Order("move", "1st_bde", "hill_12")``."""
    words = text.split()
    if len(words) != 3 or words[0] not in VERBS:
        raise WargameError(f"'{text.strip()}' is not an order: write VERB UNIT PLACE, VERB one "
                           f"of {', '.join(VERBS)} (for example 'hold 1st_bde hill_12')")
    return Order(*words)


def order_side(game: Game, order: Order) -> int:
    """The side whose unit the order names (the first side for a unit that does not exist,
    so that the order is refused with its reason rather than lost)."""
    u = game.unit_index.get(order.unit)
    return game.unit_side[u] if u is not None else 0


def check_order(game: Game, state: State, side: int, order: Order) -> str | None:
    """Why ``order`` is illegal for ``side`` now, or None if it may be given."""
    u = game.unit_index.get(order.unit)
    if u is None:
        return f"there is no unit '{order.unit}'"
    if order.place not in game.theatre.index:
        return f"there is no place '{order.place}'"
    if game.unit_side[u] != side:
        return f"{order.unit} belongs to {game.sides[game.unit_side[u]]}, not {game.sides[side]}"
    if state.place[u] == NOWHERE:
        return f"{order.unit} has not arrived yet"
    if state.strength[u] <= 0:
        return f"{order.unit} no longer exists"
    verb = VERBS.get(order.verb)
    if verb is None:
        return f"unknown verb '{order.verb}'"
    return verb.check(game, state, side, u, game.theatre.index[order.place])


def check_orders(game: Game, state: State, side: int | None, orders: Iterable[Order],
                 legal: Iterable[bool] | None = None
                 ) -> tuple[list[Order], list[tuple[Order, str]]]:
    """Split orders into those accepted and those rejected with the reason. ``side`` is the
    side giving them; ``None`` takes each order as given by its unit's own side. ``legal``
    may say already which orders :func:`check_order` lets pass (the compiled kernel finds
    them quicker); the others are asked why."""
    accepted: list[Order] = []
    rejected: list[tuple[Order, str]] = []
    given: set[str] = set()
    orders = list(orders)
    for order, fine in zip(orders, [False] * len(orders) if legal is None else legal,
                           strict=True):
        by = side if side is not None else order_side(game, order)
        why = None if fine else check_order(game, state, by, order)
        if why is None and order.unit in given:
            why = f"{order.unit} already has an order this turn"
        if why is None:
            accepted.append(order)
            given.add(order.unit)
        else:
            rejected.append((order, why))
    return accepted, rejected


def legal_orders(game: Game, state: State, side: int, unit: str | None = None) -> list[Order]:
    """Every order ``side`` may give now (for one unit if ``unit`` is named), sorted."""
    out = []
    for u, uid in enumerate(game.units):
        if unit is not None and uid != unit:
            continue
        if game.unit_side[u] != side or state.place[u] == NOWHERE or state.strength[u] <= 0:
            continue
        here = state.place[u]
        candidates = set(game.within(here, game.unit_range_km[u])) if game.unit_fires[u] else set()
        if game.unit_speed[u] > 0:
            candidates |= {p for p in range(len(game.places))
                           if game.path_to(p).cost[here] < float("inf")}
        candidates.add(here)
        for p in sorted(candidates):
            for verb in VERBS:
                order = Order(verb, uid, game.places[p])
                if check_order(game, state, side, order) is None:
                    out.append(order)
    return sorted(out)
