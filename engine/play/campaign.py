"""A campaign: turns played from the first day to the last, and what it came to.

Orders for each day come from a player for each side: the AI, or a fixed list (a replay).
Every turn's orders and outcomes are kept, so the campaign can be played again from them
alone, with the outcomes forced, and reach the same state.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine.play.ai import ai_orders
from engine.sim.chance import Force, campaign_key
from engine.sim.game import Game
from engine.sim.orders import Order
from engine.sim.state import State, initial_state
from engine.sim.turn import TurnResult, play_turn

#: A player gives a side's orders for the day.
Player = Callable[[Game, State, int], list[Order]]


@dataclass(frozen=True)
class Campaign:
    seed: int
    turns: tuple[TurnResult, ...]
    start: State

    @property
    def final(self) -> State:
        return self.turns[-1].state if self.turns else self.start


def play_campaign(game: Game, seed: int, players: Mapping[int, Player] | None = None,
                  orders: Sequence[Sequence[Order]] | None = None,
                  forced: Mapping[tuple, Force] | None = None, days: int | None = None,
                  start: State | None = None) -> Campaign:
    """Play ``days`` turns (default: to the calendar's end) from ``start``.

    A side without a player is played by the AI unless ``orders`` gives the day's orders for
    everybody (a replay); ``forced`` fixes chosen outcomes.
    """
    players = players or {}
    key = campaign_key(seed)
    state = start or initial_state(game)
    first = state
    days = game.scenario.calendar.turns - state.day if days is None else days
    turns = []
    for _ in range(days):
        if orders is not None:
            today = list(orders[state.day]) if state.day < len(orders) else []
        else:
            today = []
            for side in range(len(game.sides)):
                today += players.get(side, ai_orders)(game, state, side)
        result = play_turn(game, state, today, key, forced)
        turns.append(result)
        state = result.state
    return Campaign(seed, tuple(turns), first)


def rerun(game: Game, campaign: Campaign) -> Campaign:
    """The campaign played again from its orders with every outcome forced to what it was."""
    forced = {o.key: Force.of(o) for t in campaign.turns for o in t.outcomes}
    orders = [[] for _ in range(campaign.start.day)] + [list(t.orders) for t in campaign.turns]
    return play_campaign(game, campaign.seed, orders=orders, forced=forced,
                         days=len(campaign.turns), start=campaign.start)


def objective_met(game: Game, state: State, objective_id: str) -> bool:
    obj = game.scenario.objectives[objective_id]
    side = game.sides.index(obj.side)
    index = game.theatre.index
    if obj.kind == "hold":
        p = index[obj.place]
        return state.holder[p] == side and not state.contested[p]
    route = [index[p] for p in game.scenario.routes[obj.route].waypoints]
    open_for = {s for s in range(len(game.sides))
                if all(state.holder[p] == s and not state.contested[p] for p in route)}
    return side in open_for if obj.kind == "open_route" else not (open_for - {side})


def summary(game: Game, campaign: Campaign) -> dict[str, Any]:
    """What a campaign came to: objectives over time, losses, civilians."""
    cal = game.scenario.calendar
    # each state dated by the day whose turn produced it (the start: its own morning)
    states = [campaign.start, *(t.state for t in campaign.turns)]
    dates = [cal.date_of(campaign.start.day).isoformat(),
             *(cal.date_of(t.state.day - 1).isoformat() for t in campaign.turns)]
    final = states[-1]
    objectives = {}
    for oid, obj in game.scenario.objectives.items():
        changes = []
        last = None
        for st, date in zip(states, dates, strict=True):
            met = objective_met(game, st, oid)
            if met != last:
                changes.append({"date": date, "met": met})
                last = met
        objectives[oid] = {"side": obj.side, "kind": obj.kind, "target": obj.place or obj.route,
                           "points": obj.points, "met": last, "changes": changes}
    holders = {}
    index = game.theatre.index
    for place in sorted({o.place for o in game.scenario.objectives.values() if o.place}):
        p = index[place]
        changes, last = [], None
        for st, date in zip(states, dates, strict=True):
            now = (game.sides[st.holder[p]], st.contested[p])
            if now != last:
                changes.append({"date": date, "holder": now[0],
                                "contested": now[1]})
                last = now
        holders[place] = changes
    points = {s: sum(o["points"] for o in objectives.values() if o["side"] == s and o["met"])
              for s in game.sides}
    engagements = [o for t in campaign.turns for o in t.outcomes if o.kind == "engagement"]
    return {
        "scenario": game.scenario.id, "seed": campaign.seed,
        "from": cal.date_of(campaign.start.day).isoformat(),
        "to": dates[-1],
        "days": len(campaign.turns),
        "objectives": objectives, "holders": holders, "points": points,
        "losses": final.side_losses(game),
        "civilians_killed": sum(final.civilians_killed), "displaced": sum(final.displaced),
        "engagements": len(engagements),
        "bombardments": sum(1 for t in campaign.turns for o in t.outcomes
                            if o.kind == "bombardment"),
        "rejected_orders": sum(len(t.rejected) for t in campaign.turns),
        "digest": final.digest(game),
    }


def outcomes_json(campaign: Campaign) -> list[dict[str, Any]]:
    return [o.to_json() for t in campaign.turns for o in t.outcomes]
