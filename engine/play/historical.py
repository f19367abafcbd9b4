"""The historical commander: the record's orders as the plan, the doctrine where they fail.

The plan is the orders of the scenario's historical replay (``scenario: plan:``, by default
its ``replay:``), carried out as standing orders (:mod:`engine.play.plan`): a unit's next
order waits until the one before it is done, so when the engine's odds go worse than history
the offensive runs late, and when they go better it runs early.

Each day each planned order is checked against the state, and adapted:

- **legal and still sensible**: carried out;
- **an attack out of reach**: the unit closes on the place instead;
- **a withdrawal by a unit not in contact**: a march to the place, if its side still holds
  it (a withdrawal is never turned into an attack);
- **leaving a fight**: a planned withdrawal or march away from a place where the unit is in
  contact says what history did once the fight was lost, not when to lose it. It is
  carried out only when the doctrine gives ground (the chance of losing the place reaches
  ``yield_odds``), so the engine's odds, not the record's date, decide the fall;
- **anything else the rules refuse** (a unit gone, a place already ours, a target out of
  range): dropped for the day; the doctrine commands the unit.

A planned order the unit cannot carry out is dropped for its next one once that is due, so
one stale order does not hold back the rest. Units with no current order defend under the
doctrine (garrisons, threatened places, reserves, fire): the record's commanders attacked
where the record says they did, and a unit the record leaves idle stays on the defensive.
Units the plan's scenario does not have at all (an alternate's new force) join the plan's
nearest attack within two days' march, and are otherwise commanded by the doctrine in full,
offence included.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from engine.errors import WargameError
from engine.play import compiled
from engine.play.ai import Heuristic, contact_order, hopeless, sorted_orders
from engine.play.plan import Plan, Task
from engine.play.replayfile import load_replay_file
from engine.scenario.yamlsrc import load_yaml
from engine.sim.game import Game
from engine.sim.kernel.turn import VERB_NUMBER, board
from engine.sim.orders import Order, check_order
from engine.sim.queries import enemy_present, hostile
from engine.sim.state import NOWHERE, State
from engine.sim.verbs import ATTACK, HOLD, MOVE, VERBS, WITHDRAW

#: How many days' march away a new force may be to join one of the plan's attacks.
JOIN_DAYS = 2.0


class Historical:
    """A side's historical commander (a player). Build a fresh one for each campaign: the
    plan remembers how far each unit has got."""

    #: For :mod:`engine.play.quick`: it speaks in the kernel's codes.
    coded = True

    def __init__(self, game: Game, plan: HistoricalPlan, day: int = 0) -> None:
        known = [t for t in plan.tasks if t.order.unit in game.unit_index
                 and t.order.place in game.theatre.index]
        if plan.tasks and not known:
            raise WargameError(f"{game.scenario.path}: none of the plan's orders names a unit "
                               "and place of this scenario: the plan was written for another "
                               "theatre (scenario: plan:)")
        self.plan = Plan(game, known)
        if day > 0:   # branched from a state, with no record of the days before it
            self.plan.start_at(day)
        #: Units the plan's scenario did not have: an alternate's new forces.
        self.newcomers = frozenset(u for u, uid in enumerate(game.units)
                                   if uid not in plan.units)
        self.doctrine = Heuristic()
        #: The plan followed by its compiled copy, once the kernel's loop plays it.
        self._following: Any = None

    def __call__(self, game: Game, state: State, side: int) -> list[Order]:
        if self._following is not None:
            raise ValueError("this historical commander follows its plan in the kernel's "
                             "loop: make a fresh one to play turn by turn")
        fast = compiled.morning(game, state, side)   # the compiled commander, where it plays
        if fast is None:
            given = self._given(game, state, side, lambda u, o: adapt(game, state, side, u, o))
            rest = self.doctrine.reference(game, state, side, given, set(self.newcomers))
            return sorted_orders(game, state, side, {**given, **rest})
        planned = fast.codes(self._given(game, state, side, fast.adapt))
        return [o for _, o in fast.made(self._with_doctrine(fast, planned))]

    def brief(self, game: Game, side: int) -> Any:
        """What the kernel needs to give this commander's orders for ``side`` every morning
        (see :mod:`engine.play.quick`): the plan, followed from then on by its compiled copy
        (engine/sim/kernel/_plan.pyx), which keeps the units' progress; then the doctrine for
        the rest, only the new forces attacking. A commander plays one campaign, in the
        kernel's loop or turn by turn, not both."""
        if self._following is None:
            self._following = self._compiled(game, side)
        return compiled.brief(game, side, self.doctrine, self._following, self.newcomers)

    def _with_doctrine(self, fast: compiled.Morning, given: dict[int, tuple[int, int]]
                       ) -> list[tuple[int, tuple[int, int]]]:
        """The plan's orders and the doctrine's for the rest (only the new forces attack),
        the legal ones in unit order."""
        return fast.legal_codes({**given, **fast.command_codes(self.doctrine, given,
                                                                set(self.newcomers))})

    def _compiled(self, game: Game, side: int) -> Any:
        from engine.sim.kernel._plan import Following
        index = game.theatre.index
        queues = [self.plan.queue.get(u, []) for u in range(len(game.units))]
        tasks = [[(t.first, t.until, VERB_NUMBER[t.order.verb], index[t.order.place])
                  for t in queue] for queue in queues]
        one_day, marches, assaults = (tuple(getattr(v, what) for v in VERBS.values())
                                      for what in ("one_day", "marches", "assaults"))
        number = {id(t): i for i, t in enumerate(t for queue in queues for t in queue)}
        return Following(board(game), side, tasks,
                         [self.plan.at.get(u, 0) for u in range(len(game.units))],
                         sorted(self.newcomers), JOIN_DAYS, one_day, marches, assaults,
                         [(day, number[id(t)]) for day, t in self.plan.late])

    def _given(self, game: Game, state: State, side: int,
               adapted: Callable[[int, Order], Order | None]) -> dict[int, Order]:
        """The plan's orders for today, each ``adapted`` to the morning, and new forces'."""
        given: dict[int, Order] = {}
        dropped = []
        for order, _task in self.plan.orders(game, state, side):
            u = game.unit_index[order.unit]
            found = adapted(u, order)
            if found is not None:
                given[u] = found
            elif self.plan.give_up(u, state.day):
                dropped.append(u)
        if dropped:  # their next orders, due already, are given today
            for order, _task in self.plan.orders(game, state, side):
                u = game.unit_index[order.unit]
                if u in dropped and (found := adapted(u, order)):
                    given[u] = found
        self._reinforce(game, state, side, given)
        return given

    def _reinforce(self, game: Game, state: State, side: int, given: dict[int, Order]) -> None:
        """A new force joins the plan's nearest attack within :data:`JOIN_DAYS`' march: the
        alternate that adds it asks what it would have changed there."""
        targets = sorted({game.theatre.index[o.place] for o in given.values()
                          if VERBS[o.verb].assaults and hostile(game, state,
                                                                game.theatre.index[o.place],
                                                                side)})
        if not targets:
            return
        for u in sorted(self.newcomers):
            if game.unit_side[u] != side or u in given or state.place[u] == NOWHERE \
                    or state.strength[u] <= 0 or game.unit_speed[u] <= 0 \
                    or game.unit_fires[u] or state.contested[state.place[u]]:
                continue
            here = state.place[u]
            cost, p = min((game.path_to(p).cost[here], p) for p in targets)
            if cost <= JOIN_DAYS * game.unit_speed[u]:
                order = Order(MOVE.name, game.units[u], game.places[p])
                if check_order(game, state, side, order) is None:
                    given[u] = order


def adapt(game: Game, state: State, side: int, u: int, order: Order) -> Order | None:
    """The planned ``order`` as the unit can carry it out today, or None to leave the unit
    to the doctrine (see the module's docstring). The compiled commander has its copy
    (:meth:`engine.play.compiled.Morning.adapt`)."""
    here = state.place[u]
    p = game.theatre.index[order.place]
    in_contact = state.next[u] == NOWHERE and state.contested[here] and game.unit_ground[u] \
        and not game.unit_fires[u] and enemy_present(game, state, here, side, ground_only=True)
    verb = VERBS[order.verb]
    if in_contact and verb.marches and p != here and order.verb != ATTACK.name:
        decided = contact_order(game, state, side, u)
        if decided.verb != WITHDRAW.name:
            return decided       # hold on, or fight on: holding is not yet hopeless
        back = Order(WITHDRAW.name, order.unit, order.place)
        return back if check_order(game, state, side, back) is None else decided
    if verb.marches and order.verb != ATTACK.name and not _way_open(game, state, side, u, p):
        return None
    if check_order(game, state, side, order) is None:
        return order
    if order.verb == ATTACK.name:
        closer = Order(MOVE.name, order.unit, order.place)
        if check_order(game, state, side, closer) is None:
            return closer
    if order.verb == WITHDRAW.name and not in_contact and not hostile(game, state, p, side):
        march = Order(MOVE.name, order.unit, order.place)
        if check_order(game, state, side, march) is None:
            return march
    if order.verb == HOLD.name and in_contact:
        return contact_order(game, state, side, u)
    return None


def _way_open(game: Game, state: State, side: int, u: int, p: int) -> bool:
    """Whether a march to ``p`` may go ahead: its way crosses no enemy ground before ``p``,
    or only empty enemy places (a column takes them on the march), or a held one the unit
    is not hopeless against under the doctrine. A march that would throw the unit at a
    place the record never meant it to fight for, day after day, is left to the doctrine."""
    if p == state.place[u] and state.next[u] == NOWHERE:
        return True
    path = game.path_to(p)
    q = state.next[u] if state.next[u] != NOWHERE else path.step[state.place[u]]
    for _ in game.places:
        if q in (NOWHERE, p):
            return True
        if hostile(game, state, q, side) and enemy_present(game, state, q, side,
                                                           ground_only=True):
            return not hopeless(game, state, side, [u], q)
        q = path.step[q]
    return True


@dataclass(frozen=True)
class HistoricalPlan:
    """A scenario's plan: the replay's tasks and the units of the scenario it was written
    for."""

    tasks: tuple[Task, ...]
    units: frozenset[str]


def load_plan(game: Game) -> HistoricalPlan:
    """The tasks of the scenario's plan. An alternate's plan is its base's replay, checked
    against the base scenario it was written for; tasks naming a unit or place the
    alternate lacks are left out when the commander is built."""
    path = game.scenario.plan
    if not path:
        raise WargameError(f"{game.scenario.path}: the scenario has no plan for a historical "
                           "commander (scenario: replay: or plan:); use --ai heuristic")
    return _tasks(path, game.scenario.path, game.scenario.replay == path, game)


@functools.lru_cache(maxsize=8)
def _cached(plan: str, base: str) -> HistoricalPlan:
    from engine.scenario.loader import load_scenario
    scenario = load_scenario(base)
    return HistoricalPlan(load_replay_file(plan, scenario).tasks, frozenset(scenario.units))


def _tasks(plan: str, scenario_path: str, own: bool, game: Game) -> HistoricalPlan:
    if own:
        return _own(plan, game)
    meta = _meta(plan)
    base = meta.get("scenario") if isinstance(meta, Mapping) else None
    if not isinstance(base, str):
        raise WargameError(f"{plan}: the plan's replay does not name its scenario (replay: "
                           "scenario:), so it cannot be checked")
    base_path = os.path.normpath(os.path.join(os.path.dirname(plan), base))
    if os.path.normpath(base_path) == os.path.normpath(scenario_path):
        return _own(plan, game)
    return _cached(plan, base_path)


def _own(plan: str, game: Game) -> HistoricalPlan:
    """The plan checked against the game's own scenario, read once for every game of the
    same scenario file, units, places and calendar (a batch varies only figures)."""
    s = game.scenario
    key = (plan, s.path, tuple(s.units), tuple(s.places), s.calendar.start, s.calendar.end)
    found = _OWN.get(key)
    if found is None:
        found = HistoricalPlan(load_replay_file(plan, s).tasks, frozenset(s.units))
        _OWN.clear()
        _OWN[key] = found
    return found


_OWN: dict[tuple, HistoricalPlan] = {}


def _meta(plan: str) -> object:
    data = load_yaml(plan).data
    return data.get("replay") if isinstance(data, Mapping) else None
