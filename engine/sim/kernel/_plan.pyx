# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False, nonecheck=False
"""The historical commander's plan, compiled: what it gives each morning before the doctrine.

:func:`follow` is ``Historical._given`` of engine/play/historical.py with the plan's
standing orders (``Plan.orders`` and ``Plan.give_up`` of engine/play/plan.py) and the new
forces' orders (``Historical._reinforce``), written again over the kernel's arrays as the
rest of the kernel is: the same units in the same order, the same tests in the same order.
A planned order is adapted by engine.sim.kernel._command.adapt. The kernel's loop
(engine/play/quick.py) plays it; a test plays campaigns both ways and requires the same
states every day. A change to the plan's rules is made in both in one commit.
"""

from cpython.array cimport array
from libc.math cimport INFINITY

from engine.sim.kernel._core cimport NOWHERE, V_ATTACK, V_MOVE, Board, Columns, fits, legal

from engine.sim.kernel._command import adapt


cdef class Following:
    """A plan's tasks as arrays, by unit, and how far each unit has got (``Plan.at``)."""

    cdef Board b
    cdef int side
    cdef array a_start, a_first, a_until, a_verb, a_place, a_at, a_late, a_has_until
    cdef int *start      # per unit: its first task's number (n + 1 entries)
    cdef int *first      # per task: the day it is given from
    cdef int *until      # per task: the last day it stands (if it has one)
    cdef signed char *has_until
    cdef int *verb
    cdef int *place
    cdef int *at         # per unit: its current task, counted from its first
    cdef signed char *late_flag
    cdef signed char one_day[8]
    cdef signed char marches[8]
    cdef signed char assaults[8]
    cdef list units      # the side's units with tasks, in unit order
    cdef list newcomers  # the side's units the plan's scenario did not have, in unit order
    cdef double join_days
    #: (day, task number): a task still not done on the day its unit's next one came due
    cdef readonly list late

    def __init__(self, Board b, int side, list tasks, list at, list newcomers,
                 double join_days, tuple one_day, tuple marches, tuple assaults,
                 list late=[]):
        """``tasks``: per unit, its tasks in order as (first, until or None, verb, place);
        ``at``: per unit, its current task; the verbs' flags in the kernel's order;
        ``late``: (day, task number) already noted, for a plan followed turn by turn so far."""
        cdef int u, k = 0, v
        if len(tasks) != b.n or len(at) != b.n or not 0 <= side < len(b.side_names) \
                or not len(one_day) == len(marches) == len(assaults) <= 8 \
                or any(not 0 <= at[u] <= len(tasks[u]) for u in range(b.n)) \
                or any(not 0 <= u < b.n for u in newcomers):
            raise ValueError("a plan's figures do not fit its board")
        self.b, self.side, self.join_days = b, side, join_days
        starts, firsts, untils, has_until, verbs, places = [0], [], [], [], [], []
        for u in range(b.n):
            for first, until, v, p in tasks[u]:
                if not 0 <= v < len(one_day) or not 0 <= p < b.m:
                    raise ValueError(f"a task of unit {u} names no verb or place of the board")
                firsts.append(first)
                untils.append(0 if until is None else until)
                has_until.append(until is not None)
                verbs.append(v)
                places.append(p)
            starts.append(len(firsts))
        self.a_start, self.a_first = array("i", starts), array("i", firsts)
        self.a_until, self.a_verb = array("i", untils), array("i", verbs)
        self.a_place, self.a_at = array("i", places), array("i", at)
        self.a_late = array("b", [0]) * max(len(firsts), 1)
        self.a_has_until = array("b", has_until + [0])
        self.start, self.first = self.a_start.data.as_ints, self.a_first.data.as_ints
        self.until, self.verb = self.a_until.data.as_ints, self.a_verb.data.as_ints
        self.place, self.at = self.a_place.data.as_ints, self.a_at.data.as_ints
        self.late_flag = self.a_late.data.as_schars
        self.has_until = self.a_has_until.data.as_schars
        for v in range(len(one_day)):
            self.one_day[v], self.marches[v] = one_day[v], marches[v]
            self.assaults[v] = assaults[v]
        self.units = [u for u in range(b.n)
                      if b.unit_side[u] == side and self.start[u + 1] > self.start[u]]
        self.newcomers = sorted(u for u in newcomers if b.unit_side[u] == side)
        self.late = []
        for day, k in late:
            if not 0 <= k < len(firsts):
                raise ValueError(f"no task {k} among {len(firsts)}")
            self.late_flag[k] = 1
            self.late.append((day, k))

    def progress(self):
        """Each unit's current task, counted from its first (``Plan.at``)."""
        return list(self.a_at)

    cdef bint done(self, Columns s, int u, int t):
        """plan._done."""
        cdef int p
        if self.has_until[t] and s.day > self.until[t]:
            return True
        if self.one_day[self.verb[t]]:
            return s.day > self.first[t] and not self.has_until[t]
        if s.strength[u] <= 0:
            return True
        p = self.place[t]
        return s.place[u] == p and s.next[u] == NOWHERE and s.holder[p] == self.b.unit_side[u] \
            and not s.contested[p]

    cdef list orders(self, Columns s):
        """Plan.orders: (unit, verb, place) of each unit's current task once its day has come,
        a march into the place the unit stands in but does not hold made an attack."""
        cdef int u, i, q, t, p, day = s.day, verb
        cdef bint due
        out = []
        for u in self.units:
            q = self.start[u + 1] - self.start[u]
            i = self.at[u]
            while i < q and self.first[self.start[u] + i] <= day:
                t = self.start[u] + i
                due = i + 1 < q and self.first[t] < self.first[t + 1] <= day
                if self.done(s, u, t) or (due and self.one_day[self.verb[t]]):
                    i += 1
                    continue
                if due and not self.late_flag[t]:
                    self.late_flag[t] = 1
                    self.late.append((day, t))
                break
            self.at[u] = i
            if i < q and self.first[self.start[u] + i] <= day and s.strength[u] > 0 \
                    and s.place[u] != NOWHERE:
                t = self.start[u] + i
                verb, p = self.verb[t], self.place[t]
                if self.marches[verb] and s.place[u] == p and s.next[u] == NOWHERE and (
                        s.holder[p] != self.b.unit_side[u] or s.contested[p]):
                    verb = V_ATTACK
                out.append((u, verb, p))
        return out

    cdef bint give_up(self, int u, int day):
        """Plan.give_up."""
        cdef int i = self.at[u]
        if i + 1 < self.start[u + 1] - self.start[u] and \
                self.first[self.start[u] + i + 1] <= day:
            self.at[u] = i + 1
            return True
        return False

    cdef void reinforce(self, Columns s, dict given):
        """Historical._reinforce: a new force joins the plan's nearest attack within its
        join days' march."""
        cdef Board b = self.b
        cdef int u, p, here, best
        cdef double cost, best_cost
        cdef double *to
        targets = sorted({vp[1] for vp in given.values() if self.assaults[<int>vp[0]] and (
            s.holder[<int>vp[1]] != self.side or s.contested[<int>vp[1]])})
        if not targets:
            return
        for u in self.newcomers:
            if u in given or s.place[u] == NOWHERE or s.strength[u] <= 0 \
                    or b.unit_speed[u] <= 0 or b.unit_fires[u] or s.contested[s.place[u]]:
                continue
            here = s.place[u]
            best, best_cost = NOWHERE, INFINITY
            for p in targets:    # min((cost, place)): the cheaper, then the lower number
                cost = b.cost_to(p)[here]
                if best == NOWHERE or cost < best_cost:
                    best, best_cost = p, cost
            if best_cost <= self.join_days * b.unit_speed[u] and \
                    legal(b, s, self.side, u, V_MOVE, best):
                given[u] = (V_MOVE, best)


def follow(staff, Columns s, Following plan):
    """Historical._given: the plan's orders for the morning of ``s``, each adapted to it
    ({unit: (verb, place)}), those it cannot carry out dropped for the unit's next task once
    that is due, and the new forces' orders."""
    cdef int u, verb, p
    fits(plan.b, s)
    if staff.b is not plan.b or staff.side != plan.side:
        raise ValueError("the staff and the plan are of another game or side")
    given = {}
    dropped = set()
    for u, verb, p in plan.orders(s):
        found = adapt(staff, s, u, verb, p)
        if found is not None:
            given[u] = found
        elif plan.give_up(u, s.day):
            dropped.add(u)
    if dropped:   # their next orders, due already, are given today
        for u, verb, p in plan.orders(s):
            if u in dropped:
                found = adapt(staff, s, u, verb, p)
                if found is not None:
                    given[u] = found
    plan.reinforce(s, given)
    return given
