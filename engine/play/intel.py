"""What a side can see of the enemy, and the score: the player's view at the prompt.

A side sees the places it holds and those its units stand in, and the places a road away
from them: enemy units there are reported with their strength rounded, as a patrol would
report it; what happened yesterday is told where it touched the side's units or a place it
sees. Nothing here draws a random number, so the same morning gives the same report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from engine.play.metrics import objective_met
from engine.sim.events import Event
from engine.sim.game import Game
from engine.sim.state import NOWHERE, State


def seen_places(game: Game, st: State, side: int) -> set[int]:
    """The places ``side`` sees: those it holds or stands in, and their neighbours by road."""
    near = {p for p in range(len(game.places)) if st.holder[p] == side}
    near |= {st.place[u] for u in range(len(game.units)) if game.unit_side[u] == side
             and st.strength[u] > 0 and st.place[u] != NOWHERE}
    return near | {to for p in near for to in game.road_costs[p]}


def estimate(people: int) -> int:
    """A strength as a report gives it: to two significant figures."""
    if people < 100:
        return people
    scale = 10 ** (len(str(people)) - 2)
    return (people + scale // 2) // scale * scale


@dataclass(frozen=True)
class Sighting:
    """An enemy unit in view: where it stands (or the road it is on) and about how strong."""

    unit: str
    where: str
    about: int


def in_view(game: Game, st: State, side: int) -> list[Sighting]:
    """The enemy units ``side`` sees, in unit order."""
    seen = seen_places(game, st, side)
    out = []
    for u, uid in enumerate(game.units):
        here, to = st.place[u], st.next[u]
        if game.unit_side[u] == side or st.strength[u] <= 0 or here == NOWHERE:
            continue
        if here in seen or (to != NOWHERE and to in seen):
            where = game.places[here] + (f" -> {game.places[to]}" if to != NOWHERE else "")
            out.append(Sighting(uid, where, estimate(st.strength[u])))
    return out


def seen_by(game: Game, st: State, side: int) -> State:
    """The morning as ``side`` sees it, for a picture: its own units as they are, the enemy
    units in view at their reported strength (:func:`estimate`), the others off the map."""
    seen = {u for u, uid in enumerate(game.units) if uid in
            {s.unit for s in in_view(game, st, side)}}
    out = st.copy()
    for u in range(len(game.units)):
        if game.unit_side[u] == side:
            continue
        if u in seen:
            out.strength[u] = estimate(st.strength[u])
        else:
            out.place[u], out.next[u] = NOWHERE, NOWHERE
    return out


def news(game: Game, st: State, side: int, events: Iterable[Event]) -> list[Event]:
    """Of ``events``, those ``side`` knows of: its own units' and those in places it sees."""
    seen = {game.places[p] for p in seen_places(game, st, side)}
    own = {uid for u, uid in enumerate(game.units) if game.unit_side[u] == side}
    return [e for e in events if e.place is None or e.place in seen or own & set(e.units)]


def score(game: Game, st: State) -> dict[str, float]:
    """Each side's points for the objectives met this morning."""
    points = dict.fromkeys(game.sides, 0.0)
    for oid, obj in game.scenario.objectives.items():
        if objective_met(game, st, oid):
            points[obj.side] += obj.points
    return points
