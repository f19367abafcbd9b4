"""The map of one day of a campaign, and the campaign as an animation.

The theatre map (:mod:`engine.mapdraw`) with the day's holders, and on it the units as NATO
symbols in their side's colour (infantry a cross, armour an oval, special forces "SF",
militia "M", artillery a dot, air a bow tie) with their strength, a unit on the road drawn
where it has got to, and the day's engagements (a red star) and bombardments (an orange
burst). The title gives the date.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import multiprocessing as mp
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from types import MappingProxyType

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.offsetbox import AnnotationBbox, DrawingArea
from matplotlib.patches import Ellipse, Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from PIL import Image

from engine.pictures.mapdraw import compose_map, crowding, map_points
from engine.play.campaign import History
from engine.scenario.model import Holding, Scenario
from engine.scenario.rules import AIR
from engine.sim.chance import Outcome
from engine.sim.game import Game
from engine.sim.state import NOWHERE, State
from engine.util.progress import Tick

SYMBOL_W, SYMBOL_H = 20, 13   # points


def day_scenario(game: Game, state: State) -> Scenario:
    """The scenario with its places held as they are in ``state``."""
    s = game.scenario
    places = {pid: replace(s.places[pid], holder=Holding(game.sides[state.holder[i]],
                                                         state.contested[i]))
              for i, pid in enumerate(game.places)}
    return replace(s, places=MappingProxyType(places))


def symbol(unit_type: str, colour: str) -> DrawingArea:
    """A NATO-style unit symbol in points: a frame with the mark of its arm."""
    w, h = SYMBOL_W, SYMBOL_H
    box = DrawingArea(w, h, 0, 0)
    box.add_artist(Rectangle((0, 0), w, h, fc=colour, ec="black", lw=0.8))
    if unit_type == "infantry":
        box.add_artist(Line2D([0, w], [0, h], color="black", lw=0.8))
        box.add_artist(Line2D([0, w], [h, 0], color="black", lw=0.8))
    elif unit_type == "armour":
        box.add_artist(Ellipse((w / 2, h / 2), w * 0.7, h * 0.55, fc="none", ec="black", lw=0.8))
    elif unit_type == "artillery":
        box.add_artist(Ellipse((w / 2, h / 2), 4, 4, fc="black", ec="black"))
    elif unit_type == AIR:
        box.add_artist(Line2D([w * 0.2, w * 0.8, w * 0.8, w * 0.2, w * 0.2],
                              [h * 0.3, h * 0.7, h * 0.3, h * 0.7, h * 0.3], color="black",
                              lw=0.8))
    else:
        mark = {"special_forces": "SF", "militia": "M"}.get(unit_type, "?")
        box.add_artist(Text(w / 2, h / 2 - 0.5, mark, ha="center", va="center", fontsize=6.5,
                            fontweight="bold"))
    return box


def _unit_points(game: Game, state: State, points: dict[str, tuple[float, float]]
                 ) -> dict[int, tuple[float, float]]:
    out = {}
    for u in range(len(game.units)):
        p = state.place[u]
        if p == NOWHERE or state.strength[u] <= 0:
            continue
        x, y = points[game.places[p]]
        if state.next[u] != NOWHERE:
            share = state.road_share(game, u)
            x2, y2 = points[game.places[state.next[u]]]
            x, y = x + (x2 - x) * share, y + (y2 - y) * share
        out[u] = (x, y)
    return out


ROW_H = SYMBOL_H + 3          # points: one counter of a stack
LABEL_SIZE = 6.0              # points


def stack_spots(w: float, h: float) -> list[tuple[float, float]]:
    """Where a stack of counters ``w`` x ``h`` points may go, as its lower-left corner's
    offset from its place: beside, above or below, near first, then farther out."""
    spots = []
    for gap in (8.0, 20.0, 35.0, 60.0):
        spots += [(gap, -h / 2), (gap, 4.0), (gap, -4.0 - h),
                  (-gap - w, -h / 2), (-gap - w, 4.0), (-gap - w, -4.0 - h),
                  (-w / 2, gap), (-w / 2, -gap - h),
                  (gap, gap), (gap, -gap - h), (-gap - w, gap), (-gap - w, -gap - h)]
    return spots


def _nearest_edge(dx: float, dy: float, w: float, h: float) -> tuple[float, float]:
    """The point of a stack (lower-left at ``dx, dy`` from its place) nearest the place:
    where its leader line ends."""
    return min(max(0.0, dx), dx + w), min(max(0.0, dy), dy + h)


def _leader_hits(start: tuple[float, float], end: tuple[float, float],
                 markers: Sequence[Bbox]) -> int:
    """How many other places' markers a leader line from ``start`` to ``end`` runs over."""
    steps = max(2, int(math.hypot(end[0] - start[0], end[1] - start[1]) / 3))
    along = [(start[0] + (end[0] - start[0]) * t / steps,
              start[1] + (end[1] - start[1]) * t / steps) for t in range(1, steps + 1)]
    return sum(1 for m in markers
               if not m.contains(*start)  # its own place
               and any(m.contains(x, y) for x, y in along))


def place_stacks(anchors: Sequence[tuple[float, float]], sizes: Sequence[tuple[float, float]],
                 taken: list[Bbox], frame: Bbox, scale: float,
                 markers: Sequence[Bbox] = ()) -> list[tuple[float, float]]:
    """Greedy: each stack (in the order given) at its least crowded spot around its anchor.

    Anchors, obstacles, markers and frame are display pixels, sizes and the offsets returned
    points; ``scale`` is pixels per point. Every stack placed becomes an obstacle for the
    next. A leader line that runs over another place's marker would point at the wrong
    place, so it costs as much as a stack's worth of overlap.
    """
    out = []
    for (ax_, ay), (w, h) in zip(anchors, sizes, strict=True):
        best = None
        for dx, dy in stack_spots(w, h):
            box = Bbox.from_bounds(ax_ + dx * scale, ay + dy * scale, w * scale, h * scale)
            ex, ey = _nearest_edge(dx, dy, w, h)
            cost = crowding(box, taken, frame) + box.width * box.height * _leader_hits(
                (ax_, ay), (ax_ + ex * scale, ay + ey * scale), markers)
            if best is None or cost < best[0]:
                best = (cost, (dx, dy), box)
            if cost == 0:
                break
        assert best is not None
        taken.append(best[2])
        out.append(best[1])
    return out


def _draw_units(ax: Axes, game: Game, state: State, units: dict[int, tuple[float, float]],
                colours: list[str], taken: list[Bbox], markers: Sequence[Bbox]) -> None:
    """The units as stacks of counters, one stack per spot, each a symbol with its name and
    strength beside it, placed clear of the labels and of each other."""
    stacks: dict[tuple[float, float], list[int]] = {}
    for u, xy in sorted(units.items()):
        stacks.setdefault(xy, []).append(u)
    order = sorted(stacks, key=lambda xy: (-len(stacks[xy]), xy))
    labels = {u: f"{game.units[u]} {state.strength[u]:,}" for u in units}
    sizes = [(SYMBOL_W + 3 + 0.6 * LABEL_SIZE * max(len(labels[u]) for u in stacks[xy]),
              ROW_H * len(stacks[xy])) for xy in order]
    anchors = [tuple(ax.transData.transform(xy)) for xy in order]
    scale = ax.figure.dpi / 72
    offsets = place_stacks(anchors, sizes, taken, ax.get_window_extent(), scale, markers)
    line = {"arrowstyle": "-", "lw": 0.5, "color": "#333333", "shrinkA": 0, "shrinkB": 0}
    for xy, (dx, dy), (w, h) in zip(order, offsets, sizes, strict=True):
        ax.annotate("", xy, xytext=_nearest_edge(dx, dy, w, h), textcoords="offset points",
                    arrowprops=line, zorder=8)
        for i, u in enumerate(stacks[xy]):
            cy = dy + h - ROW_H * i - ROW_H / 2
            ax.add_artist(AnnotationBbox(symbol(game.unit_type[u], colours[game.unit_side[u]]),
                                         xy, xybox=(dx + SYMBOL_W / 2, cy),
                                         boxcoords="offset points", frameon=False, zorder=9))
            ax.annotate(labels[u], xy, xytext=(dx + SYMBOL_W + 3, cy),
                        textcoords="offset points", ha="left", va="center",
                        fontsize=LABEL_SIZE, zorder=9,
                        bbox={"boxstyle": "square,pad=0.05", "fc": "white", "ec": "none",
                              "alpha": 0.8})


def compose_day(game: Game, state: State, outcomes: Sequence[Outcome], date: dt.date,
                title: str | None = None) -> plt.Figure:
    """The figure of one day (the caller closes it)."""
    sc = day_scenario(game, state)
    fig, labels = compose_map(sc, when=date)
    if title:
        fig.suptitle(f"{title}\n{date}", fontsize=13)
    points = map_points(sc)
    at = _unit_points(game, state, points)
    colours = [sc.sides[s].colour for s in game.sides]
    panels = {a.get_title(): a for a in fig.axes if a.get_title() in ("whole theatre",
                                                                      "detail")}
    detail = panels.get("detail")
    inner = (*detail.get_xlim(), *detail.get_ylim()) if detail else None
    for name, ax in panels.items():
        x0, x1 = ax.get_xlim()
        y0, y1 = ax.get_ylim()
        here = {u: (x, y) for u, (x, y) in at.items() if x0 <= x <= x1 and y0 <= y <= y1
                and not (name == "whole theatre" and inner and inner[0] <= x <= inner[1]
                         and inner[2] <= y <= inner[3])}  # those are drawn in the detail
        markers = []
        for x, y in points.values():
            px, py = ax.transData.transform((x, y))
            markers.append(Bbox.from_extents(px - 7, py - 7, px + 7, py + 7))
        _draw_units(ax, game, state, here, colours, [*labels, *markers], markers)
        for o in outcomes:
            x, y = points[o.place]
            if not (x0 <= x <= x1 and y0 <= y <= y1):
                continue
            if o.kind == "engagement":
                ax.plot(x, y, marker="*", ms=17, mfc="#e31a1c", mec="black", mew=0.6, zorder=7)
            else:
                ax.plot(x, y, marker=(8, 2, 0), ms=16, mec="#ff7f00", mew=2, zorder=7)
    handles = [Line2D([], [], marker="*", ls="", mfc="#e31a1c", mec="black", ms=12,
                      label="engagement today"),
               Line2D([], [], marker=(8, 2, 0), ls="", mec="#ff7f00", mew=2, ms=12,
                      label="bombardment today")]
    fig.legend(handles=handles, loc="upper right", fontsize=8, frameon=False)
    return fig


def render_day(game: Game, state: State, outcomes: Sequence[Outcome], date: dt.date,
               fmt: str = "png", title: str | None = None, dpi: int = 100) -> bytes:
    """The day's map as PNG or SVG bytes (``fmt`` is matplotlib's format name)."""
    fig = compose_day(game, state, outcomes, date, title)
    try:
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, dpi=dpi)
        return buffer.getvalue()
    finally:
        plt.close(fig)


def _frame(game: Game, state: State, today: Sequence[Outcome], date: dt.date,
           title: str | None) -> tuple[tuple[int, int], bytes]:
    """One frame as raw RGB, drawn straight from the canvas (no PNG to encode and decode)."""
    fig = compose_day(game, state, today, date, title)
    try:
        fig.set_dpi(66)
        fig.canvas.draw()
        rgb = np.asarray(fig.canvas.buffer_rgba())[:, :, :3]  # type: ignore[attr-defined]
        return (rgb.shape[1], rgb.shape[0]), rgb.tobytes()
    finally:
        plt.close(fig)


_JOBS: list = []


def _take_jobs(jobs: list) -> None:
    _JOBS[:] = jobs


def _frame_of_job(i: int) -> tuple[tuple[int, int], bytes]:
    return _frame(*_JOBS[i])


def render_animation(game: Game, history: History, title: str | None = None,
                     seconds_per_day: float = 0.6, workers: int = 1,
                     progress: Tick | None = None) -> bytes:
    """A GIF of the campaign, one frame per day played (the state at the end of that day).

    Frames are drawn by ``workers`` forked processes when more than one is asked for and
    the platform can fork; each frame depends only on its own day, so the GIF is the same
    either way."""
    cal = game.scenario.calendar
    jobs = [(game, turn.state, turn.outcomes, cal.date_of(turn.state.day - 1), title)
            for turn in history.turns]
    if workers > 1 and len(jobs) > 1 and "fork" in mp.get_all_start_methods():
        # forked workers inherit the jobs (a game does not pickle); they send back pixels
        with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork"),
                                 initializer=_take_jobs, initargs=(jobs,)) as pool:
            drawn = []
            for frame in pool.map(_frame_of_job, range(len(jobs)),
                                  chunksize=max(1, len(jobs) // (4 * workers))):
                drawn.append(frame)
                if progress:
                    progress(len(drawn), len(jobs))
    else:
        drawn = []
        for job in jobs:
            drawn.append(_frame(*job))
            if progress:
                progress(len(drawn), len(jobs))
    frames = []
    for size, rgb in drawn:
        image = Image.frombytes("RGB", size, rgb)
        image.thumbnail((1100, 1100))
        frames.append(image.convert("P", palette=Image.Palette.ADAPTIVE, colors=128))
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:],
                   duration=int(seconds_per_day * 1000), loop=0, optimize=True)
    return buffer.getvalue()
