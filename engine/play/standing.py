"""Orders that stand until done, for the sides played at the prompt, as in a replay's plan.

A march (``move``, ``attack``, ``withdraw``) is carried on day after day until the unit
stands in the place and its side holds it uncontested, or until the unit is given another
order; a one-day order (``hold``, ``bombard``) lasts its day. Each morning the orders still
standing are checked again: one that can no longer be carried out is dropped, with the
reason, and the unit waits for orders.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from engine.sim.game import Game
from engine.sim.movement import way_of
from engine.sim.orders import Order, check_order
from engine.sim.queries import hostile
from engine.sim.state import EPS, NOWHERE, State
from engine.sim.verbs import ATTACK, VERBS


def achieved(game: Game, st: State, u: int, place: int) -> bool:
    """Whether unit ``u`` stands in ``place`` and its side holds it uncontested: a standing
    order to go there is done."""
    return st.place[u] == place and st.next[u] == NOWHERE \
        and st.holder[place] == game.unit_side[u] and not st.contested[place]


def as_today(game: Game, st: State, u: int, order: Order) -> Order:
    """The standing order as given this morning: a march into a place the unit already stands
    in but does not hold is an attack on it."""
    p = game.theatre.index[order.place]
    if VERBS[order.verb].marches and st.place[u] == p and st.next[u] == NOWHERE \
            and hostile(game, st, p, game.unit_side[u]):
        return Order(ATTACK.name, order.unit, order.place)
    return order


@dataclass(frozen=True)
class Morning:
    """The standing orders of a side on a morning: those carried on today (by unit), and a
    line for each one that ended (done, or no longer possible)."""

    orders: dict[int, Order]
    ended: list[str]


def carried_on(game: Game, st: State, side: int, standing: Mapping[int, Order]) -> Morning:
    """Which of ``side``'s standing orders ({unit: order}) go on this morning."""
    kept: dict[int, Order] = {}
    ended: list[str] = []
    for u in sorted(standing):
        order = standing[u]
        if game.unit_side[u] != side:
            continue
        if st.strength[u] <= 0 or st.place[u] == NOWHERE:
            ended.append(f"{order.unit}: '{order}' ends: the unit is gone")
            continue
        if achieved(game, st, u, game.theatre.index[order.place]):
            ended.append(f"{order.unit}: '{order}' is done")
            continue
        # a march into a place the unit stands in but does not hold is an attack; a withdrawal
        # stays one (the prompt's own rule: a plan's orders keep the plan's, as_today)
        today = as_today(game, st, u, order) if VERBS[order.verb].assaults else order
        why = check_order(game, st, side, today)
        if why is not None:
            ended.append(f"{order.unit}: '{order}' can no longer be carried out ({why}); "
                         "it waits for orders")
            continue
        kept[u] = today
    return Morning(kept, ended)


def remembered(game: Game, standing: Mapping[int, Order], given: Iterable[Order]
               ) -> dict[int, Order]:
    """The standing orders after a day's orders were given: a march stands from the day it
    is given, any other order ends the unit's standing one."""
    out = dict(standing)
    for order in given:
        u = game.unit_index[order.unit]
        if VERBS[order.verb].stands:
            out[u] = order
        else:
            out.pop(u, None)
    return out


@dataclass(frozen=True)
class MarchLeft:
    """What is left of a unit's march to a place: road km, the cost in highway km (what a
    day's march allowance is counted in), and whole days at the unit's speed, unopposed."""

    km: float
    cost: float
    days: int


def march_left(game: Game, st: State, u: int, dest: int) -> MarchLeft | None:
    """The march left for unit ``u`` to ``dest`` by the roads the movement phase would take
    this morning (the cheapest, or the way round what it would have to fight through), from
    where it is (on a road it goes on or turns back, whichever is cheaper, as the movement
    phase does); None if no road leads there or the unit cannot march."""
    path = way_of(game, st, u, dest)
    here, to = st.place[u], st.next[u]
    speed = game.unit_speed[u]
    if here == NOWHERE or speed <= 0:
        return None
    cost, km, start = 0.0, 0.0, here
    if to != NOWHERE:
        leg_cost, leg_km = _road(game, here, to)
        done = st.progress[u]
        if done + path.cost[here] < leg_cost - done + path.cost[to]:
            cost, start = done, here
        else:
            cost, start = leg_cost - done, to
        km = leg_km * cost / leg_cost if leg_cost > 0 else 0.0
    if math.isinf(path.cost[start]):
        return None
    cost += path.cost[start]
    p = start
    for _ in range(len(game.places)):
        if p == dest or path.step[p] == NOWHERE:
            break
        km += _road(game, p, path.step[p])[1]
        p = path.step[p]
    return MarchLeft(km, cost, max(0, math.ceil(cost / speed - EPS)))


def _road(game: Game, a: int, b: int) -> tuple[float, float]:
    """(cost, km) of the road from ``a`` to ``b`` that the game's costs count (the first
    listed of parallel roads, as Game.road_costs keeps)."""
    return next((cost, km) for to, km, cost in game.roads[a] if to == b)
