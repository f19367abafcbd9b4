"""GeoJSON for GIS tools."""

from __future__ import annotations

import json

from engine.pictures.geojson import dumps
from engine.scenario.loader import load_scenario

from helpers import ALEPPO


def test_features():
    s = load_scenario(ALEPPO)
    data = json.loads(dumps(s))
    assert data["type"] == "FeatureCollection"
    points = [f for f in data["features"] if f["geometry"]["type"] == "Point"]
    lines = [f for f in data["features"] if f["geometry"]["type"] == "LineString"]
    assert len(points) == len(s.places) and len(lines) == len(s.roads)
    khanasir = next(f for f in points if f["id"] == "khanasir")
    assert khanasir["geometry"]["coordinates"] == [37.49722, 35.78333]  # lon, lat
    assert khanasir["properties"]["holder"] == "rebels"
    road = next(f for f in lines if f["id"] == "ithriya--khanasir")
    assert road["properties"]["routes"] == ["Desert Road"]
