# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False, nonecheck=False
"""The heuristic commander, compiled: engine.play.ai's day over the kernel's C arrays.

Each method of :class:`Day` is the reference's of the same name (``Day`` in
engine/play/day.py, ``Ways`` in engine/play/ways.py), written again line for line: the same
lists in the same order, the same ties, the same arithmetic in the same order, so that it
gives the same orders. A test asks both for every side's orders on every day of many
campaigns and requires them equal; a change to the doctrine is made in both in one commit.

What the commander reads of the scenario (its doctrine, the places it must keep, its
objectives) is worked out once per game and side by engine.play.compiled into a
:class:`Staff`. Orders come back as {unit: (verb number, place)} in the order the reference
gives them; the verbs are numbered as engine.sim.verbs lists them.
"""

from cpython.array cimport array, clone
from libc.math cimport INFINITY

from engine.sim.kernel._core cimport (
    NOWHERE,
    V_ATTACK as ATTACK,
    V_BOMBARD as BOMBARD,
    V_HOLD as HOLD,
    V_MOVE as MOVE,
    V_WITHDRAW as WITHDRAW,
    Board,
    Columns,
    Present,
    Rules,
    attack_bonus,
    doubles,
    enemy_present,
    fits,
    flags_of,
    ints,
    known,
    legal,
    nearest_friendly,
    outcome_odds,
    posture_of,
    reach,
    side_power,
    zeros,
)

#: The largest whole number a double holds exactly with every smaller one (2**53).
DEF BIG = 9007199254740992
cdef array _LONGS = array("q")
#: No goal's rank: past every objective's.
DEF NO_RANK = 2147483647


cdef class Staff:
    """What one side's commander reads of the scenario, as arrays (built once per game)."""

    cdef readonly Board b
    cdef readonly int side
    cdef int sides
    cdef double attack_odds, yield_odds, civilian_weight
    cdef int days
    cdef double give_up_share, defence_days, support_weight
    cdef signed char[::1] keep_all          # per side: sides x places, flattened
    cdef signed char[::1] objective, source
    cdef int[::1] start_holder
    cdef int[::1] near_start, near_to       # each place's neighbours by road (no repeats)
    cdef double[::1] rival_odds
    cdef int[::1] rival_days
    cdef double[::1] garrison_need          # per place: [no free enemy, free enemy]
    cdef list reserves
    cdef int n_objectives, n_sources
    cdef dict walks                         # {place: Walks}, kept for the next morning
    cdef long long mornings                 # Days made so far
    cdef array a_obj_rank, a_obj_kind, a_obj_start, a_obj_places, a_sources

    def __init__(self, Board b, int side, dict doctrine, dict stakes):
        self.b, self.side, self.sides = b, side, len(stakes["keep_all"])
        if not 0 <= side < self.sides or len(doctrine["rival_odds"]) != self.sides \
                or len(doctrine["rival_days"]) != self.sides \
                or len(doctrine["garrison_need"]) != 2 * b.m \
                or any(len(k) != b.m for k in stakes["keep_all"]) \
                or len(stakes["objective"]) != b.m or len(stakes["source"]) != b.m \
                or len(stakes["start_holder"]) != b.m or len(stakes["near_start"]) != b.m + 1:
            raise ValueError("a staff's figures do not fit its board")
        self.attack_odds = doctrine["attack_odds"]
        self.yield_odds = doctrine["yield_odds"]
        self.days = doctrine["assault_days"]
        self.civilian_weight = doctrine["civilian_weight"]
        self.give_up_share = doctrine["give_up_share"]
        self.defence_days = doctrine["defence_days"]
        self.support_weight = doctrine["support_weight"]
        self.garrison_need = array("d", doctrine["garrison_need"])
        #: [(units, places, goes in when threatened)]
        self.reserves = doctrine["reserves"]
        #: [(rank, kind: 0 places / 1 a route to open / 2 a route to cut, places)]
        self.n_objectives = len(doctrine["objectives"])
        self.a_obj_rank = array("i", [o[0] for o in doctrine["objectives"]])
        self.a_obj_kind = array("i", [o[1] for o in doctrine["objectives"]])
        self.a_obj_start = array("i", [0])
        self.a_obj_places = array("i")
        for o in doctrine["objectives"]:
            if any(not 0 <= p < b.m for p in o[2]):
                raise ValueError("an objective's place is not on the board")
            self.a_obj_places.extend(array("i", o[2]))
            self.a_obj_start.append(len(self.a_obj_places))
        self.rival_odds = array("d", doctrine["rival_odds"])
        self.rival_days = array("i", doctrine["rival_days"])
        self.keep_all = array("b", [k for per_side in stakes["keep_all"] for k in per_side])
        self.objective = array("b", stakes["objective"])
        self.source = array("b", stakes["source"])
        self.n_sources = len(stakes["sources"])
        self.a_sources = array("i", stakes["sources"])
        self.start_holder = array("i", stakes["start_holder"])
        self.near_start = array("i", stakes["near_start"])
        self.near_to = array("i", stakes["near_to"])
        self.walks, self.mornings = {}, 0


cdef class Walks:
    """The memo of the ways to one destination (ways.Ways._walk): for each place, the first
    hostile place on from it (NOWHERE: none) and the last friendly one before; -2 unknown."""
    cdef object paths                                    # kept alive for the pointers
    cdef array a_first, a_last
    cdef long long morning                               # the Day that last read them
    cdef int *first
    cdef int *last
    cdef int *step
    cdef double *cost


DEF UNKNOWN = -2


cdef inline bint adjacent(Staff f, int a, int p):
    cdef int k
    for k in range(f.near_start[a], f.near_start[a + 1]):
        if f.near_to[k] == p:
            return True
    return False


cdef double carry_odds(double ratio, int days, Rules *r):
    """combat.carry_odds."""
    cdef double going = 1.0, taken = 0.0
    cdef double odds[3]
    cdef int k
    for k in range(days):
        outcome_odds(ratio * (1.0 + r.grind * max(k, 0)), r, odds)
        taken += going * odds[0]
        going *= odds[1]
        if going < 1e-9:
            break
    return taken


cdef double power(Board b, Columns s, list units, int place, bint defending):
    """queries.side_power (no surprise) of a list of units of one side."""
    cdef double total = 0.0, terrain, bonus, posture
    cdef int u
    if not units:
        return total
    if defending:
        terrain, bonus = b.place_defence[place], 1.0
    else:
        terrain, bonus = 1.0, attack_bonus(b, s, place, b.unit_side[<int>units[0]], False)
    for u in units:
        posture = posture_of(b, s, u, place) if defending else 1.0
        total += s.strength[u] * b.unit_quality[u] * s.readiness[u] * posture * terrain * bonus
    return total


cdef double attacker_power(Board b, Columns s, int u, int place):
    """power(b, s, [u], place, False), without the list."""
    return 0.0 + s.strength[u] * b.unit_quality[u] * s.readiness[u] * 1.0 * 1.0 \
        * attack_bonus(b, s, place, b.unit_side[u], False)


cdef inline bint before(int *ranks, double *costs, int *dests, int a, int c):
    """Goal ``a`` before goal ``c``: by rank, then cost, then place."""
    if ranks[a] != ranks[c]:
        return ranks[a] < ranks[c]
    if costs[a] != costs[c]:
        return costs[a] < costs[c]
    return dests[a] < dests[c]


cdef inline double ratio_of(double att, double dfn):
    return att / dfn if dfn > 0 else INFINITY


cdef double assault_carry(Board b, Columns s, int place, list attackers, list defenders,
                          int days):
    """queries.assault_carry."""
    return carry_odds(ratio_of(power(b, s, attackers, place, False),
                               power(b, s, defenders, place, True)), days, &b.r)


cdef bint less(long long people, double need):
    """people < need as Python compares an int with a float (exactly)."""
    if -BIG <= people <= BIG:
        return <double>people < need
    return <object>people < <object>need


cdef long long people_of(Columns s, list units):
    cdef long long total = 0
    cdef int u
    for u in units:
        total += s.strength[u]
    return total


cdef list pick(list units, Columns s, double need):
    """ai._pick: the smallest unit that reaches ``need`` alone, else the largest first."""
    cdef int u, best = NOWHERE
    cdef double have = 0.0
    for u in units:
        if not less(s.strength[u], need):
            if best == NOWHERE or s.strength[u] < s.strength[best] or (
                    s.strength[u] == s.strength[best] and u < best):
                best = u
    if best != NOWHERE:
        return [best]
    out = []
    for u in by_strength(units, s):
        if have >= need:
            break
        out.append(u)
        have += s.strength[u]
    return out


cdef list by_strength(list units, Columns s):
    """``units`` largest first, then in unit order."""
    cdef int u
    return [u for _, u in sorted([(-s.strength[u], u) for u in units])]


cdef class Day:
    """engine.play.day.Day over arrays: what the commander works out once a morning."""
    cdef Staff f
    cdef Board b
    cdef Columns s
    cdef Present at
    cdef int side, days, focus
    cdef double attack_odds, yield_odds
    cdef list mine, enemies
    cdef long long *threats         # pointers into the arrays below
    cdef long long *enemy_people
    cdef signed char *their_keep
    cdef int *rank_of               # per place: its rank among the goals (Day.goals)
    cdef array a_threats, a_enemy_people, a_their_keep, a_rank_of
    cdef long long morning          # this Day's number among its staff's
    cdef dict assailants, entrants

    def __init__(self, Staff f, Columns s, double attack_odds, double yield_odds, int focus):
        cdef Board b = f.b
        cdef int u, p, q, k, i, side = f.side, sides = f.sides, m = b.m
        cdef array threats = clone(_LONGS, m, True), people = clone(_LONGS, m, True)
        self.f, self.b, self.s, self.side = f, b, s, side
        self.attack_odds, self.yield_odds, self.focus = attack_odds, yield_odds, focus
        self.days = f.days
        self.at = Present(b, s)
        f.mornings += 1
        self.morning = f.mornings
        self.assailants, self.entrants = {}, {}
        self.mine, self.enemies = [], []
        for u in range(b.n):
            if s.place[u] == NOWHERE or s.strength[u] <= 0:
                continue
            if b.unit_side[u] == side:
                self.mine.append(u)
            elif b.unit_ground[u] and b.unit_speed[u] > 0 and not b.unit_fires[u]:
                self.enemies.append(u)
        self.a_threats, self.a_enemy_people = threats, people
        self.threats = threats.data.as_longlongs
        self.enemy_people = people.data.as_longlongs
        for u in range(b.n):      # inbound
            if s.next[u] != NOWHERE and b.unit_side[u] != side and s.strength[u] > 0:
                self.threats[s.next[u]] += s.strength[u]
        for p in range(m):
            for i in range(self.at.start[p], self.at.start[p + 1]):
                u = self.at.units[i]
                if b.unit_side[u] != side:
                    self.enemy_people[p] += s.strength[u]
        for q in range(m):
            if self.enemy_people[q] > 0:
                for k in range(f.near_start[q], f.near_start[q + 1]):
                    self.threats[f.near_to[k]] += self.enemy_people[q]
        self.a_rank_of = ints(m)
        self.rank_of = self.a_rank_of.data.as_ints
        self.a_their_keep = flags_of(m)
        self.their_keep = self.a_their_keep.data.as_schars
        for i in range(sides):
            if i != side:
                for p in range(m):
                    if f.keep_all[i * m + p] and s.holder[p] == i:
                        self.their_keep[p] = 1

    # -- small questions ---------------------------------------------------------------------
    cdef inline bint hostile(self, int p):
        return self.s.holder[p] != self.side or self.s.contested[p]

    cdef inline bint keep(self, int p):
        return self.f.keep_all[self.side * self.b.m + p] and self.s.holder[p] == self.side

    cdef list here_of(self, int p, bint ours):
        """Ground units standing in ``p`` of this side (``ours``) or of the others."""
        cdef int i, u
        out = []
        for i in range(self.at.start[p], self.at.start[p + 1]):
            u = self.at.units[i]
            if (self.b.unit_side[u] == self.side) == ours:
                out.append(u)
        return out

    cdef list threatening(self, int p):
        """The enemy troops that could assault ``p`` today or tomorrow, in unit order."""
        cdef int u, here
        found = self.assailants.get(p)
        if found is not None:
            return found
        out = []
        for u in self.enemies:
            here = self.s.place[u]
            if self.s.next[u] != NOWHERE:
                if self.s.next[u] == p:
                    out.append(u)
            elif not self.s.contested[here] and not self.their_keep[here] \
                    and adjacent(self.f, here, p):
                out.append(u)
        self.assailants[p] = out
        return out

    cdef list entrants_of(self, int p):
        """The enemy ground units not held in a fight that could enter ``p`` today."""
        cdef int u, here
        cdef double cost
        cdef bint near
        found = self.entrants.get(p)
        if found is not None:
            return found
        out = []
        for u in self.enemies:
            here = self.s.place[u]
            if self.s.next[u] == NOWHERE:
                near = p == here or (not self.s.contested[here] and adjacent(self.f, here, p))
            else:
                near = p == here or p == self.s.next[u]
            if near and reach(self.b, self.s, u, p, &cost) and cost <= self.b.unit_speed[u]:
                out.append(u)
        self.entrants[p] = out
        return out

    cdef list defenders(self, int target):
        inside = self.here_of(target, False)
        return inside or list(self.entrants_of(target))

    # -- ways ---------------------------------------------------------------------------------
    cdef Walks ways_to(self, int dest):
        """The ways to ``dest`` this morning. The staff keeps them from day to day so that
        their arrays are made once; a morning forgets what an earlier one found (a Day
        in use is the only one of its staff: the commander asks one morning at a time)."""
        cdef Walks w = self.f.walks.get(dest)
        cdef int i
        if w is None:
            if len(self.f.walks) >= self.b.paths_most:   # as many as the board's paths
                self.f.walks.clear()
            w = Walks()
            w.a_first, w.a_last = ints(self.b.m), ints(self.b.m)
            w.first, w.last = w.a_first.data.as_ints, w.a_last.data.as_ints
            w.morning = -1
            self.f.walks[dest] = w
        if w.morning != self.morning:
            w.morning = self.morning
            w.cost, w.step = self.b.cost_to(dest), self.b.step_to(dest)
            w.paths = self.b.path_arrays[dest]
            for i in range(self.b.m):
                w.first[i] = UNKNOWN
        return w

    cdef void walk(self, Walks w, int start):
        """Ways._walk from the friendly place ``start``: fills w.first/w.last for it."""
        cdef int p = start, q, hostile = UNKNOWN, last = NOWHERE, n = 0, i
        cdef int m = self.b.m
        seen = []
        if w.first[start] != UNKNOWN:
            return
        while True:
            if w.first[p] != UNKNOWN:
                hostile, last = w.first[p], w.last[p]
                break
            seen.append(p)
            n += 1
            q = w.step[p]
            if q == NOWHERE or n > m:
                hostile, last = NOWHERE, p
                break
            if self.hostile(q):
                hostile, last = q, p
                break
            p = q
        for i in seen:
            w.first[i], w.last[i] = hostile, last

    cdef int first_hostile_on(self, int u, Walks w):
        """Ways.first_hostile, on the ways ``w`` to the destination."""
        cdef int p = self.s.next[u] if self.s.next[u] != NOWHERE else self.s.place[u]
        if self.hostile(p):
            return p
        self.walk(w, p)
        return w.first[p]

    cdef int staging(self, int u, int dest):
        cdef int p = self.s.place[u], q
        cdef Walks w = self.ways_to(dest)
        q = w.step[p]
        if q == NOWHERE or self.hostile(q):
            return p
        self.walk(w, q)
        return w.last[q]

    cdef bint joins(self, int u, int dest):
        cdef int last = self.staging(u, dest)
        return last == dest or self.ways_to(dest).step[last] == dest

    # -- 1. in contact ------------------------------------------------------------------------
    cdef tuple in_contact(self, int u):
        cdef Board b = self.b
        cdef Columns s = self.s
        cdef int here = s.place[u], back
        cdef double taken, give
        cdef double odds[3]
        ours, theirs = self.here_of(here, True), self.here_of(here, False)
        if not theirs:
            return (HOLD, here)
        if s.holder[here] == self.side:
            outcome_odds(ratio_of(power(b, s, theirs, here, False),
                                  power(b, s, ours, here, True)), &b.r, odds)
            taken = odds[0]
            give = self.yield_odds if not self.keep(here) else (1 + self.yield_odds) / 2
            if taken >= give:
                back = nearest_friendly(b, s, self.side, here)
                if back != NOWHERE:
                    return (WITHDRAW, back)
            return (HOLD, here)
        if assault_carry(b, s, here, ours, theirs, self.days) < \
                self.attack_odds * self.f.give_up_share:
            back = nearest_friendly(b, s, self.side, here)
            if back != NOWHERE:
                return (WITHDRAW, back)
        return (ATTACK, here)

    # -- 2. reserves --------------------------------------------------------------------------
    cdef list reserves(self, list free, dict orders):
        cdef Columns s = self.s
        cdef int u, call, here
        cdef double cost
        cdef bint close
        for res_units, places, threatened in self.f.reserves:
            units = [u for u in res_units if u in free]
            if not units:
                continue
            call = self.called(places, threatened)
            for u in units:
                free.remove(u)
                if call == NOWHERE:
                    if s.next[u] == NOWHERE:
                        orders[u] = (HOLD, s.place[u])
                    continue
                here = s.place[u] if s.next[u] == NOWHERE else NOWHERE
                if here == call:
                    orders[u] = (HOLD, call)
                else:
                    close = reach(self.b, self.s, u, call, &cost) and \
                        cost <= self.b.unit_speed[u]
                    orders[u] = (ATTACK if self.hostile(call) and close else MOVE, call)
        return free

    cdef int called(self, list places, bint threatened):
        cdef Columns s = self.s
        cdef int p, side = self.side, best = NOWHERE
        for p in places:
            if (s.holder[p] != side and self.f.start_holder[p] == side) or s.contested[p]:
                return p
        if threatened:
            for p in places:
                if s.holder[p] == side and self.threats[p] > 0:
                    if best == NOWHERE or self.threats[p] > self.threats[best] or (
                            self.threats[p] == self.threats[best] and p < best):
                        best = p
        return best

    # -- 3. garrisons and defence ---------------------------------------------------------------
    cdef double garrison(self, int p):
        """People the doctrine wants in ``p`` today (0 behind the front)."""
        if self.threats[p] <= 0:
            return 0.0
        return self.f.garrison_need[2 * p + (1 if self.threatening(p) else 0)]

    cdef bint at_risk(self, int p, list defenders):
        enemy = self.threatening(p)
        cdef int rival
        if not enemy:
            return False
        if not defenders:
            return True
        rival = self.b.unit_side[<int>enemy[0]]
        return assault_carry(self.b, self.s, p, enemy, defenders, self.f.rival_days[rival]) \
            >= self.f.rival_odds[rival]

    cdef list defend(self, list free, dict orders):
        cdef Columns s = self.s
        cdef int p, u, side = self.side
        cdef double people, cost
        cdef bint keep
        cdef Walks w
        wants = []
        for p in range(self.b.m):
            if self.threats[p] > 0 and s.holder[p] == side and not s.contested[p]:
                people = self.garrison(p)
                keep = self.keep(p) and bool(self.threatening(p))
                if people > 0 or keep:
                    wants.append((p, people, keep))
        short = []
        standing = {}
        for u in free:
            if s.next[u] == NOWHERE:
                standing.setdefault(s.place[u], []).append(u)
        taken = set()
        for p, people, keep in wants:
            here = standing.get(p, [])
            stay = pick(here, s, people) if people > 0 else []
            for u in by_strength(here, s):
                if not keep or not self.at_risk(p, stay):
                    break
                if u not in stay:
                    stay.append(u)
            for u in stay:
                orders[u] = (HOLD, p)
                taken.add(u)
            if less(people_of(s, stay), people) or (keep and self.at_risk(p, stay)):
                short.append((p, people, stay, keep))
        for p, people, stay, keep in short:
            w = self.ways_to(p)
            near = []
            for u in free:
                if u not in taken and w.cost[s.place[u]] <= \
                        self.f.defence_days * self.b.unit_speed[u] and self.joins(u, p):
                    near.append((w.cost[s.place[u]], u))
            near.sort()
            for cost, u in near:
                if not less(people_of(s, stay), people) and not (
                        keep and self.at_risk(p, stay)):
                    break
                orders[u] = (MOVE, p)
                taken.add(u)
                stay.append(u)
        return [u for u in free if u not in taken]

    # -- 4. offence ---------------------------------------------------------------------------
    cdef long long enemy_strength(self, int p):
        cdef long long total = 0
        cdef int i, u
        for i in range(self.at.start[p], self.at.start[p + 1]):
            u = self.at.units[i]
            if self.b.unit_side[u] != self.side:
                total += self.s.strength[u]
        return total

    cdef int goals(self, int *ranks, int *dests):
        """The goals as (rank, place), sorted, in ``ranks`` and ``dests`` (room for every
        place); returns how many."""
        cdef Columns s = self.s
        cdef Staff f = self.f
        cdef int m = self.b.m, o, rank, kind, p, q, i, j, best, ng = 0, lo, hi
        cdef bint open_for_them
        cdef int *rank_of = self.rank_of
        cdef int *o_rank = f.a_obj_rank.data.as_ints
        cdef int *o_kind = f.a_obj_kind.data.as_ints
        cdef int *o_start = f.a_obj_start.data.as_ints
        cdef int *o_places = f.a_obj_places.data.as_ints
        for p in range(m):
            rank_of[p] = NO_RANK
        for o in range(f.n_objectives):
            rank, kind, lo, hi = o_rank[o], o_kind[o], o_start[o], o_start[o + 1]
            if kind == 2:     # a route to cut: its weakest place, if the enemy has it open
                open_for_them = hi > lo
                for i in range(lo, hi):
                    if s.holder[o_places[i]] == self.side:
                        open_for_them = False
                        break
                if not open_for_them:
                    continue
                best = o_places[lo]
                for i in range(lo, hi):
                    p = o_places[i]
                    if self.enemy_strength(p) < self.enemy_strength(best) or (
                            self.enemy_strength(p) == self.enemy_strength(best) and p < best):
                        best = p
                if self.hostile(best) and rank < rank_of[best]:
                    rank_of[best] = rank
                continue
            for i in range(lo, hi):
                p = o_places[i]
                if self.hostile(p) and rank < rank_of[p]:
                    rank_of[p] = rank
        self.supply_breaks()
        for p in range(m):     # by rank, then place
            if rank_of[p] == NO_RANK:
                continue
            j = ng - 1
            while j >= 0 and ranks[j] > rank_of[p]:
                ranks[j + 1], dests[j + 1] = ranks[j], dests[j]
                j -= 1
            ranks[j + 1], dests[j + 1] = rank_of[p], p
            ng += 1
        if self.focus >= 0:
            if self.focus >= ng:
                return 0
            ranks[0], dests[0] = ranks[self.focus], dests[self.focus]
            return 1
        return ng

    cdef void supply_breaks(self):
        """Marks with rank -1 where the side's supply line is cut (Day.supply_breaks)."""
        cdef Columns s = self.s
        cdef Board b = self.b
        cdef Staff f = self.f
        cdef int u, here, src, p, i, x, k
        cdef double best, c
        cdef int *step
        cdef int *sources = f.a_sources.data.as_ints
        if f.n_sources == 0:
            return
        for u in self.mine:
            if s.supplied[u] or not b.unit_ground[u] or s.next[u] != NOWHERE:
                continue
            here = s.place[u]
            src, best = NOWHERE, INFINITY
            for i in range(f.n_sources):
                x = sources[i]
                c = self.ways_to(x).cost[here]
                if src == NOWHERE or c < best or (c == best and x < src):
                    src, best = x, c
            step = self.ways_to(src).step
            p = step[here]
            for i in range(b.m):
                if p == NOWHERE:
                    break
                if self.hostile(p):
                    self.rank_of[p] = -1
                    break
                p = step[p]

    cdef list attack(self, list free, dict orders):
        cdef Board b = self.b
        cdef Columns s = self.s
        cdef int u, here, target, i, j, k, ng, choice_goal, choice_target, n_ready
        cdef double mine, ratio, choice_mine, c, taken
        cdef bint chosen, go
        cdef int m = b.m, n = b.n
        cdef array ranks_a = ints(m), dests_a = ints(m), order_a = ints(m)
        cdef int *ranks = ranks_a.data.as_ints
        cdef int *dests = dests_a.data.as_ints
        ng = self.goals(ranks, dests)
        if ng == 0:
            return []
        cdef int *order = order_a.data.as_ints
        cdef array costs_a = doubles(ng)
        cdef double *costs = costs_a.data.as_doubles
        # the defenders' power in each target (and who may enter), and the attackers' power
        # gathered against it so far
        cdef array guard_a = zeros(m), gathered_a = zeros(m), guarded_a = flags_of(m)
        cdef double *guard = guard_a.data.as_doubles
        cdef double *gathered = gathered_a.data.as_doubles
        cdef signed char *guarded = guarded_a.data.as_schars
        # each target's assault party, in the order units join it: first[target], then next
        cdef array first_a = ints(m), last_a = ints(m), next_a = ints(n), ready_a = ints(n)
        cdef array cost_a = doubles(n), how_a = flags_of(n)
        cdef int *first = first_a.data.as_ints
        cdef int *last = last_a.data.as_ints
        cdef int *after = next_a.data.as_ints
        cdef int *ready = ready_a.data.as_ints
        cdef signed char *how = how_a.data.as_schars    # 0 out of reach, 1 on the way, 2 ready
        cdef array goal_cost_a = array("Q", [0]) * ng
        cdef double **goal_cost = <double **>goal_cost_a.data.as_voidptr
        walks = []
        for i in range(ng):
            w = self.ways_to(dests[i])
            walks.append(w)
            goal_cost[i] = (<Walks>w).cost
        for target in range(m):
            first[target] = NOWHERE
        for u in free:
            here = s.place[u]
            for i in range(ng):     # the goals by (rank, cost from here, place)
                costs[i] = goal_cost[i][here]
                j = i - 1
                while j >= 0 and before(ranks, costs, dests, i, order[j]):
                    order[j + 1] = order[j]
                    j -= 1
                order[j + 1] = i
            chosen, choice_goal, choice_target, choice_mine = False, NOWHERE, NOWHERE, 0.0
            for k in range(ng):
                i = order[k]
                if costs[i] == INFINITY:
                    continue
                target = self.first_hostile_on(u, <Walks>walks[i])
                if target == NOWHERE:
                    chosen, choice_goal, choice_target, choice_mine = True, dests[i], NOWHERE, 0.0
                    break
                if not guarded[target]:
                    guard[target] = power(b, s, self.defenders(target), target, True)
                    guarded[target] = True
                mine = attacker_power(b, s, u, target)
                ratio = (gathered[target] + mine) / guard[target] if guard[target] else INFINITY
                if carry_odds(ratio, self.days, &b.r) >= self.attack_odds:
                    chosen, choice_goal, choice_target, choice_mine = True, dests[i], target, mine
                    break
                if not chosen:    # nothing it can take: the nearest
                    chosen, choice_goal, choice_target, choice_mine = True, dests[i], target, mine
            if not chosen:
                continue
            if choice_target == NOWHERE:
                orders[u] = (MOVE, choice_goal)
            else:
                if first[choice_target] == NOWHERE:
                    first[choice_target] = u
                else:
                    after[last[choice_target]] = u
                last[choice_target], after[u] = u, NOWHERE
                gathered[choice_target] = gathered[choice_target] + choice_mine
        waiting = []
        for target in range(m):       # the targets in order
            if first[target] == NOWHERE:
                continue
            n_ready = 0
            u = first[target]
            while u != NOWHERE:
                how[u] = 0
                if reach(b, s, u, target, &c):
                    how[u] = 1
                    if c <= b.unit_speed[u]:
                        how[u] = 2
                        ready[n_ready] = u
                        n_ready += 1
                u = after[u]
            defenders = self.defenders(target)
            if n_ready and defenders:
                taken = carry_odds(ratio_of(
                    side_power(b, s, ready, 0, n_ready, target, False, False),
                    power(b, s, defenders, target, True)), self.days, &b.r)
            else:
                taken = 1.0 if n_ready else 0.0
            go = taken >= self.attack_odds
            u = first[target]
            while u != NOWHERE:
                if how[u] == 2 and go:
                    orders[u] = (ATTACK, target)
                elif how[u] == 1:
                    orders[u] = (MOVE, target)
                elif how[u] == 0:
                    stage = self.staging(u, target)
                    standing = stage == s.place[u] and s.next[u] == NOWHERE
                    orders[u] = (HOLD if standing else MOVE, stage)
                else:
                    orders[u] = (HOLD, s.place[u])
                u = after[u]
            if not go:
                waiting.append(target)
        return waiting

    # -- 5. fire ------------------------------------------------------------------------------
    cdef void fire(self, list guns, list waiting, set assaulted, dict orders):
        cdef Board b = self.b
        cdef Columns s = self.s
        cdef Rules *r = &b.r
        cdef int u, p, i, j, best_p, stage
        cdef double volume, killed, worth, dense, harm, value, best
        cdef double weight = self.f.civilian_weight
        cdef bint found, mixed
        cdef array fighting_a = flags_of(b.m)
        cdef signed char *fighting = fighting_a.data.as_schars
        for p in range(b.m):
            mixed = False
            for i in range(self.at.start[p], self.at.start[p + 1]):
                for j in range(self.at.start[p], i):
                    if b.unit_side[self.at.units[i]] != b.unit_side[self.at.units[j]]:
                        mixed = True
            fighting[p] = mixed
        for u in guns:
            if s.next[u] != NOWHERE:
                continue
            volume = s.strength[u] * s.readiness[u] * (1.0 if b.unit_air[u] else r.artillery_fire)
            found, best, best_p = False, 0.0, NOWHERE
            for p in b.in_range(u, s.place[u]):
                if not self.enemy_people[p]:
                    continue
                killed = volume * r.sortie_casualties * r.loss_scale
                worth = killed * (self.f.support_weight if p in assaulted else 1.0) * (
                    1.0 if p in assaulted or fighting[p] else 0.5)
                dense = min(1.0, s.population[p] / r.population_reference)
                harm = weight * volume * r.sortie_civilians * dense
                value = worth - harm
                if value > 0 and (not found or value > best or (value == best and p < best_p)):
                    found, best, best_p = True, value, p
            if found:
                orders[u] = (BOMBARD, best_p)
            elif b.unit_speed[u] > 0 and waiting:
                stage = self.staging(u, min(waiting))
                if stage != s.place[u]:
                    orders[u] = (MOVE, stage)


def command(Staff f, Columns s, object attack_odds, object yield_odds, int focus,
            bint offensive, bint defend, dict given, object attackers):
    """ai.Heuristic.command: orders {unit: (verb, place)} for the side's units ``given`` has
    none for ({unit: (verb, place)}); only ``attackers`` (None: all) join the offence; the
    odds None for the doctrine's; ``focus`` -1 for every goal."""
    fits(f.b, s)
    cdef Day day = Day(f, s, f.attack_odds if attack_odds is None else attack_odds,
                       f.yield_odds if yield_odds is None else yield_odds, focus)
    cdef Board b = f.b
    cdef int u
    orders = {}
    free, guns = [], []
    for u in day.mine:
        if u in given:
            continue
        if b.unit_ground[u] and b.unit_speed[u] > 0 and not b.unit_fires[u] \
                and s.next[u] == NOWHERE and s.contested[s.place[u]]:
            orders[u] = day.in_contact(u)
        elif b.unit_fires[u]:
            guns.append(u)
        elif b.unit_speed[u] > 0:
            free.append(u)
    free = day.reserves(free, orders)
    if defend:
        free = day.defend(free, orders)
    waiting = []
    if offensive:
        allowed = [x for x in free if attackers is None or x in attackers]
        waiting = day.attack(allowed, orders)
        free = [x for x in free if x not in orders]
    for u in free:
        if u not in orders and s.next[u] == NOWHERE:
            orders[u] = (HOLD, s.place[u])
    assaulted = {p for v, p in {**given, **orders}.values() if v == ATTACK}
    assaulted.update(waiting)
    day.fire(guns, waiting, assaulted, orders)
    return orders


def legal_sorted(Staff f, Columns s, dict orders):
    """ai.sorted_orders: the legal ones of {unit: (verb, place)}, as (unit, (verb, place))
    in unit order."""
    cdef Board b = f.b
    cdef int u, v, p
    fits(b, s)
    cdef array verb_a = ints(b.n), place_a = ints(b.n), has_a = flags_of(b.n)
    cdef int *verb = verb_a.data.as_ints
    cdef int *place = place_a.data.as_ints
    cdef signed char *has = has_a.data.as_schars
    for u, (v, p) in orders.items():
        known(b, u, p)
        verb[u], place[u], has[u] = v, p, 1
    out = []
    for u in range(b.n):
        if has[u] and legal(b, s, f.side, u, verb[u], place[u]):
            out.append((u, (verb[u], place[u])))
    return out


# --- the historical commander's adaptation of a planned order (engine/play/historical.py) -
cdef tuple contact_order(Staff f, Columns s, int u):
    """ai.contact_order: fight on, hold, or fall back, under the doctrine's odds."""
    return Day(f, s, f.attack_odds, f.yield_odds, -1).in_contact(u)


cdef bint hopeless(Staff f, Columns s, list units, int place):
    """ai.hopeless: an assault by ``units`` below the doctrine's give-up odds."""
    cdef Board b = f.b
    cdef int u
    defenders = []
    for u in range(b.n):
        if s.place[u] == place and s.next[u] == NOWHERE and s.strength[u] > 0 \
                and b.unit_ground[u] and b.unit_side[u] != f.side:
            defenders.append(u)
    if not defenders:
        return False
    return assault_carry(b, s, place, units, defenders, f.days) \
        < f.attack_odds * f.give_up_share


cdef bint way_open(Staff f, Columns s, int u, int p) except -1:
    """historical._way_open."""
    cdef Board b = f.b
    cdef int q, i, side = f.side
    if p == s.place[u] and s.next[u] == NOWHERE:
        return True
    cdef int *step = b.step_to(p)
    keep = b.path_arrays[p]      # the pointer's array, whatever the board lets go
    q = s.next[u] if s.next[u] != NOWHERE else step[s.place[u]]
    for i in range(b.m):
        if q == NOWHERE or q == p:
            return True
        if (s.holder[q] != side or s.contested[q]) and enemy_present(b, s, q, side, True):
            return not hopeless(f, s, [u], q)
        q = step[q]
    return True


def adapt(Staff f, Columns s, int u, int verb, int p):
    """historical.adapt: the planned order (verb, place) of unit ``u`` as it can be carried
    out today, or None to leave the unit to the doctrine. The unit must have arrived."""
    cdef Board b = f.b
    fits(b, s)
    known(b, u, p)
    if s.place[u] == NOWHERE:
        raise ValueError(f"unit {u} has not arrived: its plan waits (historical.adapt)")
    cdef int here = s.place[u], side = f.side
    cdef bint in_contact = s.next[u] == NOWHERE and s.contested[here] and b.unit_ground[u] \
        and not b.unit_fires[u] and enemy_present(b, s, here, side, True)
    cdef bint marches = verb == MOVE or verb == ATTACK or verb == WITHDRAW
    if in_contact and marches and p != here and verb != ATTACK:
        decided = contact_order(f, s, u)
        if decided[0] != WITHDRAW:
            return decided
        return (WITHDRAW, p) if legal(b, s, side, u, WITHDRAW, p) else decided
    if marches and verb != ATTACK and not way_open(f, s, u, p):
        return None
    if legal(b, s, side, u, verb, p):
        return (verb, p)
    if verb == ATTACK and legal(b, s, side, u, MOVE, p):
        return (MOVE, p)
    if verb == WITHDRAW and not in_contact and not (s.holder[p] != side or s.contested[p]) \
            and legal(b, s, side, u, MOVE, p):
        return (MOVE, p)
    if verb == HOLD and in_contact:
        return contact_order(f, s, u)
    return None
