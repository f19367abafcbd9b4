"""``wargame show --geojson``: places and roads for GIS tools (RFC 7946, lon/lat order)."""

from __future__ import annotations

import itertools

from engine.scenario.model import Scenario
from engine.util.canonical import readable


def theatre_geojson(scenario: Scenario) -> dict:
    """A FeatureCollection: a Point per place and a LineString per road."""
    features = []
    for p in scenario.places.values():
        features.append({
            "type": "Feature", "id": p.id,
            "geometry": {"type": "Point", "coordinates": [p.coords.lon, p.coords.lat]},
            "properties": {
                "kind": "place", "id": p.id, "name": p.name, "type": p.type,
                "terrain": p.terrain, "holder": p.holder.side, "contested": p.holder.contested,
                "population": p.population.value if p.population else None,
                "confidence": p.coords.confidence, "source_line": p.provenance.line,
            }})
    routes_of: dict[tuple[str, str], list[str]] = {}
    for route in scenario.routes.values():
        for x, y in itertools.pairwise(route.waypoints):
            routes_of.setdefault((min(x, y), max(x, y)), []).append(route.name)
    for road in scenario.roads:
        a, b = scenario.places[road.a].coords, scenario.places[road.b].coords
        features.append({
            "type": "Feature", "id": f"{road.a}--{road.b}",
            "geometry": {"type": "LineString", "coordinates": [[a.lon, a.lat], [b.lon, b.lat]]},
            "properties": {
                "kind": "road", "from": road.a, "to": road.b, "class": road.road_class,
                "length_km": road.length_km, "routes": routes_of.get((road.a, road.b), []),
            }})
    return {"type": "FeatureCollection", "name": scenario.id, "features": features}


def dumps(scenario: Scenario) -> str:
    return readable(theatre_geojson(scenario))
