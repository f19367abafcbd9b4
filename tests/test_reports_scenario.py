"""The tables of ``wargame show``."""

from __future__ import annotations

import json

from engine.reports.scenario import format_scenario, route_km, scenario_json
from engine.scenario.loader import load_scenario
from engine.util.text import table

from helpers import ALEPPO, SMALL


def test_table_aligns_columns():
    assert table(("a", "bb"), [("xxx", 1), ("y", 22)]).splitlines() == [
        "a    bb", "---  --", "xxx  1", "y    22"]


def test_small_scenario_tables():
    text = format_scenario(load_scenario(SMALL))
    assert "PLACES HELD BY BLUE (Blue force): 2" in text
    assert "Bridge Town (contested)" in text
    assert "ground total 3,000 (units' ranges 2,700–3,400); side strength 3,000" in text
    assert "12 sorties/day" in text and "John Frost" in text
    assert "RECORD: Red victory" in text and "killed, blue: 1,500+" in text


def test_aleppo_tables_name_their_sources():
    text = format_scenario(load_scenario(ALEPPO))
    assert "side strength 7,000 (line 17)" in text
    assert "side strength 6,000 [3,500–10,500] (assumed)" in text
    assert "killed, civilians: 97+ (line 20)" in text


def test_route_lengths():
    s = load_scenario(ALEPPO)
    assert 200 < route_km(s, s.routes["desert_road"].waypoints) < 215  # "more than 200 km"


def test_json_has_totals():
    data = json.loads(json.dumps(scenario_json(load_scenario(ALEPPO))))
    assert data["totals"]["ground_strength"] == {"government": 7000, "rebels": 6000}
    assert data["totals"]["places"] == 48 and "citations" not in data
    assert data["places"]["khanasir"]["holder"]["since"] == "2013-08-26"
