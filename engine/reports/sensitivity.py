"""``wargame sensitivity`` as Markdown: for each outcome, the factors that decide it."""

from __future__ import annotations

from typing import Any


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
