"""A heuristic commander for either side, driven by the side's objectives.

Each day, in this order:

1. **Units in contact** fight on while the odds are bearable and fall back when they are
   not (a defender of a place it must keep stands to the last).
2. **Defence.** Places the side must keep (objective places, the stretch of a route it
   must keep cut, its supply sources and big cities) that have enemy troops next to them
   keep or get the nearest free units until the defence is two-thirds of the threat.
3. **Offence.** Every other unit heads for the nearest place the side wants (objectives it
   does not hold, the places of a route it must open, the weakest place of a route it must
   cut). Units stop at the last friendly place before enemy ground; those next to the same
   enemy place attack together when the engine's odds of taking it reach
   :data:`ATTACK_ODDS`, and otherwise wait for more.
4. **Fire.** Air and artillery bombard where the side's assault is waiting (to support it
   tomorrow), else where the fighting is, else the strongest enemy force in range.

The AI only gives orders that :func:`engine.sim.orders.check_order` accepts, and it draws no
random numbers: the same state gives the same orders.
"""

from __future__ import annotations

from engine.play.metrics import objective_route
from engine.play.player import Player
from engine.sim.combat import outcome_odds
from engine.sim.game import Game, Path
from engine.sim.orders import Order, check_order
from engine.sim.queries import (
    enemy_strength,
    engagement_odds,
    nearest_friendly,
    present,
    reach_cost,
    side_power,
)
from engine.sim.state import NOWHERE, State
from engine.sim.verbs import ATTACK, BOMBARD, HOLD, MOVE, WITHDRAW, Verb

#: The odds of taking a place at which the AI commits an assault.
ATTACK_ODDS = 0.45
#: The odds of losing its place at which a defender (not on an objective) falls back.
GIVE_UP_ODDS = 0.7
#: A place this populous is defended like an objective.
KEEP_POPULATION = 50_000
#: How many days' march away a unit may be pulled to defend a threatened place.
DEFENCE_DAYS = 3.0


def ai_orders(game: Game, state: State, side: int) -> list[Order]:
    """The orders of ``side`` for today."""
    at = present(game, state)
    mine = [u for u in range(len(game.units)) if game.unit_side[u] == side
            and state.place[u] != NOWHERE and state.strength[u] > 0]
    orders: dict[int, Order] = {}
    keep = _keep(game, state, side)
    free = []
    for u in mine:
        if game.unit_speed[u] <= 0:
            continue
        here = state.place[u]
        if state.next[u] == NOWHERE and state.contested[here]:
            orders[u] = _in_contact(game, state, side, u, at, here in keep)
        else:
            free.append(u)
    free = _defend(game, state, side, free, at, keep, orders)
    waiting = _attack(game, state, side, free, at, orders)
    _fire(game, state, side, [u for u in mine if game.unit_fires[u] and u not in orders],
          at, waiting, orders)
    legal = [o for u, o in sorted(orders.items()) if check_order(game, state, side, o) is None]
    return legal


def commanders(game: Game) -> list[Player]:
    """This commander for every side of ``game``."""
    return [ai_orders] * len(game.sides)


def _order(game: Game, verb: Verb, u: int, p: int) -> Order:
    return Order(verb.name, game.units[u], game.places[p])


def _in_contact(game: Game, state: State, side: int, u: int, at: dict[int, list[int]],
                objective: bool) -> Order:
    here = state.place[u]
    units = at.get(here, [])
    ours = [x for x in units if game.unit_side[x] == side]
    theirs = [x for x in units if game.unit_side[x] != side]
    if not theirs:
        return _order(game, HOLD, u, here)
    if state.holder[here] == side:
        _, _, taken, _, _ = engagement_odds(game, state, here, theirs, ours)
        if taken >= GIVE_UP_ODDS and not objective:
            back = nearest_friendly(game, state, side, here)
            if back is not None:
                return _order(game, WITHDRAW, u, back)
        return _order(game, HOLD, u, here)
    _, _, taken, _, repulsed = engagement_odds(game, state, here, ours, theirs)
    if taken < 0.1 and repulsed > 0.5:
        back = nearest_friendly(game, state, side, here)
        if back is not None:
            return _order(game, WITHDRAW, u, back)
    return _order(game, ATTACK, u, here)


def _keep(game: Game, state: State, side: int) -> set[int]:
    """Places the side will not leave empty under threat: every objective place (its own or
    the enemy's), its own stretch of a route it must keep cut, its supply sources and its
    cities of :data:`KEEP_POPULATION` people or more."""
    index = game.theatre.index
    keep = set(game.sources[side])
    keep |= {p for p, n in enumerate(game.place_population) if n >= KEEP_POPULATION}
    for obj in game.scenario.objectives.values():
        if obj.place is not None:
            keep.add(index[obj.place])
        elif obj.kind == "cut_route" and game.sides.index(obj.side) == side:
            keep |= {index[p] for p in objective_route(game, obj)}
    return {p for p in keep if state.holder[p] == side}


def _goals(game: Game, state: State, side: int, at: dict[int, list[int]]) -> list[int]:
    """Places the side wants and does not hold."""
    index = game.theatre.index
    goals = set()
    for obj in game.scenario.objectives.values():
        if game.sides.index(obj.side) != side:
            continue
        if obj.place is not None:
            goals.add(index[obj.place])
        elif obj.kind == "open_route":
            goals |= {index[p] for p in objective_route(game, obj)}
        elif obj.kind == "cut_route":
            route = [index[p] for p in objective_route(game, obj)]
            if route and all(state.holder[p] != side for p in route):  # open for the enemy
                goals.add(min(route, key=lambda p: (enemy_strength(game, at, state, p, side), p)))
    return sorted(p for p in goals if state.holder[p] != side or state.contested[p])


def _threat(game: Game, state: State, side: int, p: int, at: dict[int, list[int]],
            inbound: dict[int, int]) -> int:
    """Enemy people next to ``p`` or on the road into it (``inbound``: by destination)."""
    near = {to for to, _km, _c in game.roads[p]}
    return sum(enemy_strength(game, at, state, q, side) for q in near) + inbound.get(p, 0)


def _defend(game: Game, state: State, side: int, free: list[int], at: dict[int, list[int]],
            keep: set[int], orders: dict[int, Order]) -> list[int]:
    inbound: dict[int, int] = {}
    for u, to in enumerate(state.next):
        if to != NOWHERE and game.unit_side[u] != side and state.strength[u] > 0:
            inbound[to] = inbound.get(to, 0) + state.strength[u]
    threats = sorted((-_threat(game, state, side, p, at, inbound), p) for p in keep)
    for minus_threat, p in threats:
        if minus_threat == 0:
            break
        need = -minus_threat * 2 / 3
        have = 0.0
        for u in [u for u in free if state.place[u] == p and state.next[u] == NOWHERE]:
            if have >= need:
                break
            orders[u] = _order(game, HOLD, u, p)
            free.remove(u)
            have += state.strength[u]
        path = game.path_to(p)
        while have < need:
            near = [(path.cost[state.place[u]], u) for u in free
                    if path.cost[state.place[u]] <= DEFENCE_DAYS * game.unit_speed[u]
                    and _joins(game, state, side, u, path, p)]
            if not near:
                break
            _, u = min(near)
            orders[u] = _order(game, MOVE, u, p)
            free.remove(u)
            have += state.strength[u]
    return free


def _attack(game: Game, state: State, side: int, free: list[int], at: dict[int, list[int]],
            orders: dict[int, Order]) -> list[int]:
    """Send free units towards the goals; returns the enemy places where assaults wait."""
    goals = _goals(game, state, side, at)
    if not goals:
        for u in free:
            if state.next[u] == NOWHERE:
                orders[u] = _order(game, HOLD, u, state.place[u])
        return []
    assault: dict[int, list[int]] = {}
    power: dict[int, float] = {}   # attackers' power gathered against each target so far
    guard: dict[int, float] = {}   # defenders' power in each target
    for u in free:
        here = state.place[u]
        ways = sorted((game.path_to(g).cost[here], g) for g in goals)
        choice: tuple[int, Path, int | None, float] | None = None
        for _cost, goal in ways:
            path = game.path_to(goal)
            target = _first_hostile(game, state, side, u, path)
            if target is None:
                choice = (goal, path, target, 0.0)
                break
            if target not in guard:
                defenders = [x for x in at.get(target, []) if game.unit_side[x] != side]
                guard[target] = side_power(game, state, defenders, target, True)
            mine = side_power(game, state, [u], target, False)
            ratio = (power.get(target, 0.0) + mine) / guard[target] if guard[target] else \
                float("inf")
            if outcome_odds(ratio, game.rules)[0] >= ATTACK_ODDS:
                choice = (goal, path, target, mine)
                break
            choice = choice or (goal, path, target, mine)  # nothing it can take: the nearest
        assert choice is not None  # there are goals, so there was a way
        goal, path, target, mine = choice
        if target is None:
            orders[u] = _order(game, MOVE, u, goal)
        else:
            assault.setdefault(target, []).append(u)
            power[target] = power.get(target, 0.0) + mine
    waiting = []
    for target, units in sorted(assault.items()):
        costs = {u: c for u in units if (c := reach_cost(game, state, u, target)) is not None}
        near = list(costs)
        ready = [u for u, c in costs.items() if c <= game.unit_speed[u]]
        defenders = [x for x in at.get(target, []) if game.unit_side[x] != side]
        taken = engagement_odds(game, state, target, ready, defenders)[2] if ready and \
            defenders else (1.0 if ready else 0.0)
        go = taken >= ATTACK_ODDS
        for u in units:
            if u in ready and go:
                orders[u] = _order(game, ATTACK, u, target)
            elif u in near and u not in ready:
                orders[u] = _order(game, MOVE, u, target)  # close the distance on the road
            elif u not in near:  # march to the last friendly place before it, or wait there
                stage = _staging(game, state, side, u, game.path_to(target))
                standing = stage == state.place[u] and state.next[u] == NOWHERE
                orders[u] = _order(game, HOLD if standing else MOVE, u, stage)
            else:
                orders[u] = _order(game, HOLD, u, state.place[u])
        if not go:
            waiting.append(target)
    return waiting


def _first_hostile(game: Game, state: State, side: int, u: int, path: Path) -> int | None:
    """The first place on the unit's way that the enemy holds or contests."""
    p = state.next[u] if state.next[u] != NOWHERE else state.place[u]
    if state.next[u] != NOWHERE and (state.holder[p] != side or state.contested[p]):
        return p
    seen = 0
    while p != NOWHERE and seen <= len(game.places):
        if state.holder[p] != side or state.contested[p]:
            return p
        p = path.step[p]
        seen += 1
    return None


def _joins(game: Game, state: State, side: int, u: int, path: Path, p: int) -> bool:
    """Whether the unit's way to ``p`` crosses no enemy ground before ``p`` itself."""
    last = _staging(game, state, side, u, path)
    return last == p or path.step[last] == p


def _staging(game: Game, state: State, side: int, u: int, path: Path) -> int:
    """The last place the side holds before the enemy, on the unit's way."""
    p = state.place[u]
    for _ in game.places:  # a way passes each place once at most
        q = path.step[p]
        if q == NOWHERE:
            break
        if state.holder[q] != side or state.contested[q]:
            return p
        p = q
    return p


def _fire(game: Game, state: State, side: int, guns: list[int], at: dict[int, list[int]],
          waiting: list[int], orders: dict[int, Order]) -> None:
    fighting = [p for p, units in at.items()
                if len({game.unit_side[x] for x in units}) > 1]
    for u in guns:
        if state.next[u] != NOWHERE:
            continue
        reach = set(game.within(state.place[u], game.unit_range_km[u]))
        for candidates in (waiting, sorted(fighting)):
            shots = [p for p in candidates if p in reach]
            if shots:
                target = max(shots, key=lambda p: (enemy_strength(game, at, state, p, side), -p))
                break
        else:
            armed = [p for p in reach if enemy_strength(game, at, state, p, side) > 0]
            if not armed:
                continue
            target = max(armed, key=lambda p: (enemy_strength(game, at, state, p, side), -p))
        orders[u] = _order(game, BOMBARD, u, target)
