"""``wargame show --map``: the theatre drawn at its coordinates with matplotlib.

Places are coloured by who holds them at the start, roads drawn by class, the named routes
underlaid in colour. Theatres often have a dense core (a city and its suburbs) inside a wide
hinterland, so when places crowd together the map adds a second panel that zooms on the
densest part. Labels are placed greedily so they do not cover each other or the markers.
Estimated positions are drawn hollow, so nobody mistakes a guess for a survey.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox

from engine.errors import Problem, ScenarioError
from engine.scenario.model import Place, Scenario
from engine.util.atomic import write_atomic

ROAD_STYLE = {"highway": (2.6, "-"), "main_road": (1.8, "-"), "local_road": (1.0, "-"),
              "track": (0.9, (0, (3, 2)))}
MARKER = {"city": ("o", 11), "town": ("o", 8), "village": ("o", 5.5), "district": ("h", 8),
          "base": ("s", 7), "airbase": ("^", 8.5), "factory_area": ("D", 6.5), "hill": ("^", 6),
          "prison": ("s", 6.5), "junction": ("X", 6)}
ROUTE_COLOURS = ("#f5b041", "#5dade2", "#af7ac5", "#48c9b0", "#ec7063", "#a9cce3")
FORMATS = ("png", "svg", "pdf")
CONTESTED = "#f1c40f"  # the ring drawn around a contested place
#: A detail panel is drawn when this share of places lies within the densest tenth of the map.
CROWDED = 0.3


def _xy(place: Place, lat0: float) -> tuple[float, float]:
    """Equirectangular projection in km around latitude ``lat0``: fine at theatre scale."""
    return (place.coords.lon * 111.32 * math.cos(math.radians(lat0)),
            place.coords.lat * 110.57)


def map_points(scenario: Scenario) -> dict[str, tuple[float, float]]:
    """Every place in km on the map's projection, centred on the theatre's mean latitude."""
    lat0 = sum(p.coords.lat for p in scenario.places.values()) / len(scenario.places)
    return {pid: _xy(p, lat0) for pid, p in scenario.places.items()}


def detail_box(points: dict[str, tuple[float, float]]) -> tuple[float, ...] | None:
    """The square around the most crowded place, if the map is crowded enough to need it."""
    xs = [p[0] for p in points.values()]
    ys = [p[1] for p in points.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys))
    if span <= 0:  # every place at one point: nothing to magnify
        return None
    radius = span / 10
    best: str | None = None
    crowd: list[str] = []
    for pid, (x, y) in sorted(points.items()):
        near = [q for q, (u, v) in points.items() if math.hypot(u - x, v - y) <= radius]
        if len(near) > len(crowd):
            best, crowd = pid, near
    if best is None or len(crowd) < max(6, CROWDED * len(points)):
        return None
    cx = sum(points[q][0] for q in crowd) / len(crowd)
    cy = sum(points[q][1] for q in crowd) / len(crowd)
    half = radius * 1.25
    return (cx - half, cx + half, cy - half, cy + half)


def _draw(ax: Axes, scenario: Scenario, points: dict[str, tuple[float, float]],
          box: tuple[float, ...] | None) -> None:
    for i, route in enumerate(scenario.routes.values()):
        # Nested bands, widest first, so routes sharing a road all stay visible.
        xy = [points[w] for w in route.waypoints]
        ax.plot([p[0] for p in xy], [p[1] for p in xy], color=_route_colour(i),
                lw=_route_width(i), alpha=0.55, solid_capstyle="round", zorder=1)
    for road in scenario.roads:
        width, style = ROAD_STYLE[road.road_class]
        (x1, y1), (x2, y2) = points[road.a], points[road.b]
        ax.plot([x1, x2], [y1, y2], color="#4d4d4d", lw=width * 0.8, ls=style, zorder=2)
    for p in scenario.places.values():
        marker, size = MARKER[p.type]
        colour = scenario.sides[p.holder.side].colour
        estimated = p.coords.confidence == "estimated"
        ax.plot(*points[p.id], marker=marker, ms=size, zorder=4,
                mfc="white" if estimated else colour, mec=colour if estimated else "black",
                mew=2.0 if estimated else 0.8)
        if p.holder.contested:
            ax.plot(*points[p.id], marker="o", ms=size + 6, mfc="none", mec=CONTESTED, mew=2,
                    zorder=3)
    if box is not None:
        ax.set_xlim(box[0], box[1])
        ax.set_ylim(box[2], box[3])
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])


def _labels(ax: Axes, scenario: Scenario, points: dict[str, tuple[float, float]],
            fontsize: float, skip: tuple[float, ...] | None = None) -> list[Bbox]:
    """Greedy placement: biggest places first, each at the first free spot around it.

    Places inside ``skip`` (the detail panel's box) are labelled there, not here. Returns
    where the labels went, in display coordinates.
    """
    ax.apply_aspect()
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg's canvas
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    inside = [p for p in scenario.places.values()
              if _within(points[p.id], (x0, x1, y0, y1))
              and not (skip and _within(points[p.id], skip))]
    rank = {t: i for i, t in enumerate(MARKER)}
    inside.sort(key=lambda p: (rank[p.type], -(p.population.value if p.population else 0),
                               p.id))
    taken: list[Bbox] = []
    placed: list[Bbox] = []
    for p in inside:  # markers are obstacles too
        cx, cy = ax.transData.transform(points[p.id])
        taken.append(Bbox.from_extents(cx - 4, cy - 4, cx + 4, cy + 4))
    offsets = [(6, 4, "left", "bottom"), (6, -4, "left", "top"), (-6, 4, "right", "bottom"),
               (-6, -4, "right", "top"), (0, 8, "center", "bottom"), (0, -8, "center", "top"),
               (9, 0, "left", "center"), (-9, 0, "right", "center"),
               (14, 12, "left", "bottom"), (-14, -12, "right", "top"),
               (14, -12, "left", "top"), (-14, 12, "right", "bottom")]
    frame = ax.get_window_extent(renderer)
    for p in inside:
        best = None
        for dx, dy, ha, va in offsets:
            text = ax.annotate(p.name, points[p.id], xytext=(dx, dy), textcoords="offset points",
                               ha=ha, va=va, fontsize=fontsize, zorder=6,
                               bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none",
                                     "alpha": 0.75})
            extent = text.get_window_extent(renderer).expanded(1.03, 1.1)
            cost = crowding(extent, taken, frame)
            if best is None or cost < best[0]:
                if best is not None:
                    best[1].remove()
                best = (cost, text, extent)
            else:
                text.remove()
            if cost == 0:
                break
        if best is not None:
            taken.append(best[2])
            placed.append(best[1].get_window_extent(renderer))
    return placed


def _route_colour(i: int) -> str:
    return ROUTE_COLOURS[i % len(ROUTE_COLOURS)]


def _route_width(i: int) -> float:
    return max(3.0, 11.0 - 2.5 * i)


def _within(point: tuple[float, float], box: tuple[float, ...]) -> bool:
    return box[0] <= point[0] <= box[1] and box[2] <= point[1] <= box[3]


def _overlap(a: Bbox, b: Bbox) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def _outside(a: Bbox, frame: Bbox) -> float:
    return a.width * a.height - _overlap(a, frame)


def crowding(box: Bbox, taken: list[Bbox], frame: Bbox) -> float:
    """How badly ``box`` sits: its overlap with what is already drawn, and (five times
    worse) how much of it falls outside the panel. Zero is a free spot."""
    return sum(_overlap(box, t) for t in taken) + 5 * _outside(box, frame)


def _legend(fig: plt.Figure, scenario: Scenario) -> None:
    handles = [Line2D([], [], marker="o", ls="", mfc=s.colour, mec="black", ms=8,
                      label=f"held by {s.name}") for s in scenario.sides.values()]
    handles.append(Line2D([], [], marker="o", ls="", mfc="white", mec="#555555", mew=2, ms=8,
                          label="position estimated from the text"))
    if any(p.holder.contested for p in scenario.places.values()):
        handles.append(Line2D([], [], marker="o", ls="", mfc="none", mec=CONTESTED, mew=2,
                              ms=12, label="contested"))
    handles += [Line2D([], [], color="#4d4d4d", lw=w * 0.8, ls=style,
                       label=cls.replace("_", " ")) for cls, (w, style) in ROAD_STYLE.items()]
    handles += [Line2D([], [], color=_route_colour(i), lw=6, alpha=0.55, label=r.name)
                for i, r in enumerate(scenario.routes.values())]
    handles += [Line2D([], [], marker=m, ls="", mfc="#cccccc", mec="black", ms=7,
                       label=t.replace("_", " "))
                for t, (m, _) in MARKER.items() if any(p.type == t
                                                       for p in scenario.places.values())]
    fig.legend(handles=handles, loc="lower center", ncol=6, fontsize=8, frameon=False)


def nice_length(least: float) -> float:
    """The first of 1, 2, 5, 10, 20, 50 ... km that is at least ``least`` (a scale bar's)."""
    if not least > 0 or not math.isfinite(least):
        return 1
    step = 10 ** math.floor(math.log10(least))
    return next(k * step for k in (1, 2, 5, 10) if k * step >= least * (1 - 1e-9))


def _scale_bar(ax: Axes) -> None:
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    span = x1 - x0
    km = nice_length(span / 8)
    x, y = x0 + span * 0.04, y0 + (y1 - y0) * 0.04
    ax.plot([x, x + km], [y, y], color="black", lw=3, zorder=7)
    ax.annotate(f"{km:g} km", (x + km / 2, y), xytext=(0, 4), textcoords="offset points",
                ha="center", fontsize=8, zorder=7)


def compose_map(scenario: Scenario, when: dt.date | None = None
                ) -> tuple[plt.Figure, list[Bbox]]:
    """The map's figure, and where its place labels went (the caller closes the figure)."""
    points = map_points(scenario)
    box = detail_box(points)
    xs = [p[0] for p in points.values()]
    ys = [p[1] for p in points.values()]
    pad = 0.06 * max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    whole = (min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad)
    ratios = [(whole[1] - whole[0]) / (whole[3] - whole[2])]
    if box:
        ratios.append((box[1] - box[0]) / (box[3] - box[2]))
    height = 10.0
    width = min(max(9.0, height * sum(ratios) + 1), 30.0)  # a long thin theatre: not a mural
    fig, axes = plt.subplots(1, len(ratios), figsize=(width, 12),
                             squeeze=False, gridspec_kw={"width_ratios": ratios})
    main = axes[0][0]
    _draw(main, scenario, points, whole)
    _scale_bar(main)
    main.set_title("whole theatre", fontsize=11)
    if box:
        detail = axes[0][1]
        _draw(detail, scenario, points, box)
        _scale_bar(detail)
        detail.set_title("detail", fontsize=11)
        main.add_patch(plt.Rectangle((box[0], box[2]), box[1] - box[0], box[3] - box[2],
                                     fill=False, ec="black", lw=1, ls="--", zorder=5))
    fig.suptitle(f"{scenario.title}\nholders on {when or scenario.calendar.start}", fontsize=13)
    _legend(fig, scenario)
    fig.tight_layout(rect=(0, 0.08, 1, 0.95))
    labels = _labels(main, scenario, points, 8, skip=box)
    if box:
        labels += _labels(axes[0][1], scenario, points, 8.5)
    return fig, labels


def render_map(scenario: Scenario, fmt: str = "png", when: dt.date | None = None) -> bytes:
    """The theatre map as image bytes (holders as of ``when``, default the first day)."""
    fig, _ = compose_map(scenario, when)
    try:
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, dpi=110)
        return buffer.getvalue()
    finally:
        plt.close(fig)


def map_format(path: str | Path) -> str:
    """The image format a map file's suffix asks for (png, svg or pdf)."""
    fmt = Path(path).suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise ScenarioError([Problem(str(path), None, f"cannot draw a map as '.{fmt}': name the "
                                                      f"file .png, .svg or .pdf")])
    return fmt


def save_map(scenario: Scenario, path: str | Path) -> None:
    """Draw the map to ``path``; the format comes from its suffix."""
    write_atomic(path, render_map(scenario, map_format(path)))
