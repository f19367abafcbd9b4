"""Fitting rule parameters so adjudicated replays reproduce the record.

The method is the simulated method of moments with a documented search. The moments are the
record's own: the date of each capture in the fitting period, the holder of every place on
every day, and the killed per side, civilians killed and people displaced in the period. A
candidate's distance from the record is

    D = mean over captures of min(|median date error|, 10) / 2
        + 20 x (1 - place-day agreement of the median run)
        + sum over loss figures of (log(1 + median simulated) - log(1 + recorded))^2

(a day of timing error costs as much as half a unit of squared log loss error; a capture
never made costs 5). Candidates are scrambled Sobol points (``scipy.stats.qmc``) over the
parameters' ranges; each round shrinks the box around the best point found so far. Every
candidate is played with the same seeds (common random numbers), so candidates differ only
through their parameters.

Fit on one period (by default October), then :func:`check` reports the fitted rules over the
fitting period (in sample) and another period (out of sample).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.stats import qmc

from engine.history.fidelity import fidelity
from engine.history.replay import Replay, play_replay, play_runs
from engine.play.replayfile import ReplayFile
from engine.scenario.model import Scenario
from engine.sim.game import Game, build_game
from engine.util.progress import Tick

#: The parameters fitted and the box searched (the rules' own units). They are the ones a
#: month of record pins down: its loss, civilian and refugee figures. The combat-result
#: ratios are not fitted: a month holds two or three contested engagements, too few to
#: estimate them, so they keep their published values (the 3:1 rule).
SPACE: Mapping[str, tuple[float, float]] = {
    "loss_scale": (0.05, 1.5),
    "sortie_casualties": (0.02, 2.0),
    "sortie_civilians": (0.02, 2.0),
    "flight_rate": (0.005, 0.2),
}
NEVER_COST = 10


@dataclass(frozen=True)
class Candidate:
    params: Mapping[str, float]
    distance: float
    report: Mapping[str, Any]


def _runs(scenario: Scenario, rf: ReplayFile, params: Mapping[str, float], runs: int, seed: int,
          last: int) -> tuple[Game, Replay, list[Replay]]:
    game = build_game(scenario, scenario.rules.replace(params))
    recorded = play_replay(game, rf, days=last + 1)
    return game, recorded, play_runs(game, rf, runs, seed, days=last + 1)


def distance(game: Game, rf: ReplayFile, recorded: Replay, runs: Sequence[Replay], first: int,
             last: int) -> tuple[float, dict[str, Any]]:
    """The distance D of the module docstring, and the fidelity report it comes from."""
    report = fidelity(game, rf, recorded, runs, first=first, last=last)
    errors = [c["error_days"] if c["error_days"] is not None else NEVER_COST
              for c in report["captures"]]
    timing = float(np.mean([min(e, NEVER_COST) / 2 for e in errors])) if errors else 0.0
    agreement = 20 * (1 - report["agreement"]["median"])
    losses = sum((math.log1p(v["median"]) - math.log1p(v["target"])) ** 2
                 for v in report["losses"].values())
    displaced = _displaced(rf, first, last)
    if displaced:
        end = [r.states[min(last + 1, len(r.states) - 1)] for r in runs]
        sim = float(np.median([sum(e.displaced) - sum(r.states[first].displaced)
                               for e, r in zip(end, runs, strict=True)]))
        losses += (math.log1p(sim) - math.log1p(displaced)) ** 2
        report = {**report, "displaced": {"target": displaced, "median": sim}}
    return timing + agreement + losses, report


def _displaced(rf: ReplayFile, first: int, last: int) -> int:
    return sum(e.displaced or 0 for e in rf.events if first <= e.last <= last)


def search(scenario: Scenario, rf: ReplayFile, space: Mapping[str, tuple[float, float]] = SPACE,
           points: int = 64, rounds: int = 2, runs: int = 16, seed: int = 1, first: int = 0,
           last: int = 30, progress: Tick | None = None) -> list[Candidate]:
    """All candidates tried, best first."""
    names = sorted(space)
    low = np.array([space[n][0] for n in names])
    high = np.array([space[n][1] for n in names])
    tried: list[Candidate] = []
    for k in range(rounds):
        sampler = qmc.Sobol(len(names), scramble=True, seed=seed + k)
        with warnings.catch_warnings():  # fewer than a power of two: still well spread
            warnings.simplefilter("ignore", UserWarning)
            unit = sampler.random(points)
        for x in qmc.scale(unit, low, high):
            params = {n: round(float(v), 4) for n, v in zip(names, x, strict=True)}
            game, recorded, sims = _runs(scenario, rf, params, runs, seed, last)
            d, report = distance(game, rf, recorded, sims, first, last)
            tried.append(Candidate(params, round(d, 6), report))
            if progress:
                progress(len(tried), points * rounds)
        best = min(tried, key=lambda c: c.distance)
        centre = np.array([best.params[n] for n in names])
        half = (high - low) / 4
        low = np.maximum(centre - half, [space[n][0] for n in names])
        high = np.minimum(centre + half, [space[n][1] for n in names])
    return sorted(tried, key=lambda c: (c.distance, sorted(c.params.items())))


def check(scenario: Scenario, rf: ReplayFile, params: Mapping[str, float], runs: int, seed: int,
          periods: Sequence[tuple[str, int, int]]) -> dict[str, dict[str, Any]]:
    """Fidelity reports of the rules with ``params`` over whole-campaign runs, per period."""
    game = build_game(scenario, scenario.rules.replace(params))
    recorded = play_replay(game, rf)
    sims = play_runs(game, rf, runs, seed)
    return {name: fidelity(game, rf, recorded, sims, first=a, last=b)
            for name, a, b in periods}
