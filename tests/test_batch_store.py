"""The batch store: one batch per folder, rows kept and read back, the CSV table."""

from __future__ import annotations

import csv
import json
from dataclasses import replace

import pytest

from engine.batch.factors import Factor
from engine.batch.spec import BatchSpec, tasks
from engine.batch.store import (
    DAMAGED,
    STORE,
    Store,
    export_csv,
    locked,
    open_batch,
    read_batch,
    repair,
)
from engine.errors import WargameError

SPEC = BatchSpec("s.yaml", "lhs", 6, 3, 2, (Factor("rules.loss_scale", 0.2, 1.5),))


def test_another_batch_in_the_same_folder_is_refused(tmp_path) -> None:
    open_batch(tmp_path, SPEC)
    open_batch(tmp_path, SPEC)  # the same batch again: resumed
    with pytest.raises(WargameError, match="holds another batch"):
        open_batch(tmp_path, BatchSpec("s.yaml", "lhs", 7, 3, 2, SPEC.factors))


def test_the_same_batch_with_other_commanders_is_refused_naming_its_own(tmp_path) -> None:
    mine = replace(SPEC, commanders=(("north", "historical"), ("south", "heuristic")))
    open_batch(tmp_path, mine)
    assert json.loads((tmp_path / "batch.json").read_text())["commanders"] == {
        "north": "historical", "south": "heuristic"}
    open_batch(tmp_path, mine)
    other = replace(SPEC, commanders=(("north", "heuristic"), ("south", "heuristic")))
    with pytest.raises(WargameError, match="played with other commanders; give --ai "
                                           "north=historical --ai south=heuristic to add"):
        open_batch(tmp_path, other)


def test_a_batch_from_before_commanders_reads_but_is_not_added_to(tmp_path) -> None:
    old = {k: v for k, v in SPEC.to_json().items() if k != "commanders"}
    (tmp_path / "batch.json").write_text(json.dumps(old), encoding="utf-8")
    store = Store(tmp_path)
    store.add([row(0, 1.0)])
    store.close()
    spec, rows = read_batch(tmp_path)       # still analysed (wargame sensitivity)
    assert spec.commanders == () and rows == [row(0, 1.0)]
    with pytest.raises(WargameError, match=r"played before commanders were chosen .* heuristic "
                                           r"AI of engine .* give a new --out"):
        open_batch(tmp_path, replace(SPEC, commanders=(("north", "heuristic"),)))


def test_a_batch_description_with_bad_commanders_is_refused(tmp_path) -> None:
    for bad in ([], {"north": "robot"}):
        (tmp_path / "batch.json").write_text(json.dumps({**SPEC.to_json(), "commanders": bad}),
                                             encoding="utf-8")
        with pytest.raises(WargameError, match=r"not a batch description.*commander"):
            open_batch(tmp_path, SPEC)


def row(run_id: int, x: float | None) -> dict:
    """The row of run ``run_id`` of SPEC with the outcome ``x``."""
    _, point, rep, seed, values = tasks(SPEC)[run_id]
    return {"run_id": run_id, "point": point, "rep": rep, "seed": seed, **values, "x": x}


def test_rows_are_kept_once_and_read_back_in_order(tmp_path) -> None:
    path = open_batch(tmp_path, SPEC)
    store = Store(path)
    store.add([row(2, 1.5), row(0, None)])
    store.add([row(2, 9.0)])  # a run stored twice keeps its first row
    store.close()
    spec, rows = read_batch(tmp_path)
    assert spec == SPEC and rows == [row(0, None), row(2, 1.5)]
    table = export_csv(path, spec, rows)
    with open(table, newline="", encoding="utf-8") as f:
        read = list(csv.DictReader(f))
    assert list(read[0])[:5] == ["run_id", "point", "rep", "seed", "rules.loss_scale"]
    assert [r["x"] for r in read] == ["", "1.5"]


def test_a_folder_without_a_batch_says_so(tmp_path) -> None:
    with pytest.raises(WargameError, match="not a batch folder"):
        read_batch(tmp_path)
    open_batch(tmp_path, SPEC)
    with pytest.raises(WargameError, match=f"no results yet \\({STORE}\\)"):
        read_batch(tmp_path)



def test_repair_keeps_every_intact_row(tmp_path) -> None:
    path = open_batch(tmp_path, SPEC)
    store = Store(path)
    store.add([row(i, float(i)) for i in range(12)])
    store.db.execute("UPDATE runs SET row = 'junk' WHERE run_id = 5")
    store.db.execute("UPDATE runs SET row = ? WHERE run_id = 4",    # run 9's row as run 4's
                     (json.dumps({**row(9, 9.0), "run_id": 4}),))
    store.db.commit()
    store.close()
    with pytest.raises(WargameError, match="the row of run 5 is not the JSON of that run"):
        read_batch(tmp_path)
    assert repair(tmp_path, SPEC) == (10, 2)
    assert [r["run_id"] for r in read_batch(tmp_path)[1]] == [0, 1, 2, 3, 6, 7, 8, 9, 10, 11]
    assert (tmp_path / DAMAGED).exists()


def test_a_folder_is_held_by_one_batch_at_a_time(tmp_path) -> None:
    with locked(tmp_path), pytest.raises(WargameError, match="another batch is writing"), \
            locked(tmp_path):
        pass
    with locked(tmp_path):   # released
        pass


def test_a_batch_with_the_largest_seed_reads_back(tmp_path) -> None:
    spec = BatchSpec("s.yaml", "lhs", 2, 2**64 - 1, 1, SPEC.factors)
    path = open_batch(tmp_path, spec)
    store = Store(path)
    _, point, rep, seed, values = tasks(spec)[0]
    store.add([{"run_id": 0, "point": point, "rep": rep, "seed": seed, **values, "x": 1}])
    store.close()
    assert read_batch(tmp_path)[1][0]["seed"] == 2**64 - 1


def test_the_store_keeps_a_write_ahead_log_and_syncs_it_at_checkpoints(tmp_path) -> None:
    store = Store(open_batch(tmp_path, SPEC))
    try:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 1   # NORMAL
    finally:
        store.close()
