"""The frozen scenario data."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from engine.scenario.loader import load_scenario
from engine.scenario.model import Calendar, Fact, Provenance

from helpers import SMALL


def test_calendar_turns_and_dates():
    cal = Calendar(dt.date(2013, 10, 1), dt.date(2013, 12, 1))
    assert cal.turns == 62
    assert cal.date_of(0) == dt.date(2013, 10, 1) and cal.date_of(61) == dt.date(2013, 12, 1)
    assert dt.date(2013, 11, 4) in cal and dt.date(2013, 12, 2) not in cal
    assert "2013-11-04" not in cal


def test_provenance_truth_and_description():
    assert not Provenance() and Provenance(line=3)
    assert Provenance(note="only a note").describe() == "no source"
    assert Provenance(line=3, assumption="why").describe() == "line 3; assumed: why"


def test_fact_uncertainty():
    assert Fact(5, 5, 5).uncertain is False and Fact(5, 1, 9).uncertain is True


def test_scenario_is_frozen_and_its_tables_read_only():
    s = load_scenario(SMALL)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.id = "other"
    with pytest.raises(TypeError):
        s.places["new"] = s.places["depot"]
    assert repr(s) == "Scenario(id='river_crossing', places=5, roads=5, units=4, turns=9)"


def test_ground_strength_leaves_out_air():
    s = load_scenario(SMALL)
    assert s.ground_strength("blue") == 3000
    assert {u.id for u in s.units_of("blue")} == {"para", "armd", "guns"}


def test_a_day_is_named_by_date_or_number() -> None:
    from engine.errors import WargameError

    cal = Calendar(dt.date(2013, 10, 1), dt.date(2013, 12, 1))
    assert cal.day_of("2013-10-01") == 0 == cal.day_of("1")
    assert cal.day_of("2013-12-01") == 61 == cal.day_of("62")
    for bad in ("0", "63", "2013-09-30", "2013-12-02", "soon", "-1"):
        with pytest.raises(WargameError, match=f"--day {bad}: give a date from 2013-10-01"):
            cal.day_of(bad, "--day")
