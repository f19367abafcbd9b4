"""The odds at which each side opened its recorded assaults: evidence for its doctrine.

The recorded replay meets every engagement the record fixes with the engine's own odds. The
first day of each assault (an engagement at a place by a side, after a day without one
there) gives the day's chance of taking the place; inverted through the take curve it is the
day's power ratio, and from it the chance of carrying the place within ``days`` days
(:func:`engine.sim.combat.carry_odds`), the measure a doctrine's ``attack_odds`` is written in.
A side's quartiles over its openings say at what odds its commanders chose to attack.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from engine.history.replay import Replay
from engine.sim.chance import ENGAGEMENT
from engine.sim.combat import carry_odds
from engine.sim.game import Game


def ratio_of(p_taken: float, rules: Any) -> float:
    """The power ratio at which a day's chance of taking a place is ``p_taken``."""
    if p_taken <= 0.0:
        return 0.0
    if p_taken >= 1.0:
        return math.inf
    return rules["take_ratio"] * math.exp(math.log(p_taken / (1 - p_taken))
                                          / rules["take_slope"])


def assault_openings(game: Game, recorded: Replay, days: int = 3) -> list[dict[str, Any]]:
    """Each recorded assault's first day: date, place, side, the day's chance of taking the
    place, and the chance of carrying it within ``days`` days from that ratio."""
    cal = game.scenario.calendar
    last: dict[tuple[str, str], int] = {}
    out = []
    for o in recorded.history.outcomes:
        if o.kind != ENGAGEMENT or not o.odds:
            continue
        key = (o.place, o.side)
        opening = last.get(key) != o.day - 1
        last[key] = o.day
        if opening:
            ratio = ratio_of(o.odds[0], game.rules)
            out.append({"date": cal.date_of(o.day).isoformat(), "place": o.place,
                        "side": o.side, "result": o.result, "p_taken_day": o.odds[0],
                        "carry_odds": carry_odds(ratio, days, game.rules)})
    return out


def side_odds(openings: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per side: how many openings, and the least, lower quartile, median and most of their
    carrying odds; the lower quartile is the doctrine's ``attack_odds`` these suggest."""
    out = {}
    for side in sorted({o["side"] for o in openings}):
        v = np.array([o["carry_odds"] for o in openings if o["side"] == side])
        out[side] = {"assaults": len(v), "least": float(v.min()),
                     "lower_quartile": float(np.percentile(v, 25)),
                     "median": float(np.median(v)), "most": float(v.max())}
    return out
