"""Sensitivity: Sobol, Morris and rank correlations from finished batches."""

from __future__ import annotations

import pytest

from engine.batch.factors import Factor
from engine.batch.run import run_batch
from engine.batch.sensitivity import analyze
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
    assert "simple importance ranking" in markdown(lhs)


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
