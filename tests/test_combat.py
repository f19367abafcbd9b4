"""The combat model: daily odds, assaults that grind, losses that follow the fitted power law."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.scenario.rules import PARAMS, Rules
from engine.sim.combat import (
    carry_odds,
    combat_power,
    foothold,
    log_score,
    loss_fractions,
    outcome_odds,
)

from helpers import chained_odds

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


def test_the_named_points_of_the_curves() -> None:
    assert outcome_odds(RULES["take_ratio"], RULES)[0] == pytest.approx(0.5)
    assert outcome_odds(RULES["repulse_ratio"], RULES)[2] == pytest.approx(0.5)
    assert outcome_odds(float("inf"), RULES) == (1.0, 0.0, 0.0)
    assert outcome_odds(0.0, RULES) == (0.0, 0.0, 1.0)
    assert outcome_odds(float("nan"), RULES) == (0.0, 0.0, 1.0)


def test_a_day_at_parity_is_mostly_undecided() -> None:
    """The fitted daily odds: at 1:1 a day of fighting seldom settles a village."""
    take, stalemate, repulse = outcome_odds(1.0, RULES)
    assert stalemate > 0.5 and take < 0.3 and repulse < 0.3


def test_an_assault_grinds_where_a_probe_fails() -> None:
    """A week of continued assault at modest odds usually takes the place; a one-day probe
    at the same odds usually does not."""
    probe = chained_odds(1.5, 1, RULES)
    week = chained_odds(1.5, 21, RULES)
    assert probe[0] < 0.5 < week[0]
    assert math.isclose(sum(week), 1.0)
    assert foothold(0, RULES) == 1.0 and foothold(10, RULES) > foothold(1, RULES)


@given(st.floats(0.05, 20), st.integers(1, 60))
def test_more_days_never_lower_the_chance_of_having_taken(ratio: float, days: int) -> None:
    a, b = chained_odds(ratio, days, RULES), chained_odds(ratio, days + 1, RULES)
    assert b[0] >= a[0] - 1e-12 and b[2] >= a[2] - 1e-12 and b[1] <= a[1] + 1e-12


def test_surprise_helps_the_first_day() -> None:
    assert chained_odds(1.0, 1, RULES, surprise=True)[0] > chained_odds(1.0, 1, RULES)[0]


def test_power_multiplies_its_factors() -> None:
    assert combat_power(1000, 1.2, 0.5, 1.5, 1.4, 1.3) == pytest.approx(1000 * 1.2 * 0.5 * 1.5
                                                                          * 1.4 * 1.3)


def test_losses_follow_the_power_law_not_the_square_law() -> None:
    """Doubling the ratio multiplies the attacker's loss fraction by 2 ** exponent (well
    under the square law's 2)."""
    base = loss_fractions(1000, 1000, RULES)
    harder = loss_fractions(1000, 2000, RULES)
    assert harder[0] / base[0] == pytest.approx(2 ** RULES["attacker_loss_exponent"])
    assert harder[0] / base[0] < 1.5
    assert base[1] / base[0] == pytest.approx(RULES["defender_losses"])
    sheltered = loss_fractions(1000, 1000, RULES, sheltered=1.0)
    assert sheltered[1] == pytest.approx(base[1] * RULES["shelter"])
    # a fight's days sum to D ** (1 - wear) first days
    days = [loss_fractions(1000, 1000, RULES, days_before=k)[0] for k in range(10)]
    assert sum(days) == pytest.approx(base[0] * 10 ** (1 - RULES["wear"]))
    assert days == sorted(days, reverse=True)


def test_a_handful_cannot_kill_an_army() -> None:
    """Past the ratios the battles cover the law is not extrapolated, and no side loses more
    power than the enemy's times max_inflicted."""
    few, many = loss_fractions(10, 10_000, RULES), loss_fractions(10_000, 10, RULES)
    assert few[1] * 10_000 <= RULES["max_inflicted"] * RULES["loss_scale"] * 10 + 1e-9
    assert many[0] * 10_000 <= RULES["max_inflicted"] * RULES["loss_scale"] * 10 + 1e-9
    tiny = loss_fractions(5e-324, 2.0, RULES)
    assert tiny[1] == 0.0 or tiny[1] < 1e-300


@given(st.floats(0.0, 1e9), st.floats(0.0, 1e9), st.floats(0.0, 1.0), st.integers(0, 400))
def test_loss_fractions_are_fractions(att: float, dfn: float, sheltered: float,
                                      days: int) -> None:
    extreme = RULES.replace({"kill_rate": 1.0, "loss_scale": PARAMS["loss_scale"].maximum,
                             "attacker_loss_exponent": 5.0, "defender_loss_exponent": 5.0})
    for rules in (RULES, extreme):
        a, d = loss_fractions(att, dfn, rules, sheltered, days)
        cap = rules["max_daily_loss"]
        assert 0.0 <= a <= cap and 0.0 <= d <= cap
        if att == 0 or dfn == 0:
            assert (a, d) == (0.0, 0.0)


def test_log_score_counts_an_impossible_result_as_very_unlikely() -> None:
    assert log_score([1.0, 1.0]) == 0.0
    assert log_score([0.5]) == pytest.approx(math.log(0.5))
    assert log_score([0.0]) == pytest.approx(math.log(1e-12))


def test_the_loss_law_is_held_within_the_battles_ratios_the_right_way_round() -> None:
    """Attacker : defender from 1:4 to 20:1 the law moves; past either end it stands still
    (the cap aside)."""
    quiet = RULES.replace({"max_inflicted": 100.0})
    at = [loss_fractions(r * 1000, 1000, quiet)[0] for r in (0.1, 0.25, 1, 4, 10, 20, 40)]
    assert at[1] == pytest.approx(at[0])            # past 1:4: the 1:4 value
    assert at[1] > at[2] > at[3] > at[4] > at[5]    # inside: the fitted law
    assert at[5] == pytest.approx(at[6])            # past 20:1: the 20:1 value
    assert at[3] / at[4] == pytest.approx(2.5 ** RULES["attacker_loss_exponent"])


def test_carry_odds_grow_with_the_ratio_and_the_days() -> None:
    rules = Rules()
    assert carry_odds(2.0, 1, rules) == pytest.approx(outcome_odds(2.0, rules)[0])
    assert carry_odds(2.0, 3, rules) > carry_odds(2.0, 1, rules)
    assert carry_odds(4.0, 3, rules) > carry_odds(2.0, 3, rules)
    assert carry_odds(float("inf"), 3, rules) == 1.0
    assert 0.0 <= carry_odds(0.01, 30, rules) < 0.01
