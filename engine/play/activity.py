"""How a campaign was fought, beyond who won: how places changed hands, who fired, who idled.

These measures tell apart commanders that reach the same objectives differently: one that
walks into places left empty from one that wins them in assaults, guns that fire every day
from guns that sit, reserves committed from reserves that never stir. They are read from a
:class:`~engine.play.campaign.History` (its states, outcomes and events), never from the
players, so any campaign has them, however its orders were given.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from engine.play.campaign import History
from engine.sim.chance import ENGAGEMENT
from engine.sim.game import Game
from engine.sim.state import NOWHERE, State

#: How a place changed hands: walked into (no engagement at it was won that day by the side
#: that took it) or won in an engagement there.
WALKED_IN, WON = "walked_in", "won"


def holder_changes(game: Game, states: Sequence[State], dates: Sequence[str],
                   places: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """For each place, its holder and whether it is contested, from the first state and then
    at each change, dated."""
    index = game.theatre.index
    out = {}
    for place in places:
        p = index[place]
        held: list[dict[str, Any]] = []
        now: tuple[str, bool] | None = None
        for st, date in zip(states, dates, strict=True):
            here = (game.sides[st.holder[p]], st.contested[p])
            if here != now:
                held.append({"date": date, "holder": here[0], "contested": here[1]})
                now = here
        out[place] = held
    return out


def captures(game: Game, history: History) -> dict[str, dict[str, int]]:
    """Per side, the places it took by walking in and those it won in an engagement.

    A capture is a place whose holder changed over a day. It was won in an engagement when
    an engagement at that place that day, attacked by the side that took it, ended
    ``taken``; otherwise the place was walked into (no enemy stood in it, or they fell back
    without being beaten there)."""
    out = {s: {WALKED_IN: 0, WON: 0} for s in game.sides}
    before = history.start
    for turn in history.turns:
        won = {(o.place, o.side) for o in turn.outcomes
               if o.kind == ENGAGEMENT and o.result == "taken"}
        after = turn.state
        for p, (old, new) in enumerate(zip(before.holder, after.holder, strict=True)):
            if old != new:
                side = game.sides[new]
                out[side][WON if (game.places[p], side) in won else WALKED_IN] += 1
        before = after
    return out


def fire_days(game: Game, history: History) -> dict[str, int]:
    """For each air and artillery unit, the days it bombarded (fired in a bombardment the
    turn carried out, not merely was ordered to)."""
    days: dict[str, set[int]] = {game.units[u]: set() for u in range(len(game.units))
                                 if game.unit_fires[u]}
    for event in history.events:
        if event.kind == "bombardment":
            for uid in event.units:
                if uid in days:
                    days[uid].add(event.day)
    return {uid: len(d) for uid, d in days.items()}


def reserves_idle(game: Game, history: History) -> dict[str, dict[str, Any]]:
    """For each unit a side's doctrine holds in reserve, the days it was idle: on the map
    and alive at the day's start, and that day it neither moved (its place, road or progress
    unchanged), nor fought (named in an engagement), nor fired. ``days`` counts the days it
    was on the map, so a reserve that arrived late is not counted idle before it came."""
    units: dict[str, str] = {}
    for side, doctrine in sorted(game.scenario.doctrine.items()):
        for reserve in doctrine.reserves:
            units.update(dict.fromkeys(reserve.units, side))
    idle, days = dict.fromkeys(units, 0), dict.fromkeys(units, 0)
    before = history.start
    for turn in history.turns if units else ():
        busy = {uid for e in turn.events if e.kind in ("engagement", "bombardment")
                for uid in e.units}
        after = turn.state
        for uid in units:
            u = game.unit_index[uid]
            if before.place[u] == NOWHERE or before.strength[u] <= 0:
                continue
            days[uid] += 1
            moved = (before.place[u], before.next[u], before.progress[u]) != \
                (after.place[u], after.next[u], after.progress[u])
            if not moved and uid not in busy:
                idle[uid] += 1
        before = after
    return {uid: {"side": side, "idle": idle[uid], "days": days[uid]}
            for uid, side in sorted(units.items())}


def conduct(game: Game, histories: Sequence[History]) -> dict[str, Any]:
    """How a set of campaigns was fought, as medians over them: engagements, captures
    walked into and won, the share of days each fire unit fired, reserve days idle."""
    import statistics

    if not histories:
        return {}
    days = max(len(histories[0].turns), 1)
    caps = [captures(game, h) for h in histories]
    fired = [fire_days(game, h) for h in histories]
    idle = [reserves_idle(game, h) for h in histories]
    walked = [sum(c[s][WALKED_IN] for s in c) for c in caps]
    won = [sum(c[s][WON] for s in c) for c in caps]
    return {
        "runs": len(histories),
        "engagements": statistics.median(
            sum(1 for o in h.outcomes if o.kind == ENGAGEMENT) for h in histories),
        "captures_walked_in": statistics.median(walked),
        "captures_won": statistics.median(won),
        "walked_in_share": statistics.median(w / (w + x) if w + x else 0.0
                                             for w, x in zip(walked, won, strict=True)),
        "fire_day_share": {uid: statistics.median(f[uid] for f in fired) / days
                           for uid in sorted(fired[0])},
        "reserve_idle_share": {uid: statistics.median(
            i[uid]["idle"] / i[uid]["days"] if i[uid]["days"] else 1.0 for i in idle)
            for uid in sorted(idle[0])},
    }
