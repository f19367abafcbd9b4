"""Who is where, and what their fighting comes to: the questions the rules, the AI, the
replay and the prompt all ask of a state, answered in one place so they agree."""

from __future__ import annotations

import math

from engine.sim import combat
from engine.sim.game import Game
from engine.sim.state import FORTIFIED_FACTOR, NOWHERE, PREPARED, State


def present(game: Game, st: State) -> dict[int, list[int]]:
    """Ground units standing in each place (not on the road), by place, in unit order.

    Air units are left out: they fight from their base but neither hold nor defend it."""
    at: dict[int, list[int]] = {}
    for u, p in enumerate(st.place):
        if p != NOWHERE and st.next[u] == NOWHERE and st.strength[u] > 0 and game.unit_ground[u]:
            at.setdefault(p, []).append(u)
    return at


def enemy_present(game: Game, state: State, place: int, side: int,
                  ground_only: bool = False) -> bool:
    """Whether another side's troops stand in ``place`` (arrived, not passing on a road);
    ``ground_only`` leaves out air units, which hold no ground."""
    return any(state.place[u] == place and state.next[u] == NOWHERE and state.strength[u] > 0
               and game.unit_side[u] != side and (game.unit_ground[u] or not ground_only)
               for u in range(len(game.units)))


def hostile(game: Game, state: State, place: int, side: int) -> bool:
    """Held by another side or contested: moving in means a fight."""
    return state.holder[place] != side or state.contested[place]


def reach_cost(game: Game, state: State, unit: int, target: int) -> float | None:
    """What it costs ``unit`` to get into the neighbouring ``target``; None if not adjacent."""
    here, to = state.place[unit], state.next[unit]
    if to == NOWHERE:
        if target == here:
            return 0.0
        cost = game.road_cost(here, target)
        return None if cost == math.inf else cost
    leg = game.road_cost(here, to)
    if target == to:
        return max(leg - state.progress[unit], 0.0)
    if target == here:
        return state.progress[unit]
    return None


def nearest_friendly(game: Game, st: State, side: int, place: int) -> int | None:
    """The neighbouring place by the shortest road that ``side`` holds uncontested and no
    enemy troops have entered (they may have marched in this very day)."""
    options = [(km, to) for to, km, _ in game.roads[place]
               if st.holder[to] == side and not st.contested[to]
               and not enemy_present(game, st, to, side, ground_only=True)]
    return min(options)[1] if options else None


def side_power(game: Game, st: State, units: list[int], place: int, defending: bool,
               surprise: bool = False) -> float:
    """The combat power of ``units`` (all of one side) attacking or defending ``place``.

    Defenders get terrain and posture (a prepared defence in a place with works counts as
    fortified). Attackers get the support of their side's bombardment of the place on the
    last turn, ``surprise`` when the day is marked so, and the foothold of the days the
    assault has already gone on."""
    total = 0.0
    if not units:
        return total
    if defending:
        terrain, bonus = game.place_defence[place], 1.0
    else:
        terrain = 1.0
        bonus = combat.attack_factor(game.rules, st.assault[place], surprise,
                                     st.bombarded_by[place] == game.unit_side[units[0]])
    for u in units:
        posture = game.posture_factor[defence(game, st, u, place)] if defending else 1.0
        total += combat.combat_power(st.strength[u], game.unit_quality[u], st.readiness[u],
                                     posture, terrain, bonus)
    return total


def defence(game: Game, st: State, unit: int, place: int) -> int:
    """The number of ``unit``'s posture factor defending ``place``: its posture, or
    fortified for a prepared defence in a place with works."""
    pos = st.posture[unit]
    return FORTIFIED_FACTOR if pos == PREPARED and game.place_works[place] else pos


def surprised(game: Game, st: State, defenders: list[int], marked: bool = False) -> bool:
    """Whether today's attack on ``defenders`` comes as a surprise: ``marked`` so by the
    record, or a defender the scenario marks surprised today."""
    return marked or any(st.day in game.unit_surprised[u] for u in defenders)


def fights(game: Game, st: State) -> list[tuple[int, list[int], list[int]]]:
    """(place, attackers, defenders) wherever both sides stand, in place order: the holder
    defends."""
    out = []
    for p, units in sorted(present(game, st).items()):
        holder = st.holder[p]
        defenders = [u for u in units if game.unit_side[u] == holder]
        attackers = [u for u in units if game.unit_side[u] != holder]
        if defenders and attackers:
            out.append((p, attackers, defenders))
    return out


def fighting_power(game: Game, st: State, units: list[int]) -> float:
    """People x quality x readiness: the power that inflicts and suffers losses.

    Added one by one, not with ``sum``: from Python 3.12 ``sum`` of floats compensates its
    rounding, and the compiled turn (engine.sim.kernel) adds as a plain loop does."""
    total = 0.0
    for u in units:
        total += st.strength[u] * game.unit_quality[u] * st.readiness[u]
    return total


def engagement_odds(game: Game, st: State, place: int, attackers: list[int],
                    defenders: list[int], surprise: bool = False
                    ) -> tuple[float, float, float, float, float]:
    """(attacker power, defender power, P(taken), P(stalemate), P(repulsed)) of today's
    fighting at ``place``."""
    att = side_power(game, st, attackers, place, False, surprise)
    dfn = side_power(game, st, defenders, place, True)
    ratio = att / dfn if dfn > 0 else math.inf
    return (att, dfn, *combat.outcome_odds(ratio, game.rules))


def enemy_strength(game: Game, at: dict[int, list[int]], st: State, place: int,
                   side: int) -> int:
    """People of other sides standing in ``place`` (``at``: :func:`present`)."""
    return sum(st.strength[u] for u in at.get(place, []) if game.unit_side[u] != side)


def assault_carry(game: Game, state: State, place: int, attackers: list[int],
                  defenders: list[int], days: int) -> float:
    """The chance that ``attackers`` carry ``place`` against ``defenders`` within ``days``
    days of continued assault, at today's powers (what a commander weighs)."""
    att, dfn = engagement_odds(game, state, place, attackers, defenders)[:2]
    return combat.carry_odds(att / dfn if dfn > 0 else math.inf, days, game.rules)
