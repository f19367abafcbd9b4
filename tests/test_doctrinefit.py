"""The opening odds of the record's assaults, the evidence for a doctrine's attack odds."""

from __future__ import annotations

import pytest

from engine.history.doctrinefit import assault_openings, ratio_of, side_odds
from engine.sim.combat import outcome_odds

from helpers import ALEPPO, aleppo_game, aleppo_recorded, run


@pytest.mark.parametrize("ratio", [0.3, 1.0, 2.5, 9.0])
def test_ratio_of_inverts_the_take_curve(ratio: float) -> None:
    rules = aleppo_game().rules
    assert ratio_of(outcome_odds(ratio, rules)[0], rules) == pytest.approx(ratio, rel=1e-6)
    assert ratio_of(0.0, rules) == 0.0 and ratio_of(1.0, rules) == float("inf")


def test_openings_are_first_days_and_quartiles_are_ordered() -> None:
    g = aleppo_game()
    openings = assault_openings(g, aleppo_recorded())
    keys = [(o["place"], o["side"], o["date"]) for o in openings]
    assert len(keys) == len(set(keys)) and ("khanasir", "government", "2013-10-02") in keys
    assert ("khanasir", "government", "2013-10-03") not in keys   # the assault's second day
    for v in side_odds(openings).values():
        assert 0 <= v["least"] <= v["lower_quartile"] <= v["median"] <= v["most"] <= 1


def test_the_scenario_s_attack_odds_are_the_government_s_lower_quartile(capsys) -> None:
    from engine.scenario.loader import load_scenario

    code, out, _ = run(capsys, "calibrate", str(ALEPPO), "--doctrine")
    assert code == 0 and "lower quartile" in out
    sides = side_odds(assault_openings(aleppo_game(), aleppo_recorded()))
    gov = load_scenario(ALEPPO).doctrine["government"].attack_odds
    assert gov.value == pytest.approx(sides["government"]["lower_quartile"], abs=0.005)
