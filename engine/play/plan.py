"""Standing orders: a plan of orders by date that each unit carries out in turn.

An order stands until it is done: a marching order until the unit stands in the place and
its side holds it (or ``until`` has passed: an attack given up); an order of one day (a
bombardment, a hold) for its day, or through ``until``. A unit's next order waits until the
one before it is done, so the same plan still makes sense when the engine, not a record,
decides the fighting. A plan is a player (:class:`engine.play.player.Player`); it notes the
orders that fell behind their next one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from engine.play.standing import achieved, as_today
from engine.sim.game import Game
from engine.sim.orders import Order
from engine.sim.state import NOWHERE, State
from engine.sim.verbs import VERBS


@dataclass(frozen=True)
class Task:
    """An order of a plan: given from day ``first`` (a turn number), standing until done."""

    first: int
    order: Order
    until: int | None                    # last day it stands (None: its first day for an
    #                                      order of one day, until done for the others)
    event: str | None                    # the recorded event it belongs to, if any
    where: str                           # file:line it was written at


class Plan:
    """Each unit's orders in sequence and which one it is carrying out."""

    def __init__(self, game: Game, tasks: Iterable[Task]) -> None:
        self.queue: dict[int, list[Task]] = {}
        for t in tasks:
            self.queue.setdefault(game.unit_index[t.order.unit], []).append(t)
        self.at = dict.fromkeys(self.queue, 0)
        #: (day, task): a task still not done on the day its unit's next order came due.
        self.late: list[tuple[int, Task]] = []
        #: The task behind each order given on the day last asked for.
        self.today: dict[Order, Task] = {}
        self._day = -1
        #: Each side's units with orders, in unit order (None: every side's).
        self._units: dict[int | None, list[int]] = {None: sorted(self.queue)}
        for u in self._units[None]:
            self._units.setdefault(game.unit_side[u], []).append(u)

    def copy(self) -> Plan:
        new = Plan.__new__(Plan)
        new.queue, new.at, new.late = self.queue, dict(self.at), list(self.late)
        new.today, new._day, new._units = dict(self.today), self._day, self._units
        return new

    def __call__(self, game: Game, state: State, side: int) -> list[Order]:
        return [order for order, _ in self.orders(game, state, side)]

    def orders(self, game: Game, state: State, side: int | None = None
               ) -> list[tuple[Order, Task]]:
        """Today's orders of ``side``'s units (every unit's if None): each unit's current
        task, once its date has come, with the task it carries out."""
        day, out = state.day, []
        if day != self._day:
            self.today, self._day = {}, day
        for u in self._units.get(side, ()):
            q, i = self.queue[u], self.at[u]
            while i < len(q) and q[i].first <= day:
                nxt = q[i + 1] if i + 1 < len(q) else None
                due = nxt is not None and q[i].first < nxt.first <= day
                if _done(game, state, u, q[i]) or (due and VERBS[q[i].order.verb].one_day):
                    i += 1
                    continue
                if due and all(t is not q[i] for _, t in self.late):
                    self.late.append((day, q[i]))
                break
            self.at[u] = i
            if i < len(q) and q[i].first <= day and state.strength[u] > 0 \
                    and state.place[u] != NOWHERE:
                order = as_today(game, state, u, q[i].order)
                self.today[order] = q[i]
                out.append((order, q[i]))
        return out


    def start_at(self, day: int) -> None:
        """Begin on ``day`` with no record of the days before (a game branched from a
        state): each unit's current order is the last one given by then."""
        for u, q in self.queue.items():
            given = [i for i, t in enumerate(q) if t.first <= day]
            self.at[u] = given[-1] if given else 0

    def give_up(self, unit: int, day: int) -> bool:
        """Drop the unit's current task for its next one, if that one is due by ``day``: a
        commander who cannot carry out an order goes on to the next rather than wait for
        ever. Returns whether it did."""
        q, i = self.queue.get(unit, []), self.at.get(unit, 0)
        if i + 1 < len(q) and q[i + 1].first <= day:
            self.at[unit] = i + 1
            return True
        return False


def _done(game: Game, st: State, u: int, task: Task) -> bool:
    if task.until is not None and st.day > task.until:
        return True
    if VERBS[task.order.verb].one_day:
        return st.day > task.first and task.until is None
    if st.strength[u] <= 0:
        return True
    return achieved(game, st, u, game.theatre.index[task.order.place])
