"""Sensitivity: Sobol, Morris and rank correlations from finished batches."""

from __future__ import annotations

import numpy as np
import pytest

from engine.batch.factors import Factor
from engine.batch.run import run_batch
from engine.batch.sensitivity import adequacy, analyze, holm, signed_effects
from engine.batch.spec import BatchSpec
from engine.errors import WargameError
from engine.pictures.sensitivity import tornado
from engine.reports.sensitivity import markdown

from helpers import VALLEY

# the defenders' strength and the loss rate matter to the fighting; the quality of an air
# unit, which never fights on the ground, not at all
FACTORS = (Factor("side.south.strength", 700, 2500), Factor("rules.loss_scale", 0.2, 1.5),
           Factor("unit.air.quality", 0.6, 1.0))


def batch(tmp_path, design: str, runs: int) -> str:
    folder = str(tmp_path / design)
    run_batch(BatchSpec(str(VALLEY), design, runs, 1, 1, FACTORS), folder, workers=2)
    return folder


def test_sobol_indices_rank_the_factors(tmp_path) -> None:
    report = analyze(batch(tmp_path, "sobol", 16))
    killed = report["metrics"]["killed.south"]["ranking"]
    assert {"ST", "ST_conf", "S1", "S1_conf"} <= set(killed[0])
    top = [r["factor"] for r in killed]
    assert top[-1] == "unit.air.quality"
    assert abs(next(r["ST"] for r in killed if r["factor"] == "unit.air.quality")) < 0.05
    text = markdown(report)
    assert "## killed.south" in text and "ST " in text
    assert tornado(report, ["killed.south"])[:4] == b"\x89PNG"


def test_morris_and_lhs(tmp_path) -> None:
    morris = analyze(batch(tmp_path, "morris", 6))
    assert {"mu_star", "sigma"} <= set(morris["metrics"]["killed.south"]["ranking"][0])
    lhs = analyze(batch(tmp_path, "lhs", 24))
    first = lhs["metrics"]["killed.north"]["ranking"][0]
    assert {"|rho|", "rho", "p"} <= set(first)
    text = markdown(lhs)
    assert "a ranking rather than a share of variance" in text and "Holm-adjusted" in text
    assert all("p_holm" in r and "decisive" in r for r in lhs["metrics"]["killed.north"]
               ["ranking"])


def test_an_unfinished_batch_says_so(tmp_path) -> None:
    import sqlite3

    folder = batch(tmp_path, "lhs", 8)
    with sqlite3.connect(f"{folder}/runs.sqlite") as db:
        db.execute("DELETE FROM runs WHERE run_id = 3")
    with pytest.raises(WargameError, match="has 7 of 8 runs; run the same batch command"):
        analyze(folder)


def test_a_tornado_of_a_batch_where_nothing_varied_says_so() -> None:
    report = {"design": "lhs", "runs": 4, "factors": ["rules.take_ratio"],
              "metrics": {"killed.north": {"constant": 12.0}}}
    assert tornado(report, [])[:4] == b"\x89PNG"


def test_too_few_runs_for_the_factors_are_warned_of() -> None:
    assert adequacy("lhs", 32, 33) and "0.97 runs per factor" in adequacy("lhs", 32, 33)[0]
    assert "--runs 330" in adequacy("lhs", 32, 33)[0]
    assert adequacy("lhs", 330, 33) == []
    assert "64 base samples" in adequacy("sobol", 64 * 18, 8)[0]
    assert adequacy("sobol", 1024 * 18, 8) == []
    assert "5 trajectories" in adequacy("morris", 5 * 9, 8)[0]
    assert adequacy("morris", 20 * 9, 8) == []


def test_holm_adjusts_step_down() -> None:
    assert holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    assert holm([0.5]) == [0.5] and holm([0.6, 0.9]) == [1.0, 1.0]


def test_signed_effects_recover_a_linear_outcome_with_their_sign() -> None:
    """y = 3 + 5 x0 - 2 x1 + noise (x1 reversed in effect): the effects are the coefficients,
    largest first, each interval holding its true value; the third factor does nothing."""
    rng = np.random.default_rng(3)
    x = rng.random((200, 3))
    y = 3 + 5 * x[:, 0] - 2 * x[:, 1] + rng.normal(0, 0.3, 200)
    effects = signed_effects(x, y, ["a", "b", "c"])
    assert effects is not None and [e["factor"] for e in effects] == ["a", "b", "c"]
    for e, true in zip(effects, (5, -2, 0), strict=True):
        assert e["low"] < true < e["high"] and e["high"] - e["low"] < 1
    assert signed_effects(x[:4], y[:4], ["a", "b", "c"]) is None   # 4 sets, 4 terms


def test_the_report_says_what_its_figures_mean_and_warns(tmp_path) -> None:
    report = analyze(batch(tmp_path, "sobol", 16))
    text = markdown(report)
    assert "ST (total index): the share of the outcome's variance" in text
    assert "S1 (first-order index)" in text and "decisive:" in text
    assert "> **Warning:** too few runs for 3 factors: 16 base samples" in text
    assert "Effect, low to high end (simultaneous 95 % interval): `" in text
    effects = report["metrics"]["killed.south"]["effects"]
    assert {e["factor"] for e in effects} == {f.name for f in FACTORS}
    assert all(e["low"] <= e["effect"] <= e["high"] for e in effects)
    too_few = dict(report, points=3, metrics={m: {**v, "effects": None}
                                              for m, v in report["metrics"].items()})
    assert tornado(too_few, ["killed.south"]) != tornado(report, ["killed.south"])


def test_the_runs_a_grid_is_told_to_make_are_enough() -> None:
    import re

    from engine.batch.design import size

    for k in range(2, 6):
        advice = adequacy("grid", 8, k)[0]
        runs = int(re.search(r"--runs (\d+)", advice).group(1))
        assert adequacy("grid", size("grid", k, runs), k) == [], (k, runs)
