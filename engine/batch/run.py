"""Batch simulation: many AI-against-AI campaigns over a design, one tidy row per run.

Run ``i`` of a parameter set plays with seed ``seed + rep``: every parameter set meets the
same chance draws in its ``rep``-th replication (common random numbers), so differences
between sets come from the parameters.

**The store survives a crash.** Rows go into ``DIR/runs.sqlite`` as runs finish, each
group of rows in one transaction, keyed by run id, so a process killed at any moment loses
no finished row and a run is never stored twice. Run the same command again and it skips
what is done. ``DIR/runs.csv`` is written (whole, then renamed into place) when the batch
ends: CSV because it opens in pandas, R or a spreadsheet with nothing more installed;
SQLite because its transactions are what make the crash-safety true.

Work goes to an executor with ``submit`` (a local process pool, made by the command, or a
Dask client); each task plays a chunk of runs in a worker that loads the scenario once.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from engine._version import __version__
from engine.batch.design import sample
from engine.batch.factors import Factor, apply
from engine.errors import WargameError
from engine.play.campaign import objective_met, play_campaign
from engine.sim.game import Game
from engine.sim.state import State
from engine.util.atomic import write_atomic

SPEC, STORE, TABLE = "batch.json", "runs.sqlite", "runs.csv"
CHUNK = 8


@dataclass(frozen=True)
class BatchSpec:
    scenario: str
    design: str
    runs: int
    seed: int
    reps: int
    factors: tuple[Factor, ...]

    def points(self) -> list[list[float]]:
        return [[float(x) for x in row]
                for row in sample(self.design, self.factors, self.runs, self.seed)]

    def to_json(self) -> dict[str, Any]:
        return {"engine": __version__, "scenario": self.scenario, "design": self.design,
                "runs": self.runs, "seed": self.seed, "reps": self.reps,
                "factors": [asdict(f) for f in self.factors]}


def tasks(spec: BatchSpec) -> list[tuple[int, int, int, int, dict[str, float]]]:
    """(run id, point, replication, seed, factor values) for every run of the batch."""
    out = []
    for p, row in enumerate(spec.points()):
        values = {f.name: v for f, v in zip(spec.factors, row, strict=True)}
        for rep in range(spec.reps):
            out.append((p * spec.reps + rep, p, rep, spec.seed + rep, values))
    return out


# -- one run -----------------------------------------------------------------------------

def run_metrics(game: Game, states: Sequence[State]) -> dict[str, Any]:
    """The outcome of one campaign as flat columns."""
    out: dict[str, Any] = {}
    final = states[-1]
    for oid in sorted(game.scenario.objectives):
        met = [objective_met(game, st, oid) for st in states[1:]]
        out[f"day_met.{oid}"] = next((d for d, m in enumerate(met) if m), None)
        out[f"met_at_end.{oid}"] = int(bool(met and met[-1]))
    for place in sorted({o.place for o in game.scenario.objectives.values() if o.place}):
        out[f"holder.{place}"] = game.sides[final.holder[game.theatre.index[place]]]
    for side, v in final.side_losses(game).items():
        out[f"killed.{side}"] = v["killed"]
    out["civilians_killed"] = sum(final.civilians_killed)
    out["displaced"] = sum(final.displaced)
    for side in game.sides:
        out[f"points.{side}"] = sum(o.points for oid, o in game.scenario.objectives.items()
                                    if o.side == side and out[f"met_at_end.{oid}"])
    return out


_SCENARIOS: dict[str, Any] = {}


def run_chunk(scenario_path: str, chunk: Sequence[tuple]) -> list[dict[str, Any]]:
    """Play a chunk of runs (in a worker); the scenario is loaded once per worker."""
    from engine.scenario.loader import load_scenario

    scenario = _SCENARIOS.get(scenario_path)
    if scenario is None:
        scenario = _SCENARIOS[scenario_path] = load_scenario(scenario_path)
    rows = []
    for run_id, point, rep, seed, values in chunk:
        game = apply(scenario, values)
        c = play_campaign(game, seed)
        rows.append({"run_id": run_id, "point": point, "rep": rep, "seed": seed, **values,
                     **run_metrics(game, [c.start, *(t.state for t in c.turns)])})
    return rows


# -- the store ---------------------------------------------------------------------------

class Store:
    """Finished rows, by run id, committed as they come."""

    def __init__(self, folder: Path) -> None:
        self.db = sqlite3.connect(folder / STORE)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS runs (run_id INTEGER PRIMARY KEY, "
                        "row TEXT NOT NULL)")
        self.db.commit()

    def done(self) -> set[int]:
        return {r for (r,) in self.db.execute("SELECT run_id FROM runs")}

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        with self.db:  # one transaction: all of the rows or none
            self.db.executemany("INSERT OR IGNORE INTO runs VALUES (?, ?)",
                                [(r["run_id"], json.dumps(r, sort_keys=True)) for r in rows])

    def rows(self) -> list[dict[str, Any]]:
        return [json.loads(t) for (t,) in self.db.execute("SELECT row FROM runs ORDER BY run_id")]

    def close(self) -> None:
        self.db.close()


def open_batch(folder: str | Path, spec: BatchSpec) -> Path:
    """Make or reopen the batch folder; refuse one that holds another batch."""
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    saved = path / SPEC
    if saved.exists():
        try:
            old = json.loads(saved.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise WargameError(f"{saved}: not a batch description ({exc})") from None
        if {k: v for k, v in old.items() if k != "engine"} != \
                {k: v for k, v in spec.to_json().items() if k != "engine"}:
            raise WargameError(f"{path} holds another batch ({saved}); give another --out or "
                               "the same command as before")
    else:
        write_atomic(saved, json.dumps(spec.to_json(), indent=1) + "\n")
    return path


def read_batch(folder: str | Path) -> tuple[BatchSpec, list[dict[str, Any]]]:
    path = Path(folder)
    try:
        data = json.loads((path / SPEC).read_text(encoding="utf-8"))
        spec = BatchSpec(data["scenario"], data["design"], int(data["runs"]), int(data["seed"]),
                         int(data["reps"]), tuple(Factor(**f) for f in data["factors"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise WargameError(f"{path}: not a batch folder (no readable {SPEC}: {exc})") from None
    if not (path / STORE).exists():
        raise WargameError(f"{path}: the batch has no results yet ({STORE})")
    store = Store(path)
    try:
        return spec, store.rows()
    finally:
        store.close()


def export_csv(folder: Path, spec: BatchSpec, rows: Sequence[dict[str, Any]]) -> Path:
    import csv
    import io

    first = ["run_id", "point", "rep", "seed", *(f.name for f in spec.factors)]
    rest = sorted({k for r in rows for k in r} - set(first))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=first + rest, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in first + rest})
    target = folder / TABLE
    write_atomic(target, buffer.getvalue())
    return target


# -- running -----------------------------------------------------------------------------

def run_batch(spec: BatchSpec, folder: str | Path, submit: Callable, as_completed: Callable,
              progress: Callable[[int, int, float], None] | None = None) -> dict[str, Any]:
    """Play every run not yet stored; return what was done."""
    path = open_batch(folder, spec)
    store = Store(path)
    try:
        done = store.done()
        todo = [t for t in tasks(spec) if t[0] not in done]
        total = len(done) + len(todo)
        futures = [submit(run_chunk, spec.scenario, todo[i:i + CHUNK])
                   for i in range(0, len(todo), CHUNK)]
        start, finished = time.perf_counter(), len(done)
        for future in as_completed(futures):
            rows = future.result()
            store.add(rows)
            finished += len(rows)
            if progress:
                progress(finished, total, time.perf_counter() - start)
        rows = store.rows()
    finally:
        store.close()
    table = export_csv(path, spec, rows)
    return {"folder": str(path), "runs": len(rows), "new": len(todo), "table": str(table)}


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
