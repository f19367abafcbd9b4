"""Batches: tidy rows, common random numbers, resuming, SIGKILL, local and Dask backends."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import as_completed as local_completed

import pytest

from engine.batch.factors import Factor
from engine.batch.run import BatchSpec, open_batch, read_batch, run_batch, tasks
from engine.errors import WargameError
from tests.conftest import ALEPPO, SMALL

FACTORS = (Factor("rules.loss_scale", 0.2, 1.5), Factor("unit.air.strength", 4, 28))


@pytest.fixture(scope="module", params=["local", "dask"])
def backend(request):
    if request.param == "local":
        with ProcessPoolExecutor(max_workers=2) as pool:
            yield pool.submit, local_completed
    else:
        from dask.distributed import Client, LocalCluster, as_completed
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            yield client.submit, as_completed


def spec(runs: int = 6, reps: int = 2, design: str = "lhs") -> BatchSpec:
    return BatchSpec(str(ALEPPO), design, runs, 3, reps, FACTORS)


def test_rows_are_tidy_and_replications_share_seeds(backend, tmp_path) -> None:
    submit, completed = backend
    result = run_batch(spec(), tmp_path / "b", submit, completed)
    assert result["runs"] == result["new"] == 12
    with open(result["table"], newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [int(r["run_id"]) for r in rows] == list(range(12))
    for r in rows:
        assert int(r["seed"]) == 3 + int(r["rep"])  # replication i: the same seed everywhere
        for name in ("rules.loss_scale", "unit.air.strength", "day_met.reopen_highway",
                     "met_at_end.take_khanasir", "holder.al_safira", "killed.rebels",
                     "civilians_killed", "displaced", "points.government"):
            assert name in r
    again = run_batch(spec(), tmp_path / "b", submit, completed)
    assert again["new"] == 0 and again["runs"] == 12


def test_a_batch_is_the_same_on_either_backend(backend, tmp_path) -> None:
    submit, completed = backend
    run_batch(spec(4, 1), tmp_path / "c", submit, completed)
    _, rows = read_batch(tmp_path / "c")
    with ProcessPoolExecutor(max_workers=1) as pool:
        run_batch(spec(4, 1), tmp_path / "d", pool.submit, local_completed)
    _, other = read_batch(tmp_path / "d")
    assert rows == other


def test_another_batch_in_the_same_folder_is_refused(tmp_path) -> None:
    open_batch(tmp_path, spec())
    with pytest.raises(WargameError, match="holds another batch"):
        open_batch(tmp_path, spec(runs=7))


def test_tasks_cover_every_point_and_replication() -> None:
    t = tasks(spec(5, 3))
    assert len(t) == 15 and len({x[0] for x in t}) == 15
    assert {(x[1], x[2]) for x in t} == {(p, r) for p in range(5) for r in range(3)}


def test_sigkill_loses_nothing_finished_and_duplicates_nothing(tmp_path) -> None:
    out = tmp_path / "k"
    cmd = [sys.executable, "-m", "engine", "batch", str(SMALL), "--design", "lhs", "--runs",
           "400", "--vary", "rules.loss_scale=0.2:2", "--workers", "2", "--out", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    store = out / "runs.sqlite"
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and stored < 40:
        time.sleep(0.05)
        if store.exists():
            try:
                with sqlite3.connect(store) as db:
                    stored = db.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
            except sqlite3.Error:
                pass
    os.killpg(proc.pid, signal.SIGKILL)  # the command and its workers, at once
    proc.wait()
    assert 0 < stored < 400, stored
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with open(out / "runs.csv", newline="", encoding="utf-8") as f:
        ids = [int(r["run_id"]) for r in csv.DictReader(f)]
    assert sorted(ids) == list(range(400))
