"""Which factors decide the outcome: sensitivity indices from a finished batch.

For a Sobol batch, SALib's first-order (S1) and total (ST) Sobol indices with their
confidence intervals; for a Morris batch, mu* (mean absolute elementary effect, with its
interval) and sigma; for a grid or Latin hypercube, a simple ranking by the absolute Spearman
rank correlation of each factor with the outcome. Replications are averaged per parameter
set first. An objective never met counts as met on the day after the campaign's end.

**Many factors, many tests.** A factor is called *decisive* for an outcome only when its
evidence holds for all the factors at once: the intervals are simultaneous 95 % intervals
(Bonferroni: each at 1 - 0.05/k for k factors), and the Spearman p-values are Holm-adjusted.
A Sobol factor is decisive when its total index's interval lies above zero, a Morris factor
when mu*'s does, a ranked one when its adjusted p is below 0.05.

**Signed effects**, whatever the design: the change in the outcome from a factor's low end to
its high end, the others held at their mean, by least squares on all the parameter sets
(a linear reading of the design, with simultaneous 95 % intervals): the tornado chart's bars.

**Enough runs?** Each design needs a number of runs per factor before its indices mean much
(:func:`adequacy`); a report on fewer says so.
"""

from __future__ import annotations

import math
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
#: The family-wise level of the intervals and tests that call a factor decisive.
ALPHA = 0.05
#: Base samples (Sobol), trajectories (Morris) or runs per factor (grid, Latin hypercube)
#: below which a design's indices are too noisy to rank factors by. Sobol: Saltelli's
#: estimators need hundreds of base samples for intervals narrower than the indices
#: (Saltelli et al., Global Sensitivity Analysis: The Primer, 2008, ch. 4); Morris: 10 to 20
#: trajectories (Campolongo, Cariboni and Saltelli 2007); a rank correlation per factor wants
#: about ten runs for each factor it is weighed against.
ENOUGH = {"sobol": 256, "morris": 10, "grid": 10, "lhs": 10}


def adequacy(design: str, runs: int, k: int) -> list[str]:
    """Warnings when ``runs`` runs are too few for ``k`` factors under ``design``."""
    have: float
    if design == "sobol":
        have, unit = runs // (2 * k + 2), "base samples (runs / (2k + 2))"
    elif design == "morris":
        have, unit = runs // (k + 1), "trajectories (runs / (k + 1))"
    else:
        have, unit = round(runs / max(k, 1), 2), "runs per factor"
    need = ENOUGH[design]
    if have >= need:
        return []
    return [f"too few runs for {k} factors: {have:g} {unit}, where a {design} design wants at "
            f"least {need}; the indices below are noisy, and few factors will show as "
            f"decisive (run the batch with --runs {_runs_for(design, need, k)} or vary fewer "
            "factors)"]


def _runs_for(design: str, need: int, k: int) -> int:
    """The ``--runs`` that gives ``need``: the base samples for Sobol and Morris, else runs;
    a grid makes whole levels per factor (engine.batch.design.size), so as many as a grid
    of enough levels has."""
    if design in ("sobol", "morris"):
        return need
    if design == "grid":
        levels = max(2, math.ceil((need * k) ** (1 / max(k, 1)) - 1e-9))
        return levels ** k
    return need * k


def holm(p: Sequence[float]) -> list[float]:
    """Holm's step-down adjustment of p-values (the family-wise error rate)."""
    order = sorted(range(len(p)), key=lambda i: p[i])
    out, running = [0.0] * len(p), 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(p) - rank) * p[i]))
        out[i] = running
    return out


def signed_effects(x01: np.ndarray, y: np.ndarray, names: Sequence[str]
                   ) -> list[dict[str, Any]] | None:
    """Each factor's change in ``y`` from its low to its high end (``x01``: the factors
    scaled to [0, 1]), by least squares with an intercept, with simultaneous 95 % intervals
    (Bonferroni over the factors), largest first; None where there are no more parameter
    sets than terms (the fit would be any of many)."""
    n, k = x01.shape
    dof = n - k - 1
    if dof <= 0:
        return None
    design = np.column_stack([np.ones(n), x01])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    resid = y - design @ coef
    cov = float(resid @ resid) / dof * np.linalg.pinv(design.T @ design)
    t = float(stats.t.ppf(1 - ALPHA / (2 * k), dof))
    out = []
    for i, name in enumerate(names):
        effect = float(coef[i + 1])
        half = t * float(np.sqrt(max(cov[i + 1, i + 1], 0.0)))
        out.append({"factor": name, "effect": effect, "low": effect - half,
                    "high": effect + half})
    return sorted(out, key=lambda r: (-abs(r["effect"]), r["factor"]))


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
                           "runs": len(rows), "points": len(points),
                           "warnings": adequacy(spec.design, len(points), len(spec.factors)),
                           "metrics": {}}
    lows = np.array([f.low for f in spec.factors])
    spans = np.array([f.high - f.low or 1.0 for f in spec.factors])
    x01 = (x - lows) / spans
    for metric in outcome_columns(rows, spec):
        y = np.zeros(len(points))
        for r in rows:
            v = r.get(metric)
            y[r["point"]] += (never if v is None else float(v)) / spec.reps
        if np.ptp(y) == 0:
            out["metrics"][metric] = {"constant": float(y[0])}
            continue
        out["metrics"][metric] = {"mean": float(y.mean()), "ranking": _rank(spec, x, y),
                                  "effects": signed_effects(x01, y, out["factors"])}
    return out


def _rank(spec: BatchSpec, x: np.ndarray, y: np.ndarray) -> list[dict[str, Any]]:
    """Each factor's index for one outcome, largest first. An index that cannot be computed
    (an outcome constant within every level of a factor) is reported as 0, not warned about."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", stats.ConstantInputWarning)
        # SALib warns of a factor that never changes the outcome; the report says so itself
        warnings.filterwarnings("ignore", message="Constant values encountered")
        return _indices(spec, x, y)


def _finite(v: Any) -> float:
    return float(np.nan_to_num(v, nan=0.0, posinf=0.0, neginf=0.0))


def _indices(spec: BatchSpec, x: np.ndarray, y: np.ndarray) -> list[dict[str, Any]]:
    names = [f.name for f in spec.factors]
    prob = problem(spec.factors)
    rows: list[dict[str, Any]]
    level = 1 - ALPHA / len(names)      # simultaneous over the factors (Bonferroni)
    if spec.design == "sobol":
        from SALib.analyze import sobol
        si = sobol.analyze(prob, y, calc_second_order=True, conf_level=level, seed=spec.seed)
        rows = [{"factor": n, "ST": _finite(si["ST"][i]), "ST_conf": _finite(si["ST_conf"][i]),
                 "S1": _finite(si["S1"][i]), "S1_conf": _finite(si["S1_conf"][i])}
                for i, n in enumerate(names)]
        for r in rows:
            r["decisive"] = r["ST"] - r["ST_conf"] > 0
        key = "ST"
    elif spec.design == "morris":
        from SALib.analyze import morris
        si = morris.analyze(prob, x, y, num_levels=MORRIS_LEVELS, conf_level=level,
                            seed=spec.seed)
        rows = [{"factor": n, "mu_star": _finite(si["mu_star"][i]),
                 "mu_star_conf": _finite(si["mu_star_conf"][i]), "sigma": _finite(si["sigma"][i])}
                for i, n in enumerate(names)]
        for r in rows:
            r["decisive"] = r["mu_star"] - r["mu_star_conf"] > 0
        key = "mu_star"
    else:
        rows = []
        for i, n in enumerate(names):
            rho, p = stats.spearmanr(x[:, i], y) if np.ptp(x[:, i]) else (0.0, 1.0)
            rows.append({"factor": n, "|rho|": abs(float(np.nan_to_num(rho))),
                         "rho": float(np.nan_to_num(rho)), "p": float(np.nan_to_num(p, nan=1.0))})
        for r, adjusted in zip(rows, holm([r["p"] for r in rows]), strict=True):
            r["p_holm"], r["decisive"] = adjusted, adjusted < ALPHA
        key = "|rho|"
    return sorted(rows, key=lambda r: (-r[key], r["factor"]))
