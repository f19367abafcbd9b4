# cython: language_level=3
"""What the compiled turn's modules share: the game's and the state's C arrays, chance, and
the combat model's arithmetic (engine/sim/kernel/_core.pyx)."""

from cpython.array cimport array
from libc.stdint cimport int64_t, uint64_t
from numpy.random cimport bitgen_t
from numpy.random.c_distributions cimport binomial_t

cdef extern from "philox.h":
    ctypedef struct wg_philox:
        pass

#: Numbers shared with engine.sim (checked against it when a board is made).
cdef enum:
    NOWHERE = -1
    MOVING = 0
    HASTY = 1
    PREPARED = 2
    FORTIFIED = 3
    ENGAGEMENT_CODE = 0
    BOMBARDMENT_CODE = 1
    # the verbs, in engine.sim.verbs.VERBS' order
    V_MOVE = 0
    V_ATTACK = 1
    V_BOMBARD = 2
    V_HOLD = 3
    V_WITHDRAW = 4


cdef struct Rules:
    double take_slope, take_ratio, repulse_slope, repulse_ratio, grind, surprise, support
    double killed_share, wear, kill_rate, loss_scale, attacker_loss_exponent, defender_losses
    double shelter, defender_loss_exponent, max_daily_loss, max_inflicted, artillery_fire
    double sortie_casualties, suppression, readiness_floor, population_reference
    double sortie_civilians, civilian_dispersion, flight_rate, readiness_recovery
    double readiness_loss, unsupplied_attrition, log_lo, log_hi


cdef class Chance:
    cdef wg_philox philox
    cdef bitgen_t bitgen
    cdef binomial_t binomial_cache
    cdef void start(self, uint64_t key, uint64_t day, uint64_t place_key, uint64_t code)
    cdef double random(self)
    cdef int64_t poisson_at_most(self, double mean, int64_t cap)
    cdef int64_t binomial(self, int64_t n, double p)
    cdef double gamma(self, double shape, double scale)


cdef class Board:
    cdef readonly object game
    cdef int n, m
    cdef int[::1] unit_side, unit_start, unit_arrives
    cdef signed char[::1] unit_ground, unit_air, unit_fires
    cdef double[::1] unit_speed, unit_quality, unit_range_km
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
    # the game's paths by destination, as pointers (NULL: not fetched), and their arrays
    cdef double **path_cost
    cdef int **path_step
    cdef list path_arrays
    cdef Py_ssize_t paths_held, paths_most
    cdef list reach_of       # per unit: (place, the places its guns reach from there)
    cdef double road(self, int a, int b)
    cdef tuple in_range(self, int u, int place)
    cdef double *cost_to(self, int dest) except NULL
    cdef int *step_to(self, int dest) except NULL
    cdef int fetch(self, int dest) except -1


cdef class Columns:
    # pointers into the arrays below: as quick to index as memoryviews, and quicker to set
    cdef int *place
    cdef int *next
    cdef int *posture
    cdef int *holder
    cdef int *bombarded_by
    cdef int *assault
    cdef double *progress
    cdef double *readiness
    cdef long long *strength
    cdef long long *killed
    cdef long long *wounded
    cdef long long *dispersed
    cdef long long *population
    cdef long long *civilians_killed
    cdef long long *displaced
    cdef signed char *supplied
    cdef signed char *contested
    cdef signed char *besieged
    cdef array a_place, a_next, a_posture, a_holder, a_bombarded_by, a_assault
    cdef array a_progress, a_readiness, a_strength, a_killed, a_wounded, a_dispersed
    cdef array a_population, a_civilians_killed, a_displaced
    cdef array a_supplied, a_contested, a_besieged
    cdef public int day


cdef class Present:
    # pointers into the arrays below
    cdef int *start
    cdef int *units
    cdef array a_start, a_units
    cdef int count(self, int p)


cdef double round6(double x)
cdef array ints(Py_ssize_t n)
cdef array flags_of(Py_ssize_t n)
cdef array doubles(Py_ssize_t n)
cdef array zeros(Py_ssize_t n)
cdef int nearest_friendly(Board b, Columns s, int side, int place)
cdef bint enemy_present(Board b, Columns s, int place, int side, bint ground_only)
cdef bint reach(Board b, Columns s, int u, int target, double *cost)
cdef int fits(Board b, Columns s) except -1
cdef int known(Board b, int u, int p) except -1
cdef bint legal(Board b, Columns s, int side, int u, int verb, int p) except -1
cdef array held_at_dawn(Board b, Columns s)
cdef array closed_to(Board b, Columns s, int side, signed char *held, signed char *contested)
cdef bint crosses(Board b, Columns s, int u, int dest, double *cost, int *step,
                  unsigned char *closed)
cdef tuple route(Board b, Columns s, int u, int dest, array closed, dict ways)
cdef void outcome_odds(double ratio, Rules *r, double *odds)
cdef void loss_fractions(double att_power, double def_power, Rules *r, double sheltered,
                         int days_before, double *out)
cdef double attack_bonus(Board b, Columns s, int place, int side, bint surprise)
cdef double posture_of(Board b, Columns s, int u, int place)
cdef double side_power(Board b, Columns s, int *units, int lo, int hi, int place,
                       bint defending, bint surprise)
cdef double fighting_power(Board b, Columns s, int *units, int lo, int hi)
cdef int pick(double *p, int n, double u) except -1
cdef void apply_losses(Columns s, int *units, int lo, int hi, int64_t killed,
                       int64_t wounded)
cdef tuple casualties(Chance c, double expected, int64_t strength, double killed_share)
cdef tuple capped(object losses, int64_t strength)
cdef set fall_back(Board b, Columns s, list units, int place, int *origin, bint attackers,
                   object log)
