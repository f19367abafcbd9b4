"""The order verbs, in one table: what each does and when it may be given.

The turn, a replay's standing orders, the prompt, the AI and the kit's rules page all read
this table, so a new verb is a new row here (and the phase that carries it out) rather than a
string to find in every module.

``marches``   the unit moves along the cheapest roads towards the place
``fires``     the unit fires on the place (air and artillery)
``stands``    a standing order: in a replay's plan it holds until done (the unit stands in the
              place and its side holds it); otherwise it lasts its day
``assaults``  it may end in an engagement at the place (entering enemy ground is an attack)
``check``     why the order is illegal for the unit and place now, or None
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from engine.sim.game import Game
from engine.sim.queries import enemy_present, hostile, reach_cost
from engine.sim.state import NOWHERE, State

#: (game, state, side giving it, unit, place) -> why the order is illegal, or None.
Check = Callable[[Game, State, int, int, int], "str | None"]


@dataclass(frozen=True)
class Verb:
    name: str
    marches: bool
    fires: bool
    stands: bool
    assaults: bool
    text: str
    check: Check

    @property
    def one_day(self) -> bool:
        """An order that lasts its day only (or through ``until:`` in a replay)."""
        return not self.stands


def _bombard(game: Game, st: State, side: int, u: int, p: int) -> str | None:
    unit, place = game.units[u], game.places[p]
    if not game.unit_fires[u]:
        return f"{unit} is not an air or artillery unit"
    if st.next[u] != NOWHERE:
        return f"{unit} is on the road and cannot fire"
    if p not in game.within(st.place[u], game.unit_range_km[u]):
        return f"{place} is beyond the {game.unit_range_km[u]:g} km range of {unit}"
    if not hostile(game, st, p, side) and not enemy_present(game, st, p, side):
        return f"{place} is held by your side and has no enemy in it"
    return None


def _hold(game: Game, st: State, side: int, u: int, p: int) -> str | None:
    if st.next[u] != NOWHERE or p != st.place[u]:
        return f"{game.units[u]} is not in {game.places[p]}; it can hold only where it stands"
    return None


def _immobile(game: Game, u: int) -> str | None:
    return f"{game.units[u]} does not move" if game.unit_speed[u] <= 0 else None


def _move(game: Game, st: State, side: int, u: int, p: int) -> str | None:
    unit, place, here = game.units[u], game.places[p], st.place[u]
    moving = st.next[u] != NOWHERE
    if (why := _immobile(game, u)) is not None:
        return why
    if p == here and not moving:
        return f"{unit} is already in {place}; use hold"
    if not moving and st.contested[here]:
        return f"{unit} is in contact in {game.places[here]}: withdraw or attack"
    if game.path_to(p).cost[here] == math.inf:
        return f"no road leads from {game.places[here]} to {place}"
    return None


def _attack(game: Game, st: State, side: int, u: int, p: int) -> str | None:
    unit, place = game.units[u], game.places[p]
    if (why := _immobile(game, u)) is not None:
        return why
    cost = reach_cost(game, st, u, p)
    if not hostile(game, st, p, side):
        return f"{place} is held by your side and not contested"
    if cost is None:
        return f"{place} is not next to {unit}"
    if cost > game.unit_speed[u]:
        return (f"{place} is out of reach: {cost:.0f} km of road, and "
                f"{unit} covers {game.unit_speed[u]:g} a day; move closer first")
    return None


def _withdraw(game: Game, st: State, side: int, u: int, p: int) -> str | None:
    unit, place = game.units[u], game.places[p]
    if (why := _immobile(game, u)) is not None:
        return why
    cost = reach_cost(game, st, u, p)
    if cost is None or (p == st.place[u] and st.next[u] == NOWHERE):
        return f"{place} is not next to {unit}"
    if st.holder[p] != side:   # contested is fine: a unit may fall back on its own fight
        return f"{place} is not held by your side"
    return None


MOVE = Verb("move", marches=True, fires=False, stands=True, assaults=True,
            text="march towards the place along the cheapest roads; entering a place the "
                 "enemy holds or contests is an attack on it", check=_move)
ATTACK = Verb("attack", marches=True, fires=False, stands=True, assaults=True,
              text="assault the place: a neighbouring one (or the contested place the unit "
                   "stands in), which the unit must reach today", check=_attack)
BOMBARD = Verb("bombard", marches=False, fires=True, stands=False, assaults=False,
               text="an air or artillery unit fires on the place, within its range",
               check=_bombard)
HOLD = Verb("hold", marches=False, fires=False, stands=False, assaults=False,
            text="stay in the place and dig in (what a unit without orders does)", check=_hold)
WITHDRAW = Verb("withdraw", marches=True, fires=False, stands=True, assaults=False,
                text="break contact and fall back to the place, a neighbouring one the unit's "
                     "side holds (contested or not)", check=_withdraw)

#: Every verb by name, in the order they are listed to players.
VERBS: Mapping[str, Verb] = MappingProxyType({v.name: v for v in (MOVE, ATTACK, BOMBARD, HOLD,
                                                                  WITHDRAW)})
