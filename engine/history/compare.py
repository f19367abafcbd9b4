"""Two scenarios played with common random numbers, and what the difference comes to.

Run ``i`` of each scenario uses the same seed, so a chance stream that both scenarios reach
(the same day, place and kind) draws the same numbers in both: the runs are paired, and the
difference of a pair is caused by the scenarios' differences far more than by chance. Each
outcome is reported as the mean of B - A over the pairs with a 95 % confidence interval
(Student's t over the paired differences).

Outcomes per run: whether each objective was ever met and the day it was first met, whether
it is met at the end, killed per side, civilians killed, people displaced and each side's
points at the end. Each is compared as what it is:

- **a share** (met at all, met at the end): the difference of the two paired proportions
  with Newcombe's hybrid score interval for paired data (method 10 of Newcombe, "Improving
  the confidence intervals for the difference between binomial proportions based on paired
  data", *Statistics in Medicine* 17, 1998), which never leaves [-1, 1];
- **the day first met**: censored where the objective was never met, so not averaged with a
  made-up day: the mean paired difference over the runs where it was met in both scenarios
  (how many is reported), beside the share met above;
- **a count or a measure**: the mean paired difference with Student's t interval.

An outcome equal in both scenarios in every run is marked ``unchanged``: the change never came
into play there (its interval, if any, is sampling's, not an effect).

**Under two commanders.** An effect found with one commander may be the commander's, not the
scenario's: a what-if that helps a side following the historical plan may hurt one that
fights by doctrine alone. So AI-against-AI comparisons are played under the historical and
the heuristic commander (:mod:`engine.play.commanders`), with the same seeds, and an outcome
is marked **not robust** when its effect's sign differs between them. The sign is three-way:
``+`` or ``-`` when the 95 % interval lies wholly above or below zero, none when it holds zero
(with a single run, no interval: the mean's sign). So an effect clearly signed under one
commander and indistinguishable from zero under the other is not robust too: the conclusion
"B raises this" would hold for one commander only. Without a plan in both scenarios only the
heuristic commander plays (the result says so); with commanders chosen by the caller (``--ai``)
only those play; a replay (:data:`REPLAY`) has the record's orders and no commander to vary.
Each row's own figures are the first commander's (the historical where there is a plan);
``by_commander`` holds every commander's.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from scipy import stats

from engine.errors import WargameError
from engine.history.replay import ADJUDICATED, play_replay
from engine.play.campaign import play_campaign
from engine.play.commanders import HEURISTIC, HISTORICAL, parse_ai, players
from engine.play.metrics import run_metrics
from engine.play.replayfile import default_replay, load_replay_file
from engine.sim.game import Game
from engine.sim.state import State
from engine.util.progress import Tick

AI, REPLAY = "ai", "replay"


def outcomes(game: Game, states: Sequence[State]) -> dict[str, float | None]:
    """The numeric outcome measures of one run (the batch's columns, with ``met.O`` for
    whether objective O was ever met); the day an objective was first met is None where it
    never was."""
    out: dict[str, float | None] = {}
    for k, v in run_metrics(game, states).items():
        if k.startswith("holder."):
            continue
        if k.startswith("day_met."):
            out[f"met.{k[len('day_met.'):]}"] = float(v is not None)
        out[k] = None if v is None else float(v)
    return out


def runner(game: Game, mode: str, kinds: Sequence[str] | None = None
           ) -> Callable[[int], list[State]]:
    """A function from a seed to the states of one run of ``game``: AI against AI with
    ``kinds`` (a commander kind per side; default: :func:`parse_ai`'s), fresh players each
    run since players keep memory; or the historical replay's orders, adjudicated."""
    if mode == AI:
        chosen = list(kinds) if kinds is not None else parse_ai(game, None)
        return lambda seed: play_campaign(game, seed, players(game, chosen, seed)).states
    rf = load_replay_file(default_replay(game.scenario), game.scenario)
    return lambda seed: play_replay(game, rf, ADJUDICATED, seed).states


def kind_of(name: str) -> str:
    """How an outcome is compared: ``share``, ``day`` (censored) or ``measure``."""
    if name.startswith(("met.", "met_at_end.")):
        return SHARE
    return DAY if name.startswith("day_met.") else MEASURE


SHARE, DAY, MEASURE = "share", "day", "measure"
Z95 = float(stats.norm.ppf(0.975))


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval for a proportion."""
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (0.0 if successes == 0 else max(0.0, centre - half),
            1.0 if successes == n else min(1.0, centre + half))


def paired_share_interval(xa: np.ndarray, xb: np.ndarray, z: float = Z95
                          ) -> tuple[float, float]:
    """Newcombe's interval (method 10) for the difference of paired proportions, B - A:
    Wilson's interval of each margin, combined with the correlation of the pairs."""
    n = len(xa)
    both, b_only = int(np.sum((xb == 1) & (xa == 1))), int(np.sum((xb == 1) & (xa == 0)))
    a_only, neither = int(np.sum((xb == 0) & (xa == 1))), int(np.sum((xb == 0) & (xa == 0)))
    p1, p2 = (both + b_only) / n, (both + a_only) / n
    l1, u1 = wilson(both + b_only, n, z)
    l2, u2 = wilson(both + a_only, n, z)
    margins = (both + b_only) * (a_only + neither) * (both + a_only) * (b_only + neither)
    phi = (both * neither - b_only * a_only) / math.sqrt(margins) if margins else 0.0
    d = p1 - p2
    low = d - math.sqrt(max(0.0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2)
                            + (u2 - p2) ** 2))
    high = d + math.sqrt(max(0.0, (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2)
                             + (p2 - l2) ** 2))
    return max(-1.0, low), min(1.0, high)


def effects(rows_a: Sequence[Mapping[str, float | None]],
            rows_b: Sequence[Mapping[str, float | None]]) -> list[dict[str, Any]]:
    """Each outcome's means, the mean paired difference B - A and its 95 % interval (none
    from a single pair), how it was compared (``kind``), over how many pairs (``pairs``:
    for a day, those where it was met in both) and whether it was the same in every run
    (``unchanged``)."""
    table = []
    for n in [n for n in rows_a[0] if n in rows_b[0]]:
        kind = kind_of(n)
        pairs = [(ra[n], rb[n]) for ra, rb in zip(rows_a, rows_b, strict=True)
                 if ra[n] is not None and rb[n] is not None]
        unchanged = all(ra[n] == rb[n] for ra, rb in zip(rows_a, rows_b, strict=True))
        if not pairs:
            table.append({"outcome": n, "kind": kind, "pairs": 0, "a": None, "b": None,
                          "difference": None, "ci95": None, "significant": False,
                          "unchanged": unchanged})
            continue
        xa = np.array([a for a, _ in pairs], dtype=float)
        xb = np.array([b for _, b in pairs], dtype=float)
        d = xb - xa
        mean = float(d.mean())
        ci: list[float] | None
        if len(pairs) < 2:  # one pair gives no interval
            ci = None
        elif kind == SHARE:
            ci = list(paired_share_interval(xa, xb))
        else:
            half = float(stats.t.ppf(0.975, len(pairs) - 1) * d.std(ddof=1)
                         / math.sqrt(len(pairs)))
            ci = [mean - half, mean + half]
        table.append({"outcome": n, "kind": kind, "pairs": len(pairs), "a": float(xa.mean()),
                      "b": float(xb.mean()), "difference": mean, "ci95": ci,
                      "significant": ci is not None and not (ci[0] <= 0 <= ci[1]),
                      "unchanged": unchanged})
    return table


def sign(effect: Mapping[str, Any]) -> int:
    """+1 or -1 when the effect's 95 % interval lies wholly above or below zero, 0 when it
    holds zero; with no interval (one run), the sign of the mean difference."""
    ci = effect["ci95"]
    if ci is None:
        if effect.get("kind") == DAY and effect.get("pairs", 0) < 2:
            return 0        # a day met in both in one run at most: no direction to speak of
        d = effect["difference"] or 0.0
        return (d > 0) - (d < 0)
    return 1 if ci[0] > 0 else -1 if ci[1] < 0 else 0


def robustness(tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> list[dict[str, Any]]:
    """One row per outcome from each commander's table (by label, the first leading): the
    first commander's figures, every commander's under ``by_commander``, and ``robust``:
    whether the effect's :func:`sign` is the same under every commander (None with one)."""
    labels = list(tables)
    by_name = {label: {r["outcome"]: r for r in rows} for label, rows in tables.items()}
    out = []
    for first in tables[labels[0]]:
        name = first["outcome"]
        if not all(name in by_name[label] for label in labels):
            continue
        each = {label: {k: v for k, v in by_name[label][name].items() if k != "outcome"}
                for label in labels}
        out.append({**first, "by_commander": each,
                    "robust": len({sign(e) for e in each.values()}) == 1
                    if len(labels) > 1 else None})
    return out


def label(game: Game, kinds: Sequence[str]) -> str:
    """A commander choice as text: the kind when every side has it, else SIDE=KIND each."""
    if len(set(kinds)) == 1:
        return kinds[0]
    return ", ".join(f"{s}={k}" for s, k in zip(game.sides, kinds, strict=True))


def choices(a: Game, b: Game, ai: Sequence[str] | None) -> tuple[list[list[str]], str | None]:
    """The commander kinds (per side) to compare under, and a note when fewer than the two
    usual ones: ``--ai`` as given, else the historical and the heuristic commander, or the
    heuristic alone when a scenario has no plan to follow."""
    if ai:
        kinds, other = parse_ai(a, ai), parse_ai(b, ai)
        if kinds != other:
            raise WargameError(f"--ai {' '.join(ai)}: A would play {label(a, kinds)} and B "
                               f"{label(b, other)} (their defaults differ: one has a plan); "
                               "name the commander of every side")
        return [kinds], None
    n = len(a.sides)
    missing = list(dict.fromkeys(g.scenario.path for g in (a, b) if not g.scenario.plan))
    if missing:
        return [[HEURISTIC] * n], (f"only the heuristic commander: {' and '.join(missing)} "
                                   f"{'has' if len(missing) == 1 else 'have'} no plan for "
                                   "a historical one")
    return [[HISTORICAL] * n, [HEURISTIC] * n], None


def compare(a: Game, b: Game, runs: int, seed: int, mode: str = AI,
            ai: Sequence[str] | None = None, progress: Tick | None = None) -> dict[str, Any]:
    """B against A over ``runs`` paired runs from ``seed``; ``ai``: the ``--ai`` values
    (see the module's docstring for which commanders play without them); ``progress`` is
    told of each pair played."""
    if a.places != b.places or a.sides != b.sides:
        raise WargameError(f"{b.scenario.path}: compare needs two scenarios of the same theatre "
                           "and sides (an alternate of the same battle)")
    seeds = range(seed, seed + runs)
    out: dict[str, Any] = {"a": a.scenario.path, "b": b.scenario.path, "runs": runs,
                           "seeds": [seed, seed + runs - 1], "mode": mode}
    kinds, note = choices(a, b, ai) if mode == AI else ([None], None)
    total, done = runs * len(kinds), 0
    tables = {}
    for chosen in kinds:
        run_a, run_b = runner(a, mode, chosen), runner(b, mode, chosen)
        rows_a, rows_b = [], []
        for s in seeds:
            rows_a.append(outcomes(a, run_a(s)))
            rows_b.append(outcomes(b, run_b(s)))
            done += 1
            if progress:
                progress(done, total)
        tables[label(a, chosen) if chosen else mode] = effects(rows_a, rows_b)
    if mode != AI:
        out["outcomes"] = tables[mode]
        return out
    out["commanders"] = list(tables)
    if note:
        out["note"] = note
    out["outcomes"] = robustness(tables)
    return out
