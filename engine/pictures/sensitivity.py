"""The tornado chart of a sensitivity report: each outcome's index per factor."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from engine.batch.sensitivity import INDEX


def tornado(report: dict[str, Any], metrics: Sequence[str], top: int = 8) -> bytes:
    """Horizontal bars of each metric's index per factor, largest on top, as PNG bytes."""
    key, _ = INDEX[report["design"]]
    chosen = [m for m in metrics if "ranking" in report["metrics"].get(m, {})][:6] or \
        [m for m, v in report["metrics"].items() if "ranking" in v][:6]
    if not chosen:  # no outcome moved over the whole design: say so rather than draw nothing
        fig, ax = plt.subplots(figsize=(8, 2.5))
        ax.axis("off")
        ax.text(0.5, 0.5, "no outcome varied across the batch:\nevery run came out the same",
                ha="center", va="center", fontsize=12)
        return _png(fig)
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
    return _png(fig)


def _png(fig: plt.Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    return buffer.getvalue()
