"""The heuristic commander's day: what it works out each morning, by the steps of its doctrine.

A :class:`Day` is the commander's view of one side's morning (who is where, what each place
needs, what is inbound, which ways lead where), worked out when first asked; its methods are
the five steps that :mod:`engine.play.ai` describes and takes in turn. The compiled copy,
engine/sim/kernel/_command.pyx, mirrors it method by method.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

from engine.play.metrics import objective_route
from engine.play.stakes import keep_all, keep_places, objective_places, start_holders
from engine.play.ways import Ways
from engine.scenario.doctrine import DEFAULT, Doctrine, Garrison
from engine.scenario.rules import AIR
from engine.sim.combat import carry_odds
from engine.sim.game import Game
from engine.sim.orders import Order
from engine.sim.queries import (
    assault_carry,
    enemy_strength,
    engagement_odds,
    nearest_friendly,
    present,
    reach_cost,
    side_power,
)
from engine.sim.state import NOWHERE, State
from engine.sim.verbs import ATTACK, BOMBARD, HOLD, MOVE, WITHDRAW, Verb

#: How many days' march away a unit may be pulled to defend or garrison a place.
DEFENCE_DAYS = 3.0
#: An attacker in a contested place gives up when its chance of carrying it falls below
#: this share of its ``attack_odds``.
GIVE_UP_SHARE = 1 / 3
#: What a bombardment of a place the side is assaulting is worth, in enemy troops killed,
#: per enemy expected killed: the strike also prepares the next day's assault.
SUPPORT_WEIGHT = 2.0


def doctrine_of(game: Game, side: int) -> Doctrine:
    """The side's doctrine in the scenario, or the default."""
    return game.scenario.doctrine.get(game.sides[side], DEFAULT)


def order_of(game: Game, verb: Verb, u: int, p: int) -> Order:
    return Order(verb.name, game.units[u], game.places[p])


def _pick(units: list[int], strength: list[int], need: float) -> list[int]:
    """The fewest of ``units`` whose people reach ``need``: the smallest one that does alone,
    else the largest first (units do not split)."""
    alone = sorted((strength[u], u) for u in units if strength[u] >= need)
    if alone:
        return [alone[0][1]]
    out, have = [], 0.0
    for u in sorted(units, key=lambda x: (-strength[x], x)):
        if have >= need:
            break
        out.append(u)
        have += strength[u]
    return out


class Day:
    """What the commander knows of the day and works out once: who is where, what each
    place needs, what is inbound."""

    def __init__(self, game: Game, state: State, side: int, doc: Doctrine, attack_odds: float,
                 yield_odds: float, focus: int | None = None) -> None:
        self.game, self.state, self.side, self.doc = game, state, side, doc
        self.attack_odds, self.yield_odds = attack_odds, yield_odds
        self.days = int(doc.assault_days.value)
        self.focus = focus
        self.at = present(game, state)
        self.ways = Ways(game, state, side)
        self.start_holder = start_holders(game)

    # what follows is worked out when first asked: a commander asked about one unit in
    # contact needs little of it
    @functools.cached_property
    def mine(self) -> list[int]:
        game, st = self.game, self.state
        return [u for u in range(len(game.units)) if game.unit_side[u] == self.side
                and st.place[u] != NOWHERE and st.strength[u] > 0]

    @functools.cached_property
    def keep(self) -> set[int]:
        return keep_places(self.game, self.state, self.side)

    @functools.cached_property
    def enemies(self) -> list[int]:
        game, st = self.game, self.state
        return [u for u in range(len(game.units)) if game.unit_side[u] != self.side
                and st.place[u] != NOWHERE and st.strength[u] > 0 and game.unit_ground[u]
                and game.unit_speed[u] > 0 and not game.unit_fires[u]]

    @functools.cached_property
    def inbound(self) -> dict[int, int]:
        """Enemy people on the road into each place."""
        game, st = self.game, self.state
        out: dict[int, int] = {}
        for u, to in enumerate(st.next):
            if to != NOWHERE and game.unit_side[u] != self.side and st.strength[u] > 0:
                out[to] = out.get(to, 0) + st.strength[u]
        return out

    @functools.cached_property
    def enemy_people(self) -> dict[int, int]:
        """Enemy people standing in each place."""
        return {q: n for q in self.at
                if (n := enemy_strength(self.game, self.at, self.state, q, self.side)) > 0}

    @functools.cached_property
    def their_keep(self) -> set[int]:
        return set().union(*(keep_places(self.game, self.state, s)
                             for s in self.game.other_sides(self.side)))

    # -- who is near -----------------------------------------------------------------------
    @functools.cached_property
    def threats(self) -> dict[int, int]:
        """Enemy people next to each place or on the road into it (places with none left
        out): each enemy-held spot's people counted at its roads' other ends (roads run
        both ways)."""
        out = dict(self.inbound)
        for q, n in self.enemy_people.items():
            for to in self.game.road_costs[q]:
                out[to] = out.get(to, 0) + n
        return out

    def threat(self, p: int) -> int:
        """Enemy people next to ``p`` or on the road into it."""
        return self.threats.get(p, 0)

    @functools.cached_property
    def entrants(self) -> dict[int, list[int]]:
        """Each enemy ground unit not held in a fight, by the places it could enter today
        (its own, the next ones by road, or the two ends of its road), in unit order."""
        game, st = self.game, self.state
        out: dict[int, list[int]] = {}
        for u in self.enemies:
            here = st.place[u]
            if st.next[u] == NOWHERE:
                near = [here] if st.contested[here] else [here, *game.road_costs[here]]
            else:
                near = [here, st.next[u]]
            for q in near:
                cost = reach_cost(game, st, u, q)
                if cost is not None and cost <= game.unit_speed[u]:
                    out.setdefault(q, []).append(u)
        return out

    # -- 1. in contact ---------------------------------------------------------------------
    def in_contact(self, u: int) -> Order:
        game, st, side = self.game, self.state, self.side
        here = st.place[u]
        units = self.at.get(here, [])
        ours = [x for x in units if game.unit_side[x] == side]
        theirs = [x for x in units if game.unit_side[x] != side]
        if not theirs:
            return order_of(game, HOLD, u, here)
        if st.holder[here] == side:
            taken = engagement_odds(game, st, here, theirs, ours)[2]
            give = self.yield_odds if here not in self.keep else (1 + self.yield_odds) / 2
            if taken >= give:
                back = nearest_friendly(game, st, side, here)
                if back is not None:
                    return order_of(game, WITHDRAW, u, back)
            return order_of(game, HOLD, u, here)
        if assault_carry(game, st, here, ours, theirs, self.days) < \
                self.attack_odds * GIVE_UP_SHARE:
            back = nearest_friendly(game, st, side, here)
            if back is not None:
                return order_of(game, WITHDRAW, u, back)
        return order_of(game, ATTACK, u, here)

    # -- 2. reserves -----------------------------------------------------------------------
    def reserves(self, free: list[int], orders: dict[int, Order]) -> list[int]:
        """Hold uncommitted reserves; send committed ones to the place that called them."""
        game, st = self.game, self.state
        index = game.unit_index
        for res in self.doc.reserves:
            units = [index[n] for n in res.units if n in index and index[n] in free]
            if not units:
                continue
            call = self._called(res.places, res.commit)
            for u in units:
                free.remove(u)
                if call is None:
                    if st.next[u] == NOWHERE:
                        orders[u] = order_of(game, HOLD, u, st.place[u])
                    continue
                here = st.place[u] if st.next[u] == NOWHERE else NOWHERE
                if here == call:
                    orders[u] = order_of(game, HOLD, u, call)
                else:
                    cost = reach_cost(game, st, u, call)
                    close = cost is not None and cost <= game.unit_speed[u]
                    verb = ATTACK if self.ways.hostile(call) and close else MOVE
                    orders[u] = order_of(game, verb, u, call)
        return free

    def _called(self, names: Iterable[str], commit: str) -> int | None:
        """The place that commits a reserve today, or None: the first of its places (default:
        the side's must-keep places at the start) that is lost, or threatened if the reserve
        goes in on a threat."""
        game, st, side = self.game, self.state, self.side
        places = [game.theatre.index[n] for n in names] or sorted(
            p for p in keep_all(game, side) if self.start_holder[p] == side)
        lost = [p for p in places if (st.holder[p] != side
                and self.start_holder[p] == side) or st.contested[p]]
        if lost:
            return lost[0]
        if commit == "threatened":
            threatened = [p for p in places if st.holder[p] == side and self.threat(p) > 0]
            if threatened:
                return max(threatened, key=lambda p: (self.threat(p), -p))
        return None

    # -- 3. garrisons and defence ----------------------------------------------------------
    def garrison(self, p: int) -> float:
        """People the doctrine wants in ``p`` today: for the places and place types it names,
        whenever enemy troops are next to them; for the kinds of place, when enemy troops
        free to attack are (0 behind the front: a garrison there would pin a whole unit, as
        units do not split, for nothing)."""
        if self.threat(p) <= 0:
            return 0.0
        free_enemy = bool(self.threatening(p))
        return max((g.strength.value for g in self.doc.garrison
                    if self._garrisons(g, p, free_enemy)), default=0.0)

    def _garrisons(self, g: Garrison, p: int, free_enemy: bool) -> bool:
        game = self.game
        place = game.scenario.places[game.places[p]]
        if place.id in g.places or place.type in g.types:
            return True
        if not free_enemy:
            return False
        kinds = set(g.kinds)
        if "sources" in kinds and p in game.sources[self.side]:
            return True
        if "captured" in kinds and self.start_holder[p] != self.side:
            return True
        return "objectives" in kinds and p in objective_places(game)

    @functools.cached_property
    def assailants(self) -> dict[int, list[int]]:
        """The enemy troops that could assault each place today or tomorrow: standing next
        to it or on the road into it, and neither held in a fight of their own nor holding
        a place their side must keep (a garrison that leaves its post to attack hands it
        over, so counting it as a threat everywhere would pin both sides in mutual fear)."""
        game, st = self.game, self.state
        by: dict[int, set[int]] = {}
        for u in self.enemies:
            here = st.place[u]
            if st.next[u] != NOWHERE:
                by.setdefault(st.next[u], set()).add(u)
            elif not st.contested[here] and here not in self.their_keep:
                for to in game.road_costs[here]:
                    by.setdefault(to, set()).add(u)
        return {q: sorted(us) for q, us in by.items()}

    def threatening(self, p: int) -> list[int]:
        """The enemy troops that could assault ``p`` today or tomorrow, in unit order."""
        return self.assailants.get(p, [])

    def at_risk(self, p: int, defenders: list[int]) -> bool:
        """Whether the enemy next to ``p`` would carry it against ``defenders`` at odds its
        own doctrine attacks at."""
        enemy = self.threatening(p)
        if not enemy:
            return False
        if not defenders:
            return True
        rival = doctrine_of(self.game, self.game.unit_side[enemy[0]])
        return assault_carry(self.game, self.state, p, enemy, defenders,
                             int(rival.assault_days.value)) >= rival.attack_odds.value

    def defend(self, free: list[int], orders: dict[int, Order]) -> list[int]:
        """Garrison the front and hold the places the side must keep: first each place keeps
        what it needs of the units already in it, then the places still short call on the
        nearest free units within :data:`DEFENCE_DAYS`' march."""
        game, st, side = self.game, self.state, self.side
        # a place no enemy is next to needs no garrison, and nobody threatens it
        held = sorted(p for p, n in self.threats.items() if n > 0 and st.holder[p] == side
                      and not st.contested[p])
        wants = [(p, self.garrison(p), p in self.keep and bool(self.threatening(p)))
                 for p in held]
        wants = [w for w in wants if w[1] > 0 or w[2]]
        short: list[tuple[int, float, list[int], bool]] = []
        standing: dict[int, list[int]] = {}   # free units standing in each place
        for u in free:
            if st.next[u] == NOWHERE:
                standing.setdefault(st.place[u], []).append(u)
        taken: set[int] = set()
        for p, people, keep in wants:
            here = standing.get(p, [])
            stay = _pick(here, st.strength, people) if people > 0 else []
            for u in sorted(here, key=lambda x: (-st.strength[x], x)):
                if not keep or not self.at_risk(p, stay):
                    break
                if u not in stay:
                    stay.append(u)
            for u in stay:
                orders[u] = order_of(game, HOLD, u, p)
                taken.add(u)
            if sum(st.strength[u] for u in stay) < people or (keep and self.at_risk(p, stay)):
                short.append((p, people, stay, keep))
        for p, people, stay, keep in short:
            path = game.path_to(p)
            near = [u for u in free if u not in taken and path.cost[st.place[u]]
                    <= DEFENCE_DAYS * game.unit_speed[u] and self.ways.joins(u, p)]
            near.sort(key=lambda u: (path.cost[st.place[u]], u))
            for u in near:
                if sum(st.strength[x] for x in stay) >= people and not (
                        keep and self.at_risk(p, stay)):
                    break
                orders[u] = order_of(game, MOVE, u, p)
                taken.add(u)
                stay.append(u)
        return [u for u in free if u not in taken]

    # -- 4. offence ------------------------------------------------------------------------
    def goals(self) -> list[tuple[int, int]]:
        """(rank, place) of the places the side wants and does not hold: rank is the goal's
        place in the doctrine's order (unlisted goals after)."""
        game, st, side = self.game, self.state, self.side
        index = game.theatre.index
        order = {g: i for i, g in enumerate(self.doc.goals)}
        goals: dict[int, int] = {}
        for oid, obj in game.scenario.objectives.items():
            if game.sides.index(obj.side) != side:
                continue
            rank = order.get(oid, len(order))
            wanted: set[int] = set()
            if obj.place is not None:
                wanted.add(index[obj.place])
            elif obj.kind == "open_route":
                wanted |= {index[p] for p in objective_route(game, obj)}
            elif obj.kind == "cut_route":
                route = [index[p] for p in objective_route(game, obj)]
                if route and all(st.holder[p] != side for p in route):  # open for the enemy
                    wanted.add(min(route, key=lambda p: (
                        enemy_strength(game, self.at, st, p, side), p)))
            for p in wanted:
                if self.ways.hostile(p):
                    goals[p] = min(goals.get(p, rank), rank)
        for p in self.supply_breaks():
            goals[p] = -1
        ranked = sorted((r, p) for p, r in goals.items())
        if self.focus is not None:
            return ranked[self.focus:self.focus + 1] if self.focus < len(ranked) else []
        return ranked

    def supply_breaks(self) -> set[int]:
        """Where the side's supply line is cut: for each unit out of supply, the first enemy
        place on its cheapest way back to a supply source. Reopening it comes before every
        other goal: an army out of supply wastes away."""
        game, st, side = self.game, self.state, self.side
        out: set[int] = set()
        sources = game.sources[side]
        if not sources:
            return out
        for u in self.mine:
            if st.supplied[u] or not game.unit_ground[u] or st.next[u] != NOWHERE:
                continue
            here = st.place[u]
            src = min(sources, key=lambda s: (game.path_to(s).cost[here], s))
            path = game.path_to(src)
            p = path.step[here]
            for _ in game.places:
                if p == NOWHERE:
                    break
                if self.ways.hostile(p):
                    out.add(p)
                    break
                p = path.step[p]
        return out

    def attack(self, free: list[int], orders: dict[int, Order]) -> list[int]:
        """Send free units towards the goals; returns the enemy places where assaults wait."""
        game, st = self.game, self.state
        goals = self.goals()
        if not goals:
            return []
        assault: dict[int, list[int]] = {}
        power: dict[int, float] = {}   # attackers' power gathered against each target so far
        guard: dict[int, float] = {}   # defenders' power in each target (and who may enter)
        to_goal = [(rank, game.path_to(g).cost, g) for rank, g in goals]
        for u in free:
            here = st.place[u]
            ways = sorted((rank, cost[here], g) for rank, cost, g in to_goal)
            choice: tuple[int, int | None, float] | None = None
            for _rank, cost, goal in ways:
                if cost == float("inf"):
                    continue
                target = self.ways.first_hostile(u, goal)
                if target is None:
                    choice = (goal, target, 0.0)
                    break
                if target not in guard:
                    guard[target] = side_power(game, st, self.defenders(target), target, True)
                mine = side_power(game, st, [u], target, False)
                ratio = (power.get(target, 0.0) + mine) / guard[target] if guard[target] else \
                    float("inf")
                if carry_odds(ratio, self.days, game.rules) >= self.attack_odds:
                    choice = (goal, target, mine)
                    break
                choice = choice or (goal, target, mine)  # nothing it can take: nearest
            if choice is None:
                continue
            goal, target, mine = choice
            if target is None:
                orders[u] = order_of(game, MOVE, u, goal)
            else:
                assault.setdefault(target, []).append(u)
                power[target] = power.get(target, 0.0) + mine
        waiting = []
        for target, units in sorted(assault.items()):
            costs = {u: c for u in units if (c := reach_cost(game, st, u, target)) is not None}
            ready = [u for u, c in costs.items() if c <= game.unit_speed[u]]
            defenders = self.defenders(target)
            if ready and defenders:
                taken = assault_carry(game, st, target, ready, defenders, self.days)
            else:
                taken = 1.0 if ready else 0.0
            go = taken >= self.attack_odds
            for u in units:
                if u in ready and go:
                    orders[u] = order_of(game, ATTACK, u, target)
                elif u in costs and u not in ready:
                    orders[u] = order_of(game, MOVE, u, target)  # close the distance on the road
                elif u not in costs:  # march to the last friendly place before it, or wait
                    stage = self.ways.staging(u, target)
                    standing = stage == st.place[u] and st.next[u] == NOWHERE
                    orders[u] = order_of(game, HOLD if standing else MOVE, u, stage)
                else:
                    orders[u] = order_of(game, HOLD, u, st.place[u])
            if not go:
                waiting.append(target)
        return waiting

    def defenders(self, target: int) -> list[int]:
        """The enemy troops an assault on ``target`` may meet: those in it, and, if it is
        empty, those that could march into it today."""
        inside = [x for x in self.at.get(target, []) if self.game.unit_side[x] != self.side]
        return inside or list(self.entrants.get(target, ()))

    # -- 5. fire ---------------------------------------------------------------------------
    def fire(self, guns: list[int], waiting: list[int], given: Mapping[int, Order],
             orders: dict[int, Order]) -> None:
        game, st, rules = self.game, self.state, self.game.rules
        assaulted = {game.theatre.index[o.place] for o in given.values()
                     if o.verb == ATTACK.name} | set(waiting)
        fighting = {p for p, units in self.at.items()
                    if len({game.unit_side[x] for x in units}) > 1}
        weight = self.doc.civilian_weight.value
        for u in guns:
            if st.next[u] != NOWHERE:
                continue
            volume = st.strength[u] * st.readiness[u] * (
                1.0 if game.unit_type[u] == AIR else rules["artillery_fire"])
            best: tuple[float, int] | None = None
            for p in game.within(st.place[u], game.unit_range_km[u]):
                enemy = self.enemy_people.get(p, 0)
                if not enemy:
                    continue
                killed = volume * rules["sortie_casualties"] * rules["loss_scale"]
                worth = killed * (SUPPORT_WEIGHT if p in assaulted else 1.0) * (
                    1.0 if p in assaulted or p in fighting else 0.5)
                dense = min(1.0, st.population[p] / rules["population_reference"])
                harm = weight * volume * rules["sortie_civilians"] * dense
                value = worth - harm
                if value > 0 and (best is None or (value, -p) > (best[0], -best[1])):
                    best = (value, p)
            if best is not None:
                orders[u] = order_of(game, BOMBARD, u, best[1])
            elif game.unit_speed[u] > 0 and waiting:
                stage = self.ways.staging(u, min(waiting))
                if stage != st.place[u]:
                    orders[u] = order_of(game, MOVE, u, stage)
