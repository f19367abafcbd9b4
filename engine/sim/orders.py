"""Orders: small frozen values with one text form, ``VERB UNIT PLACE``.

The same notation is typed by players, written by the AI and stored in replay files:

``move U P``      march towards P along the cheapest roads; entering a place the enemy holds
                  or contests is an attack on it
``attack U P``    assault P, a neighbouring place (or the contested place U stands in), which
                  U must reach today
``bombard U P``   an air or artillery unit fires on P, within its range
``hold U P``      stay in P and dig in (what a unit without orders does)
``withdraw U P``  break contact and fall back to P, a neighbouring place U's side holds

An order is checked against the state before the turn: an illegal one is rejected with the
reason and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from engine.errors import WargameError
from engine.sim.game import Game
from engine.sim.state import NOWHERE, State

VERBS = ("move", "attack", "bombard", "hold", "withdraw")


@dataclass(frozen=True, order=True)
class Order:
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


def enemy_present(game: Game, state: State, place: int, side: int,
                  ground_only: bool = False) -> bool:
    """Whether another side's troops stand in ``place`` (arrived, not passing on a road);
    ``ground_only`` leaves out air units, which hold no ground."""
    return any(state.place[u] == place and state.next[u] == NOWHERE and state.strength[u] > 0
               and game.unit_side[u] != side and (game.unit_ground[u] or not ground_only)
               for u in range(len(game.units)))


def hostile(game: Game, state: State, place: int, side: int) -> bool:
    """Held by another side, contested, or with enemy troops in it: moving in means a fight."""
    return state.holder[place] != side or state.contested[place]


def reach_cost(game: Game, state: State, unit: int, target: int) -> float | None:
    """What it costs ``unit`` to get into the neighbouring ``target``; None if not adjacent."""
    here, to = state.place[unit], state.next[unit]
    if to == NOWHERE:
        if target == here:
            return 0.0
        cost = game.road_cost(here, target)
        return None if cost == float("inf") else cost
    leg = game.road_cost(here, to)
    if target == to:
        return max(leg - state.progress[unit], 0.0)
    if target == here:
        return state.progress[unit]
    return None


def check_order(game: Game, state: State, side: int, order: Order) -> str | None:
    """Why ``order`` is illegal for ``side`` now, or None if it may be given."""
    u = game.unit_index.get(order.unit)
    if u is None:
        return f"there is no unit '{order.unit}'"
    if order.place not in game.theatre.index:
        return f"there is no place '{order.place}'"
    p = game.theatre.index[order.place]
    if game.unit_side[u] != side:
        return f"{order.unit} belongs to {game.sides[game.unit_side[u]]}, not {game.sides[side]}"
    if state.place[u] == NOWHERE:
        return f"{order.unit} has not arrived yet"
    if state.strength[u] <= 0:
        return f"{order.unit} no longer exists"
    verb, here, moving = order.verb, state.place[u], state.next[u] != NOWHERE
    if verb == "bombard":
        if not game.unit_fires[u]:
            return f"{order.unit} is not an air or artillery unit"
        if moving:
            return f"{order.unit} is on the road and cannot fire"
        if p not in game.within(here, game.unit_range_km[u]):
            return f"{order.place} is beyond the {game.unit_range_km[u]:g} km range of {order.unit}"
        if not hostile(game, state, p, side) and not enemy_present(game, state, p, side):
            return f"{order.place} is held by your side and has no enemy in it"
        return None
    if verb == "hold":
        if moving or p != here:
            return f"{order.unit} is not in {order.place}; it can hold only where it stands"
        return None
    if game.unit_speed[u] <= 0:
        return f"{order.unit} does not move"
    in_contact = not moving and state.contested[here]
    if verb == "move":
        if p == here and not moving:
            return f"{order.unit} is already in {order.place}; use hold"
        if in_contact:
            return f"{order.unit} is in contact in {game.places[here]}: withdraw or attack"
        if game.path_to(p).cost[here] == float("inf"):
            return f"no road leads from {game.places[here]} to {order.place}"
        return None
    cost = reach_cost(game, state, u, p)
    if verb == "attack":
        if not hostile(game, state, p, side):
            return f"{order.place} is held by your side and not contested"
        if cost is None:
            return f"{order.place} is not next to {order.unit}"
        if cost > game.unit_speed[u]:
            return (f"{order.place} is out of reach: {cost:.0f} km of road, and "
                    f"{order.unit} covers {game.unit_speed[u]:g} a day; move closer first")
        return None
    if verb == "withdraw":
        if cost is None or (p == here and not moving):
            return f"{order.place} is not next to {order.unit}"
        if hostile(game, state, p, side):
            return f"{order.place} is not held by your side alone"
        return None
    return f"unknown verb '{verb}'"


def check_orders(game: Game, state: State, side: int | None, orders: Iterable[Order]
                 ) -> tuple[list[Order], list[tuple[Order, str]]]:
    """Split orders into those accepted and those rejected with the reason. ``side`` is the
    side giving them; ``None`` takes each order as given by its unit's own side."""
    accepted: list[Order] = []
    rejected: list[tuple[Order, str]] = []
    given: set[str] = set()
    for order in orders:
        u = game.unit_index.get(order.unit)
        by = side if side is not None else (game.unit_side[u] if u is not None else 0)
        why = check_order(game, state, by, order)
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
