"""The batch store: finished rows kept safe on disk, and the CSV table of them.

**The store survives a crash.** Rows go into ``DIR/runs.sqlite`` as runs finish, each
group of rows in one transaction, keyed by run id, so a process killed at any moment loses
no finished row and a run is never stored twice. Run the same batch again and it skips what
is done. ``DIR/runs.csv`` is written (whole, then renamed into place) when the batch ends:
CSV because it opens in pandas, R or a spreadsheet with nothing more installed; SQLite
because its transactions are what make the crash-safety true.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from engine.batch.factors import Factor
from engine.batch.spec import BatchSpec
from engine.errors import WargameError
from engine.util.atomic import write_atomic

SPEC, STORE, TABLE = "batch.json", "runs.sqlite", "runs.csv"


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
    """The rows as ``runs.csv``: run id, point, replication, seed and factors first."""
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
