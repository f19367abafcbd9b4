"""The heuristic commander: a side's doctrine and objectives, applied each day by rule.

Each day, in this order:

1. **Units in contact** fight on while the odds are bearable and fall back when the day's
   chance of losing the place reaches the doctrine's ``yield_odds`` (for a place the side
   must keep, halfway from there to certain loss: it holds on longer, but not to the last
   man when the place is lost anyway).
2. **Reserves** named by the doctrine stay where they are until one of their places is
   threatened or lost; then they go to it, to defend or to take it back.
3. **Garrisons and defence.** Each place the side holds with enemy troops next to it gets
   what the doctrine's garrison asks for (the places and place types it names, objectives,
   captured places, supply sources) and, if it must be kept, enough to bring the enemy's
   chance of carrying it below the odds the enemy's own doctrine attacks at.
   Units too few to reach that still hold: they delay. Places behind the front get no
   garrison: units do not split, and a brigade pinned in a quiet village fights nowhere.
4. **Offence.** Every other unit heads for the side's goals: first the places that cut its
   supply line, then its objectives in the doctrine's order (the nearest first among
   equals). Units stop at the last friendly place before enemy ground;
   those next to the same enemy place attack together when the day's chance of taking it
   reaches the doctrine's ``attack_odds``, counting as defenders the enemy troops that
   could enter it today, and otherwise wait for more.
5. **Fire.** Air and artillery never manoeuvre into enemy ground: they bombard, first where
   the side's assaults are going in or waiting, then where the fighting is, then any enemy
   in range, where the enemy troops a strike is expected to kill outweigh the civilians it
   is expected to kill times the doctrine's ``civilian_weight``; with nothing in range they
   close up behind the assault.

The commander only gives orders that :func:`engine.sim.orders.check_order` accepts, and it
draws no random numbers: the same state gives the same orders.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from engine.play import compiled
from engine.play.day import GIVE_UP_SHARE, Day, doctrine_of, order_of
from engine.sim.game import Game
from engine.sim.orders import Order, check_order
from engine.sim.queries import assault_carry, present
from engine.sim.state import NOWHERE, State
from engine.sim.verbs import HOLD


@dataclass(frozen=True)
class Heuristic:
    """The heuristic commander as a player. ``attack_odds`` and ``yield_odds`` override the
    doctrine's (the search commander tries several); ``offensive`` False keeps every unit on
    the defensive."""

    attack_odds: float | None = None
    yield_odds: float | None = None
    offensive: bool = True
    #: Garrisons and the defence of threatened places (False: every free unit attacks).
    defend: bool = True
    #: Offence against one goal only: the ``focus``-th of the day's goals in the doctrine's
    #: order (None: all of them).
    focus: int | None = None

    def __call__(self, game: Game, state: State, side: int) -> list[Order]:
        found = compiled.orders(self, game, state, side)
        return found if found is not None else \
            sorted_orders(game, state, side, self.reference(game, state, side))

    @property
    def coded(self) -> bool:
        """Whether the compiled commander plays this plan (not one with a focus below 0)."""
        return self.focus is None or self.focus >= 0

    def brief(self, game: Game, side: int) -> Any:
        """What the kernel needs to give this plan's orders for ``side`` every morning
        (engine/sim/kernel/_loop.pyx's ``Brief``; :mod:`engine.play.quick`)."""
        return compiled.brief(game, side, self)

    def command(self, game: Game, state: State, side: int, given: Mapping[int, Order] = {},
                attackers: set[int] | None = None) -> dict[int, Order]:
        """Orders for the side's units that ``given`` has no order for; only ``attackers``
        (default: all) take part in the offence, the others defend: by the compiled copy of
        :meth:`reference` where it plays (:mod:`engine.play.compiled`)."""
        found = compiled.command(self, game, state, side, given, attackers)
        return self.reference(game, state, side, given, attackers) if found is None else found

    def reference(self, game: Game, state: State, side: int, given: Mapping[int, Order] = {},
                  attackers: set[int] | None = None) -> dict[int, Order]:
        """:meth:`command` by the readable rules of this module."""
        doc = doctrine_of(game, side)
        day = Day(game, state, side, doc,
                   doc.attack_odds.value if self.attack_odds is None else self.attack_odds,
                   doc.yield_odds.value if self.yield_odds is None else self.yield_odds,
                   self.focus)
        orders: dict[int, Order] = {}
        free: list[int] = []
        guns: list[int] = []
        for u in day.mine:
            if u in given:
                continue
            contact = game.unit_ground[u] and game.unit_speed[u] > 0 and \
                not game.unit_fires[u] and state.next[u] == NOWHERE and \
                state.contested[state.place[u]]
            if contact:
                orders[u] = day.in_contact(u)
            elif game.unit_fires[u]:
                guns.append(u)
            elif game.unit_speed[u] > 0:
                free.append(u)
        free = day.reserves(free, orders)
        if self.defend:
            free = day.defend(free, orders)
        waiting: list[int] = []
        if self.offensive:
            allowed = [u for u in free if attackers is None or u in attackers]
            waiting = day.attack(allowed, orders)
            free = [u for u in free if u not in orders]
        for u in free:
            if u not in orders and state.next[u] == NOWHERE:
                orders[u] = order_of(game, HOLD, u, state.place[u])
        day.fire(guns, waiting, {**given, **orders}, orders)
        return orders


def sorted_orders(game: Game, state: State, side: int, orders: Mapping[int, Order]
                  ) -> list[Order]:
    """The legal ones of ``orders``, in unit order."""
    return [o for _, o in sorted(orders.items()) if check_order(game, state, side, o) is None]


def ai_orders(game: Game, state: State, side: int) -> list[Order]:
    """The heuristic commander's orders of ``side`` for today, under its doctrine."""
    return Heuristic()(game, state, side)


def contact_order(game: Game, state: State, side: int, u: int) -> Order:
    """What the heuristic commander tells a unit in contact: fight on, hold, or fall back
    when the doctrine's odds say so."""
    doc = doctrine_of(game, side)
    return Day(game, state, side, doc, doc.attack_odds.value, doc.yield_odds.value
                ).in_contact(u)


def hopeless(game: Game, state: State, side: int, units: list[int], place: int) -> bool:
    """Whether an assault by ``units`` on ``place`` is below the doctrine's give-up odds
    (:data:`GIVE_UP_SHARE` of its ``attack_odds``) over its ``assault_days``."""
    doc = doctrine_of(game, side)
    defenders = [u for u in present(game, state).get(place, []) if game.unit_side[u] != side]
    if not defenders:
        return False
    return assault_carry(game, state, place, units, defenders, int(doc.assault_days.value)) \
        < doc.attack_odds.value * GIVE_UP_SHARE
