"""The combat model's fit as text."""

from __future__ import annotations

from engine.reports.evidence import format_evidence


def _report(toll: dict, losses: dict) -> dict:
    row = {"name": "take_ratio", "value": 4.0, "low": 2.0, "high": 8.0, "period_value": 11.0,
           "in_force": 4.0, "prior": 3.0}
    return {"odds": {
        "parameters": [row], "uniform": -1.0986,
        "period": {"days": 4, "in_sample": -0.57, "out_of_sample_days": 37,
                   "out_of_sample": -0.78},
        "whole": {"days": 41, "in_sample": -0.58, "leave_one_out": -0.83},
        "leave_one_out": [{"fight": "al_naqqarin", "day": 42, "days": 20, "result": "taken",
                           "in_sample": -7.1, "out_of_sample": -12.5, "uniform": -21.97}],
        "cdb90_cross_validation": {"folds": 10, "battles": 239, "brier": 0.248,
                                   "brier_base_rate": 0.247, "log_score": -0.691,
                                   "log_score_base_rate": -0.688}},
        "losses": losses, "toll": toll}


def test_every_figure_is_printed_beside_its_reference() -> None:
    losses = {"battles": 239, "kill_rate": 0.114, "defender_losses": 1.39,
              "attacker_loss_exponent": (0.385, 0.22, 0.55),
              "defender_loss_exponent": (0.113, -0.05, 0.28), "shelter": (0.65, 0.49, 0.86),
              "wear": (0.36, 0.15, 0.57),
              "cross_validation": {"rmse_attacker": 1.05, "rmse_attacker_constant": 1.08,
                                   "rmse_defender": 1.07, "rmse_defender_constant": 1.09}}
    toll = {"spans": 3, "days": 20.0, "mean": 4.9, "dispersion": 0.67, "p10": 0.0,
            "p90": 13.0, "out_of_sample_days": [26, 21], "out_of_sample_inside": 0}
    text = format_evidence(_report(toll, losses), "Test")
    for part in ("take_ratio", "11", "-0.57", "-0.78", "-0.83", "al_naqqarin", "-12.50",
                 "Brier 0.248 (base rate 0.247)", "wear 0.360 (0.150 – 0.570)",
                 "attacker 1.050 (a constant: 1.080)", "civilian_dispersion 0.67",
                 "later one-day tolls [26, 21]: 0 of 2 inside"):
        assert part in text, part


def test_a_fit_that_could_not_be_made_says_why() -> None:
    text = format_evidence(_report({"error": "too few bombardment tolls"},
                                   {"error": "too few battles"}), "Test")
    assert "Losses: not fitted (too few battles)" in text
    assert "Civilian toll: not fitted (too few bombardment tolls)" in text
