"""Playing batches: tidy rows, common random numbers, resuming, SIGKILL, local workers, Dask,
in memory, and a scenario given as an object."""

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
from engine.batch.run import play_batch, run_batch
from engine.batch.spec import BatchSpec
from engine.batch.store import read_batch
from engine.scenario.loader import load_scenario

from helpers import SMALL, VALLEY

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
    return BatchSpec(str(VALLEY), design, runs, 3, reps, FACTORS)


def test_rows_are_tidy_and_replications_share_seeds(backend, tmp_path) -> None:
    submit, completed = backend
    result = run_batch(spec(), tmp_path / "b", submit=submit, as_completed=completed)
    assert len(result.rows) == result.new == 12
    assert result.table is not None
    with open(result.table, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [int(r["run_id"]) for r in rows] == list(range(12))
    for r in rows:
        assert int(r["seed"]) == 3 + int(r["rep"])  # replication i: the same seed everywhere
        for name in ("rules.loss_scale", "unit.air.strength", "day_met.open_road",
                     "met_at_end.take_market", "holder.market", "killed.south",
                     "civilians_killed", "displaced", "points.north"):
            assert name in r
    again = run_batch(spec(), tmp_path / "b", submit=submit, as_completed=completed)
    assert again.new == 0 and len(again.rows) == 12


def test_a_batch_is_the_same_on_either_backend(backend, tmp_path) -> None:
    submit, completed = backend
    run_batch(spec(4, 1), tmp_path / "c", submit=submit, as_completed=completed)
    _, rows = read_batch(tmp_path / "c")
    assert rows == run_batch(spec(4, 1)).rows   # in this process, in memory: the same rows


def test_a_scenario_object_is_played_by_forked_workers_as_it_is(tmp_path) -> None:
    """A scenario changed in memory is what the workers play, not the file it came from."""
    from dataclasses import replace
    scenario = load_scenario(VALLEY)
    renamed = replace(scenario, path="<in memory>")
    one = BatchSpec("<in memory>", "lhs", 4, 3, 1, FACTORS)
    rows = run_batch(one, scenario=renamed, workers=2).rows
    assert rows == run_batch(spec(4, 1)).rows
    frame = play_batch(one, scenario=renamed)
    assert list(frame["run_id"]) == [0, 1, 2, 3] and "killed.south" in frame.columns


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


def test_in_one_process_each_chunk_is_stored_as_it_finishes(tmp_path, monkeypatch) -> None:
    """A batch that fails part-way keeps what it finished, played here or on workers."""
    import engine.batch.run as run

    played = []
    real = run.play_chunk

    def third_fails(scenario, chunk, commanders):
        if len(played) == 2:
            raise RuntimeError("the machine went down")
        played.append(chunk)
        return real(scenario, chunk, commanders)

    monkeypatch.setattr(run, "play_chunk", third_fails)
    with pytest.raises(RuntimeError):
        run_batch(spec(12, 2), tmp_path / "f")   # 24 runs: three chunks of eight
    with sqlite3.connect(tmp_path / "f" / "runs.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 16
    monkeypatch.setattr(run, "play_chunk", real)
    again = run_batch(spec(12, 2), tmp_path / "f")
    assert again.new == 8 and len(again.rows) == 24


def test_a_scenario_object_leaves_later_batches_of_the_file_alone(tmp_path) -> None:
    from dataclasses import replace
    from types import MappingProxyType
    bare = replace(load_scenario(VALLEY), objectives=MappingProxyType({}))
    assert not [k for k in run_batch(spec(2, 1), scenario=bare).rows[0] if "take_market" in k]
    assert "day_met.take_market" in run_batch(spec(2, 1)).rows[0]
    (copy := tmp_path / "v.yaml").write_text(VALLEY.read_text(encoding="utf-8").replace(
        "take_market:", "seize_market:").replace("valley.txt", str(VALLEY.parent / "valley.txt"))
        .replace("valley_replay.yaml", str(VALLEY.parent / "valley_replay.yaml")),
        encoding="utf-8")
    other = BatchSpec(str(copy), "lhs", 2, 3, 1, FACTORS)
    assert "day_met.seize_market" in run_batch(other, workers=2).rows[0]


def test_a_spec_without_commanders_is_played_and_kept_with_the_defaults(tmp_path) -> None:
    from dataclasses import replace

    result = run_batch(spec(2, 1), tmp_path / "d")
    kept, _ = read_batch(tmp_path / "d")
    assert kept.commanders == (("north", "historical"), ("south", "historical"))
    assert run_batch(replace(spec(2, 1), commanders=kept.commanders)).rows == result.rows
    other = run_batch(replace(spec(2, 1), commanders=(("north", "heuristic"),
                                                      ("south", "heuristic")))).rows
    assert other != result.rows    # the commanders are part of what a row records


def test_chunks_grow_with_the_batch_but_stay_shared_out_and_bounded() -> None:
    from engine.batch.run import CHUNK, MAX_CHUNK, chunk_size
    assert chunk_size(24, 1) == CHUNK                # small batches: as before
    assert chunk_size(18_432, 2) == MAX_CHUNK        # a large study: few, large tasks
    assert chunk_size(4_000, 2) == 4_000 // 16       # about eight chunks per worker
    assert all(CHUNK <= chunk_size(n, w) <= MAX_CHUNK for n in (0, 1, 10**6) for w in (1, 64))
