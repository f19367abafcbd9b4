"""``wargame duel``: one commander against another, seat by seat, seed by seed.

For each seed the side in question is played twice against the same opponent: once by
the commander on trial, once by the baseline commander (the opponent's kind), with the
same seed, so that the two campaigns meet the same draws wherever they reach the same
(day, place, kind). The trial commander **beats** the baseline in that seed when its side's
objective margin (its points less the other side's) is larger than the baseline's in the
same seat; it **wins** the game when the margin is above zero. The time each day's orders
took the trial commander is measured too: a benchmark to read, not a timed test.

Seeds are independent campaigns, so they are shared among worker processes.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from engine.play.campaign import play_campaign
from engine.play.commanders import players
from engine.play.metrics import run_metrics
from engine.play.player import Player
from engine.scenario.loader import load_scenario
from engine.scenario.model import Scenario
from engine.scenario.synthetic import synthetic_scenario
from engine.sim.game import Game, build_game
from engine.sim.orders import Order
from engine.sim.state import State
from engine.util.progress import Tick


@dataclass(frozen=True)
class Bout:
    """One seed of one seat: the baseline's margin and the trial commander's."""

    seed: int
    side: str
    baseline: float
    trial: float
    ms_per_turn: float


class _Timed:
    """A player whose calls are timed."""

    def __init__(self, player: Player) -> None:
        self.player, self.seconds, self.calls = player, 0.0, 0

    def __call__(self, game: Game, state: State, side: int) -> list[Order]:
        start = time.perf_counter()
        try:
            return self.player(game, state, side)
        finally:
            self.seconds += time.perf_counter() - start
            self.calls += 1


def margin(game: Game, states: Sequence[State], side: int) -> float:
    """``side``'s objective points at the end less every other side's."""
    m = run_metrics(game, states)
    return sum(m[f"points.{s}"] * (1 if i == side else -1) for i, s in enumerate(game.sides))


def bout(scenario: Scenario, seed: int, side: int, trial: str, baseline: str) -> Bout:
    """The seed played with ``side`` under ``baseline`` and then under ``trial``, the other
    side under ``baseline`` both times."""
    game = build_game(scenario)
    kinds = [baseline] * len(game.sides)
    base = play_campaign(game, seed, players(game, kinds, seed))
    kinds[side] = trial
    ps = players(game, kinds, seed)
    timed = _Timed(ps[side])
    ps[side] = timed
    tried = play_campaign(game, seed, ps)
    return Bout(seed, game.sides[side], margin(game, base.states, side),
                margin(game, tried.states, side),
                1000 * timed.seconds / max(timed.calls, 1))


def _job(args: tuple) -> Bout:
    source, seed, side, trial, baseline = args
    if isinstance(source, tuple):
        places, units, days = source
        scenario = synthetic_scenario(places, units, seed, days)
    else:
        scenario = load_scenario(source)
    return bout(scenario, seed, side, trial, baseline)


def duel(source: str | tuple[int, int, int], sides: Sequence[int], trial: str, baseline: str,
         runs: int, seed: int = 1, workers: int = 1, progress: Tick | None = None
         ) -> list[Bout]:
    """Bouts for seeds ``seed``.. ``seed + runs - 1`` in each of ``sides``. ``source`` is a
    scenario file, or (places, units, days) for a fresh synthetic theatre per seed;
    ``progress`` is told of each bout played."""
    jobs = [(source, seed + i, side, trial, baseline) for side in sides for i in range(runs)]
    out: list[Bout] = []
    if workers <= 1:
        for job in jobs:
            out.append(_job(job))
            if progress:
                progress(len(out), len(jobs))
        return out
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        for bout in pool.imap(_job, jobs):
            out.append(bout)
            if progress:
                progress(len(out), len(jobs))
    return out


def summarise(bouts: Sequence[Bout]) -> dict[str, Any]:
    """Per side: seeds beaten, tied and lost against the baseline, games won, time a turn."""
    out: dict[str, Any] = {}
    for side in sorted({b.side for b in bouts}):
        mine = [b for b in bouts if b.side == side]
        n = len(mine)
        out[side] = {
            "seeds": n,
            "beats_baseline": sum(b.trial > b.baseline for b in mine),
            "ties": sum(b.trial == b.baseline for b in mine),
            "worse": sum(b.trial < b.baseline for b in mine),
            "wins": sum(b.trial > 0 for b in mine),
            "baseline_wins": sum(b.baseline > 0 for b in mine),
            "mean_margin": sum(b.trial for b in mine) / n,
            "baseline_mean_margin": sum(b.baseline for b in mine) / n,
            "ms_per_turn": sorted(b.ms_per_turn for b in mine)[(n - 1) // 2],
        }
    return out
