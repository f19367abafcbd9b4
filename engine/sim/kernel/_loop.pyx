# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False, nonecheck=False
"""The kernel's loop: a campaign played for its outcome in one call (engine/play/quick.py).

Each morning each side's :class:`Brief` gives its orders (the plan's, if it follows one,
then the doctrine's for the rest, the legal ones), the turn plays them over the same
columns, and who holds what at the end of the day is kept. Nothing else is made: no orders
as objects, no events, no state per day. The commanders and the turn are the kernel's own
(engine/sim/kernel/_command.pyx, _plan.pyx, _turn.pyx); this module only strings them
together without a call into Python between them.
"""

from libc.stdint cimport uint64_t

from engine.sim.kernel._core cimport Board, Columns, fits

from engine.sim.kernel._command import command, legal_sorted
from engine.sim.kernel._plan import follow
from engine.sim.kernel._turn import turn


cdef class Brief:
    """What the kernel needs to give one side's orders each morning: the side's staff, the
    doctrine's figures as a heuristic plan overrides them (None: the doctrine's own; focus
    -1: every goal), and the plan it follows first with the units that may attack besides
    it (a historical commander's; None: no plan, every unit)."""

    cdef readonly object staff, attack_odds, yield_odds, following, attackers
    cdef readonly int focus
    cdef readonly bint offensive, defend

    def __init__(self, staff, attack_odds, yield_odds, int focus, bint offensive, bint defend,
                 following=None, attackers=None):
        self.staff, self.attack_odds, self.yield_odds = staff, attack_odds, yield_odds
        self.focus, self.offensive, self.defend = focus, offensive, defend
        self.following = following
        self.attackers = None if attackers is None else frozenset(attackers)


cdef list side_orders(Brief c, Columns s):
    given = {} if c.following is None else follow(c.staff, s, c.following)
    found = command(c.staff, s, c.attack_odds, c.yield_odds, c.focus, c.offensive, c.defend,
                    given, c.attackers)
    if given:      # the plan's orders, then the doctrine's for the units it left
        given.update(found)
        found = given
    return legal_sorted(c.staff, s, found)


def orders(Brief c, Columns s):
    """The side's orders on the morning of ``s``: the legal ones, as (unit, (verb, place))
    in unit order."""
    return side_orders(c, s)


def play(Board b, Columns s, list briefs, uint64_t key, int last):
    """Play from the morning of ``s`` to the morning of turn ``last`` with one brief per
    side and the chance key ``key``; ``s`` becomes the last morning. Returns each day's
    (holders, contested) at its end."""
    cdef Brief c
    cdef dict day
    cdef list held = []
    fits(b, s)
    if len(briefs) != len(b.side_names):
        raise ValueError(f"{len(b.side_names)} sides need as many briefs, not {len(briefs)}")
    for side, c in enumerate(briefs):
        if c.staff.b is not b or c.staff.side != side:
            raise ValueError(f"brief {side} is not of side {side} of this game")
    while s.day < last:
        day = {}
        for c in briefs:
            day.update(side_orders(c, s))
        turn(b, s, day, key, {}, None)
        held.append(s.held())
    return held
