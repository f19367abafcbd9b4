"""The batch store: finished rows kept safe on disk, and the CSV table of them.

**The store survives a crash.** Rows go into ``DIR/runs.sqlite`` as chunks of runs finish,
each chunk's rows in one transaction, keyed by run id, so a process killed at any moment
loses no stored row and a run is never stored twice (write-ahead log, synchronous=NORMAL:
only a power cut can take back the last commits). Run the same batch again and it skips what
is done. ``DIR/runs.csv`` is written (whole, then renamed into place) when the batch ends:
CSV because it opens in pandas, R or a spreadsheet with nothing more installed; SQLite
because its transactions are what make the crash-safety true.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from engine.batch.factors import Factor
from engine.batch.spec import BatchSpec, tasks
from engine.errors import ScenarioError, WargameError
from engine.scenario.yamlsrc import read_text
from engine.util.atomic import write_atomic
from engine.util.checked import count

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

SPEC, STORE, TABLE, LOCK = "batch.json", "runs.sqlite", "runs.csv", "batch.lock"
#: What a damaged store is moved aside to by a repair.
DAMAGED = "runs.sqlite.damaged"


def damaged(path: Path, why: str) -> WargameError:
    """A store that cannot be read, with the two ways out."""
    return WargameError(f"{path}: the batch store is damaged ({why}); run the same batch "
                        "command again with --repair to keep every intact row, or give a new "
                        "--out folder")


class Store:
    """Finished rows, by run id, committed as they come.

    Opening checks that the file is a store (an SQLite database whose ``runs`` table has
    the two columns written here), and every row read is checked to be the JSON object of
    its run: a damaged store is reported as such, never as a traceback."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / STORE
        if self.path.exists() and not self.path.is_file():
            raise damaged(self.path, "it is not a file")
        try:
            self.db = sqlite3.connect(self.path)
        except sqlite3.Error as exc:
            raise damaged(self.path, str(exc)) from None
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            # with WAL, NORMAL still loses nothing committed to a killed process (only to
            # a power cut), and spares an fsync a transaction
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("CREATE TABLE IF NOT EXISTS runs (run_id INTEGER PRIMARY KEY, "
                            "row TEXT NOT NULL)")
            self.db.commit()
            columns = [(c[1], c[2].upper()) for c in self.db.execute("PRAGMA table_info(runs)")]
        except sqlite3.Error as exc:
            self.db.close()
            raise damaged(self.path, str(exc)) from None
        if columns != [("run_id", "INTEGER"), ("row", "TEXT")]:
            self.db.close()
            raise damaged(self.path, f"its runs table has the columns {columns}, not "
                                     "run_id and row")

    def done(self) -> set[int]:
        with self._reading():
            return {r for (r,) in self.db.execute("SELECT run_id FROM runs")}

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        with self._reading(), self.db:  # one transaction: all of the rows or none
            self.db.executemany("INSERT OR IGNORE INTO runs VALUES (?, ?)",
                                [(r["run_id"], json.dumps(r, sort_keys=True)) for r in rows])

    def rows(self) -> list[dict[str, Any]]:
        with self._reading():
            found = list(self.db.execute("SELECT run_id, row FROM runs ORDER BY run_id"))
        out = []
        for run_id, text in found:
            row = _row(run_id, text)
            if row is None:
                raise damaged(self.path, f"the row of run {run_id} is not the JSON of that run")
            out.append(row)
        return out

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        """SQLite's own complaints about the file, as a damaged store."""
        try:
            yield
        except sqlite3.Error as exc:
            raise damaged(self.path, str(exc)) from None


#: The largest outcome a row may hold: any count or day, and within a float's exact range.
_LARGEST = 2.0**53


def row_problem(row: dict[str, Any], task: tuple, columns: set[str]) -> str | None:
    """What is wrong with a stored row, checked against the run it records: its point, its
    replication, its seed and its factors are the run's, its columns are the batch's, and
    every outcome is a finite number, empty, or (a holder) a side."""
    run_id, point, rep, seed, values = task
    if (row.get("point"), row.get("rep"), row.get("seed")) != (point, rep, seed):
        return f"the row of run {run_id} is not that run's (point, replication or seed)"
    if any(row.get(k) != v for k, v in values.items()):
        return f"the row of run {run_id} has other factor values than the run's"
    if set(row) != columns:
        return f"the row of run {run_id} has other columns than the batch's"
    for key, v in row.items():
        if key in ("run_id", "point", "rep", "seed") or key in values:  # the run's, checked
            continue
        if key.startswith("holder."):
            ok = isinstance(v, str)
        else:
            ok = v is None or (isinstance(v, int | float) and not isinstance(v, bool)
                               and abs(v) <= _LARGEST)   # also refuses nan and inf
        if not ok:
            return f"run {run_id}'s {key} is {v!r}"
    return None


def checked(path: Path, spec: BatchSpec, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows, each checked with :func:`row_problem`; a damaged one is reported."""
    runs = tasks(spec)
    columns = set(rows[0]) if rows else set()
    for row in rows:
        run_id = row["run_id"]
        why = (f"a row of run {run_id}, which the batch does not have"
               if not 0 <= run_id < len(runs) else row_problem(row, runs[run_id], columns))
        if why:
            raise damaged(path / STORE, why)
    return rows


def _row(run_id: Any, text: Any) -> dict[str, Any] | None:
    """The row stored for ``run_id``, or None if it is not that run's JSON object."""
    try:
        row = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return None
    if not isinstance(row, dict) or row.get("run_id") != run_id or isinstance(run_id, bool):
        return None
    return row


def repair(folder: str | Path, spec: BatchSpec) -> tuple[int, int]:
    """Keep every intact row of a damaged store: read each run's row on its own (a damaged
    page loses only the rows on it), write them to a new store, and move the old file aside
    to ``runs.sqlite.damaged``. Returns (rows kept, runs to play again)."""
    path = Path(folder)
    old = path / STORE
    kept: list[dict[str, Any]] = []
    runs = tasks(spec)
    total = len(runs)
    columns: set[str] | None = None
    if old.is_file():
        try:
            db = sqlite3.connect(f"file:{old}?mode=ro", uri=True)
        except sqlite3.Error:
            db = None
        if db is not None:
            for task in runs:
                try:
                    found = db.execute("SELECT row FROM runs WHERE run_id = ?", (task[0],)
                                       ).fetchone()
                except sqlite3.Error:
                    continue
                row = _row(task[0], found[0]) if found else None
                if row is not None and columns is None:
                    columns = set(row)   # the first intact row's columns are the batch's
                if row is not None and columns is not None and \
                        row_problem(row, task, columns) is None:
                    kept.append(row)
            db.close()
    if old.exists() or old.is_symlink():
        aside = path / DAMAGED
        if aside.is_dir():
            shutil.rmtree(aside)
        os.replace(old, aside)
    for extra in ("-wal", "-shm"):
        Path(f"{old}{extra}").unlink(missing_ok=True)
    store = Store(path)
    try:
        store.add(kept)
    finally:
        store.close()
    return len(kept), total - len(kept)


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the batch folder for one batch at a time: a second batch writing the same folder
    would play every run again beside the first. The lock is the operating system's record
    lock, so it is released when its process ends, however it ends, and worker processes
    forked meanwhile do not inherit it; batches in one process are kept apart by a set."""
    lock = folder / LOCK
    busy = WargameError(f"{folder}: another batch is writing this folder now; wait for it to "
                        "finish (then run the command again to add to it) or give another "
                        "--out")
    key = os.path.realpath(lock)
    if key in _HELD:
        raise busy
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise WargameError(f"{lock}: cannot take the batch folder's lock: "
                           f"{exc.strerror or exc}") from None
    try:
        try:
            _lock(fd)
        except OSError:
            raise busy from None
        _HELD.add(key)
        try:
            yield
        finally:
            _HELD.discard(key)
    finally:
        os.close(fd)


#: The batch folders this process holds.
_HELD: set[str] = set()


def _lock(fd: int) -> None:
    if fcntl is not None:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    else:  # pragma: no cover - Windows
        import msvcrt
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)


def open_batch(folder: str | Path, spec: BatchSpec) -> Path:
    """Make or reopen the batch folder; refuse one that holds another batch."""
    path = Path(folder)
    if path.exists() and not path.is_dir():
        raise WargameError(f"{path}: is a file; --out names the batch's folder (new, or one "
                           "this batch was written to before)")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WargameError(f"{path}: cannot make the batch folder: {exc.strerror or exc}"
                           ) from None
    saved = path / SPEC
    if saved.exists():
        old = _read_spec(path)
        if not old.commanders and spec.commanders:
            raise WargameError(f"{path} holds a batch played before commanders were chosen "
                               f"(its {SPEC} names none; its runs had the heuristic AI of engine "
                               f"{old_engine(saved)}); it can still be analysed (wargame "
                               "sensitivity) but not added to or repaired: give a new --out")
        same = {"engine": "", "commanders": {}}
        if old.to_json() | same == spec.to_json() | same and old.commanders != spec.commanders:
            named = " ".join(f"--ai {side}={kind}" for side, kind in old.commanders)
            raise WargameError(f"{path} holds this batch played with other commanders; give "
                               f"{named} to add to it, or another --out")
        if old.to_json() | {"engine": ""} != spec.to_json() | {"engine": ""}:
            raise WargameError(f"{path} holds another batch ({saved}); give another --out or "
                               "the same command as before")
    else:
        write_atomic(saved, json.dumps(spec.to_json(), indent=1) + "\n")
    return path


def old_engine(saved: Path) -> str:
    """The engine version a batch description names ("unknown" if it names none)."""
    try:
        found = json.loads(read_text(saved)).get("engine")
    except (ScenarioError, ValueError, AttributeError, RecursionError):
        found = None
    return str(found) if found else "unknown"


def _read_spec(path: Path) -> BatchSpec:
    saved = path / SPEC
    try:
        data = json.loads(read_text(saved))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        factors = data["factors"]
        if not isinstance(factors, list) or not all(isinstance(f, dict) for f in factors):
            raise ValueError("factors: not a list of factors")
        commanders = data.get("commanders", {})   # none: a batch from before --ai
        if not isinstance(commanders, dict):
            raise ValueError("commanders: not a mapping of sides to commanders")
        return BatchSpec(str(data["scenario"]), str(data["design"]), count(data["runs"]),
                         count(data["seed"], most=2**64 - 1), count(data["reps"]),
                         tuple(Factor(str(f["name"]), float(f["low"]), float(f["high"]))
                               for f in factors),
                         tuple((str(side), str(kind)) for side, kind in commanders.items()))
    except ScenarioError as exc:
        raise WargameError(f"{path}: not a batch folder ({exc})") from None
    except (ValueError, KeyError, TypeError, OverflowError, RecursionError) as exc:
        raise WargameError(f"{saved}: not a batch description ({exc.__class__.__name__}: "
                           f"{exc}); give a new --out folder") from None


def read_batch(folder: str | Path) -> tuple[BatchSpec, list[dict[str, Any]]]:
    path = Path(folder)
    if not path.is_dir():
        raise WargameError(f"{path}: not a batch folder (give the --out folder of a batch)")
    spec = _read_spec(path)
    if not (path / STORE).exists():
        raise WargameError(f"{path}: the batch has no results yet ({STORE})")
    store = Store(path)
    try:
        return spec, checked(path, spec, store.rows())
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
