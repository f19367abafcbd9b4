"""Phase 1, movement: units march along the cheapest roads, as far as their daily allowance.

A unit stops when it enters a place that was contested or had enemy troops in it at dawn:
that is an attack on it. An enemy place with nobody in it is taken on the march (a column
does not halt at every empty village); the places a column marched through are returned for
the control phase.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from engine.sim.events import Log
from engine.sim.game import Game
from engine.sim.orders import Order
from engine.sim.queries import present
from engine.sim.state import EPS, HASTY, MOVING, NOWHERE, PREPARED, State
from engine.sim.verbs import VERBS


def movement(game: Game, st: State, orders: dict[int, Order], log: Log) -> dict[int, set[int]]:
    """Move every unit with a marching order; return the units that marched through each
    enemy place (entered and left again)."""
    dawn = present(game, st)
    held = {(p, game.unit_side[u]) for p, units in dawn.items() for u in units}
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

    for u in range(len(game.units)):
        order = orders.get(u)
        before = (st.place[u], st.next[u], st.progress[u])
        if order is not None and VERBS[order.verb].marches:
            advance(game, st, u, index[order.place], game.unit_speed[u],
                    functools.partial(stop, u=u))
        if (st.place[u], st.next[u], st.progress[u]) != before:
            st.posture[u] = MOVING
            if st.next[u] == NOWHERE:
                log("move", st.place[u], f"{game.units[u]} reaches "
                    f"{game.places[st.place[u]]}", (u,))
        elif st.place[u] != NOWHERE:
            st.posture[u] = HASTY if st.posture[u] == MOVING else PREPARED
    return passed


def advance(game: Game, st: State, u: int, dest: int, budget: float,
            stop: Callable[[int], bool]) -> None:
    """Move unit ``u`` towards ``dest`` with ``budget`` highway-km; ``stop(place)`` says
    whether entering a place ends the march. A unit on the road turns back when that is the
    cheaper way."""
    path = game.path_to(dest)
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
