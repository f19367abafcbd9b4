"""The commanders, compiled: :meth:`engine.play.ai.Heuristic.command` and
:func:`engine.play.historical.adapt` answered by the kernel's copies
(engine/sim/kernel/_command.pyx) where they are built.

What the copy reads of the scenario (the doctrine, the places each side must keep, the
objectives, the garrisons each place asks for) is worked out here once per side for all the
games of a batch, from the reference's own functions, so that the two read the scenario
alike; the copy then works out each day over the kernel's arrays.
``WARGAME_TURN=reference`` plays the readable commander instead, as it plays the readable
turn.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast

from engine.play.metrics import objective_route
from engine.play.stakes import keep_all, objective_places, start_holders
from engine.sim.game import Game
from engine.sim.kernel.turn import VERB_NUMBER, board, compiled_paths
from engine.sim.orders import Order
from engine.sim.state import State
from engine.sim.verbs import VERBS
from engine.util.memo import per_object

if TYPE_CHECKING:
    from engine.play.ai import Heuristic

#: The verbs as the kernel numbers them (engine.sim.verbs' order; their numbers:
#: engine.sim.kernel.turn.VERB_NUMBER).
VERB_NAMES = tuple(VERBS)


def staff(game: Game, side: int) -> Any:
    """The kernel's :class:`Staff` of ``side`` in ``game``, made on first use."""
    if not 0 <= side < len(game.sides):
        raise ValueError(f"no side {side} in a game of {len(game.sides)} sides")
    return _staff(game, side)


@per_object
def _staff(game: Game, side: int) -> Any:
    from engine.sim.kernel._command import Staff
    return Staff(board(game), side, *_read(game, side))


def _read(game: Game, side: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The doctrine and stakes of ``side`` as the kernel reads them. The games of a batch
    differ only in their units' figures and their rules (engine.batch.factors), and the
    reading depends on neither (of the roads it reads only which places neighbour which,
    the theatre's): it is kept for games with the same theatre, the same scenario objects
    for the rest (kept alive with the reading) and equal sides, units and sources, and
    forgotten with the theatre."""
    s = game.scenario
    inputs = (s.doctrine, s.objectives, s.routes, s.places)
    key = (side, id(game.theatre), tuple(map(id, inputs)), game.sides, game.units,
           game.sources)
    found = _READ.get(key)
    if found is None:
        if len(_READ) >= 8:
            _READ.clear()
        found = _READ[key] = (inputs, _doctrine(game, side), _stakes(game, side))
        weakref.finalize(game.theatre, _READ.pop, key, None)
    return found[1], found[2]


#: Doctrines and stakes read, by :func:`_read`'s key.
_READ: dict[tuple, tuple[tuple, dict[str, Any], dict[str, Any]]] = {}


def _doctrine(game: Game, side: int) -> dict[str, Any]:
    from engine.play import day
    doc = day.doctrine_of(game, side)
    index, units = game.theatre.index, game.unit_index
    start = start_holders(game)
    need = _garrison_need(game, side, doc.garrison)
    reserves = []
    for res in doc.reserves:
        places = [index[n] for n in res.places] or sorted(
            p for p in keep_all(game, side) if start[p] == side)
        reserves.append(([units[n] for n in res.units if n in units], places,
                         res.commit == "threatened"))
    order = {g: i for i, g in enumerate(doc.goals)}
    objectives: list[tuple[int, int, tuple[int, ...]]] = []
    for oid, obj in game.scenario.objectives.items():
        if game.sides.index(obj.side) != side:
            continue
        rank = order.get(oid, len(order))
        if obj.place is not None:
            objectives.append((rank, 0, (index[obj.place],)))
        elif obj.kind in ("open_route", "cut_route"):
            route = tuple(index[p] for p in objective_route(game, obj))
            objectives.append((rank, 0 if obj.kind == "open_route" else 2, route))
    rivals = [day.doctrine_of(game, s) for s in range(len(game.sides))]
    return {
        "attack_odds": doc.attack_odds.value, "yield_odds": doc.yield_odds.value,
        "assault_days": int(doc.assault_days.value),
        "civilian_weight": doc.civilian_weight.value,
        "give_up_share": day.GIVE_UP_SHARE, "defence_days": day.DEFENCE_DAYS,
        "support_weight": day.SUPPORT_WEIGHT, "garrison_need": need,
        "reserves": reserves, "objectives": objectives,
        "rival_odds": [r.attack_odds.value for r in rivals],
        "rival_days": [int(r.assault_days.value) for r in rivals],
    }


def _garrison_need(game: Game, side: int, garrisons: Any) -> list[float]:
    """day.Day.garrison's answer for each place, without the threat: per place, the people
    wanted when no enemy free to attack is near and when one is (day.Day._garrisons, which
    depends on the scenario only): the largest of the entries that match it (by name, type
    or kind)."""
    m = len(game.places)
    start = start_holders(game)
    types = [game.scenario.places[pid].type for pid in game.places]
    objectives = objective_places(game)
    sources = set(game.sources[side])
    need: list[float | None] = [None] * (2 * m)
    for g in garrisons:
        strength, named, kinds = g.strength.value, set(g.places), set(g.kinds)
        named_types = set(g.types)
        for p in range(m):
            if game.places[p] in named or types[p] in named_types:
                found = (True, True)
            else:
                found = (False, ("sources" in kinds and p in sources)
                         or ("captured" in kinds and start[p] != side)
                         or ("objectives" in kinds and p in objectives))
            for free_enemy in (0, 1):   # max() keeps the first of equals, so strictly more
                if found[free_enemy] and (need[2 * p + free_enemy] is None
                                          or strength > need[2 * p + free_enemy]):
                    need[2 * p + free_enemy] = strength
    return [0.0 if n is None else float(n) for n in need]


def _stakes(game: Game, side: int) -> dict[str, Any]:
    m = len(game.places)
    near_start, near_to = [0], list[int]()
    for out in game.road_costs:
        near_to.extend(out)
        near_start.append(len(near_to))
    objective = objective_places(game)
    sources = set(game.sources[side])
    keeps = [keep_all(game, s) for s in range(len(game.sides))]
    return {
        "keep_all": [[p in keep for p in range(m)] for keep in keeps],
        "objective": [p in objective for p in range(m)],
        "source": [p in sources for p in range(m)], "sources": list(game.sources[side]),
        "start_holder": start_holders(game), "near_start": near_start, "near_to": near_to,
    }


def running() -> bool:
    """Whether the compiled commander plays: where it is built and not told otherwise
    (``WARGAME_TURN=reference``)."""
    return compiled_paths()


class Morning:
    """One side's morning as the compiled commander reads it: the state's columns, made once
    for every question the side's commander asks of that morning (or given: a campaign
    played in the kernel keeps them from day to day). The kernel speaks of orders as
    {unit: (verb number, place number)}, its *codes*; the methods that return
    :class:`Order` objects make them from the codes."""

    def __init__(self, game: Game, state: State | None, side: int, columns: Any = None,
                 side_staff: Any = None) -> None:
        from engine.sim.kernel._core import Columns
        self.game, self.state, self.side = game, state, side
        self.staff = staff(game, side) if side_staff is None else side_staff
        if columns is None and state is None:
            raise ValueError("a morning is read from a state or from the kernel's columns")
        self.columns = columns if columns is not None else Columns(cast(State, state))

    def command(self, plan: Heuristic, given: Mapping[int, Order] = {},
                attackers: set[int] | None = None) -> dict[int, Order]:
        """``plan.command``'s orders."""
        return dict(self.made(self.command_codes(plan, self.codes(given), attackers).items()))

    def orders(self, plan: Heuristic) -> list[Order]:
        """``plan``'s orders as a player gives them: the legal ones, in unit order."""
        from engine.sim.kernel._loop import orders
        given = orders(brief(self.game, self.side, plan, side_staff=self.staff), self.columns)
        return [o for _, o in self.made(given)]

    def adapt(self, u: int, order: Order) -> Order | None:
        """:func:`engine.play.historical.adapt`'s answer."""
        from engine.sim.kernel._command import adapt as compiled
        found = compiled(self.staff, self.columns, u, VERB_NUMBER[order.verb],
                         self.game.theatre.index[order.place])
        return None if found is None else next(self.made([(u, found)]))[1]

    def command_codes(self, plan: Heuristic, given: Mapping[int, tuple[int, int]],
                      attackers: set[int] | None) -> dict[int, tuple[int, int]]:
        """:meth:`command` in codes."""
        from engine.sim.kernel._command import command as compiled
        return compiled(self.staff, self.columns, plan.attack_odds, plan.yield_odds,
                        -1 if plan.focus is None else plan.focus, plan.offensive, plan.defend,
                        given if isinstance(given, dict) else dict(given), attackers)

    def legal_codes(self, orders: Mapping[int, tuple[int, int]]
                    ) -> list[tuple[int, tuple[int, int]]]:
        """ai.sorted_orders in codes: the legal ones of ``orders``, in unit order."""
        from engine.sim.kernel._command import legal_sorted
        return legal_sorted(self.staff, self.columns,
                            orders if isinstance(orders, dict) else dict(orders))

    def codes(self, orders: Mapping[int, Order]) -> dict[int, tuple[int, int]]:
        """{unit: (verb number, place number)} of {unit: Order}, as the kernel reads them."""
        index = self.game.theatre.index
        return {u: (VERB_NUMBER[o.verb], index[o.place]) for u, o in orders.items()}

    def made(self, found: Iterable[tuple[int, tuple[int, int]]]
             ) -> Iterator[tuple[int, Order]]:
        """(unit, Order) for each (unit, (verb, place)), reusing the orders already made."""
        game = self.game
        made = _orders(game)
        for u, vp in found:
            order = made.get((u, vp))
            if order is None:
                order = made[u, vp] = Order(VERB_NAMES[vp[0]], game.units[u],
                                            game.places[vp[1]])
            yield u, order


def brief(game: Game, side: int, plan: Heuristic, following: Any = None,
          attackers: Iterable[int] | None = None, side_staff: Any = None) -> Any:
    """The kernel's ``Brief`` (engine/sim/kernel/_loop.pyx) for ``side`` playing ``plan``
    (after ``following``, a compiled plan, with only ``attackers`` attacking; None: all)."""
    from engine.sim.kernel._loop import Brief
    return Brief(staff(game, side) if side_staff is None else side_staff, plan.attack_odds,
                 plan.yield_odds, -1 if plan.focus is None else plan.focus, plan.offensive,
                 plan.defend, following, attackers)


def morning(game: Game, state: State, side: int) -> Morning | None:
    """The compiled commander's view of ``side``'s morning, or None where it does not play."""
    return Morning(game, state, side) if running() else None


def command(plan: Heuristic, game: Game, state: State, side: int, given: Mapping[int, Order],
            attackers: set[int] | None) -> dict[int, Order] | None:
    """``plan.command``'s orders from the compiled commander, or None where it does not play
    (or for a plan it does not know: a focus below 0)."""
    if not running() or (plan.focus is not None and plan.focus < 0):
        return None
    return Morning(game, state, side).command(plan, given, attackers)


def orders(plan: Heuristic, game: Game, state: State, side: int) -> list[Order] | None:
    """``plan``'s orders as a player gives them (the legal ones, in unit order), or None
    where the compiled commander does not play."""
    if not running() or (plan.focus is not None and plan.focus < 0):
        return None
    return Morning(game, state, side).orders(plan)


@per_object
def _orders(game: Game) -> dict[tuple[int, tuple[int, int]], Order]:
    """The orders already made for ``game``, by (unit, (verb, place)): a commander gives
    mostly the same ones day after day, and an order is a value."""
    return {}
