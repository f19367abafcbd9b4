"""``wargame replay``, ``calibrate`` and ``compare`` end to end."""

from __future__ import annotations

import json

import pytest

from helpers import ALEPPO, ROOT, SMALL, VALLEY, run

HISTORICAL = ROOT / "replays" / "aleppo_2013_historical.yaml"


def test_replay_recorded_by_default(capsys) -> None:
    code, out, err = run(capsys, "replay", str(ALEPPO))
    assert code == 0 and not err
    assert "recorded mode" in out.splitlines()[0]
    for part in ("2013-10-03", "The Army takes back Khanasir", "[line 40]",
                 "government take khanasir from rebels", "Final state, 2013-12-01",
                 "Rule violations:", "Final state digest:"):
        assert part in out, part


def test_replay_json_lists_every_day(capsys) -> None:
    code, out, _ = run(capsys, "replay", str(ALEPPO), str(HISTORICAL), "--json")
    data = json.loads(out)
    assert code == 0 and len(data["days"]) == 62
    first, last = data["days"][0], data["days"][-1]
    assert first["date"] == "2013-10-01" and last["date"] == "2013-12-01"
    assert len(last["holders"]) == 48
    assert data["days"][2]["holders"]["khanasir"] == "government"
    assert data["days"][1]["holders"]["khanasir"] == "rebels"
    killed = [d["losses"]["rebels"]["killed"] for d in data["days"]]
    assert killed == sorted(killed) and killed[-1] > 0
    assert {"date", "text", "source"} <= set(data["violations"][0])


def test_replay_adjudicated_and_from_a_day(capsys) -> None:
    code, out, _ = run(capsys, "replay", str(ALEPPO), "--mode", "adjudicated", "--runs", "4")
    assert code == 0
    for part in ("4 adjudicated runs", "al_safira", "Place-days agreeing", "Fidelity"):
        assert part in out, part
    code, out, _ = run(capsys, "replay", str(ALEPPO), "--from-day", "2013-11-01", "--runs", "3",
                       "--json")
    data = json.loads(out)
    assert code == 0 and data["from"] == "2013-11-01" and data["runs"] == 3
    # the record is kept through October: the report is of what the engine decided after it
    assert data["captures"] and all(c["recorded"] >= "2013-11-01" for c in data["captures"])


def test_replay_bad_input_is_a_clear_error(capsys) -> None:
    code, _, err = run(capsys, "replay", str(ALEPPO), "--from-day", "2014-05-01")
    assert code == 2 and "--from-day 2014-05-01: give a date from 2013-10-01" in err
    code, _, err = run(capsys, "replay", str(SMALL))
    assert code == 2 and "names no historical replay" in err
    code, _, err = run(capsys, "replay", str(ALEPPO), str(ALEPPO))
    assert code == 2 and "unknown key" in err and str(ALEPPO) in err


def test_calibrate_prints_the_fit_and_a_rules_block(capsys) -> None:
    code, out, _ = run(capsys, "calibrate", str(ALEPPO), "--points", "2", "--rounds", "1",
                       "--runs", "1", "--check-runs", "2")
    assert code == 0
    for part in ("fitted on 2013-10-01 to 2013-10-31", "in sample", "out of sample",
                 "rules:", "  loss_scale:", "    value:"):
        assert part in out, part


def test_compare_prints_intervals(capsys) -> None:
    code, out, _ = run(capsys, "compare", str(ALEPPO), str(ALEPPO), "--runs", "2")
    assert code == 0 and "95 % interval" in out and "killed.rebels" in out
    assert "On points (mean at the end, historical commanders): A: government" in out
    code, _, err = run(capsys, "compare", str(ALEPPO), str(SMALL), "--runs", "2")
    assert code == 2 and "same theatre" in err


def test_compare_under_two_commanders_or_the_one_chosen(capsys) -> None:
    code, out, _ = run(capsys, "compare", str(VALLEY), str(VALLEY), "--runs", "2", "--json")
    data = json.loads(out)
    assert code == 0 and data["commanders"] == ["historical", "heuristic"]
    assert all(r["robust"] is True for r in data["outcomes"])    # A against itself
    code, out, _ = run(capsys, "compare", str(VALLEY), str(VALLEY), "--runs", "2")
    assert "historical and heuristic commanders" in out and "not robust to the commander" in out
    code, out, _ = run(capsys, "compare", str(SMALL), str(SMALL), "--runs", "2")
    assert "Note: only the heuristic commander" in out
    code, out, _ = run(capsys, "compare", str(VALLEY), str(VALLEY), "--runs", "2", "--ai",
                       "heuristic", "--ai", "south=historical", "--json")
    assert code == 0 and json.loads(out)["commanders"] == ["north=heuristic, south=historical"]


@pytest.mark.parametrize("args, message", [
    (("--ai", "robot"), "--ai robot: the commander is one of historical, heuristic, search"),
    (("--ai", "west=heuristic"), "--ai west=heuristic: there is no side 'west'"),
    (("--ai", "heuristic", "--mode", "replay"), "--ai chooses the commanders of --mode ai"),
])
def test_compare_refuses_a_bad_ai(capsys, args, message) -> None:
    code, out, err = run(capsys, "compare", str(VALLEY), str(VALLEY), "--runs", "2", *args)
    assert code == 2 and not out and message in err and "Traceback" not in err


def test_replay_json_lists_every_outcome_with_its_odds(capsys) -> None:
    code, out, _ = run(capsys, "replay", str(ALEPPO), "--json")
    outcomes = json.loads(out)["outcomes"]
    fights = [o for o in outcomes if o["kind"] == "engagement"]
    assert code == 0 and fights
    for o in fights:
        assert set(o["odds"]) == {"taken", "stalemate", "repulsed"}
        assert abs(sum(o["odds"].values()) - 1) < 1e-5 and o["result"] in o["odds"]
    khanasir = next(o for o in fights if o["place"] == "khanasir")
    assert khanasir["forced"] and khanasir["date"] == "2013-10-02"
    assert khanasir["result"] == "stalemate"
    code, out, _ = run(capsys, "replay", str(ALEPPO), "--mode", "adjudicated", "--runs", "2",
                       "--json")
    data = json.loads(out)
    assert {o["seed"] for o in data["outcomes"]} == {1, 2}
    assert not any(o["forced"] for o in data["outcomes"])
    e = data["engagements"]
    assert e["days"] == 41 and e["per_engagement"] > e["uniform"]
    assert 0 < data["agreement"]["persistence"] < data["agreement"]["median"]


def test_calibrate_odds_only_reports_the_fit_in_and_out_of_sample(capsys) -> None:
    code, out, _ = run(capsys, "calibrate", str(ALEPPO), "--odds-only")
    assert code == 0
    for part in ("posterior mode and 90 % interval", "take_ratio", "posture.fortified",
                 "calibration period (in sample)", "the rest of the record (out of sample)",
                 "the fight left out, each in turn", "al_naqqarin", "CDB90, 10-fold",
                 "base rate", "attacker_loss_exponent", "civilian_dispersion"):
        assert part in out, part
    assert "rules:" not in out   # no simulation asked for
    code, out, _ = run(capsys, "calibrate", str(ALEPPO), "--odds-only", "--json")
    odds = json.loads(out)["evidence"]["odds"]
    assert code == 0 and odds["whole"]["days"] == 41 and odds["whole"]["fights"] == 14
    assert odds["whole"]["in_sample"] > odds["uniform"]


def test_calibrate_with_a_bad_battles_table(capsys, tmp_path) -> None:
    bad = tmp_path / "battles.csv"
    bad.write_text("# a comment\nisqno,name,year,att_strength\n1,X,1700,abc\n")
    code, _, err = run(capsys, "calibrate", str(ALEPPO), "--odds-only", "--battles", str(bad))
    assert code == 2 and f"{bad}:2: the header lacks def_strength" in err
    code, _, err = run(capsys, "calibrate", str(ALEPPO), "--odds-only", "--battles",
                       str(tmp_path / "none.csv"))
    assert code == 2 and "cannot read the battles table" in err


def test_replay_under_the_commanders_is_compared_with_the_record(capsys) -> None:
    code, out, _ = run(capsys, "replay", str(VALLEY), "--mode", "commanders", "--runs", "3")
    assert code == 0
    assert "3 runs of AI against AI (north historical, south historical commanders)" in out
    assert "Conduct (medians over the runs):" in out and "Fidelity" in out
    code, out, _ = run(capsys, "replay", str(VALLEY), "--mode", "commanders", "--runs", "2",
                       "--ai", "heuristic", "--json")
    report = json.loads(out)
    assert report["commanders"] == {"north": "heuristic", "south": "heuristic"}
    assert report["mode"] == "commanders" and report["runs"] == 2
    assert {"engagements", "walked_in_share", "fire_day_share"} <= set(report["conduct"])
    assert isinstance(report["unrecorded_captures"], list)


def test_replay_ai_only_with_commanders(capsys) -> None:
    code, _, err = run(capsys, "replay", str(VALLEY), "--mode", "adjudicated", "--ai",
                       "heuristic", "--runs", "1")
    assert code == 2 and "--mode commanders" in err
