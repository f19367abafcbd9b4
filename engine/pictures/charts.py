"""Charts of a replay: capture dates recorded against adjudicated, and losses over time."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np

from engine.history.fidelity import capture_days, recorded_captures
from engine.history.replay import Replay
from engine.play.replayfile import ReplayFile
from engine.sim.game import Game


def _days(*dates: dt.date) -> list[float]:
    """Dates as matplotlib's day numbers, which its date axes read."""
    return [float(mdates.date2num(d)) for d in dates]


def _png(fig: plt.Figure) -> bytes:
    try:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=110)
        return buffer.getvalue()
    finally:
        plt.close(fig)


@dataclass(frozen=True)
class CaptureBand:
    """One recorded capture against the runs: the day it was recorded, the 10th and 90th
    percentile days among the runs that made it with the runs' median between (the
    fidelity report's median: None when at least half never made it), and how many runs
    never did."""

    label: str
    recorded: int
    band: tuple[float, float | None, float] | None
    never: int


def capture_bands(game: Game, rf: ReplayFile, runs: Sequence[Replay]) -> list[CaptureBand]:
    """The numbers behind the capture chart, kept apart so they can be checked."""
    out = []
    for c in recorded_captures(rf):
        made, median = capture_days(game, runs, c)
        band = None
        if made:
            lo, hi = (float(x) for x in np.percentile(made, [10, 90]))
            band = (lo, None if median is None else float(median), hi)
        out.append(CaptureBand(f"{c.place} ({c.side})", c.day, band, len(runs) - len(made)))
    return out


def capture_chart(game: Game, rf: ReplayFile, runs: Sequence[Replay]) -> bytes:
    """Each recorded capture: its date, and the adjudicated runs' median and 10-90 % band."""
    cal = game.scenario.calendar
    caps = capture_bands(game, rf, runs)
    fig, ax = plt.subplots(figsize=(10, 0.32 * len(caps) + 1.8))
    for i, c in enumerate(caps):
        y = len(caps) - 1 - i
        if c.band:
            lo, mid, hi = c.band
            ax.plot(_days(cal.date_of(int(lo)), cal.date_of(int(hi))), [y, y], color="#4c72b0",
                    lw=5, alpha=0.35, solid_capstyle="butt")
            if mid is not None:
                ax.plot(_days(cal.date_of(int(mid))), [y], "o", color="#4c72b0", ms=6)
        ax.plot(_days(cal.date_of(c.recorded)), [y], "D", color="black", ms=5)
        if c.never:
            ax.annotate(f"never in {c.never}/{len(runs)}",
                        (cal.date_of(cal.turns - 1), y), xytext=(4, 0), fontsize=7,
                        textcoords="offset points", va="center", color="#aa3333")
    ax.set_yticks(range(len(caps)))
    ax.set_yticklabels([c.label for c in reversed(caps)], fontsize=7)
    ax.set_xlim(*_days(cal.start - dt.timedelta(days=1), cal.end + dt.timedelta(days=8)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    ax.grid(axis="x", alpha=0.3)
    ax.plot([], [], "D", color="black", label="recorded")
    ax.plot([], [], "o-", color="#4c72b0", label=f"adjudicated median, 10-90 % band "
                                                  f"({len(runs)} runs)")
    ax.legend(loc="lower left", fontsize=8)
    ax.set_title(f"{rf.title}: capture dates, recorded and adjudicated")
    fig.tight_layout()
    return _png(fig)


def cumulative_losses(game: Game, replay: Replay) -> dict[str, list[int]]:
    """Killed so far, per side and civilians, at the end of each day of a replay."""
    out: dict[str, list[int]] = {s: [] for s in (*game.sides, "civilians")}
    for st in replay.states[1:]:
        losses = st.side_losses(game)
        for s in game.sides:
            out[s].append(losses[s]["killed"])
        out["civilians"].append(sum(st.civilians_killed))
    return out


def losses_chart(game: Game, recorded: Replay, runs: Sequence[Replay]) -> bytes:
    """Killed per side and civilians day by day: the engine's losses with the record's
    outcomes forced (``recorded``, the recorded replay: the record fixes who took what, the
    engine still draws the dead), the adjudicated runs' band, and the record's own figure,
    a total for the whole campaign (a lower bound where the source says "N+"), drawn at its
    end as what it is."""
    return _png(losses_figure(game, recorded, runs))


def losses_figure(game: Game, recorded: Replay, runs: Sequence[Replay]) -> plt.Figure:
    """:func:`losses_chart`'s figure."""
    cal = game.scenario.calendar
    days = [cal.date_of(d) for d in range(len(recorded.turns))]
    rec = cumulative_losses(game, recorded)
    sims = [cumulative_losses(game, r) for r in runs]
    record = game.scenario.record.killed
    fig, axes = plt.subplots(1, len(rec), figsize=(4.2 * len(rec), 3.8), sharex=True)
    for ax, who in zip(axes, rec, strict=True):
        ax.plot(days, rec[who], color="black", lw=1.8,
                label="engine, with the record's outcomes forced")
        if sims:
            arr = np.array([s[who] for s in sims])
            lo, mid, hi = np.percentile(arr, [10, 50, 90], axis=0)
            ax.fill_between(days, lo, hi, color="#4c72b0", alpha=0.25, label="adjudicated 10-90 %")
            ax.plot(days, mid, color="#4c72b0", lw=1.2, ls="--", label="adjudicated median")
        if who in record:
            fact = record[who]
            shown = f"{fact.value:,.0f}" + (" or more" if fact.at_least else "")
            if fact.uncertain:
                shown = f"{fact.low:,.0f}-{fact.high:,.0f}"
            ax.errorbar([days[-1]], [fact.value], yerr=[[fact.value - fact.low],
                                                         [fact.high - fact.value]],
                        fmt="^" if fact.at_least else "D", color="#aa3333", ms=7, capsize=3,
                        label=f"record, whole campaign: {shown}")
        ax.set_title(f"killed: {who}")
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
        ax.tick_params(axis="x", labelrotation=45, labelsize=8)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    return fig
