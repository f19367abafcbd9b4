"""``wargame battle``: one assault, JSON, and a CSV of assaults with its bad rows."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from engine.cli.main import main
from engine.sim.battle import Assault, battle

from helpers import DATA


def test_one_assault_in_words_and_json(capsys) -> None:
    assert main(["battle", "--attacker", "3000", "--defender", "800", "--posture", "prepared",
                 "--terrain", "urban", "--days", "7"]) == 0
    out = capsys.readouterr().out
    b = battle(Assault(3000, 800, "prepared", "urban", 7))
    assert f"taken     {b.p_taken:6.1%}" in out and "expected killed" in out
    assert main(["battle", "--attacker", "3000", "--defender", "800", "--days", "7",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["odds"]["p_taken"] == pytest.approx(battle(Assault(3000, 800, days=7)).p_taken)


def test_a_scenario_s_rules_are_used(capsys) -> None:
    assert main(["battle", "--attacker", "1000", "--defender", "1000", "--json"]) == 0
    plain = json.loads(capsys.readouterr().out)["odds"]
    assert main(["battle", "--attacker", "1000", "--defender", "1000", "--json", "--rules",
                 "scenarios/aleppo_2013.yaml"]) == 0
    aleppo = json.loads(capsys.readouterr().out)["odds"]
    assert aleppo["p_taken"] == pytest.approx(plain["p_taken"])      # the odds are the table's
    assert aleppo["attacker_killed"] < plain["attacker_killed"]      # its loss_scale is lighter


def test_a_batch_repeats_its_rows_and_adds_the_odds(tmp_path: Path) -> None:
    out = tmp_path / "odds.csv"
    assert main(["battle", "--batch", str(DATA / "assaults.csv"), "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open()))
    assert [r["id"] for r in rows] == ["probe", "week", "base"]
    for r in rows:
        b = battle(Assault(float(r["attacker"]), float(r["defender"]), r["posture"],
                           r["terrain"], int(r["days"]), r["surprise"] == "1"))
        assert float(r["p_taken"]) == pytest.approx(b.p_taken, abs=1e-6)
        assert float(r["p_stalemate"]) + float(r["p_taken"]) + float(r["p_repulsed"]) == \
            pytest.approx(1.0, abs=1e-5)
    assert float(rows[1]["p_taken"]) > float(rows[0]["p_taken"])   # a week beats a probe


@pytest.mark.parametrize("row, words", [
    ("x,1000,abc,hasty,open,1,0", "defender 'abc' is not a number"),
    ("x,1000,10,hasty,open,1,0,7", "8 fields where the header has 7"),
    ("x,0,10,hasty,open,1,0", "the attacker more than 0"),
    ('x,"1' + "0" * 200_000 + '",10,hasty,open,1,0', "not a CSV row"),
    ("x,1000,10,dug_in,open,1,0", "posture 'dug_in'"),
    ("x,1000,10,hasty,swamp,1,0", "terrain 'swamp'"),
    ("x,1000,10,hasty,open,1.5,0", "days 1.5 must be a whole number"),
    ("x,1000,10,hasty,open,1,yes", "surprise 'yes' must be 0 or 1"),
    ("x,1e400,10,hasty,open,1,0", "attacker 1e400 must be from 0 to 1,000,000,000"),
    ("x,10,10,hasty,open,400,0", "days 400 must be from 0 to 366"),
])
def test_a_bad_row_is_named_by_its_line_and_nothing_is_written(tmp_path: Path, capsys,
                                                              row: str, words: str) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,attacker,defender,posture,terrain,days,surprise\n"
                   "ok,10,10,hasty,open,1,0\n" + row + "\n")
    out = tmp_path / "out.csv"
    assert main(["battle", "--batch", str(src), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{src}:3: " in err and words in err and "Traceback" not in err
    assert not out.exists()


def test_a_header_without_the_columns_and_mixed_arguments(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,attacker\n1,2\n")
    assert main(["battle", "--batch", str(src)]) == 2
    assert f"{src}:1: the header lacks defender" in capsys.readouterr().err
    assert main(["battle", "--batch", str(src), "--attacker", "5"]) == 2
    assert main(["battle", "--attacker", "5"]) == 2
    assert main(["battle", "--attacker", "5", "--defender", "5", "--out", "x.csv"]) == 2
    assert main(["battle", "--batch", str(src), "--out", str(src)]) == 2   # its own input
    assert main(["battle", "--attacker", "1e9", "--defender", "1e-320"]) == 0   # no crash
    good = tmp_path / "good.csv"
    good.write_text("\ufeffid,attacker,defender,posture,terrain,days,surprise,support\n"
                    "a,10,10,hasty,open,1,0,1\n")
    capsys.readouterr()
    assert main(["battle", "--batch", str(good)]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("a,10,10,hasty,open,1,0,1,")
    assert main(["battle", "--batch", str(good), "--days", "3"]) == 2
    assert "--days does not go with --batch" in capsys.readouterr().err
