"""Which factors decide the outcome: sensitivity indices from a finished batch.

For a Sobol batch, SALib's first-order (S1) and total (ST) Sobol indices with their 95 %
confidence intervals; for a Morris batch, mu* (mean absolute elementary effect, with its
interval) and sigma; for a grid or Latin hypercube, a simple ranking by the absolute Spearman
rank correlation of each factor with the outcome. Replications are averaged per parameter
set first. An objective never met counts as met on the day after the campaign's end.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import stats

from engine.batch.design import MORRIS_LEVELS, problem
from engine.batch.run import BatchSpec, read_batch
from engine.errors import WargameError

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
    from engine.scenario.loader import load_scenario
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
    names = [f.name for f in spec.factors]
    prob = problem(spec.factors)
    if spec.design == "sobol":
        from SALib.analyze import sobol
        si = sobol.analyze(prob, y, calc_second_order=True, seed=spec.seed)
        rows = [{"factor": n, "ST": float(si["ST"][i]), "ST_conf": float(si["ST_conf"][i]),
                 "S1": float(si["S1"][i]), "S1_conf": float(si["S1_conf"][i])}
                for i, n in enumerate(names)]
        key = "ST"
    elif spec.design == "morris":
        from SALib.analyze import morris
        si = morris.analyze(prob, x, y, num_levels=MORRIS_LEVELS, seed=spec.seed)
        rows = [{"factor": n, "mu_star": float(si["mu_star"][i]),
                 "mu_star_conf": float(si["mu_star_conf"][i]), "sigma": float(si["sigma"][i])}
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


def _fmt(r: dict[str, Any], design: str) -> str:
    if design == "sobol":
        return (f"ST {r['ST']:.3f} ± {r['ST_conf']:.3f}, S1 {r['S1']:.3f} ± "
                f"{r['S1_conf']:.3f}")
    if design == "morris":
        return f"mu* {r['mu_star']:.3g} ± {r['mu_star_conf']:.3g}, sigma {r['sigma']:.3g}"
    return f"rho {r['rho']:+.3f} (p {r['p']:.2g})"


def markdown(report: dict[str, Any], top: int = 5) -> str:
    design = report["design"]
    lines = [f"# Sensitivity: {design} design, {report['runs']} runs, "
             f"{len(report['factors'])} factors", ""]
    if design in ("grid", "lhs"):
        lines += ["Ranked by |Spearman rank correlation| of each factor with the outcome "
                  "(a simple importance ranking, not a variance decomposition).", ""]
    for metric, m in report["metrics"].items():
        lines.append(f"## {metric}")
        if "constant" in m:
            lines += [f"No variation: {m['constant']:g} in every run.", ""]
            continue
        lines.append(f"Mean {m['mean']:.3g}. Decided by:")
        for i, r in enumerate(m["ranking"][:top], start=1):
            lines.append(f"{i}. `{r['factor']}`: {_fmt(r, design)}")
        lines.append("")
    return "\n".join(lines)


def tornado(report: dict[str, Any], metrics: Sequence[str], top: int = 8) -> bytes:
    """Horizontal bars of each metric's index per factor, largest on top, as PNG bytes."""
    import io

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    key, _ = INDEX[report["design"]]
    chosen = [m for m in metrics if "ranking" in report["metrics"].get(m, {})][:6] or \
        [m for m, v in report["metrics"].items() if "ranking" in v][:6]
    fig, axes = plt.subplots(len(chosen), 1, figsize=(8, 2.2 + 1.6 * len(chosen)),
                             squeeze=False)
    for ax, metric in zip(axes[:, 0], chosen, strict=True):
        ranking = report["metrics"][metric]["ranking"][:top][::-1]
        values = [r[key] for r in ranking]
        conf = [r.get(f"{key}_conf", 0.0) for r in ranking]
        ax.barh([r["factor"] for r in ranking], values, xerr=conf, color="#4c72b0",
                ecolor="#333333", capsize=3)
        ax.set_title(metric, fontsize=10)
        ax.set_xlabel(key)
        ax.tick_params(labelsize=8)
    fig.suptitle(f"Sensitivity ({report['design']}, {report['runs']} runs)", fontsize=12)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    return buffer.getvalue()
