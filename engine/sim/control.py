"""Phase 5, control, arrivals and the calendar.

A place changes holder only when its holder has no unit in it and the other side has one
there, or marched through it that day; it is contested while both have. Air units whose base
is lost fly to the nearest place their side holds. Reinforcements due on the new day appear,
and commanders' fates are logged: on the record's date, or when the place whose loss brings
them about falls.
"""

from __future__ import annotations

from collections.abc import Mapping

from engine.sim.engagement import fall_back
from engine.sim.events import Log
from engine.sim.game import Game
from engine.sim.queries import present
from engine.sim.state import MOVING, NOWHERE, State


def control(game: Game, st: State, passed: Mapping[int, set[int]], thrown: set[int],
            log: Log) -> None:
    """Change holders by the rule: places marched through (unless the column was thrown
    back), places with one side in them, places with both (contested)."""
    at = present(game, st)
    sides_at = {p: {game.unit_side[u] for u in units} for p, units in at.items()}
    for p in sorted(passed):
        # a column thrown back or dispersed at the end of its march did not hold its road
        through = {game.unit_side[u] for u in passed[p]
                   if st.strength[u] > 0 and u not in thrown}
        if p not in sides_at and len(through) == 1 and not st.contested[p]:
            (new,) = through
            if st.holder[p] != new:
                log("captured", p, f"{game.sides[new]} take {game.places[p]} from "
                    f"{game.sides[st.holder[p]]} on the march")
                fates(game, p, st.holder[p], log)
                st.holder[p] = new
                _rebase(game, st, p, log)
    for p in sorted(sides_at):
        here = sides_at[p]
        if len(here) > 1:
            if not st.contested[p]:
                log("contested", p, f"{game.places[p]} is contested")
            st.contested[p] = True
        elif st.holder[p] not in here:
            (new,) = here
            log("captured", p, f"{game.sides[new]} take {game.places[p]} from "
                f"{game.sides[st.holder[p]]}", at[p])
            fates(game, p, st.holder[p], log)
            st.holder[p], st.contested[p] = new, False
            _rebase(game, st, p, log)
        elif st.contested[p]:
            st.contested[p] = False
            log("secured", p, f"{game.sides[st.holder[p]]} secure {game.places[p]}")


def impose_capture(game: Game, st: State, place: int, side: int, why: str, log: Log) -> None:
    """Give ``place`` to ``side`` because a record says so: the other side's ground units
    there fall back as if the place were taken, and the change is logged with ``why``."""
    at = present(game, st).get(place, [])
    fall_back(game, st, [u for u in at if game.unit_side[u] != side], place, None, log)
    if st.holder[place] != side or st.contested[place]:
        log("captured", place, f"{game.sides[side]} take {game.places[place]} ({why})",
            [u for u in at if game.unit_side[u] == side])
        if st.holder[place] != side:
            fates(game, place, st.holder[place], log)
        st.holder[place], st.contested[place] = side, False
        _rebase(game, st, place, log)


def _rebase(game: Game, st: State, place: int, log: Log) -> None:
    """Air units whose base is lost fly to the nearest place their side holds."""
    for u in range(len(game.units)):
        if game.unit_ground[u] or st.place[u] != place or st.strength[u] <= 0:
            continue
        side = game.unit_side[u]
        cost = [(c, q) for q, c in enumerate(game.path_to(place).cost)
                if st.holder[q] == side and not st.contested[q] and c < float("inf")]
        if cost:
            st.place[u] = min(cost)[1]
            log("rebase", st.place[u], f"{game.units[u]} loses its base {game.places[place]} "
                f"and moves to {game.places[st.place[u]]}", (u,))


def arrivals(game: Game, st: State, log: Log) -> None:
    """Reinforcements due on the new day appear; commanders' recorded fates are logged."""
    for u, when in enumerate(game.unit_arrives):
        if when == st.day and when > 0 and st.place[u] == NOWHERE:
            st.place[u] = game.unit_start[u]
            st.strength[u] = game.unit_strength[u]
            st.posture[u] = MOVING
            log("arrival", st.place[u], f"{game.units[u]} arrives in "
                f"{game.places[st.place[u]]} ({st.strength[u]})", (u,))
    dated_fates(game, st.day, log)


def dated_fates(game: Game, day: int, log: Log) -> None:
    """Commanders whose fate the record dates to ``day`` (not to a place's loss) meet it."""
    date = game.scenario.calendar.date_of(day)
    for c in game.scenario.commanders.values():
        if c.fate_date == date and c.fate_after is None:
            log("commander", None, f"{c.name} ({c.side}) {c.fate}")


def fates(game: Game, place: int, loser: int, log: Log) -> None:
    """Commanders whose fate follows the loss of ``place`` by their side meet it now (each
    time the side loses it: the condition, not the record's date, decides)."""
    pid, side = game.places[place], game.sides[loser]
    for c in game.scenario.commanders.values():
        if c.fate_after == pid and c.side == side:
            log("commander", None, f"{c.name} ({c.side}) {c.fate} after the loss of "
                f"{game.places[place]}")
