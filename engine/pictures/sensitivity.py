"""The tornado chart of a sensitivity report: each outcome's signed effect per factor, with
its simultaneous interval (engine.batch.sensitivity.signed_effects)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

UP, DOWN = "#4c72b0", "#c44e52"


def tornado(report: dict[str, Any], metrics: Sequence[str], top: int = 8) -> bytes:
    """For each metric (at most six), horizontal bars of each factor's effect on it from the
    factor's low end to its high end, largest on top, negative to the left, with their
    intervals; as PNG bytes."""
    chosen = [m for m in metrics if report["metrics"].get(m, {}).get("effects")][:6] or \
        [m for m, v in report["metrics"].items() if v.get("effects")][:6]
    if not chosen:  # nothing to draw: say why rather than draw nothing
        varied = any("ranking" in v for v in report["metrics"].values())
        fig, ax = plt.subplots(figsize=(8, 2.5))
        ax.axis("off")
        ax.text(0.5, 0.5, f"too few parameter sets ({report.get('points', report['runs'])}) "
                f"for the effects\nof {len(report['factors'])} factors: run more"
                if varied else "no outcome varied across the batch:\nevery run came out the "
                "same", ha="center", va="center", fontsize=12)
        return _png(fig)
    fig, axes = plt.subplots(len(chosen), 1, figsize=(8, 2.4 + 1.7 * len(chosen)),
                             squeeze=False)
    for ax, metric in zip(axes[:, 0], chosen, strict=True):
        effects = report["metrics"][metric]["effects"][:top][::-1]
        values = [e["effect"] for e in effects]
        errors = [[e["effect"] - e["low"] if e["low"] is not None else 0.0 for e in effects],
                  [e["high"] - e["effect"] if e["high"] is not None else 0.0 for e in effects]]
        ax.barh([e["factor"] for e in effects], values, xerr=errors,
                color=[UP if v >= 0 else DOWN for v in values], ecolor="#333333", capsize=3)
        ax.axvline(0, color="#333333", linewidth=0.8)
        ax.set_title(metric, fontsize=10)
        ax.set_xlabel("change in the outcome, factor from its low to its high end")
        ax.tick_params(labelsize=8)
    fig.suptitle(f"Sensitivity: signed effects with simultaneous 95 % intervals\n"
                 f"({report['design']} design, {report['runs']:,} runs)", fontsize=11)
    fig.tight_layout()
    return _png(fig)


def _png(fig: plt.Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    return buffer.getvalue()
