"""``wargame batch`` and ``wargame sensitivity`` end to end."""

from __future__ import annotations

import csv
import json

from helpers import ALEPPO, SMALL, VALLEY, run


def test_batch_then_sensitivity(capsys, tmp_path) -> None:
    out = tmp_path / "b"
    code, text, err = run(capsys, "batch", str(SMALL), "--design", "sobol", "--runs", "8",
                          "--vary", "rules.loss_scale=0.2:2", "--vary",
                          "unit.armd.quality=0.8:1.6", "--workers", "2", "--out", str(out))
    assert code == 0 and "48 runs in" in text and "2 factors, sobol design" in text
    assert err == ""  # no progress bar when standard error is not a terminal
    with open(out / "runs.csv", newline="", encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == 48
    code, text, _ = run(capsys, "sensitivity", str(out), "--metric", "killed.red")
    assert code == 0 and "# Sensitivity: sobol design, 48 runs (48 parameter sets), 2 factors" in text
    for name in ("sensitivity.md", "tornado.png", "sensitivity.json"):
        assert (out / name).stat().st_size > 0


def test_bad_batch_input(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "batch", str(ALEPPO), "--vary", "rules.nope=0:1", "--out",
                       str(tmp_path / "x"))
    assert code == 2 and "no factor 'rules.nope'" in err
    code, _, err = run(capsys, "batch", str(ALEPPO), "--backend", "dask", "--out",
                       str(tmp_path / "y"))
    assert code == 2 and "--scheduler" in err
    code, _, err = run(capsys, "sensitivity", str(tmp_path))
    assert code == 2 and "not a batch folder" in err


def test_batch_keeps_its_commanders_and_plays_with_them_again(capsys, tmp_path) -> None:
    out = tmp_path / "b"
    args = ("batch", str(VALLEY), "--runs", "2", "--workers", "1", "--vary",
            "rules.loss_scale=0.5:1", "--out", str(out))
    code, text, _ = run(capsys, *args, "--ai", "north=heuristic")
    assert code == 0 and "commanders north heuristic, south historical" in text
    spec = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert spec["commanders"] == {"north": "heuristic", "south": "historical"}
    first = (out / "runs.csv").read_text(encoding="utf-8")
    code, _, err = run(capsys, *args)     # the default would be historical for both
    assert code == 2 and "--ai north=heuristic --ai south=historical to add to it" in err
    (out / "runs.sqlite").unlink()        # played again: the same rows
    code, text, _ = run(capsys, *args, "--ai", "north=heuristic", "--ai", "south=historical")
    assert code == 0 and "(2 played now" in text
    assert (out / "runs.csv").read_text(encoding="utf-8") == first


def test_batch_refuses_a_bad_ai(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "batch", str(SMALL), "--ai", "blue=historical", "--out",
                         str(tmp_path / "x"))
    assert code == 2 and "has no plan for a historical commander" in err
    assert "Traceback" not in err and not (tmp_path / "x").exists()
