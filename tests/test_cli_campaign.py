"""``wargame run`` and ``wargame bench`` end to end."""

from __future__ import annotations

import json

import pytest

from engine.cli.main import main

from helpers import ALEPPO, SMALL, run


def test_run_prints_a_summary(capsys) -> None:
    code, out, err = run(capsys, "run", str(ALEPPO), "--seed", "1")
    assert code == 0 and not err
    assert out.startswith("aleppo_2013, seed 1: 2013-10-01 to 2013-12-01 (62 days)")
    for part in ("Objectives", "take_khanasir", "Holders of objective places", "Losses",
                 "Civilians killed:", "Final state digest:"):
        assert part in out


def test_run_is_reproducible_and_json_agrees(capsys) -> None:
    _, first, _ = run(capsys, "run", str(SMALL), "--seed", "4", "--json")
    _, second, _ = run(capsys, "run", str(SMALL), "--seed", "4", "--json")
    assert first == second
    data = json.loads(first)
    assert data["seed"] == 4 and set(data["losses"]) == {"blue", "red"}
    assert isinstance(data["outcomes"], list) and isinstance(data["log"], list)
    _, text, _ = run(capsys, "run", str(SMALL), "--seed", "4")
    assert f"Final state digest: {data['digest']}" in text


def test_run_log_and_days(capsys) -> None:
    code, out, _ = run(capsys, "run", str(ALEPPO), "--days", "3", "--log")
    assert code == 0
    assert out.splitlines()[0].startswith("2013-10-0")
    assert "2013-10-01 to 2013-10-03 (3 days)" in out


@pytest.mark.parametrize("args, message", [
    (("--seed", "-2"), "seed is a whole number"),
    (("--seed", "x"), "seed is a whole number"),
    (("--days", "0"), "1 or more"),
])
def test_run_rejects_bad_arguments(capsys, args, message) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["run", str(ALEPPO), *args])
    assert exit_.value.code == 2 and message in capsys.readouterr().err


def test_run_rejects_days_beyond_the_calendar(capsys) -> None:
    code, out, err = run(capsys, "run", str(ALEPPO), "--days", "99")
    assert code == 2 and not out and "--days must be between 1 and 62" in err


def test_run_bad_scenario_exits_2(capsys, tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenario: [\n", encoding="utf-8")
    code, out, err = run(capsys, "run", str(bad))
    assert code == 2 and not out and str(bad) in err and "Traceback" not in err


def test_bench_reports_its_figures(capsys) -> None:
    from engine.batch.bench import run_bench
    from engine.scenario.loader import load_scenario
    lines = run_bench(load_scenario(SMALL), runs=2, turns=2, scales=(1, 2))
    assert lines[0].endswith("median of 2)") and " ms per campaign (" in lines[0]
    assert "ms per turn on a synthetic theatre of 10 places and 8 units (2x)" in lines[2]
