"""Phase 1, movement: units march along the cheapest roads, as far as their daily allowance.

A unit stops when it enters a place that was contested or had enemy troops in it at dawn:
that is an attack on it. An enemy place with nobody in it is taken on the march (a column
does not halt at every empty village); the places a column marched through are returned for
the control phase.

A column goes round what it would have to fight through: when the cheapest way to its
destination enters a place (short of the destination) that the enemy holds, that is
contested, or that had enemy troops in it at dawn, it takes the cheapest way that enters
none, if there is one. Marching into a fight on the way is then the order of a unit with no
other road, not an accident of the map. A column already on a road ends its leg at either
end, whichever is the cheaper way on: the way round starts from the next place.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from engine.sim.events import Log
from engine.sim.game import UNREACHABLE, Game, Path
from engine.sim.orders import Order
from engine.sim.queries import present
from engine.sim.state import EPS, HASTY, MOVING, NOWHERE, PREPARED, State
from engine.sim.verbs import VERBS


def movement(game: Game, st: State, orders: dict[int, Order], log: Log) -> dict[int, set[int]]:
    """Move every unit with a marching order; return the units that marched through each
    enemy place (entered and left again)."""
    held = held_at_dawn(game, st)
    contested = st.contested[:]
    index = game.theatre.index
    passed: dict[int, set[int]] = {}

    def stop(p: int, u: int) -> bool:
        side = game.unit_side[u]
        if contested[p] or any((p, s) in held for s in game.other_sides(side)):
            return True
        if st.holder[p] != side:
            passed.setdefault(p, set()).add(u)
        return False

    closed: dict[int, bytes] = {}
    ways: dict[tuple[int, int], Path] = {}
    for u in range(len(game.units)):
        order = orders.get(u)
        before = (st.place[u], st.next[u], st.progress[u])
        if order is not None and VERBS[order.verb].marches:
            side, dest = game.unit_side[u], index[order.place]
            if side not in closed:
                closed[side] = closed_to(game, st, side, held, contested)
            path = route(game, st, u, dest, closed[side], ways)
            advance(game, st, u, dest, game.unit_speed[u], functools.partial(stop, u=u), path)
        if (st.place[u], st.next[u], st.progress[u]) != before:
            st.posture[u] = MOVING
            if st.next[u] == NOWHERE:
                log("move", st.place[u], f"{game.units[u]} reaches "
                    f"{game.places[st.place[u]]}", (u,))
        elif st.place[u] != NOWHERE:
            st.posture[u] = HASTY if st.posture[u] == MOVING else PREPARED
    return passed


def closed_to(game: Game, st: State, side: int, held: set[tuple[int, int]],
              contested: Sequence[bool]) -> bytes:
    """The places a column of ``side`` goes round when it can: held by another side,
    contested at dawn, or with another side's troops in them at dawn (``held``: (place,
    side))."""
    others = game.other_sides(side)
    return bytes(st.holder[p] != side or bool(contested[p])
                 or any((p, o) in held for o in others) for p in range(len(game.places)))


def route(game: Game, st: State, u: int, dest: int, closed: bytes,
          ways: dict[tuple[int, int], Path] | None = None) -> Path:
    """The paths unit ``u`` marches by towards ``dest`` today: the cheapest, unless they
    enter a ``closed`` place short of ``dest`` and a way round exists (``ways`` keeps the
    ways round by (side, dest) for the rest of the phase)."""
    path = game.path_to(dest)
    first = _first_entered(game, st, u, path)
    p, n = first, 0
    while p != NOWHERE and p != dest and not closed[p] and n <= len(game.places):
        p, n = path.step[p], n + 1
    if p in (NOWHERE, dest):
        return path
    key = (game.unit_side[u], dest)
    around = ways.get(key) if ways is not None else None
    if around is None:
        around = game.way_around(dest, closed)
        if ways is not None:
            ways[key] = around
    here, to = st.place[u], st.next[u]
    if to == NOWHERE:
        reached = around.cost[here] < UNREACHABLE
    else:
        leg, done = game.road_cost(here, to), st.progress[u]
        reached = min(done + around.cost[here], leg - done + around.cost[to]) < UNREACHABLE
    return around if reached else path


def way_of(game: Game, st: State, u: int, dest: int) -> Path:
    """The paths unit ``u`` would march by towards ``dest`` if it set out this morning."""
    return route(game, st, u, dest, closed_to(game, st, game.unit_side[u],
                                              held_at_dawn(game, st), st.contested))


def held_at_dawn(game: Game, st: State) -> set[tuple[int, int]]:
    """(place, side) for each side with ground troops standing in the place."""
    return {(p, game.unit_side[u]) for p, units in present(game, st).items() for u in units}


def _first_entered(game: Game, st: State, u: int, path: Path) -> int:
    """The first place unit ``u`` enters on ``path`` (NOWHERE: none), as advance goes."""
    here, to = st.place[u], st.next[u]
    if to == NOWHERE:
        return path.step[here]
    done = st.progress[u]
    return here if done + path.cost[here] < game.road_cost(here, to) - done + path.cost[to] \
        else to


def advance(game: Game, st: State, u: int, dest: int, budget: float,
            stop: Callable[[int], bool], path: Path | None = None) -> None:
    """Move unit ``u`` towards ``dest`` with ``budget`` highway-km along ``path`` (default:
    the cheapest); ``stop(place)`` says whether entering a place ends the march. A unit on
    the road turns back when that is the cheaper way."""
    path = path or game.path_to(dest)
    for _ in range(2 * len(game.places) + 2):  # a march passes each place once at most
        here, to = st.place[u], st.next[u]
        if to == NOWHERE:
            if here == dest or path.step[here] == NOWHERE:
                return
            st.next[u], st.progress[u] = path.step[here], 0.0
            continue
        leg = game.road_cost(here, to)
        done = st.progress[u]
        if done + path.cost[here] < leg - done + path.cost[to]:
            st.place[u], st.next[u], st.progress[u] = to, here, leg - done
            here, to, done = to, here, leg - done
        if budget + EPS < leg - done:
            st.progress[u] = round(done + budget, 6)
            return
        budget -= leg - done
        st.place[u], st.next[u], st.progress[u] = to, NOWHERE, 0.0
        if to == dest or stop(to):
            return
