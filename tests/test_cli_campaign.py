"""``wargame run`` and ``wargame bench`` end to end."""

from __future__ import annotations

import json

import pytest

from engine.cli.main import main

from helpers import ALEPPO, SMALL, VALLEY, run


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


def test_run_json_has_every_place_s_holders_and_how_it_was_fought(capsys) -> None:
    code, out, _ = run(capsys, "run", str(VALLEY), "--seed", "2", "--json")
    data = json.loads(out)
    assert code == 0 and data["commanders"] == {"north": "historical", "south": "historical"}
    assert set(data["places"]) == {"port", "airfield", "ford", "mill", "orchard", "market",
                                   "citadel", "pass", "outpost"}
    for place, changes in data["places"].items():
        assert changes[0]["date"] == "1900-05-01", place
        assert all(set(c) == {"date", "holder", "contested"} for c in changes)
    assert data["holders"] == {"market": data["places"]["market"]}
    assert set(data["captures"]) == {"north", "south"}
    assert set(data["fire_days"]) == {"air", "guns"} and data["reserves_idle"] == {}


def test_run_with_a_commander_per_side(capsys) -> None:
    code, out, _ = run(capsys, "run", str(VALLEY), "--ai", "north=heuristic", "--json")
    assert code == 0 and json.loads(out)["commanders"] == {"north": "heuristic",
                                                           "south": "historical"}
    code, out, _ = run(capsys, "run", str(VALLEY), "--ai", "heuristic", "--ai",
                       "south=historical")
    assert code == 0 and out.splitlines()[1] == "Commanders: north heuristic, south historical"
    code, out, _ = run(capsys, "run", str(SMALL), "--days", "2")
    assert code == 0 and out.splitlines()[1] == "Commanders: blue heuristic, red heuristic"


@pytest.mark.parametrize("scenario, ai, message", [
    (VALLEY, "robot", "--ai robot: the commander is one of historical, heuristic, search"),
    (VALLEY, "north=histrical", "--ai north=histrical: the commander is one of"),
    (VALLEY, "east=heuristic", "--ai east=heuristic: there is no side 'east'"),
    (SMALL, "historical", "--ai historical: " + str(SMALL) + " has no plan"),
    (SMALL, "red=historical", "has no plan for a historical commander"),
])
def test_run_refuses_a_bad_ai(capsys, scenario, ai, message) -> None:
    code, out, err = run(capsys, "run", str(scenario), "--ai", ai)
    assert code == 2 and not out and message in err and "Traceback" not in err


def test_bench_reports_its_figures(capsys) -> None:
    code, out, err = run(capsys, "bench", str(SMALL), "--runs", "2", "--turns", "2",
                         "--scales", "1,2", "--largest", "30:6")
    assert code == 0 and not err
    lines = out.splitlines()
    assert lines[0].endswith("ms per campaign (median of 2):")
    assert lines[1].split() == ["commanders", "reference", "kernel", "outcome", "kernel", "x",
                                "outcome", "x"]
    assert lines[2].split()[0] == "heuristic" and lines[2].endswith("x")
    assert lines[3].startswith("  (reference:")
    assert lines[4].startswith("  turn alone")
    sizes = [line.split()[:3] for line in lines[7:]]
    assert sizes == [["1x", "5", "4"], ["2x", "10", "8"], ["largest", "30", "6"]]


def test_bench_json_has_the_figures_of_the_tables(capsys) -> None:
    code, out, _ = run(capsys, "bench", str(SMALL), "--runs", "1", "--turns", "1",
                       "--scales", "1", "--largest", "20:4", "--json")
    figures = json.loads(out)
    assert code == 0 and figures["scenario"] == "river_crossing" and figures["runs"] == 1
    assert set(figures["campaign_ms"]["heuristic"]) == set(figures["ways"])
    assert all(v > 0 for v in figures["campaign_ms"]["heuristic"].values())
    assert [(r["size"], r["places"], r["units"]) for r in figures["synthetic"]] == \
        [("1x", 5, 4), ("largest", 20, 4)]
    assert all(r["cold_ms"] > 0 and r["warm_ms"] > 0 for r in figures["synthetic"])


@pytest.mark.parametrize("option", [["--scales", "0,10"], ["--scales", "x"],
                                    ["--largest", "10"], ["--largest", "2:1"]])
def test_bench_refuses_sizes_it_cannot_time(capsys, option) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["bench", str(SMALL), *option])
    assert stop.value.code == 2 and f"argument {option[0]}:" in capsys.readouterr().err
