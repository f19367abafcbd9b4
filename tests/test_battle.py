"""The battle calculator: the engine's combat model for one assault."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.scenario.rules import Rules
from engine.sim.battle import DEFENCES, Assault, battle

from helpers import chained_odds

RULES = Rules()


@given(st.floats(1e-300, 1e9), st.floats(0, 1e9), st.sampled_from(DEFENCES),
       st.sampled_from(("open", "mixed", "rough", "urban")), st.integers(1, 60), st.booleans(),
       st.booleans())
def test_odds_are_a_distribution_and_losses_within_the_forces(att, dfn, posture, terrain, days,
                                                              surprise, support) -> None:
    b = battle(Assault(att, dfn, posture, terrain, days, surprise, support))
    assert math.isclose(b.p_taken + b.p_stalemate + b.p_repulsed, 1.0, abs_tol=1e-9)
    assert all(0 <= p <= 1 + 1e-12 for p in (b.p_taken, b.p_stalemate, b.p_repulsed))
    assert 0 <= b.attacker_killed <= att + 1e-6 and 0 <= b.defender_killed <= dfn + 1e-6


@given(st.floats(10, 1e5), st.floats(10, 1e5), st.integers(1, 30))
def test_more_attackers_or_more_days_never_lower_the_chance_of_taking(att, dfn, days) -> None:
    base = battle(Assault(att, dfn, days=days))
    assert battle(Assault(att * 1.5, dfn, days=days)).p_taken >= base.p_taken - 1e-9
    assert battle(Assault(att, dfn, days=days + 1)).p_taken >= base.p_taken - 1e-9


def test_without_losses_it_is_the_engine_s_chained_odds() -> None:
    """With nobody hurt the strengths stay put, so the calculator is exactly the turn
    engine's daily odds chained with the foothold."""
    quiet = RULES.replace({"kill_rate": 0.0})
    b = battle(Assault(1500, 1000, "hasty", "urban", 10, surprise=True), quiet)
    ratio = 1500 / (1000 * RULES["posture.hasty"] * RULES["terrain.urban"])
    assert (b.p_taken, b.p_stalemate, b.p_repulsed) == pytest.approx(
        chained_odds(ratio, 10, quiet, surprise=True))


def test_a_position_nobody_holds_falls() -> None:
    assert battle(Assault(100, 0)).p_taken == 1.0


def test_fortified_works_and_support_change_the_odds_as_the_rules_say() -> None:
    prepared = battle(Assault(2000, 1000, "prepared"))
    assert battle(Assault(2000, 1000, "fortified")).p_taken < prepared.p_taken
    assert battle(Assault(2000, 1000, "prepared", support=True)).p_taken > prepared.p_taken


@pytest.mark.parametrize("bad, words", [
    ({"posture": "moving"}, "posture 'moving'"), ({"terrain": "fortified"}, "terrain"),
    ({"days": 0}, "days"), ({"days": 2.5}, "days"), ({"attacker": -1.0}, "strengths"),
    ({"attacker": 0.0}, "strengths"), ({"attacker": float("inf")}, "strengths"),
    ({"defender": float("nan")}, "strengths")])
def test_bad_assaults_are_refused_with_a_reason(bad: dict, words: str) -> None:
    fields = {"attacker": 10.0, "defender": 10.0, **bad}
    with pytest.raises(ValueError, match=words):
        Assault(**fields)
