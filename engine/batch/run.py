"""Playing a batch: many AI-against-AI campaigns over a design, one tidy row per run.

Work goes to an executor with ``submit`` (a Dask client's) or to local worker processes,
made when a batch is run, never at import; each task plays a chunk of runs in a worker that
loads the scenario once. Forked local workers share a scenario given as an object. Rows are
kept in the crash-safe store of :mod:`engine.batch.store` when a folder is given.
"""

from __future__ import annotations

import multiprocessing as mp
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import as_completed as completed_futures
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.batch.factors import apply
from engine.batch.spec import BatchSpec, tasks
from engine.batch.store import Store, export_csv, open_batch
from engine.errors import WargameError
from engine.play.ai import commanders
from engine.play.campaign import play_campaign
from engine.play.metrics import run_metrics
from engine.scenario.loader import load_scenario
from engine.scenario.model import Scenario

CHUNK = 8
Row = dict[str, Any]

#: Scenarios by the name a batch gives them, loaded (or given) once per process.
_SCENARIOS: dict[str, Scenario] = {}


def run_chunk(scenario_path: str, chunk: Sequence[tuple]) -> list[Row]:
    """Play a chunk of runs (in a worker); the scenario is loaded once per worker."""
    scenario = _SCENARIOS.get(scenario_path)
    if scenario is None:
        scenario = _SCENARIOS[scenario_path] = load_scenario(scenario_path)
    rows = []
    for run_id, point, rep, seed, values in chunk:
        game = apply(scenario, values)
        history = play_campaign(game, seed, commanders(game))
        rows.append({"run_id": run_id, "point": point, "rep": rep, "seed": seed, **values,
                     **run_metrics(game, history.states)})
    return rows


@dataclass(frozen=True)
class BatchResult:
    """Every row of a batch (by run id), how many were played now, and where they are kept
    (no folder: kept in memory only)."""

    rows: list[Row]
    new: int
    folder: Path | None = None
    table: Path | None = None

    def frame(self) -> Any:
        """The rows as a pandas DataFrame, one row per run."""
        try:
            import pandas as pd
        except ImportError:
            raise WargameError("a DataFrame needs pandas: pip install pandas (the rows are "
                               "plain dicts in .rows)") from None
        return pd.DataFrame(self.rows)


def _inline(fn: Callable, *args: Any) -> Future:
    """A future already done: the work is done here, in this process."""
    future: Future = Future()
    future.set_result(fn(*args))
    return future


def run_batch(spec: BatchSpec, folder: str | Path | None = None, *,
              scenario: Scenario | None = None, workers: int = 1,
              submit: Callable | None = None, as_completed: Callable | None = None,
              progress: Callable[[int, int, float], None] | None = None) -> BatchResult:
    """Play every run of ``spec`` not yet stored in ``folder`` (no folder: every run, kept in
    memory). ``scenario`` is used instead of loading ``spec.scenario``. Runs go to ``submit``
    and ``as_completed`` (a Dask client's), else to ``workers`` local processes (forked, so
    they share the scenario), else, for one worker, to this process."""
    if scenario is not None:
        _SCENARIOS[spec.scenario] = scenario
    path = open_batch(folder, spec) if folder is not None else None
    store = Store(path) if path is not None else None
    pool = None
    try:
        done = store.done() if store else set()
        todo = [t for t in tasks(spec) if t[0] not in done]
        if submit is None:
            if workers > 1 and "fork" in mp.get_all_start_methods():
                pool = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork"))
                submit = pool.submit
            else:
                submit = _inline
            as_completed = completed_futures
        assert as_completed is not None, "give as_completed with submit"
        futures = [submit(run_chunk, spec.scenario, todo[i:i + CHUNK])
                   for i in range(0, len(todo), CHUNK)]
        start, finished, kept = time.perf_counter(), len(done), []
        for future in as_completed(futures):
            rows = future.result()
            if store:
                store.add(rows)
            else:
                kept += rows
            finished += len(rows)
            if progress:
                progress(finished, len(done) + len(todo), time.perf_counter() - start)
        rows = store.rows() if store else sorted(kept, key=lambda r: r["run_id"])
    finally:
        if pool is not None:
            pool.shutdown()
        if store:
            store.close()
    table = export_csv(path, spec, rows) if path is not None else None
    return BatchResult(rows, len(todo), path, table)


def play_batch(spec: BatchSpec, scenario: Scenario | None = None, workers: int = 1,
               folder: str | Path | None = None) -> Any:
    """Play a batch on local workers and return its rows: a pandas DataFrame when pandas is
    installed, else the list of rows (dicts)."""
    result = run_batch(spec, folder, scenario=scenario, workers=workers)
    try:
        return result.frame()
    except WargameError:
        return result.rows


def progress_bar(stream: Any) -> Callable[[int, int, float], None]:
    """A one-line bar with rate and ETA, redrawn in place (only on a terminal)."""
    first: list[int] = []

    def show(done: int, total: int, seconds: float) -> None:
        if not first:
            first.append(done)
        new = done - first[0] + 1
        rate = new / seconds if seconds > 0 else 0.0
        eta = (total - done) / rate if rate > 0 else 0.0
        width = 30
        filled = int(width * done / max(total, 1))
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} runs "
                     f"{rate:.1f}/s ETA {int(eta) // 60}:{int(eta) % 60:02d}")
        if done >= total:
            stream.write("\n")
        stream.flush()
    return show
