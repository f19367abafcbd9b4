"""Phase 4, supply: traced from each side's sources through places it holds uncontested.

A unit out of supply loses readiness, then people (dispersed). A unit in supply and not under
the enemy's fire recovers readiness. A place cut off from its holder's sources is besieged;
an air unit is supplied while its base is held.
"""

from __future__ import annotations

from engine.sim.events import Log
from engine.sim.game import Game
from engine.sim.state import EPS, NOWHERE, State


def supplied_places(game: Game, st: State, side: int) -> list[bool]:
    """Places joined to one of ``side``'s sources through places it holds uncontested."""
    ok = [st.holder[p] == side and not st.contested[p] for p in range(len(game.places))]
    reached = [False] * len(game.places)
    queue = [s for s in game.sources[side] if ok[s]]
    for s in queue:
        reached[s] = True
    while queue:
        here = queue.pop()
        for to, _km, _cost in game.roads[here]:
            if ok[to] and not reached[to]:
                reached[to] = True
                queue.append(to)
    return reached


def supply(game: Game, st: State, log: Log) -> None:
    """Trace every side's supply; wear down or restore each unit; mark places besieged."""
    rules = game.rules
    reached = [supplied_places(game, st, s) for s in range(len(game.sides))]
    for u in range(len(game.units)):
        p = st.place[u]
        if p == NOWHERE or st.strength[u] <= 0:
            continue
        r = reached[game.unit_side[u]]
        if not game.unit_ground[u]:  # supplied by air while its base is held
            ok = st.holder[p] == game.unit_side[u]
        elif st.next[u] != NOWHERE:
            ok = r[p] or r[st.next[u]]
        else:
            ok = r[p] or any(r[to] for to, _km, _c in game.roads[p])
        if ok != st.supplied[u]:
            log("supply", p, f"{game.units[u]} is "
                f"{'back in supply' if ok else 'out of supply'}", (u,))
        st.supplied[u] = ok
        if ok:
            if st.bombarded_by[p] == NOWHERE or st.bombarded_by[p] == game.unit_side[u]:
                st.readiness[u] = round(min(1.0, st.readiness[u] + rules["readiness_recovery"]),
                                        6)
        elif st.readiness[u] > rules["readiness_floor"] + EPS:
            st.readiness[u] = round(max(rules["readiness_floor"],
                                        st.readiness[u] - rules["readiness_loss"]), 6)
        else:
            lost = min(st.strength[u], max(1, round(st.strength[u] *
                                                    rules["unsupplied_attrition"])))
            st.strength[u] -= lost
            st.dispersed[u] += lost
    for p in range(len(game.places)):
        h = st.holder[p]
        cut = bool(game.sources[h]) and not reached[h][p]
        if cut and not st.besieged[p]:
            log("besieged", p, f"{game.places[p]} is cut off from {game.sides[h]}'s supply")
        st.besieged[p] = cut
