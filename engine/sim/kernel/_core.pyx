# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False, nonecheck=False
"""What the compiled turn stands on: the game's and the state's columns as C arrays, chance,
who is where, and the combat model's arithmetic, each the reference's of the same name
(engine.sim.game, state, chance, queries, combat and engagement) written again over arrays.

Arithmetic is done in the order the reference does it (no reassociation: the module is
compiled without fast-math or fused multiply-adds), ``round`` is Python's own, and chance is
drawn by numpy's own C distributions from a Philox generator that yields numpy's words
(philox.h), so the draws are the reference's draws.
"""

import math
import weakref

from engine.sim.state import State

from cpython.array cimport array, clone
from cpython.mem cimport PyMem_Calloc, PyMem_Free
from libc.math cimport INFINITY, exp, fabs, floor, isinf, isnan, log, pow
from libc.stdint cimport int64_t, uint64_t
from numpy.random cimport bitgen_t
from numpy.random.c_distributions cimport binomial_t, random_binomial, random_gamma, random_poisson

cdef extern from "philox.h":
    void wg_philox_start(wg_philox *s, bitgen_t *g, uint64_t key, uint64_t c0, uint64_t c1,
                         uint64_t c2, uint64_t c3) nogil
    double wg_philox_double(void *st) nogil

#: The largest whole number every smaller one of which a double holds exactly (2**53).
DEF BIG = 9007199254740992

#: Python's own round (to even, on the decimal digits), never C's.
import builtins

from engine.sim.kernel._paths import shortest as _shortest

cdef object _round = builtins.round



cdef double round6(double x):
    """round(x, 6) as Python rounds it (half to even on the exact decimal value), without a
    call where the product with 10**6 is clearly off a half: the division of the rounded
    integer by 10**6 is then the double Python's round returns."""
    cdef double y = x * 1e6, whole, part
    if not 0.0 < y < 4503599627370496.0:   # 2**52; at or below zero Python keeps -0.0
        return _round(x, 6)
    whole = floor(y)
    part = y - whole
    if fabs(part - 0.5) < 1e-6:
        return _round(x, 6)
    return (whole + (1.0 if part > 0.5 else 0.0)) / 1e6


cdef array _INTS = array("i")
cdef array _LONGS = array("q")
cdef array _DOUBLES = array("d")
cdef array _FLAGS = array("b")


cdef array ints(Py_ssize_t n):
    return clone(_INTS, n, False)


cdef array longs(Py_ssize_t n):
    return clone(_LONGS, n, False)


cdef array doubles(Py_ssize_t n):
    return clone(_DOUBLES, n, False)


cdef array zeros(Py_ssize_t n):
    """A new column of doubles, all 0.0."""
    return clone(_DOUBLES, n, True)


cdef array flags_of(Py_ssize_t n):
    """A new column of flags, all false."""
    return clone(_FLAGS, n, True)




cdef class Chance:
    """One stream at a time: Philox started at (key, counter), numpy's distributions."""

    cdef void start(self, uint64_t key, uint64_t day, uint64_t place_key, uint64_t code):
        wg_philox_start(&self.philox, &self.bitgen, key, 0, day, place_key, code)

    cdef double random(self):
        return wg_philox_double(&self.philox)

    cdef int64_t poisson_at_most(self, double mean, int64_t cap):
        if not mean > 0:
            return 0
        if mean > 4 * cap + 100:
            return cap
        cdef int64_t n = random_poisson(&self.bitgen, mean)
        return n if n < cap else cap

    cdef int64_t binomial(self, int64_t n, double p):
        return random_binomial(&self.bitgen, p, n, &self.binomial_cache)

    cdef double gamma(self, double shape, double scale):
        return random_gamma(&self.bitgen, shape, scale)


def draws(uint64_t key, uint64_t day, uint64_t place_key, uint64_t code, list asks):
    """What a stream draws for ``asks`` (("random",), ("poisson", mean), ("binomial", n, p),
    ("gamma", shape, scale)): for the test that it draws what numpy does."""
    cdef Chance c = Chance()
    c.start(key, day, place_key, code)
    out = []
    for ask in asks:
        if ask[0] == "random":
            out.append(c.random())
        elif ask[0] == "poisson":
            out.append(random_poisson(&c.bitgen, ask[1]))
        elif ask[0] == "binomial":
            out.append(c.binomial(ask[1], ask[2]))
        else:
            out.append(c.gamma(ask[1], ask[2]))
    return out


cdef class Board:
    """A game's figures as C arrays, made once per game."""

    def __init__(self, game):
        from engine.scenario.rules import AIR
        from engine.sim.combat import OUTCOMES, RATIO_SPAN
        from engine.sim.state import FORTIFIED_FACTOR, HASTY as H, MOVING as M
        from engine.sim.state import NOWHERE as N, PREPARED as P
        from engine.sim.verbs import VERBS
        if (N, M, H, P, FORTIFIED_FACTOR) != (NOWHERE, MOVING, HASTY, PREPARED, FORTIFIED) \
                or tuple(OUTCOMES) != ("taken", "stalemate", "repulsed") \
                or tuple(VERBS) != VERB_NAMES \
                or tuple(v.marches for v in VERBS.values()) != VERB_MARCHES \
                or tuple(v.fires for v in VERBS.values()) != VERB_FIRES:
            raise RuntimeError("the compiled turn does not match engine.sim's numbering: "
                               "rebuild it (pip install -e .)")
        self.game = weakref.proxy(game)    # a board lives as long as its game, no longer
        self.n, self.m = len(game.units), len(game.places)
        self.unit_side = array("i", game.unit_side)
        self.unit_start = array("i", game.unit_start)
        self.unit_arrives = array("i", game.unit_arrives)
        self.unit_ground = array("b", game.unit_ground)
        self.unit_air = array("b", [t == AIR for t in game.unit_type])
        self.unit_fires = array("b", game.unit_fires)
        self.unit_range_km = array("d", game.unit_range_km)
        self.unit_speed = array("d", game.unit_speed)
        self.unit_quality = array("d", game.unit_quality)
        self.unit_strength = array("q", game.unit_strength)
        self.place_defence = array("d", game.place_defence)
        self.place_works = array("b", game.place_works)
        self.place_key = array("Q", game.place_key)
        self.road_start, self.road_to, self.road_cost, self.road_km = game.road_arrays
        starts, places = [0], []
        for own in game.sources:
            places.extend(own)
            starts.append(len(places))
        self.source_start, self.source_place = array("i", starts), array("i", places)
        for i in range(4):
            self.posture_factor[i] = game.posture_factor[i]
        rules = game.rules
        self.r = Rules(
            take_slope=rules["take_slope"], take_ratio=rules["take_ratio"],
            repulse_slope=rules["repulse_slope"], repulse_ratio=rules["repulse_ratio"],
            grind=rules["grind"], surprise=rules["surprise"], support=rules["support"],
            killed_share=rules["killed_share"], wear=rules["wear"],
            kill_rate=rules["kill_rate"], loss_scale=rules["loss_scale"],
            attacker_loss_exponent=rules["attacker_loss_exponent"],
            defender_losses=rules["defender_losses"], shelter=rules["shelter"],
            defender_loss_exponent=rules["defender_loss_exponent"],
            max_daily_loss=rules["max_daily_loss"], max_inflicted=rules["max_inflicted"],
            artillery_fire=rules["artillery_fire"], sortie_casualties=rules["sortie_casualties"],
            suppression=rules["suppression"], readiness_floor=rules["readiness_floor"],
            population_reference=rules["population_reference"],
            sortie_civilians=rules["sortie_civilians"],
            civilian_dispersion=rules["civilian_dispersion"], flight_rate=rules["flight_rate"],
            readiness_recovery=rules["readiness_recovery"],
            readiness_loss=rules["readiness_loss"],
            unsupplied_attrition=rules["unsupplied_attrition"],
            log_lo=-math.log(RATIO_SPAN[0]), log_hi=-math.log(RATIO_SPAN[1]))
        self.unit_surprised = game.unit_surprised
        self.place_names, self.unit_names = game.places, game.units
        self.side_names = game.sides
        self.outcome_names = OUTCOMES
        from engine.sim.game import PATH_CACHE_PLACES
        self.path_cost = <double **>PyMem_Calloc(max(self.m, 1), sizeof(double *))
        self.path_step = <int **>PyMem_Calloc(max(self.m, 1), sizeof(int *))
        if self.path_cost == NULL or self.path_step == NULL:
            raise MemoryError()
        self.path_arrays = [None] * self.m
        self.paths_held = 0
        self.paths_most = max(1, PATH_CACHE_PLACES // max(1, self.m))
        self.reach_of = [None] * self.n

    def __dealloc__(self):
        PyMem_Free(self.path_cost)
        PyMem_Free(self.path_step)

    cdef tuple in_range(self, int u, int place):
        """The places unit ``u``'s guns reach from ``place`` (game.within), kept by unit:
        a battery seldom moves."""
        cdef tuple found = self.reach_of[u]
        if found is None or <int>found[0] != place:
            found = (place, self.game.within(place, self.unit_range_km[u]))
            self.reach_of[u] = found
        return <tuple>found[1]

    cdef double *cost_to(self, int dest) except NULL:
        """game.path_to(dest).cost, without a call into Python once fetched."""
        if self.path_cost[dest] == NULL:
            self.fetch(dest)
        return self.path_cost[dest]

    cdef int *step_to(self, int dest) except NULL:
        """game.path_to(dest).step, likewise."""
        if self.path_step[dest] == NULL:
            self.fetch(dest)
        return self.path_step[dest]

    cdef int fetch(self, int dest) except -1:
        """Keep the game's paths to ``dest``: at most as many destinations' worth as the
        game's own cache holds (all are let go at once past that: a theatre that large
        asks for few destinations a day)."""
        cdef Py_ssize_t p
        if self.paths_held >= self.paths_most:
            for p in range(self.m):
                self.path_cost[p], self.path_step[p], self.path_arrays[p] = NULL, NULL, None
            self.paths_held = 0
        path = self.game.path_to(dest)
        cdef array cost = _typed(path.cost, "d"), step = _typed(path.step, "i")
        if len(cost) != self.m or len(step) != self.m:
            raise ValueError(f"the paths to place {dest} do not cover the game's places")
        self.path_arrays[dest] = (cost, step)
        self.path_cost[dest], self.path_step[dest] = cost.data.as_doubles, step.data.as_ints
        self.paths_held += 1
        return 0

    cdef double road(self, int a, int b):
        """The cost of the first road from ``a`` to ``b`` (inf if none), as Game.road_cost."""
        cdef int k
        for k in range(self.road_start[a], self.road_start[a + 1]):
            if self.road_to[k] == b:
                return self.road_cost[k]
        return INFINITY


cdef array _typed(object values, str code):
    """``values`` as an array of type ``code``: itself if it is one."""
    if type(values) is array and values.typecode == code:
        return values
    return array(code, values)


cdef array column(array template, list values, Py_ssize_t n):
    """A new C array of ``template``'s type holding ``values`` (a typed loop: several times
    quicker than array(typecode, values))."""
    cdef array out = clone(template, n, False)
    cdef char code = template.ob_descr.typecode
    cdef Py_ssize_t i
    cdef int *ints_
    cdef long long *longs_
    cdef double *doubles_
    cdef signed char *flags_
    if code == b"i"[0]:
        ints_ = out.data.as_ints
        for i in range(n):
            ints_[i] = values[i]
    elif code == b"q"[0]:
        longs_ = out.data.as_longlongs
        for i in range(n):
            longs_[i] = values[i]
    elif code == b"d"[0]:
        doubles_ = out.data.as_doubles
        for i in range(n):
            doubles_[i] = values[i]
    else:
        flags_ = out.data.as_schars
        for i in range(n):
            flags_[i] = values[i]
    return out


cdef list flags(array v):
    cdef Py_ssize_t i
    cdef signed char *p = v.data.as_schars
    return [p[i] != 0 for i in range(len(v))]


cdef class Columns:
    """A state's columns as C arrays for the length of a turn (the arrays are kept beside
    the pointers into them for a quick way back to lists)."""

    def __init__(self, st):
        cdef Py_ssize_t n = len(st.place), m = len(st.holder)
        self.day = st.day
        self.a_place = column(_INTS, st.place, n)
        self.a_next = column(_INTS, st.next, n)
        self.a_progress = column(_DOUBLES, st.progress, n)
        self.a_strength = column(_LONGS, st.strength, n)
        self.a_posture = column(_INTS, st.posture, n)
        self.a_readiness = column(_DOUBLES, st.readiness, n)
        self.a_supplied = column(_FLAGS, st.supplied, n)
        self.a_killed = column(_LONGS, st.killed, n)
        self.a_wounded = column(_LONGS, st.wounded, n)
        self.a_dispersed = column(_LONGS, st.dispersed, n)
        self.a_holder = column(_INTS, st.holder, m)
        self.a_contested = column(_FLAGS, st.contested, m)
        self.a_besieged = column(_FLAGS, st.besieged, m)
        self.a_population = column(_LONGS, st.population, m)
        self.a_civilians_killed = column(_LONGS, st.civilians_killed, m)
        self.a_displaced = column(_LONGS, st.displaced, m)
        self.a_bombarded_by = column(_INTS, st.bombarded_by, m)
        self.a_assault = column(_INTS, st.assault, m)
        self.place, self.next = self.a_place.data.as_ints, self.a_next.data.as_ints
        self.posture, self.holder = self.a_posture.data.as_ints, self.a_holder.data.as_ints
        self.bombarded_by = self.a_bombarded_by.data.as_ints
        self.assault = self.a_assault.data.as_ints
        self.progress = self.a_progress.data.as_doubles
        self.readiness = self.a_readiness.data.as_doubles
        self.strength = self.a_strength.data.as_longlongs
        self.killed = self.a_killed.data.as_longlongs
        self.wounded = self.a_wounded.data.as_longlongs
        self.dispersed = self.a_dispersed.data.as_longlongs
        self.population = self.a_population.data.as_longlongs
        self.civilians_killed = self.a_civilians_killed.data.as_longlongs
        self.displaced = self.a_displaced.data.as_longlongs
        self.supplied = self.a_supplied.data.as_schars
        self.contested = self.a_contested.data.as_schars
        self.besieged = self.a_besieged.data.as_schars

    def held(self):
        """Copies of the holder and contested columns: who holds what, the day's outcome."""
        return array("i", self.a_holder), array("b", self.a_contested)

    def state(self):
        """The columns as the reference's state."""
        return State(self.day, self.a_place.tolist(), self.a_next.tolist(),
                     self.a_progress.tolist(), self.a_strength.tolist(),
                     self.a_posture.tolist(), self.a_readiness.tolist(), flags(self.a_supplied),
                     self.a_killed.tolist(), self.a_wounded.tolist(),
                     self.a_dispersed.tolist(), self.a_holder.tolist(),
                     flags(self.a_contested), flags(self.a_besieged),
                     self.a_population.tolist(), self.a_civilians_killed.tolist(),
                     self.a_displaced.tolist(), self.a_bombarded_by.tolist(),
                     self.a_assault.tolist())


# --- who is where ------------------------------------------------------------------------
cdef class Present:
    """Ground units standing in each place, in unit order (queries.present), as rows."""

    def __init__(self, Board b, Columns s):
        cdef int u, p, m = b.m
        cdef array fill = ints(m)
        self.a_start, self.a_units = ints(m + 1), ints(b.n)
        cdef int *st = self.a_start.data.as_ints
        cdef int *un = self.a_units.data.as_ints
        cdef int *fl = fill.data.as_ints
        for p in range(m + 1):
            st[p] = 0
        for u in range(b.n):
            p = s.place[u]
            if p != NOWHERE and s.next[u] == NOWHERE and s.strength[u] > 0 and b.unit_ground[u]:
                st[p + 1] += 1
        for p in range(m):
            st[p + 1] += st[p]
            fl[p] = st[p]
        for u in range(b.n):
            p = s.place[u]
            if p != NOWHERE and s.next[u] == NOWHERE and s.strength[u] > 0 and b.unit_ground[u]:
                un[fl[p]] = u
                fl[p] += 1
        self.start, self.units = st, un

    cdef int count(self, int p):
        return self.start[p + 1] - self.start[p]


cdef bint enemy_present(Board b, Columns s, int place, int side, bint ground_only):
    cdef int u
    for u in range(b.n):
        if s.place[u] == place and s.next[u] == NOWHERE and s.strength[u] > 0 \
                and b.unit_side[u] != side and (b.unit_ground[u] or not ground_only):
            return True
    return False


cdef int nearest_friendly(Board b, Columns s, int side, int place):
    """queries.nearest_friendly: the nearest neighbour by km (then number) held uncontested
    with no enemy ground troops in it; NOWHERE if none."""
    cdef int k, to, best = NOWHERE
    cdef double km, best_km = 0.0
    for k in range(b.road_start[place], b.road_start[place + 1]):
        to = b.road_to[k]
        if s.holder[to] == side and not s.contested[to] \
                and not enemy_present(b, s, to, side, True):
            km = b.road_km[k]
            if best == NOWHERE or km < best_km or (km == best_km and to < best):
                best, best_km = to, km
    return best


cdef bint reach(Board b, Columns s, int u, int target, double *cost):
    """queries.reach_cost: whether ``target`` is next to the unit (None in the reference:
    False here), and if so what it costs to get in, in ``cost``."""
    cdef int here = s.place[u], to = s.next[u]
    cdef double leg
    if to == NOWHERE:
        if target == here:
            cost[0] = 0.0
            return True
        cost[0] = b.road(here, target)
        return not isinf(cost[0])
    leg = b.road(here, to)
    if target == to:
        cost[0] = max(leg - s.progress[u], 0.0)
        return True
    if target == here:
        cost[0] = s.progress[u]
        return True
    return False


# --- orders (engine.sim.orders and verbs) --------------------------------------------------
#: The verbs in the order numbered here (V_MOVE...), checked against engine.sim.verbs.
VERB_NAMES = ("move", "attack", "bombard", "hold", "withdraw")
#: Which verbs march and which fire (the turn reads them by number).
VERB_MARCHES = (True, True, False, False, True)
VERB_FIRES = (False, False, True, False, False)


# --- the way a column marches (movement.closed_to, route, way_of) --------------------------
cdef array held_at_dawn(Board b, Columns s):
    """movement's ``held``: flag 2 * place + side for each side with ground troops there."""
    cdef Present dawn = Present(b, s)
    cdef array out = flags_of(2 * b.m)
    cdef signed char *held = out.data.as_schars
    cdef int p, i
    for p in range(b.m):
        for i in range(dawn.start[p], dawn.start[p + 1]):
            held[2 * p + b.unit_side[dawn.units[i]]] = 1
    return out


cdef array closed_to(Board b, Columns s, int side, signed char *held, signed char *contested):
    """movement.closed_to: held by the other side, contested at dawn, or with its troops in
    them at dawn."""
    cdef array out = array("B", bytes(b.m))
    cdef unsigned char *c = out.data.as_uchars
    cdef int p
    for p in range(b.m):
        c[p] = s.holder[p] != side or contested[p] or held[2 * p + 1 - side]
    return out


cdef bint crosses(Board b, Columns s, int u, int dest, double *cost, int *step,
                  unsigned char *closed):
    """movement.route's test: does the march enter a closed place short of ``dest``?"""
    cdef int here = s.place[u], to = s.next[u], p, n = 0
    cdef double done
    if to == NOWHERE:
        p = step[here]
    else:
        done = s.progress[u]
        p = here if done + cost[here] < b.road(here, to) - done + cost[to] else to
    while p != NOWHERE and p != dest and not closed[p] and n <= b.m:
        p, n = step[p], n + 1
    return not (p == NOWHERE or p == dest)


cdef tuple route(Board b, Columns s, int u, int dest, array closed, dict ways):
    """movement.route: the way round (cost, step arrays) when the cheapest way enters a
    closed place and a way round reaches the unit; None to march by the cheapest."""
    cdef int here = s.place[u], to = s.next[u]
    cdef double done
    cdef double *c
    key = (b.unit_side[u], dest)
    around = ways.get(key)
    if around is None:
        around = ways[key] = _shortest(b.road_start, b.road_to, b.road_cost, dest, closed)
    c = (<array>around[0]).data.as_doubles
    if to == NOWHERE:
        return around if not isinf(c[here]) else None
    done = s.progress[u]
    if isinf(done + c[here]) and isinf(b.road(here, to) - done + c[to]):
        return None
    return around


cdef inline bint hostile(Columns s, int p, int side):
    return s.holder[p] != side or s.contested[p]


cdef bint legal(Board b, Columns s, int side, int u, int verb, int p) except -1:
    """Whether orders.check_order gives no reason against the order (of a unit and a place
    that exist): the verbs' tests, without the reasons' text."""
    cdef int here = s.place[u]
    cdef bint moving = s.next[u] != NOWHERE, near
    cdef double cost
    if b.unit_side[u] != side or here == NOWHERE or s.strength[u] <= 0:
        return False
    if verb == V_HOLD:
        return not moving and p == here
    if verb == V_BOMBARD:
        if not b.unit_fires[u] or moving:
            return False
        if p not in b.in_range(u, here):
            return False
        return hostile(s, p, side) or enemy_present(b, s, p, side, False)
    if b.unit_speed[u] <= 0:
        return False
    if verb == V_MOVE:
        if (p == here and not moving) or (not moving and s.contested[here]):
            return False
        return not isinf(b.cost_to(p)[here])
    near = reach(b, s, u, p, &cost)
    if verb == V_ATTACK:
        return hostile(s, p, side) and near and not cost > b.unit_speed[u]
    if verb == V_WITHDRAW:
        return near and not (p == here and not moving) and s.holder[p] == side
    raise ValueError(f"no verb numbered {verb}")


cdef int fits(Board b, Columns s) except -1:
    """Refuse columns of a state of another game: the kernel reads them unchecked."""
    if len(s.a_place) != b.n or len(s.a_holder) != b.m:
        raise ValueError(f"a state of {len(s.a_place)} units and {len(s.a_holder)} places "
                         f"is not of this game ({b.n} units, {b.m} places)")
    return 0


cdef int known(Board b, int u, int p) except -1:
    """Refuse a unit or a place the game does not have."""
    if not (0 <= u < b.n and 0 <= p < b.m):
        raise IndexError(f"no unit {u} or no place {p} in a game of {b.n} units and "
                         f"{b.m} places")
    return 0


def legal_orders(Board b, Columns s, int side, list orders):
    """For each (unit, verb number, place) of ``orders`` given by ``side`` (-1: each by its
    unit's own side), whether it may be given."""
    cdef int u, v, p
    fits(b, s)
    out = []
    for u, v, p in orders:
        known(b, u, p)
        out.append(legal(b, s, b.unit_side[u] if side < 0 else side, u, v, p))
    return out


# --- combat (engine.sim.combat) --------------------------------------------------------
cdef inline double logistic(double x):
    cdef double e
    if x >= 0:
        return 1.0 / (1.0 + exp(-x))
    e = exp(x)
    return e / (1.0 + e)


cdef void outcome_odds(double ratio, Rules *r, double *odds):
    cdef double log_r, take, repulse, stalemate, total
    if ratio <= 0 or isnan(ratio):
        odds[0], odds[1], odds[2] = 0.0, 0.0, 1.0
        return
    if isinf(ratio):
        odds[0], odds[1], odds[2] = 1.0, 0.0, 0.0
        return
    log_r = log(ratio)
    take = logistic(r.take_slope * (log_r - log(r.take_ratio)))
    repulse = logistic(r.repulse_slope * (log(r.repulse_ratio) - log_r))
    stalemate = 1.0 - take - repulse
    if stalemate <= 0.0:
        total = take + repulse
        odds[0], odds[1], odds[2] = take / total, 0.0, repulse / total
        return
    odds[0], odds[1], odds[2] = take, stalemate, repulse


cdef inline double clamp_log(double x):
    return log(min(max(x, 1e-300), 1e300))


cdef void loss_fractions(double att_power, double def_power, Rules *r, double sheltered,
                         int days_before, double *out):
    cdef int k
    cdef double keep, scale, raw, log_r, att, shelter, dfn, cap, most
    if not (att_power > 0 and def_power > 0):
        out[0], out[1] = 0.0, 0.0
        return
    k = max(days_before, 0)
    keep = 1.0 - r.wear
    scale = r.kill_rate * r.loss_scale * (pow(<double>(k + 1), keep) - pow(<double>k, keep)
                                          if k else 1.0)
    raw = clamp_log(def_power) - clamp_log(att_power)
    log_r = max(min(raw, r.log_lo), r.log_hi)
    att = scale * exp(r.attacker_loss_exponent * log_r)
    shelter = 1.0 - min(max(sheltered, 0.0), 1.0) * (1.0 - r.shelter)
    dfn = scale * r.defender_losses * shelter * exp(-r.defender_loss_exponent * log_r)
    cap, most = r.max_daily_loss, r.max_inflicted * r.loss_scale
    att = min(min(att, cap), most * exp(min(raw, 700.0)))
    dfn = min(min(dfn, cap), most * exp(min(-raw, 700.0)))
    out[0], out[1] = att, dfn


cdef double attack_bonus(Board b, Columns s, int place, int side, bint surprise):
    """combat.attack_factor of ``side``'s attack on ``place`` today."""
    return (1.0 + b.r.grind * max(s.assault[place], 0)) * (b.r.surprise if surprise else 1.0) \
        * (1.0 + b.r.support if s.bombarded_by[place] == side else 1.0)


cdef double posture_of(Board b, Columns s, int u, int place):
    """The posture factor of ``u`` defending ``place`` (queries.defence)."""
    cdef int pos = s.posture[u]
    if pos == PREPARED and b.place_works[place]:
        pos = FORTIFIED
    return b.posture_factor[pos]


cdef double side_power(Board b, Columns s, int *units, int lo, int hi, int place,
                       bint defending, bint surprise):
    """queries.side_power over units[lo:hi] (all of one side)."""
    cdef double total = 0.0, terrain, bonus, posture
    cdef int i, u
    if hi <= lo:
        return total
    if defending:
        terrain, bonus = b.place_defence[place], 1.0
    else:
        terrain, bonus = 1.0, attack_bonus(b, s, place, b.unit_side[units[lo]], surprise)
    for i in range(lo, hi):
        u = units[i]
        posture = posture_of(b, s, u, place) if defending else 1.0
        total += s.strength[u] * b.unit_quality[u] * s.readiness[u] * posture * terrain * bonus
    return total


cdef double fighting_power(Board b, Columns s, int *units, int lo, int hi):
    cdef double total = 0.0
    cdef int i, u
    for i in range(lo, hi):
        u = units[i]
        total += s.strength[u] * b.unit_quality[u] * s.readiness[u]
    return total


cdef int pick(double *p, int n, double u) except -1:
    cdef double total = 0.0
    cdef int i
    for i in range(n):
        total += p[i]
        if u < total:
            return i
    for i in range(n - 1, -1, -1):
        if p[i] > 0:
            return i
    raise ValueError("no outcome has a chance")


# --- losses (engine.sim.engagement) ------------------------------------------------------
cdef void apply_losses(Columns s, int *units, int lo, int hi, int64_t killed,
                       int64_t wounded):
    shares(s, units, lo, hi, killed, s.killed)
    shares(s, units, lo, hi, wounded, s.wounded)


cdef void shares(Columns s, int *units, int lo, int hi, int64_t total,
                 long long *ledger):
    """engagement._shares and the ledger's update: largest remainder, in unit order."""
    cdef int n = hi - lo, i, j, key
    cdef int64_t whole = 0, w, left
    cdef double x, fi, fj
    cdef bint moved
    if n <= 0:
        return
    cdef array exact_a = clone(_DOUBLES, n, False), out_a = longs(n), order_a = ints(n)
    cdef double *exact = exact_a.data.as_doubles
    cdef long long *out = out_a.data.as_longlongs
    cdef int *order = order_a.data.as_ints
    for i in range(n):
        whole += s.strength[units[lo + i]]
    if total <= 0 or whole <= 0:
        return
    left = total
    for i in range(n):
        w = s.strength[units[lo + i]]
        if whole <= BIG and (w == 0 or total <= BIG // w):
            exact[i] = <double>(total * w) / <double>whole
        else:   # past 2**53 a double is not exact: Python's exact division, as the reference
            exact[i] = (<object>total * <object>w) / <object>whole
        out[i] = min(<int64_t>exact[i], w)
        left -= out[i]
        order[i] = i
    # sort by the largest fraction first, then in unit order (insertion: a few units)
    for i in range(1, n):
        key = order[i]
        fi = exact[key] - <int64_t>exact[key]
        j = i - 1
        while j >= 0:
            fj = exact[order[j]] - <int64_t>exact[order[j]]
            if fj > fi or (fj == fi and order[j] < key):
                break
            order[j + 1] = order[j]
            j -= 1
        order[j + 1] = key
    while left > 0:
        moved = False
        for j in range(n):
            i = order[j]
            if left and out[i] < s.strength[units[lo + i]]:
                out[i] += 1
                left -= 1
                moved = True
        if not moved:
            break
    for i in range(n):
        s.strength[units[lo + i]] -= out[i]
        ledger[units[lo + i]] += out[i]


cdef tuple casualties(Chance c, double expected, int64_t strength, double killed_share):
    cdef int64_t n = c.poisson_at_most(expected, strength), killed
    killed = c.binomial(n, killed_share) if n else 0
    return killed, n - killed


cdef tuple capped(object losses, int64_t strength):
    cdef int64_t killed = min(<int64_t>losses[0], strength)
    return killed, min(<int64_t>losses[1], strength - killed)


cdef set fall_back(Board b, Columns s, list units, int place, int *origin, bint attackers,
                   object log):
    cdef int u, side, back
    for u in units:
        side = b.unit_side[u]
        back = origin[u] if attackers and origin[u] != place else NOWHERE
        if back == NOWHERE or s.holder[back] != side or s.contested[back] \
                or isinf(b.road(place, back)):
            back = nearest_friendly(b, s, side, place)
        if back == NOWHERE:
            s.dispersed[u] += s.strength[u]
            if log is not None:
                log("dispersed", place, f"{b.unit_names[u]} is cut off in "
                    f"{b.place_names[place]} and dispersed ({s.strength[u]} lost)", (u,))
            s.strength[u] = 0
            continue
        s.place[u], s.next[u], s.progress[u], s.posture[u] = back, NOWHERE, 0.0, MOVING
        if log is not None:
            log("fall_back", back, f"{b.unit_names[u]} falls back from "
                f"{b.place_names[place]} to {b.place_names[back]}", (u,))
    return set(units)




def rounded(double x):
    """round6, for the test that it is Python's round(x, 6)."""
    return round6(x)


