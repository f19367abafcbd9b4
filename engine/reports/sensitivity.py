"""``wargame sensitivity`` as Markdown: for each outcome, the factors that decide it, what the
figures mean, and whether the batch had runs enough to say."""

from __future__ import annotations

from typing import Any

#: One sentence for each figure a design reports.
MEANING = {
    "sobol": ["ST (total index): the share of the outcome's variance that comes from the "
              "factor, its interactions with the others included.",
              "S1 (first-order index): the share that comes from the factor alone."],
    "morris": ["mu* (Morris): the mean absolute change in the outcome per step of the factor "
               "along the design's trajectories, its importance.",
               "sigma: the spread of those changes, large when the factor acts through "
               "interactions or bends."],
    "grid": ["rho (Spearman): the rank correlation of the factor with the outcome over the "
             "runs, a ranking rather than a share of variance."],
}
MEANING["lhs"] = MEANING["grid"]
COMMON = ["effect: the change in the outcome from the factor's low end to its high end, the "
          "others at their mean, by least squares over every parameter set (a linear "
          "reading of the design).",
          "decisive: the factor's evidence holds with all {k} factors tested at once "
          "(simultaneous 95 % intervals, Bonferroni; Holm-adjusted p for rho)."]


def _fmt(r: dict[str, Any], design: str) -> str:
    if design == "sobol":
        text = (f"ST {r['ST']:.3f} ± {r['ST_conf']:.3f}, S1 {r['S1']:.3f} ± "
                f"{r['S1_conf']:.3f}")
    elif design == "morris":
        text = f"mu* {r['mu_star']:.3g} ± {r['mu_star_conf']:.3g}, sigma {r['sigma']:.3g}"
    else:
        text = f"rho {r['rho']:+.3f} (p {r['p']:.2g}, Holm-adjusted {r['p_holm']:.2g})"
    return text + (" **decisive**" if r.get("decisive") else "")


def _effect(e: dict[str, Any]) -> str:
    return f"`{e['factor']}` {e['effect']:+,.3g} [{e['low']:+,.3g}, {e['high']:+,.3g}]"


def markdown(report: dict[str, Any], top: int = 5) -> str:
    design, k = report["design"], len(report["factors"])
    points = report.get("points", report["runs"])
    lines = [f"# Sensitivity: {design} design, {report['runs']:,} runs ({points:,} parameter "
             f"sets), {k} factors", "", "What the figures mean:", ""]
    lines += [f"- {sentence}" for sentence in MEANING[design]]
    lines += [f"- {sentence.format(k=k)}" for sentence in COMMON]
    lines.append("")
    for warning in report.get("warnings", []):
        lines += [f"> **Warning:** {warning}", ""]
    for metric, m in report["metrics"].items():
        lines.append(f"## {metric}")
        if "constant" in m:
            lines += [f"No variation: {m['constant']:g} in every run.", ""]
            continue
        decisive = sum(1 for r in m["ranking"] if r.get("decisive"))
        lines.append(f"Mean {m['mean']:,.3g}; {decisive} of {k} factors decisive. Ranked:")
        for i, r in enumerate(m["ranking"][:top], start=1):
            lines.append(f"{i}. `{r['factor']}`: {_fmt(r, design)}")
        lines.append("")
        if m.get("effects"):
            lines.append("Effect, low to high end (simultaneous 95 % interval): " +
                         "; ".join(_effect(e) for e in m["effects"][:top]))
        else:
            lines.append(f"Effects: none, {points:,} parameter sets for {k} factors (least "
                         f"squares needs more than {k + 1}).")
        lines.append("")
    return "\n".join(lines)
