# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False, nonecheck=False
"""The turn, compiled: the rules of engine.sim's phases over C arrays.

Each function here is the phase of the same name in :mod:`engine.sim`, written again line
for line over typed arrays, so that the readable rules stay the reference and this is only
their fast copy: a test plays many campaigns through both and requires the same state every
day, and a change to a rule is made in both in one commit. Arithmetic is done in the order
the reference does it (no reassociation: the module is compiled without fast-math or fused
multiply-adds), ``round`` is Python's own, and chance is drawn by numpy's own C
distributions from a Philox generator that yields numpy's words, so the draws are the
reference's draws. Events and outcomes are built as the reference builds them: they are
few, and the texts are the same.
"""

import math
import weakref

from cpython.array cimport array, clone
from libc.math cimport INFINITY, exp, fabs, floor, isinf, isnan, log, pow
from libc.stdint cimport int64_t, uint64_t
from numpy.random cimport bitgen_t
from numpy.random.c_distributions cimport binomial_t, random_binomial, random_gamma, random_poisson

cdef extern from "philox.h":
    ctypedef struct wg_philox:
        pass
    void wg_philox_start(wg_philox *s, bitgen_t *g, uint64_t key, uint64_t c0, uint64_t c1,
                         uint64_t c2, uint64_t c3) nogil
    double wg_philox_double(void *st) nogil

# --- numbers shared with engine.sim (checked against it when a board is made) --------------
DEF NOWHERE = -1
DEF MOVING = 0
DEF HASTY = 1
DEF PREPARED = 2
DEF FORTIFIED = 3
DEF EPS = 1e-9
DEF ENGAGEMENT_CODE = 0
DEF BOMBARDMENT_CODE = 1
DEF TAKEN = 0
DEF STALEMATE = 1
DEF REPULSED = 2
#: The largest whole number every smaller one of which a double holds exactly (2**53).
DEF BIG = 9007199254740992

#: Python's own round (to even, on the decimal digits), never C's.
import builtins

cdef object _round = builtins.round



cdef inline double round6(double x):
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


cdef inline array ints(Py_ssize_t n):
    return clone(_INTS, n, False)


cdef inline array longs(Py_ssize_t n):
    return clone(_LONGS, n, False)


cdef struct Rules:
    double take_slope, take_ratio, repulse_slope, repulse_ratio, grind, surprise, support
    double killed_share, wear, kill_rate, loss_scale, attacker_loss_exponent, defender_losses
    double shelter, defender_loss_exponent, max_daily_loss, max_inflicted, artillery_fire
    double sortie_casualties, suppression, readiness_floor, population_reference
    double sortie_civilians, civilian_dispersion, flight_rate, readiness_recovery
    double readiness_loss, unsupplied_attrition, log_lo, log_hi


cdef class Chance:
    """One stream at a time: Philox started at (key, counter), numpy's distributions."""
    cdef wg_philox philox
    cdef bitgen_t bitgen
    cdef binomial_t binomial_cache

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
    cdef readonly object game
    cdef int n, m
    cdef int[::1] unit_side, unit_start, unit_arrives
    cdef signed char[::1] unit_ground, unit_air
    cdef double[::1] unit_speed, unit_quality
    cdef long long[::1] unit_strength
    cdef double[::1] place_defence
    cdef signed char[::1] place_works
    cdef uint64_t[::1] place_key
    cdef int[::1] road_start, road_to
    cdef double[::1] road_cost, road_km
    cdef int[::1] source_start, source_place
    cdef double posture_factor[4]
    cdef Rules r
    cdef object unit_surprised, place_names, unit_names, side_names, outcome_names

    def __init__(self, game):
        from engine.scenario.rules import AIR
        from engine.sim.combat import OUTCOMES, RATIO_SPAN
        from engine.sim.state import FORTIFIED_FACTOR, HASTY as H, MOVING as M
        from engine.sim.state import NOWHERE as N, PREPARED as P
        if (N, M, H, P, FORTIFIED_FACTOR) != (NOWHERE, MOVING, HASTY, PREPARED, FORTIFIED) \
                or tuple(OUTCOMES) != ("taken", "stalemate", "repulsed"):
            raise RuntimeError("the compiled turn does not match engine.sim's numbering: "
                               "rebuild it (pip install -e .)")
        self.game = weakref.proxy(game)    # a board lives as long as its game, no longer
        self.n, self.m = len(game.units), len(game.places)
        self.unit_side = array("i", game.unit_side)
        self.unit_start = array("i", game.unit_start)
        self.unit_arrives = array("i", game.unit_arrives)
        self.unit_ground = array("b", game.unit_ground)
        self.unit_air = array("b", [t == AIR for t in game.unit_type])
        self.unit_speed = array("d", game.unit_speed)
        self.unit_quality = array("d", game.unit_quality)
        self.unit_strength = array("q", game.unit_strength)
        self.place_defence = array("d", game.place_defence)
        self.place_works = array("b", game.place_works)
        self.place_key = array("Q", game.place_key)
        starts, to, cost, km = [0], [], [], []
        for out in game.roads:
            for there, length, c in out:
                to.append(there)
                km.append(length)
                cost.append(c)
            starts.append(len(to))
        self.road_start, self.road_to = array("i", starts), array("i", to)
        self.road_cost, self.road_km = array("d", cost), array("d", km)
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

    cdef double road(self, int a, int b):
        """The cost of the first road from ``a`` to ``b`` (inf if none), as Game.road_cost."""
        cdef int k
        for k in range(self.road_start[a], self.road_start[a + 1]):
            if self.road_to[k] == b:
                return self.road_cost[k]
        return INFINITY


ctypedef fused cell:
    int
    long long
    double
    signed char


cdef void fill(cell[::1] view, list values):
    """A column's values into its C array (a typed loop: several times quicker than
    array(typecode, values))."""
    cdef Py_ssize_t i
    for i in range(view.shape[0]):
        view[i] = values[i]


cdef array column(array template, list values, Py_ssize_t n):
    """A new C array of ``template``'s type holding ``values``."""
    cdef array out = clone(template, n, False)
    cdef char code = template.ob_descr.typecode
    if code == b"i"[0]:
        fill[int](out, values)
    elif code == b"q"[0]:
        fill["long long"](out, values)
    elif code == b"d"[0]:
        fill[double](out, values)
    else:
        fill["signed char"](out, values)
    return out


cdef list flags(signed char[::1] v):
    cdef Py_ssize_t i
    return [v[i] != 0 for i in range(v.shape[0])]


cdef class Columns:
    """A state's columns as C arrays for the length of a turn (the arrays are kept beside
    their views for a quick way back to lists)."""
    cdef int[::1] place, next, posture, holder, bombarded_by, assault
    cdef double[::1] progress, readiness
    cdef long long[::1] strength, killed, wounded, dispersed
    cdef long long[::1] population, civilians_killed, displaced
    cdef signed char[::1] supplied, contested, besieged
    cdef array a_place, a_next, a_posture, a_holder, a_bombarded_by, a_assault
    cdef array a_progress, a_readiness, a_strength, a_killed, a_wounded, a_dispersed
    cdef array a_population, a_civilians_killed, a_displaced
    cdef int day

    def __init__(self, st):
        cdef Py_ssize_t n = len(st.place), m = len(st.holder)
        self.day = st.day
        self.a_place = column(_INTS, st.place, n)
        self.a_next = column(_INTS, st.next, n)
        self.a_progress = column(_DOUBLES, st.progress, n)
        self.a_strength = column(_LONGS, st.strength, n)
        self.a_posture = column(_INTS, st.posture, n)
        self.a_readiness = column(_DOUBLES, st.readiness, n)
        self.supplied = column(_FLAGS, st.supplied, n)
        self.a_killed = column(_LONGS, st.killed, n)
        self.a_wounded = column(_LONGS, st.wounded, n)
        self.a_dispersed = column(_LONGS, st.dispersed, n)
        self.a_holder = column(_INTS, st.holder, m)
        self.contested = column(_FLAGS, st.contested, m)
        self.besieged = column(_FLAGS, st.besieged, m)
        self.a_population = column(_LONGS, st.population, m)
        self.a_civilians_killed = column(_LONGS, st.civilians_killed, m)
        self.a_displaced = column(_LONGS, st.displaced, m)
        self.a_bombarded_by = column(_INTS, st.bombarded_by, m)
        self.a_assault = column(_INTS, st.assault, m)
        self.place, self.next, self.progress = self.a_place, self.a_next, self.a_progress
        self.strength, self.posture = self.a_strength, self.a_posture
        self.readiness, self.killed = self.a_readiness, self.a_killed
        self.wounded, self.dispersed = self.a_wounded, self.a_dispersed
        self.holder, self.population = self.a_holder, self.a_population
        self.civilians_killed, self.displaced = self.a_civilians_killed, self.a_displaced
        self.bombarded_by, self.assault = self.a_bombarded_by, self.a_assault

    def state(self, State):
        return State(self.day, self.a_place.tolist(), self.a_next.tolist(),
                     self.a_progress.tolist(), self.a_strength.tolist(),
                     self.a_posture.tolist(), self.a_readiness.tolist(), flags(self.supplied),
                     self.a_killed.tolist(), self.a_wounded.tolist(),
                     self.a_dispersed.tolist(), self.a_holder.tolist(), flags(self.contested),
                     flags(self.besieged), self.a_population.tolist(),
                     self.a_civilians_killed.tolist(), self.a_displaced.tolist(),
                     self.a_bombarded_by.tolist(), self.a_assault.tolist())


# --- who is where ------------------------------------------------------------------------
cdef class Present:
    """Ground units standing in each place, in unit order (queries.present), as rows."""
    cdef int[::1] start, units

    def __init__(self, Board b, Columns s):
        cdef int u, p, m = b.m
        cdef array start = ints(m + 1), units = ints(b.n), fill = ints(m)
        cdef int[::1] st = start, un = units, fl = fill
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

    cdef inline int count(self, int p):
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


cdef double side_power(Board b, Columns s, int[::1] units, int lo, int hi, int place,
                       bint defending, bint surprise):
    """queries.side_power over units[lo:hi] (all of one side)."""
    cdef double total = 0.0, terrain, bonus, posture
    cdef int i, u, pos
    if hi <= lo:
        return total
    if defending:
        terrain, bonus = b.place_defence[place], 1.0
    else:
        terrain = 1.0
        bonus = (1.0 + b.r.grind * max(s.assault[place], 0)) \
            * (b.r.surprise if surprise else 1.0) \
            * (1.0 + b.r.support if s.bombarded_by[place] == b.unit_side[units[lo]] else 1.0)
    for i in range(lo, hi):
        u = units[i]
        if defending:
            pos = s.posture[u]
            if pos == PREPARED and b.place_works[place]:
                pos = FORTIFIED
            posture = b.posture_factor[pos]
        else:
            posture = 1.0
        total += s.strength[u] * b.unit_quality[u] * s.readiness[u] * posture * terrain * bonus
    return total


cdef double fighting_power(Board b, Columns s, int[::1] units, int lo, int hi):
    cdef double total = 0.0
    cdef int i, u
    for i in range(lo, hi):
        u = units[i]
        total += s.strength[u] * b.unit_quality[u] * s.readiness[u]
    return total


cdef int pick(double *p, int n, double u):
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
cdef void apply_losses(Columns s, int[::1] units, int lo, int hi, int64_t killed,
                       int64_t wounded):
    shares(s, units, lo, hi, killed, s.killed)
    shares(s, units, lo, hi, wounded, s.wounded)


cdef void shares(Columns s, int[::1] units, int lo, int hi, int64_t total,
                 long long[::1] ledger):
    """engagement._shares and the ledger's update: largest remainder, in unit order."""
    cdef int n = hi - lo, i, j, key
    cdef int64_t whole = 0, w, left
    cdef double x, fi, fj
    cdef bint moved
    if n <= 0:
        return
    cdef array exact_a = clone(_DOUBLES, n, False), out_a = longs(n), order_a = ints(n)
    cdef double[::1] exact = exact_a
    cdef long long[::1] out = out_a
    cdef int[::1] order = order_a
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


cdef set fall_back(Board b, Columns s, list units, int place, int[::1] origin, bint attackers,
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
            log("dispersed", place, f"{b.unit_names[u]} is cut off in {b.place_names[place]} "
                f"and dispersed ({s.strength[u]} lost)", (u,))
            s.strength[u] = 0
            continue
        s.place[u], s.next[u], s.progress[u], s.posture[u] = back, NOWHERE, 0.0, MOVING
        log("fall_back", back, f"{b.unit_names[u]} falls back from {b.place_names[place]} to "
            f"{b.place_names[back]}", (u,))
    return set(units)


# --- phase 1: movement -------------------------------------------------------------------
cdef void advance(Board b, Columns s, int u, int dest, double budget, double[::1] cost,
                  int[::1] step, signed char[::1] held, signed char[::1] contested,
                  dict passed):
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


cdef dict movement(Board b, Columns s, signed char[::1] marches, int[::1] dest, object log):
    """movement.movement: returns the units that marched through each enemy place."""
    cdef Present dawn = Present(b, s)
    cdef int u, p, i, before_place, before_next
    cdef double before_progress
    cdef array held_a = clone(_FLAGS, 2 * b.m, True)
    cdef signed char[::1] held = held_a
    cdef array contested = array("b", s.contested)
    cdef dict passed = {}
    game = b.game
    for p in range(b.m):
        for i in range(dawn.start[p], dawn.start[p + 1]):
            held[2 * p + b.unit_side[dawn.units[i]]] = 1
    cdef dict paths = {}
    for u in range(b.n):
        before_place, before_next, before_progress = s.place[u], s.next[u], s.progress[u]
        if marches[u]:
            found = paths.get(dest[u])
            if found is None:
                path = game.path_to(dest[u])
                found = paths[dest[u]] = (memoryview(path.cost), memoryview(path.step))
            advance(b, s, u, dest[u], b.unit_speed[u], found[0], found[1], held,
                    contested, passed)
        if s.place[u] != before_place or s.next[u] != before_next \
                or s.progress[u] != before_progress:
            s.posture[u] = MOVING
            if s.next[u] == NOWHERE:
                log("move", s.place[u], f"{b.unit_names[u]} reaches "
                    f"{b.place_names[s.place[u]]}", (u,))
        elif s.place[u] != NOWHERE:
            s.posture[u] = HASTY if s.posture[u] == MOVING else PREPARED
    return passed


# --- phase 2: engagements ----------------------------------------------------------------
cdef tuple engagements(Board b, Columns s, int[::1] origin, uint64_t key, object forced,
                       object log, Chance c):
    """engagement.engagements: every fight of the morning's standing, in place order."""
    from engine.sim.chance import Outcome
    cdef Present at = Present(b, s)
    cdef int p, i, u, holder, att_side, na, nd, n, result, draw
    cdef int64_t n_att, n_def, sheltered
    cdef double att_power, def_power, ratio
    cdef double f[2]
    f[0] = f[1] = 0.0
    cdef double odds[3]
    cdef bint surprise
    cdef array group_a
    cdef int[::1] group
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
            group = group_a
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
    cdef array fought_a = clone(_FLAGS, b.m, True)
    cdef signed char[::1] fought = fought_a
    cdef int day = s.day
    for p, na, group_a in fights:
        group = group_a
        n = group.shape[0]
        holder = s.holder[p]
        att_side = b.unit_side[group[0]]
        c.start(key, day, b.place_key[p], ENGAGEMENT_CODE * 16)
        name = b.place_names[p]
        force = forced.get((day, "engagement", name, b.side_names[att_side]))
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
        outcomes.append(Outcome(day, "engagement", name, b.side_names[att_side], result_name,
                                (round6(odds[0]), round6(odds[1]), round6(odds[2])),
                                ((b.side_names[att_side], *drawn_att),
                                 (b.side_names[holder], *drawn_def))))
        ratio = att_power / def_power if def_power else INFINITY
        fought[p] = 1
        s.assault[p] = s.assault[p] + 1 if result_name == "stalemate" else 0
        how = " by surprise" if surprise else ""
        log("engagement", p, f"{b.side_names[att_side]} attack {name}{how} at {ratio:.1f}:1: "
            f"{result_name}; killed {drawn_att[0]} {b.side_names[att_side]}, {drawn_def[0]} "
            f"{b.side_names[holder]}", [group[i] for i in range(n)])
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
    from engine.sim.chance import HIT, Outcome
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
    cdef int[::1] targets = targets_a
    outcomes = []
    cdef int day = s.day
    for (p, side), volume in sorted(fire.items()):
        c.start(key, day, b.place_key[p], BOMBARDMENT_CODE * 16 + side)
        name = b.place_names[p]
        force = forced.get((day, "bombardment", name, b.side_names[side]))
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
        outcomes.append(Outcome(day, "bombardment", name, b.side_names[side], HIT, (),
                                ((b.side_names[enemy], *losses),), civilians, fled))
        log("bombardment", p, f"{b.side_names[side]} bombard {name} ({volume:.0f} "
            f"sorties): killed {losses[0]} {b.side_names[enemy]}, {civilians} civilians; "
            f"{fled} people flee", firing[(p, side)])
    return outcomes


# --- phase 4: supply ---------------------------------------------------------------------
cdef void supplied_places(Board b, Columns s, int side, signed char[::1] reached,
                          int[::1] queue):
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
    cdef array reached_a = clone(_FLAGS, 2 * b.m, True)
    cdef signed char[::1] r0 = reached_a[:b.m], r1 = reached_a[b.m:], r
    cdef array queue_a = ints(b.m + 1)
    cdef int[::1] queue = queue_a
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
        if ok != (s.supplied[u] != 0):
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
        if cut and not s.besieged[p]:
            log("besieged", p, f"{b.place_names[p]} is cut off from {b.side_names[h]}'s supply")
        s.besieged[p] = cut


# --- phase 5: control, arrivals ----------------------------------------------------------
cdef void rebase(Board b, Columns s, int place, object log):
    """control._rebase: air units whose base is lost fly to the nearest place their side
    holds (by road cost from the lost base, then number)."""
    cdef int u, q, side, best
    cdef double best_cost, cq
    cdef double[::1] cost
    for u in range(b.n):
        if b.unit_ground[u] or s.place[u] != place or s.strength[u] <= 0:
            continue
        side = b.unit_side[u]
        cost = b.game.path_to(place).cost
        best, best_cost = NOWHERE, INFINITY
        for q in range(b.m):
            cq = cost[q]
            if s.holder[q] == side and not s.contested[q] and cq < INFINITY \
                    and (best == NOWHERE or cq < best_cost):
                best, best_cost = q, cq
        if best != NOWHERE:
            s.place[u] = best
            log("rebase", best, f"{b.unit_names[u]} loses its base {b.place_names[place]} "
                f"and moves to {b.place_names[best]}", (u,))


cdef void control(Board b, Columns s, dict passed, set thrown, object log):
    """control.control: holders change by the rule."""
    from engine.sim.control import fates
    cdef Present at = Present(b, s)
    cdef int p, i, u, new, k
    cdef int sides_here
    for p in sorted(passed):
        through = {b.unit_side[u] for u in passed[p] if s.strength[u] > 0 and u not in thrown}
        if at.count(p) == 0 and len(through) == 1 and not s.contested[p]:
            (new,) = through
            if s.holder[p] != new:
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
            if not s.contested[p]:
                log("contested", p, f"{b.place_names[p]} is contested")
            s.contested[p] = True
        elif not (sides_here >> s.holder[p]) & 1:
            new = 0 if sides_here == 1 else 1
            log("captured", p, f"{b.side_names[new]} take {b.place_names[p]} from "
                f"{b.side_names[s.holder[p]]}", [at.units[i] for i in
                                                  range(at.start[p], at.start[p + 1])])
            fates(b.game, p, s.holder[p], log)
            s.holder[p], s.contested[p] = new, False
            rebase(b, s, p, log)
        elif s.contested[p]:
            s.contested[p] = False
            log("secured", p, f"{b.side_names[s.holder[p]]} secure {b.place_names[p]}")


cdef void arrivals(Board b, Columns s, object log):
    from engine.sim.control import dated_fates
    cdef int u
    for u in range(b.n):
        if b.unit_arrives[u] == s.day and s.day > 0 and s.place[u] == NOWHERE:
            s.place[u] = b.unit_start[u]
            s.strength[u] = b.unit_strength[u]
            s.posture[u] = MOVING
            log("arrival", s.place[u], f"{b.unit_names[u]} arrives in "
                f"{b.place_names[s.place[u]]} ({s.strength[u]})", (u,))
    dated_fates(b.game, s.day, log)


# --- the turn ----------------------------------------------------------------------------
def turn(Board b, object state, dict accepted, uint64_t key, object forced, object log,
         object State):
    """One day, as engine.sim.turn.play_turn after its orders are checked: ``accepted``
    maps unit numbers to their orders. Returns the new state and the outcomes; the events
    are written to ``log``."""
    from engine.sim.verbs import VERBS
    cdef Columns s = Columns(state)
    cdef array origin_a = array("i", s.place)
    cdef array marches_a = clone(_FLAGS, b.n, True)
    cdef array dest_a = ints(b.n)
    cdef signed char[::1] marches = marches_a
    cdef int[::1] dest = dest_a
    cdef int u
    cdef Chance c = Chance()
    index = b.game.theatre.index
    fire_orders = []
    for u in sorted(accepted):
        order = accepted[u]
        verb = VERBS[order.verb]
        if verb.marches:
            marches[u] = 1
            dest[u] = index[order.place]
        elif verb.fires:
            fire_orders.append((u, index[order.place]))
    passed = movement(b, s, marches, dest, log)
    outcomes, thrown = engagements(b, s, origin_a, key, forced, log, c)
    outcomes += bombardment(b, s, fire_orders, key, forced, log, c)
    supply(b, s, log)
    control(b, s, passed, thrown, log)
    s.day += 1
    log.day = s.day
    arrivals(b, s, log)
    return s.state(State), outcomes


def rounded(double x):
    """round6, for the test that it is Python's round(x, 6)."""
    return round6(x)


# --- shortest paths (engine.sim.game._dijkstra) --------------------------------------------
cdef inline bint before(const double *cost, int a, int b) noexcept nogil:
    return cost[a] < cost[b] or (cost[a] == cost[b] and a < b)


cdef inline void sift_up(int *heap, int *where, const double *cost, int p, int i) noexcept nogil:
    """Place ``p`` moves up from slot ``i`` while it comes before its parent."""
    cdef int parent
    while i > 0:
        parent = (i - 1) // 2
        if not before(cost, p, heap[parent]):
            break
        heap[i] = heap[parent]
        where[heap[i]] = i
        i = parent
    heap[i] = p
    where[p] = i


cdef inline void sift_down(int *heap, int *where, const double *cost, int p,
                           int size) noexcept nogil:
    """Place ``p`` goes into the root's slot and moves down to where it belongs."""
    cdef int i = 0, child
    while True:
        child = 2 * i + 1
        if child >= size:
            break
        if child + 1 < size and before(cost, heap[child + 1], heap[child]):
            child += 1
        if not before(cost, heap[child], p):
            break
        heap[i] = heap[child]
        where[heap[i]] = i
        i = child
    heap[i] = p
    where[p] = i


def shortest(int[::1] road_start, int[::1] road_to, double[::1] road_cost, int dest):
    """game._dijkstra compiled: the cost to ``dest`` from every place and the next step,
    with the reference's ties. The reference's heap keeps stale entries and skips them; this
    one keeps each place once and lowers its key, which settles the places in the same
    order: by (cost, place), the lowest first."""
    cdef int m = road_start.shape[0] - 1, here, there, k, size = 0, i
    cdef double c, new
    cdef array cost_a = clone(_DOUBLES, m, False), step_a = ints(m)
    cdef array settled_a = clone(_FLAGS, m, True), where_a = ints(m)
    cdef double[::1] cost = cost_a
    cdef int[::1] step = step_a, where = where_a
    cdef signed char[::1] settled = settled_a
    cdef array heap_a = ints(m + 1)
    cdef int[::1] heap = heap_a
    if not 0 <= dest < m:
        raise IndexError(f"no place {dest} among {m}")
    for i in range(m):
        cost[i] = INFINITY
        step[i] = NOWHERE
        where[i] = NOWHERE
    cost[dest] = 0.0
    heap[0], where[dest], size = dest, 0, 1
    while size:
        here = heap[0]
        c = cost[here]
        size -= 1
        where[here] = NOWHERE
        if size:
            sift_down(&heap[0], &where[0], &cost[0], heap[size], size)
        settled[here] = 1
        for k in range(road_start[here], road_start[here + 1]):
            there = road_to[k]
            new = c + road_cost[k]
            if new < cost[there] or (new == cost[there] and here < step[there]
                                     and not settled[there]):
                cost[there] = new
                step[there] = here
                if where[there] == NOWHERE:
                    where[there] = size
                    size += 1
                sift_up(&heap[0], &where[0], &cost[0], there, where[there])
    return cost_a, step_a
