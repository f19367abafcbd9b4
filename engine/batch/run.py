"""Playing a batch: many AI-against-AI campaigns over a design, one tidy row per run.

Work goes to an executor with ``submit`` (a Dask client's), to local worker processes made
when a batch is run (never at import), or, for one worker, is done in this process; a worker
plays chunks of runs and loads the scenario once. Forked local workers share a scenario given
as an object. Each chunk's rows are kept in the crash-safe store of
:mod:`engine.batch.store` as it finishes, when a folder is given.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import as_completed as completed_futures
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.batch.factors import apply
from engine.batch.spec import BatchSpec, tasks
from engine.batch.store import Store, checked, export_csv, locked, open_batch
from engine.batch.store import repair as repair_store
from engine.errors import WargameError
from engine.play.campaign import play_campaign
from engine.play.commanders import parse_ai, players
from engine.play.metrics import outcome_metrics, run_metrics
from engine.play.player import Player
from engine.play.quick import play_quick, quick
from engine.scenario.loader import load_scenario
from engine.scenario.model import Scenario
from engine.sim.game import Game, build_game
from engine.util.progress import Tick

#: Runs a worker plays at a time, least and most: each chunk costs a task's hand-over (about
#: 9 ms on Dask) and one transaction, and a worker killed loses only the chunk it plays.
CHUNK, MAX_CHUNK = 8, 256
Row = dict[str, Any]

#: Scenarios loaded by a worker, by path and the file's modification time and size, so that a
#: long-lived worker (a Dask worker) plays a file changed between batches as it is now.
_LOADED: dict[tuple[str, int, int], Scenario] = {}
#: The scenario a forked local worker was given (a scenario object, which does not pickle).
_SHARED: list[Scenario] = []


def _share(scenario: Scenario) -> None:
    _SHARED[:] = [scenario]


def _load(path: str) -> Scenario:
    try:
        info = os.stat(path)
        key = (path, info.st_mtime_ns, info.st_size)
    except OSError:
        return load_scenario(path)   # says clearly what is wrong with the path
    found = _LOADED.get(key)
    if found is None:
        found = _LOADED[key] = load_scenario(path)
    return found


def play_chunk(scenario: Scenario, chunk: Sequence[tuple],
               commanders: Sequence[tuple[str, str]] = ()) -> list[Row]:
    """Play a chunk of runs (run id, point, replication, seed, factor values) of
    ``scenario`` with ``commanders`` ((side, kind) pairs; a side not named takes its
    default): a row each. Players are made afresh for every run, since they keep memory."""
    texts = [f"{side}={kind}" for side, kind in commanders]
    rows = []
    base = _base_game(scenario)
    for run_id, point, rep, seed, values in chunk:
        game = apply(scenario, values, base)
        rows.append({"run_id": run_id, "point": point, "rep": rep, "seed": seed, **values,
                     **outcome(game, seed, players(game, parse_ai(game, texts), seed))})
    return rows


def outcome(game: Game, seed: int, commanders: Sequence[Player]) -> Row:
    """One campaign's :func:`~engine.play.metrics.run_metrics`: played in the kernel's loop
    where the commanders allow (:mod:`engine.play.quick`: the same states, without the
    story), else as any campaign is."""
    if quick(commanders):
        played = play_quick(game, seed, commanders)
        return outcome_metrics(game, played.standings, played.final)
    return run_metrics(game, play_campaign(game, seed, commanders).states)


def _base_game(scenario: Scenario) -> Game:
    """The game of a scenario as given, kept while the worker plays it: its theatre and
    paths serve every run of every chunk."""
    kept = _BASE.get(id(scenario))
    if kept is None or kept[0] is not scenario:
        _BASE.clear()
        kept = _BASE[id(scenario)] = (scenario, build_game(scenario))
    return kept[1]


#: The game of the scenario a worker last played (by the scenario's identity).
_BASE: dict[int, tuple[Scenario, Game]] = {}


def run_chunk(scenario_path: str, chunk: Sequence[tuple],
              commanders: Sequence[tuple[str, str]] = ()) -> list[Row]:
    """A chunk played in a worker: of the scenario it was given when forked, else of the
    scenario file, loaded once per worker."""
    return play_chunk(_SHARED[0] if _SHARED else _load(scenario_path), chunk, commanders)


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


def cores() -> int:
    """The cores this process may use: the most local workers a batch starts."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def run_batch(spec: BatchSpec, folder: str | Path | None = None, *,
              scenario: Scenario | None = None, workers: int = 1,
              submit: Callable | None = None, as_completed: Callable | None = None,
              progress: Tick | None = None,
              repair: bool = False) -> BatchResult:
    """Play every run of ``spec`` not yet stored in ``folder`` (no folder: every run, kept in
    memory), storing each chunk's rows as it finishes.

    Where runs are played: with ``submit`` and ``as_completed`` (a Dask client's), on that
    executor's workers, which load ``spec.scenario`` from its path; else on ``workers`` local
    processes; else, for one worker, in this process. ``scenario``, a scenario object, is
    played instead of the file by this process and by local workers (forked to share it; where
    the platform cannot fork, it is played here). More local workers than :func:`cores` are
    not started: they would only share the same cores. With ``submit``, ``workers`` is how
    many the executor has (its threads), which sizes the chunks (:func:`chunk_size`).

    One batch at a time writes a folder (a second is refused while the first runs). With
    ``repair``, a damaged store is rebuilt from its intact rows first (see
    :func:`~engine.batch.store.repair`). A spec that names no commanders is played with
    each side's default, named in the spec before anything is stored."""
    if submit is not None and as_completed is None:
        raise ValueError("run_batch: give as_completed with submit (the executor's own)")
    if not spec.commanders:
        spec = spec.with_commanders(build_game(scenario if scenario is not None
                                               else load_scenario(spec.scenario)))
    if folder is None:
        return _run(spec, None, scenario, workers, submit, as_completed, progress)
    path = open_batch(folder, spec)
    with locked(path):
        if repair:
            repair_store(path, spec)
        return _run(spec, path, scenario, workers, submit, as_completed, progress)


def _run(spec: BatchSpec, path: Path | None, scenario: Scenario | None, workers: int,
         submit: Callable | None, as_completed: Callable | None,
         progress: Tick | None) -> BatchResult:
    workers = max(1, workers if submit is not None else min(workers, cores()))
    store = Store(path) if path is not None else None
    pool = None
    try:
        done = store.done() if store else set()
        todo = [t for t in tasks(spec) if t[0] not in done]
        size = chunk_size(len(todo), workers)
        chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
        results: Iterable[list[Row]]
        forks = "fork" in mp.get_all_start_methods()
        if submit is None and workers > 1 and (scenario is None or forks):
            pool = (ProcessPoolExecutor(workers) if scenario is None else
                    ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"),
                                        initializer=_share, initargs=(scenario,)))
            submit, as_completed = pool.submit, completed_futures
        if submit is not None and as_completed is not None:
            futures = [submit(run_chunk, spec.scenario, chunk, spec.commanders)
                       for chunk in chunks]
            results = (future.result() for future in as_completed(futures))
        else:
            here = scenario if scenario is not None else load_scenario(spec.scenario)
            results = (play_chunk(here, chunk, spec.commanders) for chunk in chunks)
        finished, kept = len(done), []
        for rows in results:
            if store:
                store.add(rows)
            else:
                kept += rows
            finished += len(rows)
            if progress:
                progress(finished, len(done) + len(todo))
        rows = checked(path, spec, store.rows()) if store and path else \
            sorted(kept, key=lambda r: r["run_id"])
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if store:
            store.close()
    table = export_csv(path, spec, rows) if path is not None else None
    return BatchResult(rows, len(todo), path, table)


def chunk_size(runs: int, workers: int) -> int:
    """Runs per chunk: about eight chunks per worker (so the work stays shared out to the
    end), within :data:`CHUNK` and :data:`MAX_CHUNK`."""
    return max(CHUNK, min(MAX_CHUNK, runs // (8 * max(workers, 2))))


def play_batch(spec: BatchSpec, scenario: Scenario | None = None, workers: int = 1,
               folder: str | Path | None = None) -> Any:
    """Play a batch on local workers and return its rows: a pandas DataFrame when pandas is
    installed, else the list of rows (dicts)."""
    result = run_batch(spec, folder, scenario=scenario, workers=workers)
    try:
        return result.frame()
    except WargameError:
        return result.rows
