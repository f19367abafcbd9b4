"""``wargame replay``, ``calibrate`` and ``compare`` end to end."""

from __future__ import annotations

import json

from helpers import ALEPPO, ROOT, SMALL, run

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
    assert code == 0 and "95 % CI" in out and "killed.rebels" in out
    code, _, err = run(capsys, "compare", str(ALEPPO), str(SMALL), "--runs", "2")
    assert code == 2 and "same theatre" in err
