"""``wargame bench``: how fast the turn engine is. A benchmark to read, not a timed test.

It plays whole AI-against-AI campaigns of a scenario (the median of several runs, after
one warm-up run, so that path caches are filled as in a real batch), then times turns on
seeded synthetic theatres 10 and 100 times larger, to show how the cost of a turn grows
with the number of places and units.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from engine.play.campaign import play_campaign
from engine.play.commanders import HEURISTIC, HISTORICAL, players
from engine.scenario.model import Scenario
from engine.scenario.synthetic import synthetic_scenario
from engine.sim.game import build_game

Clock = Callable[[], float]


def time_campaigns(scenario: Scenario, runs: int, clock: Clock = time.perf_counter,
                   kind: str = HEURISTIC) -> list[float]:
    """Milliseconds per whole campaign, AI against AI under ``kind`` commanders (fresh for
    each campaign, as they keep memory), seeds 1..runs (one warm-up)."""
    game = build_game(scenario)
    kinds = [kind] * len(game.sides)
    play_campaign(game, 0, players(game, kinds))
    out = []
    for seed in range(1, runs + 1):
        start = clock()
        play_campaign(game, seed, players(game, kinds, seed))
        out.append((clock() - start) * 1000)
    return out


def time_turns(places: int, units: int, turns: int, seed: int = 1,
               clock: Clock = time.perf_counter) -> float:
    """Median milliseconds per AI-against-AI turn on a synthetic theatre (one warm-up)."""
    game = build_game(synthetic_scenario(places, units, seed, days=turns))
    kinds = [HEURISTIC] * len(game.sides)
    play_campaign(game, seed, players(game, kinds))
    times = []
    for _ in range(3):
        start = clock()
        play_campaign(game, seed, players(game, kinds))
        times.append((clock() - start) * 1000 / turns)
    return statistics.median(times)


def run_bench(scenario: Scenario, runs: int = 20, turns: int = 10,
              scales: tuple[int, ...] = (1, 10, 100), clock: Clock = time.perf_counter
              ) -> list[str]:
    """The lines ``wargame bench`` prints."""
    lines = []
    kinds = [HEURISTIC, HISTORICAL] if scenario.plan else [HEURISTIC]
    for kind in kinds:
        campaign = statistics.median(time_campaigns(scenario, runs, clock, kind))
        lines.append(f"{campaign:.1f} ms per campaign ({scenario.id}, "
                     f"{scenario.calendar.turns} days, AI against AI, {kind} commanders, "
                     f"median of {runs})")
    base_places, base_units = len(scenario.places), len(scenario.units)
    for scale in scales:
        n, u = base_places * scale, base_units * scale
        per_turn = time_turns(n, u, turns, clock=clock)
        lines.append(f"{per_turn:.2f} ms per turn on a synthetic theatre of {n} places and "
                     f"{u} units ({scale}x)")
    return lines
