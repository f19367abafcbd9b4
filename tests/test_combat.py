"""The combat model, including Engel's square-law fit of Iwo Jima."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.scenario.rules import Rules
from engine.sim.combat import combat_power, daily_casualties, lanchester, outcome_odds

RULES = Rules()


@given(st.floats(0.0, 1e6, allow_nan=False))
def test_odds_are_probabilities(ratio: float) -> None:
    odds = outcome_odds(ratio, RULES)
    assert all(0.0 <= p <= 1.0 for p in odds)
    assert math.isclose(sum(odds), 1.0)


@given(st.floats(0.01, 100), st.floats(0.01, 100))
def test_more_force_never_lowers_the_odds_of_taking(r1: float, r2: float) -> None:
    lo, hi = sorted((r1, r2))
    assert outcome_odds(lo, RULES)[0] <= outcome_odds(hi, RULES)[0] + 1e-12
    assert outcome_odds(lo, RULES)[2] >= outcome_odds(hi, RULES)[2] - 1e-12


def test_classic_points_of_the_table() -> None:
    take, _, _repulse = outcome_odds(3.0, RULES)
    assert take == pytest.approx(0.5)
    assert outcome_odds(1.0, RULES)[0] < 0.05 and outcome_odds(6.0, RULES)[0] > 0.85
    assert outcome_odds(1.5, RULES)[2] == pytest.approx(0.5)
    assert outcome_odds(float("inf"), RULES) == (1.0, 0.0, 0.0)
    assert outcome_odds(0.0, RULES) == (0.0, 0.0, 1.0)


def test_power_multiplies_its_factors() -> None:
    assert combat_power(1000, 1.2, 0.5, 1.5, 1.4, 1.3) == pytest.approx(1000 * 1.2 * 0.5 * 1.5
                                                                          * 1.4 * 1.3)


@given(st.floats(1, 1e5), st.floats(1, 1e5), st.floats(1e-4, 0.5), st.floats(1e-4, 0.5),
       st.floats(0.0, 5.0))
def test_square_law_keeps_its_invariant(a0, d0, a, b, days) -> None:
    a1, d1 = lanchester(a0, d0, a, b, days)
    assert 0 <= a1 <= a0 and 0 <= d1 <= d0
    before, after = b * a0 * a0 - a * d0 * d0, b * a1 * a1 - a * d1 * d1
    assert after == pytest.approx(before, rel=1e-6, abs=1e-6 * (b * a0 * a0 + a * d0 * d0))


def test_casualties_capped_and_zero_without_a_fight() -> None:
    assert daily_casualties(0, 0, 100, 100, 0.02, 0.5) == (0.0, 0.0)
    att, dfn = daily_casualties(10000, 10000 * 50, 100, 100, 0.02, 0.5)
    assert dfn == pytest.approx(50) and att >= 0


def _engel_reference(days: int, per_day: int = 2000) -> list[tuple[float, float]]:
    """Engel's ODE integrated finely: landings spread over their day, as in his paper."""
    a, b = 0.0544, 0.0106
    landings = {0: 54000, 2: 6000, 5: 13000}
    us, jp = 0.0, 21500.0
    out = [(us, jp)]
    h = 1.0 / per_day
    for day in range(days):
        for _ in range(per_day):
            dus = -a * jp + landings.get(day, 0)
            djp = -b * us
            us, jp = max(us + h * dus, 0.0), max(jp + h * djp, 0.0)
        out.append((us, jp))
    return out


def test_attrition_core_reproduces_engels_iwo_jima_fit() -> None:
    """Engel (1954): a = 0.0544 (Japanese on US), b = 0.0106 (US on Japanese) a day,
    21,500 defenders, US landings of 54,000 on day 0, 6,000 on day 2 and 13,000 on day 5.
    The engine's core, stepped a day at a time with each day's landing at its end, stays
    within 5 % of the fit over 36 days (Japanese within 5 % of their starting strength,
    since they fall to nearly nothing)."""
    reference = _engel_reference(36)
    landings = {0: 54000, 2: 6000, 5: 13000}
    us, jp = 0.0, 21500.0
    for day in range(36):
        landed = landings.get(day, 0)
        # the day's landing arrives across the day: half fights the whole day, as an average
        us, jp = lanchester(us + landed / 2, jp, 0.0544, 0.0106)
        us += landed / 2
        ref_us, ref_jp = reference[day + 1]
        assert us == pytest.approx(ref_us, rel=0.05), day
        assert abs(jp - ref_jp) <= 0.05 * 21500, day
    assert reference[36][1] < 0.1 * 21500  # the defence is all but destroyed by day 36


def test_a_fight_decided_within_the_day_does_not_overflow() -> None:
    # rates inside the rules' bounds: kill_rate 1, every multiplier at its maximum
    a1, d1 = lanchester(1000, 400, 50.0, 900.0)
    assert d1 == 0 and math.isclose(a1, math.sqrt(1000**2 - (50 / 900) * 400**2))
    a1, d1 = lanchester(100, 4000, 900.0, 50.0)
    assert a1 == 0 and math.isclose(d1, math.sqrt(4000**2 - (50 / 900) * 100**2))
    assert lanchester(30, 30, 1e6, 1e6) == (0.0, 0.0)
    att, dfn = daily_casualties(5000, 5000 * 100, 3000, 3000 * 100, 1.0, 0.5)
    assert 0 <= att <= 2500 and dfn == 1500
