"""``wargame bench``: how fast the turn engine is. A benchmark to read, not a timed test.

It plays whole AI-against-AI campaigns of a scenario under each kind of commander (the
median of several runs, after one warm-up run, so that path caches are filled as in a real
batch), once with the readable rules, once compiled (turn, paths, order checks and
commanders), and once compiled and played for its outcome alone, as a batch plays it
(:mod:`engine.play.quick`), and gives the ratios.
Then it times turns on seeded synthetic theatres up to 100 times larger and one of 10,000
places and 2,000 units: cold (the first campaign of a new game, paths found as they are
asked) and warm (the same campaign again), with the peak memory of a process that does only
that, to show how cost and memory grow with the theatre.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.play.campaign import play_campaign
from engine.play.commanders import HEURISTIC, HISTORICAL, players
from engine.play.quick import play_quick
from engine.scenario.model import Scenario
from engine.scenario.synthetic import synthetic_scenario
from engine.sim.chance import campaign_key
from engine.sim.game import build_game
from engine.sim.kernel.turn import KERNEL, REFERENCE, chosen, compiled, turn_rules
from engine.util.progress import Tick

Clock = Callable[[], float]
#: The bench's name for a campaign played in the kernel's loop for its outcome alone.
OUTCOME = "outcome"
#: The largest theatre timed, in places and units, besides the multiples of the scenario.
LARGEST = (10_000, 2_000)


def time_campaigns(scenario: Scenario, runs: int, clock: Clock = time.perf_counter,
                   kind: str = HEURISTIC, turn: str | None = None) -> list[float]:
    """Milliseconds per whole campaign, AI against AI under ``kind`` commanders (fresh for
    each campaign, as they keep memory), seeds 1..runs (one warm-up), with the ``turn``
    and commanders chosen (``reference``, ``kernel`` or ``outcome``: the kernel played for
    its outcome alone; default: the process's choice)."""
    return compare_turns(scenario, runs, clock, kind, (turn,))[0]


def compare_turns(scenario: Scenario, runs: int, clock: Clock, kind: str,
                  turns: tuple[str | None, ...], seed_done: Callable[[], None] | None = None
                  ) -> list[list[float]]:
    """:func:`time_campaigns` for each of ``turns``, seed by seed in turn, so that whatever
    else the machine does in the meantime weighs on each alike; ``seed_done`` is called
    after each seed."""
    game = build_game(scenario)
    kinds = [kind] * len(game.sides)

    def play(t: str | None, seed: int) -> None:
        if t == OUTCOME:
            with chosen(KERNEL):
                play_quick(game, seed, players(game, kinds, seed))
        else:
            with chosen(t):
                play_campaign(game, seed, players(game, kinds, seed), rules=turn_rules(t))

    for t in turns:
        play(t, 0)
    out: list[list[float]] = [[] for _ in turns]
    for seed in range(1, runs + 1):
        for t, times in zip(turns, out, strict=True):
            start = clock()
            play(t, seed)
            times.append((clock() - start) * 1000)
        if seed_done:
            seed_done()
    return out


def time_turn_alone(scenario: Scenario, clock: Clock = time.perf_counter, seed: int = 1
                    ) -> list[float]:
    """Milliseconds per turn of the reference and of the compiled turn, each playing every
    morning of one heuristic campaign with its orders (the median of three passes): the
    turn's own cost, without the commanders'."""
    game = build_game(scenario)
    history = play_campaign(game, seed, players(game, [HEURISTIC] * len(game.sides), seed))
    key = campaign_key(seed)
    days = list(zip(history.states, history.turns, strict=False))
    out = []
    for rules in (turn_rules(REFERENCE), turn_rules(KERNEL)):
        passes = []
        for _ in range(3):
            start = clock()
            for state, turn in days:
                rules(game, state, turn.orders, key)
            passes.append((clock() - start) * 1000 / max(len(days), 1))
        out.append(statistics.median(passes))
    return out


@dataclass(frozen=True)
class TurnTime:
    """Milliseconds per AI-against-AI turn on a synthetic theatre, cold and warm."""

    places: int
    units: int
    cold: float
    warm: float


def time_turns(places: int, units: int, turns: int, seed: int = 1,
               clock: Clock = time.perf_counter) -> TurnTime:
    """A turn's cost on a new synthetic theatre: the first campaign (cold) and the median of
    three more (warm), per turn."""
    game = build_game(synthetic_scenario(places, units, seed, days=turns))
    kinds = [HEURISTIC] * len(game.sides)
    start = clock()
    play_campaign(game, seed, players(game, kinds))
    cold = (clock() - start) * 1000 / turns
    times = []
    for _ in range(3):
        start = clock()
        play_campaign(game, seed, players(game, kinds))
        times.append((clock() - start) * 1000 / turns)
    return TurnTime(len(game.places), len(game.units), cold, statistics.median(times))


def _measured(places: int, units: int, turns: int) -> tuple[TurnTime, float]:
    """In a process of its own: the turn's times and the process's peak memory (MB)."""
    found = time_turns(places, units, turns)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss   # KB; bytes on macOS
    return found, peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def measure_turns(places: int, units: int, turns: int) -> tuple[TurnTime, float | None]:
    """:func:`time_turns` in a fresh process, so that its peak memory is its own."""
    try:
        with mp.get_context("spawn").Pool(1) as pool:
            return pool.apply(_measured, (places, units, turns))
    except OSError:   # no processes to be had: time it here, memory unknown
        return time_turns(places, units, turns), None


def run_bench(scenario: Scenario, runs: int = 20, turns: int = 10,
              scales: tuple[int, ...] = (1, 10, 100), clock: Clock = time.perf_counter,
              largest: tuple[int, int] | None = LARGEST, fresh: bool = True,
              progress: Tick | None = None) -> list[str]:
    """The lines ``wargame bench`` prints (:func:`bench`'s figures, :func:`format_bench`)."""
    return format_bench(bench(scenario, runs, turns, scales, clock, largest, fresh, progress))


def bench(scenario: Scenario, runs: int = 20, turns: int = 10,
          scales: tuple[int, ...] = (1, 10, 100), clock: Clock = time.perf_counter,
          largest: tuple[int, int] | None = LARGEST, fresh: bool = True,
          progress: Tick | None = None) -> dict[str, Any]:
    """The bench's figures (``wargame bench --json``): the median ms per campaign under each
    commander kind and each way of playing it, the ms per turn alone, and per synthetic
    theatre the ms per turn cold and warm and the peak memory. ``fresh`` measures each
    theatre in a process of its own (for its memory); without it, here, on ``clock``.
    ``progress`` is told of each seed timed and each theatre measured."""
    kinds = [HEURISTIC, HISTORICAL] if scenario.plan else [HEURISTIC]
    steps = len(kinds) * runs + 1 + len(scales) + (largest is not None)
    done = [0]

    def step() -> None:
        done[0] += 1
        if progress:
            progress(done[0], steps)
    ways = [REFERENCE, KERNEL, OUTCOME] if compiled() else [REFERENCE]
    out: dict[str, Any] = {"scenario": scenario.id, "days": scenario.calendar.turns,
                           "runs": runs, "compiled": compiled(), "ways": ways,
                           "campaign_ms": {}, "turn_alone_ms": None, "turns": turns,
                           "synthetic": []}
    for kind in kinds:
        out["campaign_ms"][kind] = dict(zip(ways, (
            statistics.median(times) for times in
            compare_turns(scenario, runs, clock, kind, tuple(ways), step)), strict=True))
    if len(ways) > 1:
        out["turn_alone_ms"] = dict(zip((REFERENCE, KERNEL), time_turn_alone(scenario, clock),
                                        strict=True))
    step()
    sizes = [(len(scenario.places) * k, len(scenario.units) * k, f"{k}x") for k in scales]
    if largest is not None:
        sizes.append((*largest, "largest"))
    for n, u, label in sizes:
        if fresh:
            found, peak = measure_turns(n, u, turns)
        else:
            found, peak = time_turns(n, u, turns, clock=clock), None
        out["synthetic"].append({"size": label, "places": found.places, "units": found.units,
                                 "cold_ms": found.cold, "warm_ms": found.warm,
                                 "warm_per_place_us": found.warm / found.places * 1000,
                                 "peak_mb": peak})
        step()
    return out


def format_bench(figures: dict[str, Any]) -> list[str]:
    """:func:`bench`'s figures as the lines ``wargame bench`` prints."""
    lines = []
    ways = figures["ways"]
    if not figures["compiled"]:
        lines.append("the compiled turn is not built, or draws otherwise than this numpy "
                     "(pip install -e . again): the reference only")
    lines.append(f"{figures['scenario']}, {figures['days']} days, AI against AI, ms per "
                 f"campaign (median of {figures['runs']}):")
    lines.append(f"  {'commanders':<12}" + "".join(f"{t:>11}" for t in ways)
                 + "".join(f"{t + ' x':>11}" for t in ways[1:]))
    for kind, by_way in figures["campaign_ms"].items():
        ms = [by_way[t] for t in ways]
        lines.append(f"  {kind:<12}" + "".join(f"{x:>11.1f}" for x in ms)
                     + "".join(f"{ms[0] / x:>10.2f}x" if x > 0 else f"{'-':>11}"
                               for x in ms[1:]))
    if len(ways) > 1:
        lines.append("  (reference: the readable rules; kernel: compiled, the whole story; "
                     "outcome: compiled, played for its outcome as a batch plays it)")
    alone = figures["turn_alone_ms"]
    if alone:
        ms = [alone[REFERENCE], alone[KERNEL]]
        lines.append(f"  {'turn alone':<12}" + "".join(f"{x:>11.3f}" for x in ms)
                     + f"{ms[0] / ms[1]:>10.2f}x" + "  (ms per turn, the same mornings and "
                     "orders)")
    lines.append(f"synthetic theatres, heuristic commanders, {figures['turns']} turns, ms per "
                 f"turn ({'compiled turn' if figures['compiled'] else 'reference'}):")
    lines.append(f"  {'size':<8}{'places':>8}{'units':>7}{'cold':>9}{'warm':>9}"
                 f"{'warm/place':>12}{'peak MB':>9}")
    for row in figures["synthetic"]:
        peak = row["peak_mb"]
        lines.append(f"  {row['size']:<8}{row['places']:>8,}{row['units']:>7,}"
                     f"{row['cold_ms']:>9.2f}{row['warm_ms']:>9.2f}"
                     f"{row['warm_per_place_us']:>9.2f} µs"
                     + (f"{peak:>9.0f}" if peak is not None else f"{'-':>9}"))
    return lines
