"""Which factors decide the outcome: sensitivity indices from a finished batch.

For a Sobol batch, SALib's first-order (S1) and total (ST) Sobol indices with their 95 %
confidence intervals; for a Morris batch, mu* (mean absolute elementary effect, with its
interval) and sigma; for a grid or Latin hypercube, a simple ranking by the absolute Spearman
rank correlation of each factor with the outcome. Replications are averaged per parameter
set first. An objective never met counts as met on the day after the campaign's end.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import stats

from engine.batch.design import MORRIS_LEVELS, problem
from engine.batch.spec import BatchSpec
from engine.batch.store import read_batch
from engine.errors import WargameError
from engine.scenario.loader import load_scenario

#: What each design's index is called, and its spread.
INDEX = {"sobol": ("ST", "S1"), "morris": ("mu_star", "sigma"), "grid": ("|rho|", "p"),
         "lhs": ("|rho|", "p")}


def outcome_columns(rows: Sequence[dict[str, Any]], spec: BatchSpec) -> list[str]:
    skip = {"run_id", "point", "rep", "seed", *(f.name for f in spec.factors)}
    return sorted(k for k in rows[0] if k not in skip and not k.startswith("holder."))


def analyze(folder: str) -> dict[str, Any]:
    spec, rows = read_batch(folder)
    points = spec.points()
    expected = len(points) * spec.reps
    if len(rows) != expected:
        raise WargameError(f"{folder}: the batch has {len(rows)} of {expected} runs; run the "
                           "same batch command again to finish it")
    never = load_scenario(spec.scenario).calendar.turns
    x = np.array(points)
    out: dict[str, Any] = {"design": spec.design, "factors": [f.name for f in spec.factors],
                           "runs": len(rows), "metrics": {}}
    for metric in outcome_columns(rows, spec):
        y = np.zeros(len(points))
        for r in rows:
            v = r.get(metric)
            y[r["point"]] += (never if v is None else float(v)) / spec.reps
        if np.ptp(y) == 0:
            out["metrics"][metric] = {"constant": float(y[0])}
            continue
        out["metrics"][metric] = {"mean": float(y.mean()), "ranking": _rank(spec, x, y)}
    return out


def _rank(spec: BatchSpec, x: np.ndarray, y: np.ndarray) -> list[dict[str, Any]]:
    """Each factor's index for one outcome, largest first. An index that cannot be computed
    (an outcome constant within every level of a factor) is reported as 0, not warned about."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", stats.ConstantInputWarning)
        return _indices(spec, x, y)


def _finite(v: Any) -> float:
    return float(np.nan_to_num(v, nan=0.0, posinf=0.0, neginf=0.0))


def _indices(spec: BatchSpec, x: np.ndarray, y: np.ndarray) -> list[dict[str, Any]]:
    names = [f.name for f in spec.factors]
    prob = problem(spec.factors)
    if spec.design == "sobol":
        from SALib.analyze import sobol
        si = sobol.analyze(prob, y, calc_second_order=True, seed=spec.seed)
        rows = [{"factor": n, "ST": _finite(si["ST"][i]), "ST_conf": _finite(si["ST_conf"][i]),
                 "S1": _finite(si["S1"][i]), "S1_conf": _finite(si["S1_conf"][i])}
                for i, n in enumerate(names)]
        key = "ST"
    elif spec.design == "morris":
        from SALib.analyze import morris
        si = morris.analyze(prob, x, y, num_levels=MORRIS_LEVELS, seed=spec.seed)
        rows = [{"factor": n, "mu_star": _finite(si["mu_star"][i]),
                 "mu_star_conf": _finite(si["mu_star_conf"][i]), "sigma": _finite(si["sigma"][i])}
                for i, n in enumerate(names)]
        key = "mu_star"
    else:
        rows = []
        for i, n in enumerate(names):
            rho, p = stats.spearmanr(x[:, i], y) if np.ptp(x[:, i]) else (0.0, 1.0)
            rows.append({"factor": n, "|rho|": abs(float(np.nan_to_num(rho))),
                         "rho": float(np.nan_to_num(rho)), "p": float(np.nan_to_num(p, nan=1.0))})
        key = "|rho|"
    return sorted(rows, key=lambda r: (-r[key], r["factor"]))
