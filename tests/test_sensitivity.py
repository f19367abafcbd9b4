"""Sensitivity: Sobol, Morris and rank correlations from finished batches."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, as_completed

import pytest

from engine.batch.factors import Factor
from engine.batch.run import BatchSpec, run_batch
from engine.batch.sensitivity import analyze, markdown, tornado
from engine.errors import WargameError
from tests.conftest import ALEPPO

# rebel strength matters to the fighting; the artillery's quality hardly at all
FACTORS = (Factor("side.rebels.strength", 3500, 10500), Factor("rules.loss_scale", 0.2, 1.5),
           Factor("unit.artillery.quality", 0.6, 1.0))


def batch(tmp_path, design: str, runs: int) -> str:
    folder = str(tmp_path / design)
    with ProcessPoolExecutor(max_workers=2) as pool:
        run_batch(BatchSpec(str(ALEPPO), design, runs, 1, 1, FACTORS), folder, pool.submit,
                  as_completed)
    return folder


def test_sobol_indices_rank_the_factors(tmp_path) -> None:
    report = analyze(batch(tmp_path, "sobol", 16))
    killed = report["metrics"]["killed.rebels"]["ranking"]
    assert {"ST", "ST_conf", "S1", "S1_conf"} <= set(killed[0])
    top = [r["factor"] for r in killed]
    assert top.index("unit.artillery.quality") > top.index("rules.loss_scale")
    text = markdown(report)
    assert "## killed.rebels" in text and "ST " in text
    assert tornado(report, ["killed.rebels"])[:4] == b"\x89PNG"


def test_morris_and_lhs(tmp_path) -> None:
    morris = analyze(batch(tmp_path, "morris", 6))
    assert {"mu_star", "sigma"} <= set(morris["metrics"]["killed.rebels"]["ranking"][0])
    lhs = analyze(batch(tmp_path, "lhs", 24))
    first = lhs["metrics"]["killed.government"]["ranking"][0]
    assert {"|rho|", "rho", "p"} <= set(first)
    assert "simple importance ranking" in markdown(lhs)


def test_an_unfinished_batch_says_so(tmp_path) -> None:
    import sqlite3

    folder = batch(tmp_path, "lhs", 8)
    with sqlite3.connect(f"{folder}/runs.sqlite") as db:
        db.execute("DELETE FROM runs WHERE run_id = 3")
    with pytest.raises(WargameError, match="has 7 of 8 runs; run the same batch command"):
        analyze(folder)
