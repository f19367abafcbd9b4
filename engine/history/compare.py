"""Two scenarios played with common random numbers, and what the difference comes to.

Run ``i`` of each scenario uses the same seed, so a chance stream that both scenarios reach
(the same day, place and kind) draws the same numbers in both: the runs are paired, and the
difference of a pair is caused by the scenarios' differences far more than by chance. Each
outcome is reported as the mean of B - A over the pairs with a 95 % confidence interval
(Student's t over the paired differences).

Outcomes per run: the day each objective was first met (an objective never met counts as the
day after the campaign's end), whether it is met at the end, killed per side, civilians
killed and people displaced.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from scipy import stats

from engine.errors import WargameError
from engine.history.replay import ADJUDICATED, play_replay
from engine.play.replayfile import default_replay, load_replay_file
from engine.play.ai import commanders
from engine.play.campaign import play_campaign
from engine.play.metrics import run_metrics
from engine.sim.game import Game
from engine.sim.state import State

AI, REPLAY = "ai", "replay"


def outcomes(game: Game, states: Sequence[State]) -> dict[str, float]:
    """The numeric outcome measures of one run (the batch's columns; an objective never met
    counts as met on the day after the campaign's end)."""
    never = game.scenario.calendar.turns
    return {k: float(never if v is None else v) for k, v in run_metrics(game, states).items()
            if not k.startswith(("holder.", "points."))}


def runner(game: Game, mode: str) -> Callable[[int], list[State]]:
    """A function from a seed to the states of one run of ``game``."""
    if mode == AI:
        players = commanders(game)
        return lambda seed: play_campaign(game, seed, players).states
    rf = load_replay_file(default_replay(game.scenario), game.scenario)
    return lambda seed: play_replay(game, rf, ADJUDICATED, seed).states


def compare(a: Game, b: Game, runs: int, seed: int, mode: str = AI) -> dict[str, Any]:
    if a.places != b.places or a.sides != b.sides:
        raise WargameError(f"{b.scenario.path}: compare needs two scenarios of the same theatre "
                           "and sides (an alternate of the same battle)")
    run_a, run_b = runner(a, mode), runner(b, mode)
    rows_a = [outcomes(a, run_a(seed + i)) for i in range(runs)]
    rows_b = [outcomes(b, run_b(seed + i)) for i in range(runs)]
    names = [n for n in rows_a[0] if n in rows_b[0]]
    table = []
    for n in names:
        xa = np.array([r[n] for r in rows_a], dtype=float)
        xb = np.array([r[n] for r in rows_b], dtype=float)
        d = xb - xa
        mean = float(d.mean())
        if runs < 2:  # one pair gives no interval
            ci = None
        else:
            half = float(stats.t.ppf(0.975, runs - 1) * d.std(ddof=1) / math.sqrt(runs))
            ci = [mean - half, mean + half]
        table.append({"outcome": n, "a": float(xa.mean()), "b": float(xb.mean()),
                      "difference": mean, "ci95": ci,
                      "significant": ci is not None and not (ci[0] <= 0 <= ci[1])})
    return {"a": a.scenario.path, "b": b.scenario.path, "runs": runs, "seeds":
            [seed, seed + runs - 1], "mode": mode, "outcomes": table}
