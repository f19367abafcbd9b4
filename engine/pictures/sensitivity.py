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
