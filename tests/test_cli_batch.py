"""``wargame batch`` and ``wargame sensitivity`` end to end."""

from __future__ import annotations

import csv

from helpers import ALEPPO, SMALL, run


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
    assert code == 0 and "# Sensitivity: sobol design, 48 runs, 2 factors" in text
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
