"""Hypothesis strategies: random but valid scenario documents."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from engine.scenario.model import PLACE_TYPES, ROAD_CLASSES, TERRAINS


@st.composite
def scenario_docs(draw, max_places: int = 12) -> dict[str, Any]:
    """A valid scenario: a random spanning tree of roads plus extra ones, two sides, units."""
    n = draw(st.integers(2, max_places))
    ids = [f"p{i}" for i in range(n)]
    places = {}
    # distinct points a tenth of a degree apart at least: closer places are one place
    grid = draw(st.lists(st.tuples(st.integers(-600, 600), st.integers(-1700, 1700)),
                         min_size=n, max_size=n, unique=True))
    for i, pid in enumerate(ids):
        places[pid] = {
            "name": f"Place {i}", "type": draw(st.sampled_from(PLACE_TYPES)),
            "terrain": draw(st.sampled_from(TERRAINS)),
            "coords": {"lat": grid[i][0] / 10, "lon": grid[i][1] / 10,
                       "confidence": "high"},
            "holder": draw(st.sampled_from(["blue", "red"])),
        }
        if draw(st.booleans()):
            places[pid]["population"] = draw(st.integers(0, 10**6))
    pairs = {(draw(st.integers(0, i - 1)), i) for i in range(1, n)}  # spanning tree
    pairs |= set(draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                               max_size=n)))
    roads = [{"from": ids[a], "to": ids[b], "class": draw(st.sampled_from(ROAD_CLASSES))}
             for a, b in sorted({(min(a, b), max(a, b)) for a, b in pairs if a != b})]
    units = {}
    for side in ("blue", "red"):
        mine = [p for p in ids if places[p]["holder"] == side] or [ids[0]]
        for k in range(draw(st.integers(0, 3))):
            at = draw(st.sampled_from(mine))
            if isinstance(places[at]["holder"], str) and places[at]["holder"] != side:
                places[at]["holder"] = {"side": places[at]["holder"], "contested": True}
            units[f"{side}_{k}"] = {
                "name": f"{side} unit {k}", "side": side, "type": "infantry", "place": at,
                "strength": draw(st.integers(1, 20000)),
                "quality": draw(st.floats(0.1, 3.0)),
            }
    return {
        "scenario": {"id": "generated", "title": "Generated"},
        "calendar": {"start": "2000-01-01", "end": "2000-01-31"},
        "sides": {"blue": {"name": "Blue", "colour": "#0000ff"},
                  "red": {"name": "Red", "colour": "#ff0000"}},
        "places": places, "roads": roads, "units": units,
    }
