# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False, nonecheck=False
"""The turn, compiled: the phases of engine.sim over C arrays (engine/sim/kernel/_core).

Each function here is the phase of the same name in :mod:`engine.sim`, written again line
for line, so that the readable rules stay the reference and this is only their fast copy: a
test plays many campaigns through both and requires the same state every day, and a change
to a rule is made in both in one commit. Events and outcomes are built as the reference
builds them: they are few, and the texts are the same.
"""

from cpython.array cimport array
from libc.math cimport INFINITY, isinf
from libc.stdint cimport int64_t, uint64_t

from engine.sim.kernel._core cimport (
    BOMBARDMENT_CODE,
    ENGAGEMENT_CODE,
    HASTY,
    MOVING,
    NOWHERE,
    PREPARED,
    V_ATTACK,
    V_BOMBARD,
    V_MOVE,
    V_WITHDRAW,
    Board,
    Chance,
    Columns,
    Present,
    apply_losses,
    capped,
    casualties,
    closed_to,
    crosses,
    doubles,
    fall_back,
    fighting_power,
    held_at_dawn,
    fits,
    flags_of,
    ints,
    known,
    loss_fractions,
    outcome_odds,
    pick,
    round6,
    route,
    side_power,
)

from engine.sim.chance import HIT, Outcome
from engine.sim.control import dated_fates, fates
from engine.sim.kernel._core import VERB_NAMES

DEF EPS = 1e-9
#: Python's own round (to even, on the decimal digits), never C's.
import builtins

cdef object _round = builtins.round


# --- phase 1: movement -------------------------------------------------------------------
cdef void advance(Board b, Columns s, int u, int dest, double budget, double *cost,
                  int *step, signed char *held, signed char *contested, dict passed):
    """movement.advance, with its ``stop``: entering a place contested at dawn, or one the
    enemy stood in at dawn, ends the march; an enemy place marched into is noted."""
    cdef int here, to, i, side = b.unit_side[u]
    cdef double leg, done
    for i in range(2 * b.m + 2):
        here, to = s.place[u], s.next[u]
        if to == NOWHERE:
            if here == dest or step[here] == NOWHERE:
                return
            s.next[u], s.progress[u] = step[here], 0.0
            continue
        leg = b.road(here, to)
        done = s.progress[u]
        if done + cost[here] < leg - done + cost[to]:
            s.place[u], s.next[u], s.progress[u] = to, here, leg - done
            here, to, done = to, here, leg - done
        if budget + EPS < leg - done:
            s.progress[u] = round6(done + budget)
            return
        budget -= leg - done
        s.place[u], s.next[u], s.progress[u] = to, NOWHERE, 0.0
        if to == dest:
            return
        if contested[to] or held[2 * to + 1 - side]:
            return
        if s.holder[to] != side:
            passed.setdefault(to, set()).add(u)


cdef dict movement(Board b, Columns s, signed char *marches, int *dest, object log):
    """movement.movement: returns the units that marched through each enemy place."""
    cdef int u, before_place, before_next
    cdef double before_progress
    cdef array held_a = held_at_dawn(b, s)
    cdef signed char *held = held_a.data.as_schars
    cdef array contested_a = array("b", s.a_contested)
    cdef signed char *contested = contested_a.data.as_schars
    cdef double *cost
    cdef int *step
    cdef dict passed = {}, ways = {}
    cdef list closed = [None, None]
    cdef tuple around
    for u in range(b.n):
        before_place, before_next, before_progress = s.place[u], s.next[u], s.progress[u]
        if marches[u]:
            cost = b.cost_to(dest[u])    # fetches the paths, the step's with them
            step = b.step_to(dest[u])
            if closed[b.unit_side[u]] is None:
                closed[b.unit_side[u]] = closed_to(b, s, b.unit_side[u], held, contested)
            if crosses(b, s, u, dest[u], cost, step,
                       (<array>closed[b.unit_side[u]]).data.as_uchars):
                around = route(b, s, u, dest[u], <array>closed[b.unit_side[u]], ways)
                if around is not None:
                    cost = (<array>around[0]).data.as_doubles
                    step = (<array>around[1]).data.as_ints
            advance(b, s, u, dest[u], b.unit_speed[u], cost, step, held, contested, passed)
        if s.place[u] != before_place or s.next[u] != before_next \
                or s.progress[u] != before_progress:
            s.posture[u] = MOVING
            if s.next[u] == NOWHERE and log is not None:
                log("move", s.place[u], f"{b.unit_names[u]} reaches "
                    f"{b.place_names[s.place[u]]}", (u,))
        elif s.place[u] != NOWHERE:
            s.posture[u] = HASTY if s.posture[u] == MOVING else PREPARED
    return passed


# --- phase 2: engagements ----------------------------------------------------------------
cdef tuple engagements(Board b, Columns s, int *origin, uint64_t key, object forced,
                       object log, Chance c):
    """engagement.engagements: every fight of the morning's standing, in place order."""
    cdef Present at = Present(b, s)
    cdef int p, i, u, holder, att_side, na, nd, n, result, draw
    cdef int64_t n_att, n_def, sheltered
    cdef double att_power, def_power, ratio
    cdef double f[2]
    f[0] = f[1] = 0.0
    cdef double odds[3]
    cdef bint surprise
    cdef array group_a
    cdef int *group
    fights = []
    for p in range(b.m):
        holder = s.holder[p]
        na = nd = 0
        for i in range(at.start[p], at.start[p + 1]):
            if b.unit_side[at.units[i]] == holder:
                nd += 1
            else:
                na += 1
        if na and nd:
            group_a = ints(na + nd)
            group = group_a.data.as_ints
            na = nd = 0
            n = at.count(p)
            for i in range(at.start[p], at.start[p + 1]):   # attackers first, then defenders
                if b.unit_side[at.units[i]] != holder:
                    group[na] = at.units[i]
                    na += 1
            for i in range(at.start[p], at.start[p + 1]):
                if b.unit_side[at.units[i]] == holder:
                    group[na + nd] = at.units[i]
                    nd += 1
            fights.append((p, na, group_a))
    outcomes, thrown = [], set()
    cdef array fought_a = flags_of(b.m)
    cdef signed char *fought = fought_a.data.as_schars
    cdef int day = s.day
    for p, na, group_a in fights:
        group = group_a.data.as_ints
        n = len(group_a)
        holder = s.holder[p]
        att_side = b.unit_side[group[0]]
        c.start(key, day, b.place_key[p], ENGAGEMENT_CODE * 16)
        name = b.place_names[p]
        force = forced.get((day, "engagement", name, b.side_names[att_side])) if forced \
            else None
        surprise = force is not None and force.surprise
        if not surprise:
            for i in range(na, n):
                if day in b.unit_surprised[group[i]]:
                    surprise = True
                    break
        att_power = side_power(b, s, group, 0, na, p, False, surprise)
        def_power = side_power(b, s, group, na, n, p, True, False)
        ratio = att_power / def_power if def_power > 0 else INFINITY
        outcome_odds(ratio, &b.r, odds)
        draw = pick(odds, 3, c.random())
        forced_result = force.result if force is not None else None
        result_name = forced_result or b.outcome_names[draw]
        n_att = n_def = sheltered = 0
        for i in range(na):
            n_att += s.strength[group[i]]
        for i in range(na, n):
            n_def += s.strength[group[i]]
            if s.posture[group[i]] == PREPARED:
                sheltered += s.strength[group[i]]
        loss_fractions(fighting_power(b, s, group, 0, na), fighting_power(b, s, group, na, n),
                       &b.r, <double>sheltered / n_def if n_def else 0.0, s.assault[p], f)
        drawn_att = casualties(c, f[0] * n_att, n_att, b.r.killed_share)
        drawn_def = casualties(c, f[1] * n_def, n_def, b.r.killed_share)
        if force is not None and force.losses is not None:
            drawn_att = capped(force.losses.get(b.side_names[att_side], drawn_att), n_att)
            drawn_def = capped(force.losses.get(b.side_names[holder], drawn_def), n_def)
        apply_losses(s, group, 0, na, drawn_att[0], drawn_att[1])
        apply_losses(s, group, na, n, drawn_def[0], drawn_def[1])
        fought[p] = 1
        s.assault[p] = s.assault[p] + 1 if result_name == "stalemate" else 0
        if log is not None:
            outcomes.append(Outcome(day, "engagement", name, b.side_names[att_side],
                                    result_name,
                                    (round6(odds[0]), round6(odds[1]), round6(odds[2])),
                                    ((b.side_names[att_side], *drawn_att),
                                     (b.side_names[holder], *drawn_def))))
            ratio = att_power / def_power if def_power else INFINITY
            how = " by surprise" if surprise else ""
            log("engagement", p, f"{b.side_names[att_side]} attack {name}{how} at "
                f"{ratio:.1f}:1: {result_name}; killed {drawn_att[0]} "
                f"{b.side_names[att_side]}, {drawn_def[0]} {b.side_names[holder]}",
                [group[i] for i in range(n)])
        if result_name == "taken":
            thrown |= fall_back(b, s, [group[i] for i in range(na, n) if s.strength[group[i]] > 0],
                                p, origin, False, log)
        elif result_name == "repulsed":
            thrown |= fall_back(b, s, [group[i] for i in range(na) if s.strength[group[i]] > 0],
                                p, origin, True, log)
    for p in range(b.m):   # an assault not pressed today starts again
        if s.assault[p] and not fought[p]:
            s.assault[p] = 0
    return outcomes, thrown


# --- phase 3: bombardment ----------------------------------------------------------------
cdef list bombardment(Board b, Columns s, list fire_orders, uint64_t key, object forced,
                      object log, Chance c):
    """bombardment.bombardment: each (place, firing side) pools its units' volume."""
    cdef int u, p, side, enemy, i, nt
    cdef double volume, hit, dense, expected, rate
    cdef int64_t strength, people, civilians, fled, killed
    fire, firing = {}, {}
    for u, p in fire_orders:     # in unit order
        if s.strength[u] <= 0:
            continue
        volume = s.strength[u] * s.readiness[u]
        if not b.unit_air[u]:
            volume *= b.r.artillery_fire
        target = (p, b.unit_side[u])
        fire[target] = fire.get(target, 0.0) + volume
        firing.setdefault(target, []).append(u)
    for p in range(b.m):
        s.bombarded_by[p] = NOWHERE
    cdef Present at = Present(b, s)
    cdef array targets_a = ints(b.n)
    cdef int *targets = targets_a.data.as_ints
    outcomes = []
    cdef int day = s.day
    for (p, side), volume in sorted(fire.items()):
        c.start(key, day, b.place_key[p], BOMBARDMENT_CODE * 16 + side)
        name = b.place_names[p]
        force = forced.get((day, "bombardment", name, b.side_names[side])) if forced else None
        nt = 0
        for i in range(at.start[p], at.start[p + 1]):
            if b.unit_side[at.units[i]] != side:
                targets[nt] = at.units[i]
                nt += 1
        enemy = b.unit_side[targets[0]] if nt else 1 - side
        strength = 0
        for i in range(nt):
            strength += s.strength[targets[i]]
        expected = volume * b.r.sortie_casualties * b.r.loss_scale if nt else 0.0
        losses = casualties(c, expected, strength, b.r.killed_share)
        if force is not None and force.losses is not None:
            losses = capped(force.losses.get(b.side_names[enemy], losses), strength)
        apply_losses(s, targets, 0, nt, losses[0], losses[1])
        for i in range(nt):
            u = targets[i]
            if s.strength[u] > 0:
                hit = b.r.suppression * volume * 100 / max(strength, 1)
                s.readiness[u] = round6(max(b.r.readiness_floor, s.readiness[u] - hit))
        people = s.population[p]
        dense = min(1.0, people / b.r.population_reference)
        expected = volume * b.r.sortie_civilians * dense
        if expected <= 0 or people <= 0:
            civilians = 0
        else:
            rate = c.gamma(b.r.civilian_dispersion, expected / b.r.civilian_dispersion)
            civilians = c.poisson_at_most(rate, people)
        if force is not None and force.civilians is not None:
            civilians = min(<int64_t>force.civilians, people)
        fled = c.binomial(people - civilians, b.r.flight_rate) if people else 0
        if force is not None and force.displaced is not None:
            fled = min(<int64_t>force.displaced, people - civilians)
        s.population[p] -= civilians + fled
        s.civilians_killed[p] += civilians
        s.displaced[p] += fled
        s.bombarded_by[p] = side
        if log is None:
            continue
        outcomes.append(Outcome(day, "bombardment", name, b.side_names[side], HIT, (),
                                ((b.side_names[enemy], *losses),), civilians, fled))
        log("bombardment", p, f"{b.side_names[side]} bombard {name} ({volume:.0f} "
            f"sorties): killed {losses[0]} {b.side_names[enemy]}, {civilians} civilians; "
            f"{fled} people flee", firing[(p, side)])
    return outcomes


# --- phase 4: supply ---------------------------------------------------------------------
cdef void supplied_places(Board b, Columns s, int side, signed char *reached, int *queue):
    cdef int p, k, to, top = 0, here
    for p in range(b.m):
        reached[p] = 0
    for k in range(b.source_start[side], b.source_start[side + 1]):
        p = b.source_place[k]
        if s.holder[p] == side and not s.contested[p] and not reached[p]:
            reached[p] = 1
            queue[top] = p
            top += 1
    while top:
        top -= 1
        here = queue[top]
        for k in range(b.road_start[here], b.road_start[here + 1]):
            to = b.road_to[k]
            if s.holder[to] == side and not s.contested[to] and not reached[to]:
                reached[to] = 1
                queue[top] = to
                top += 1


cdef void supply(Board b, Columns s, object log):
    """supply.supply: trace each side's supply, wear or restore units, mark sieges."""
    cdef array reached_a = flags_of(2 * b.m)
    cdef signed char *r0 = reached_a.data.as_schars
    cdef signed char *r1 = r0 + b.m
    cdef signed char *r
    cdef array queue_a = ints(b.m + 1)
    cdef int *queue = queue_a.data.as_ints
    cdef int u, p, k, h
    cdef bint ok, cut
    cdef int64_t lost
    supplied_places(b, s, 0, r0, queue)
    supplied_places(b, s, 1, r1, queue)
    for u in range(b.n):
        p = s.place[u]
        if p == NOWHERE or s.strength[u] <= 0:
            continue
        r = r0 if b.unit_side[u] == 0 else r1
        if not b.unit_ground[u]:
            ok = s.holder[p] == b.unit_side[u]
        elif s.next[u] != NOWHERE:
            ok = r[p] or r[s.next[u]]
        else:
            ok = r[p]
            if not ok:
                for k in range(b.road_start[p], b.road_start[p + 1]):
                    if r[b.road_to[k]]:
                        ok = True
                        break
        if ok != (s.supplied[u] != 0) and log is not None:
            log("supply", p, f"{b.unit_names[u]} is "
                f"{'back in supply' if ok else 'out of supply'}", (u,))
        s.supplied[u] = ok
        if ok:
            if s.bombarded_by[p] == NOWHERE or s.bombarded_by[p] == b.unit_side[u]:
                s.readiness[u] = round6(min(1.0, s.readiness[u] + b.r.readiness_recovery))
        elif s.readiness[u] > b.r.readiness_floor + EPS:
            s.readiness[u] = round6(max(b.r.readiness_floor,
                                        s.readiness[u] - b.r.readiness_loss))
        else:
            lost = min(s.strength[u], max(1, <int64_t>_round(s.strength[u]
                                                             * b.r.unsupplied_attrition)))
            s.strength[u] -= lost
            s.dispersed[u] += lost
    for p in range(b.m):
        h = s.holder[p]
        cut = b.source_start[h + 1] > b.source_start[h] and not (r0[p] if h == 0 else r1[p])
        if cut and not s.besieged[p] and log is not None:
            log("besieged", p, f"{b.place_names[p]} is cut off from {b.side_names[h]}'s supply")
        s.besieged[p] = cut


# --- phase 5: control, arrivals ----------------------------------------------------------
cdef void rebase(Board b, Columns s, int place, object log):
    """control._rebase: air units whose base is lost fly to the nearest place their side
    holds (by road cost from the lost base, then number)."""
    cdef int u, q, side, best
    cdef double best_cost, cq
    cdef double *cost
    for u in range(b.n):
        if b.unit_ground[u] or s.place[u] != place or s.strength[u] <= 0:
            continue
        side = b.unit_side[u]
        cost = b.cost_to(place)
        best, best_cost = NOWHERE, INFINITY
        for q in range(b.m):
            cq = cost[q]
            if s.holder[q] == side and not s.contested[q] and cq < INFINITY \
                    and (best == NOWHERE or cq < best_cost):
                best, best_cost = q, cq
        if best != NOWHERE:
            s.place[u] = best
            if log is not None:
                log("rebase", best, f"{b.unit_names[u]} loses its base {b.place_names[place]} "
                f"and moves to {b.place_names[best]}", (u,))


cdef void control(Board b, Columns s, dict passed, set thrown, object log):
    """control.control: holders change by the rule."""
    cdef Present at = Present(b, s)
    cdef int p, i, u, new, k
    cdef int sides_here
    for p in sorted(passed):
        through = {b.unit_side[u] for u in passed[p] if s.strength[u] > 0 and u not in thrown}
        if at.count(p) == 0 and len(through) == 1 and not s.contested[p]:
            (new,) = through
            if s.holder[p] != new:
                if log is not None:
                    log("captured", p, f"{b.side_names[new]} take {b.place_names[p]} from "
                        f"{b.side_names[s.holder[p]]} on the march")
                    fates(b.game, p, s.holder[p], log)
                s.holder[p] = new
                rebase(b, s, p, log)
    for p in range(b.m):
        if at.count(p) == 0:
            continue
        sides_here = 0
        for i in range(at.start[p], at.start[p + 1]):
            sides_here |= 1 << b.unit_side[at.units[i]]
        if sides_here == 3:
            if not s.contested[p] and log is not None:
                log("contested", p, f"{b.place_names[p]} is contested")
            s.contested[p] = True
        elif not (sides_here >> s.holder[p]) & 1:
            new = 0 if sides_here == 1 else 1
            if log is not None:
                log("captured", p, f"{b.side_names[new]} take {b.place_names[p]} from "
                    f"{b.side_names[s.holder[p]]}", [at.units[i] for i in
                                                      range(at.start[p], at.start[p + 1])])
                fates(b.game, p, s.holder[p], log)
            s.holder[p], s.contested[p] = new, False
            rebase(b, s, p, log)
        elif s.contested[p]:
            s.contested[p] = False
            if log is not None:
                log("secured", p, f"{b.side_names[s.holder[p]]} secure {b.place_names[p]}")


cdef void arrivals(Board b, Columns s, object log):
    cdef int u
    for u in range(b.n):
        if b.unit_arrives[u] == s.day and s.day > 0 and s.place[u] == NOWHERE:
            s.place[u] = b.unit_start[u]
            s.strength[u] = b.unit_strength[u]
            s.posture[u] = MOVING
            if log is not None:
                log("arrival", s.place[u], f"{b.unit_names[u]} arrives in "
                f"{b.place_names[s.place[u]]} ({s.strength[u]})", (u,))
    if log is not None:
        dated_fates(b.game, s.day, log)


# --- the turn ----------------------------------------------------------------------------
def turn(Board b, Columns s, dict orders, uint64_t key, object forced, object log):
    """One day, as engine.sim.turn.play_turn after its orders are checked: ``s`` is the
    morning's columns, which the day changes into the next morning's; ``orders`` maps unit
    numbers to the (verb, place) numbers of their accepted orders. Returns the outcomes and
    writes the events to ``log``; with no log (a campaign played for its states alone) it
    makes neither: the states are the same."""
    fits(b, s)
    cdef array origin_a = array("i", s.a_place)
    cdef array marches_a = flags_of(b.n)
    cdef array dest_a = ints(b.n)
    cdef signed char *marches = marches_a.data.as_schars
    cdef int *dest = dest_a.data.as_ints
    cdef int u, verb
    cdef Chance c = Chance()
    fire_orders = []
    for u in sorted(orders):
        verb, p = orders[u]
        known(b, u, p)
        if not 0 <= verb < len(VERB_NAMES):
            raise ValueError(f"no verb {verb} among {len(VERB_NAMES)}")
        if s.place[u] == NOWHERE:
            raise ValueError(f"unit {u} is not on the map: it can carry out no order")
        # the verbs that march and fire, as engine.sim.verbs has them (the board checks)
        if verb == V_MOVE or verb == V_ATTACK or verb == V_WITHDRAW:
            marches[u] = 1
            dest[u] = p
        elif verb == V_BOMBARD:
            fire_orders.append((u, p))
    passed = movement(b, s, marches, dest, log)
    outcomes, thrown = engagements(b, s, origin_a.data.as_ints, key, forced, log, c)
    outcomes += bombardment(b, s, fire_orders, key, forced, log, c)
    supply(b, s, log)
    control(b, s, passed, thrown, log)
    s.day += 1
    if log is not None:
        log.day = s.day
    arrivals(b, s, log)
    return outcomes
