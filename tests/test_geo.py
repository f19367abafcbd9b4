"""Great-circle distance."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.util.geo import great_circle_km

LAT = st.floats(-89.9, 89.9)
LON = st.floats(-180, 180)


def test_known_distances():
    assert great_circle_km(0, 0, 0, 1) == pytest.approx(111.195, abs=0.01)
    # Khanasir to al-Safira on the gazetteer's points: 34.5 km in the roads notes
    assert great_circle_km(35.78333, 37.49722, 36.07696, 37.37251) == pytest.approx(34.5, abs=0.1)


@given(LAT, LON, LAT, LON)
def test_symmetric_and_non_negative(a, b, c, d):
    assert great_circle_km(a, b, c, d) == pytest.approx(great_circle_km(c, d, a, b), abs=1e-6)
    assert 0 <= great_circle_km(a, b, c, d) <= 20038
    assert great_circle_km(a, b, a, b) == pytest.approx(0, abs=1e-6)


@given(LAT, LON, LAT, LON, LAT, LON)
def test_triangle_inequality(a, b, c, d, e, f):
    assert great_circle_km(a, b, e, f) <= (great_circle_km(a, b, c, d) +
                                           great_circle_km(c, d, e, f) + 1e-6)
