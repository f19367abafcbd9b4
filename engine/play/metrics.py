"""What a campaign came to: objectives met and when, holders, losses, civilians.

:func:`summary` is the account ``wargame run`` prints (with how the campaign was fought, from
:mod:`engine.play.activity`); :func:`run_metrics` the outcome as flat columns, one row per
run, for batches and paired comparisons.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from engine.play.activity import captures, fire_days, holder_changes, reserves_idle
from engine.play.campaign import History
from engine.scenario.model import Objective
from engine.sim.chance import BOMBARDMENT, ENGAGEMENT
from engine.sim.game import Game
from engine.sim.state import State
from engine.util.memo import per_object


class Held(Protocol):
    """Who holds each place and which are contested: a state, or what a campaign played for
    its outcome keeps of each day."""

    @property
    def holder(self) -> Sequence[int]: ...
    @property
    def contested(self) -> Sequence[Any]: ...


def objective_met(game: Game, state: Held, objective_id: str) -> bool:
    """Whether the objective is met in ``state``: its place held uncontested, its route held
    uncontested all along (open), or not held all along by the other side (cut)."""
    side, places, route, opened = _spots(game)[objective_id]
    holder, contested = state.holder, state.contested
    if not route:
        return holder[places[0]] == side and not contested[places[0]]
    if places:   # held all along by one side, uncontested: open for that side alone
        first = holder[places[0]]
        open_for = {first} if all(holder[p] == first and not contested[p] for p in places) \
            else set()
    else:
        open_for = set(range(len(game.sides)))
    return side in open_for if opened else not (open_for - {side})


@per_object
def _spots(game: Game) -> dict[str, tuple[int, tuple[int, ...], bool, bool]]:
    """Each objective's side, its place or its route's places by number, whether it is a
    route, and whether to open it: read once per game, asked every day of every run."""
    index = game.theatre.index
    return {oid: (game.sides.index(obj.side),
                  (index[obj.place],) if obj.place is not None else
                  tuple(index[p] for p in objective_route(game, obj)),
                  obj.place is None, obj.kind == "open_route")
            for oid, obj in game.scenario.objectives.items()}


def objective_route(game: Game, obj: Objective) -> tuple[str, ...]:
    """The places of a route objective's route (none for a place objective)."""
    return game.scenario.routes[obj.route].waypoints if obj.route is not None else ()


def objective_places(game: Game) -> list[str]:
    """The places objectives name, sorted."""
    return sorted({o.place for o in game.scenario.objectives.values() if o.place is not None})


def summary(game: Game, history: History, commanders: Sequence[str] = ()) -> dict[str, Any]:
    """What a campaign came to: objectives over time, losses, civilians, and how it was
    fought. ``holders`` dates the changes of the objective places (what the text report
    shows), ``places`` those of every place; ``commanders`` names each side's commander
    kind, when the caller says which it chose (a history does not know who gave its
    orders)."""
    cal = game.scenario.calendar
    # each state dated by the day whose turn produced it (the start: its own morning)
    states = history.states
    dates = [cal.date_of(history.start.day).isoformat(),
             *(cal.date_of(t.state.day - 1).isoformat() for t in history.turns)]
    final = states[-1]
    objectives: dict[str, dict[str, Any]] = {}
    for oid, obj in game.scenario.objectives.items():
        changes = []
        last: bool | None = None
        for st, date in zip(states, dates, strict=True):
            met = objective_met(game, st, oid)
            if met != last:
                changes.append({"date": date, "met": met})
                last = met
        objectives[oid] = {"side": obj.side, "kind": obj.kind, "target": obj.place or obj.route,
                           "points": obj.points, "met": last, "changes": changes}
    places = holder_changes(game, states, dates, game.places)
    holders = {place: places[place] for place in objective_places(game)}
    points = {s: sum(o["points"] for o in objectives.values() if o["side"] == s and o["met"])
              for s in game.sides}
    return {
        "scenario": game.scenario.id, "seed": history.seed,
        "from": cal.date_of(history.start.day).isoformat(),
        "to": dates[-1],
        "days": len(history.turns),
        "commanders": dict(zip(game.sides, commanders, strict=True)) if commanders else {},
        "objectives": objectives, "holders": holders, "places": places, "points": points,
        "losses": final.side_losses(game),
        "civilians_killed": sum(final.civilians_killed), "displaced": sum(final.displaced),
        "engagements": sum(1 for o in history.outcomes if o.kind == ENGAGEMENT),
        "bombardments": sum(1 for o in history.outcomes if o.kind == BOMBARDMENT),
        "captures": captures(game, history),
        "fire_days": fire_days(game, history),
        "reserves_idle": reserves_idle(game, history),
        "rejected_orders": sum(len(t.rejected) for t in history.turns),
        "digest": final.digest(game),
    }


def run_metrics(game: Game, states: Sequence[State]) -> dict[str, Any]:
    """The outcome of one campaign (its first morning, then each day's end) as flat columns."""
    return outcome_metrics(game, states[1:], states[-1])


def met_each_day(game: Game, days: Sequence[Held]) -> dict[str, np.ndarray]:
    """For each objective, whether it is met on each of ``days``: :func:`objective_met`
    asked of every day at once (a batch asks it of every day of every run)."""
    if not days:
        return {oid: np.zeros(0, dtype=bool) for oid in game.scenario.objectives}
    holder = np.array([d.holder for d in days], dtype=np.int64)
    calm = np.array([d.contested for d in days], dtype=np.int8) == 0
    out = {}
    for oid, (side, places, route, opened) in _spots(game).items():
        if not route:
            met = (holder[:, places[0]] == side) & calm[:, places[0]]
        elif places:    # held all along by one side, uncontested: open for that side alone
            along = holder[:, places]
            first = along[:, 0]
            one = (along == first[:, None]).all(axis=1) & calm[:, places].all(axis=1)
            met = one & (first == side) if opened else ~(one & (first != side))
        else:           # no places: open for every side
            met = np.full(len(days), opened or len(game.sides) == 1)
        out[oid] = met
    return out


def outcome_metrics(game: Game, days: Sequence[Held], final: State) -> dict[str, Any]:
    """:func:`run_metrics` from how the places stood at the end of each day (``days``) and
    the last state: what a campaign played for its outcome keeps
    (:mod:`engine.play.quick`)."""
    out: dict[str, Any] = {}
    each_day = met_each_day(game, days)
    for oid in sorted(game.scenario.objectives):
        met = each_day[oid]
        out[f"day_met.{oid}"] = int(met.argmax()) if met.any() else None
        out[f"met_at_end.{oid}"] = int(bool(len(met) and met[-1]))
    for place in objective_places(game):
        out[f"holder.{place}"] = game.sides[final.holder[game.theatre.index[place]]]
    for side, v in final.side_losses(game).items():
        out[f"killed.{side}"] = v["killed"]
    out["civilians_killed"] = sum(final.civilians_killed)
    out["displaced"] = sum(final.displaced)
    for side in game.sides:
        out[f"points.{side}"] = sum(o.points for oid, o in game.scenario.objectives.items()
                                    if o.side == side and out[f"met_at_end.{oid}"])
    return out
