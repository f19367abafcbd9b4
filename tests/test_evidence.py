"""The evidence the combat model is fitted to: CDB90's battles and a record's fights."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.errors import WargameError
from engine.history.evidence import battles_path, read_battles, record_fights

from helpers import (
    aleppo_game,
    aleppo_recorded,
    aleppo_replay_file,
    valley_game,
    valley_recorded,
    valley_replay_file,
)


def test_the_shipped_battles() -> None:
    battles = read_battles()
    assert len(battles) == 239
    first = battles[0]
    assert first.name == "Nieuport (1600)" and first.source == "CDB90"
    assert first.result == "repulsed" and first.attacker_people == 11500
    assert first.attacker_cas == 4000 and first.duration == 1
    assert sum(b.result == "taken" for b in battles) == 137
    assert sum(b.days[0].defender[3] > 0 for b in battles) == 6   # six fortified defences


def test_a_bad_table_names_its_line(tmp_path: Path) -> None:
    text = battles_path().read_text(encoding="utf-8")
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    lines[header + 2] = lines[header + 2].replace(",taken", ",won", 1)
    bad = tmp_path / "b.csv"
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(WargameError, match=rf"b.csv:{header + 3}: not a battle row"):
        read_battles(bad)
    empty = tmp_path / "e.csv"
    empty.write_text(lines[header] + "\n")
    with pytest.raises(WargameError, match="no battles"):
        read_battles(empty)


def test_the_record_s_fights_as_the_engine_met_them() -> None:
    fights = record_fights(aleppo_game(), aleppo_replay_file(), aleppo_recorded())
    assert len(fights) == 14 and sum(len(f.days) for f in fights) == 41
    naqqarin = next(f for f in fights if f.name == "al_naqqarin")
    assert len(naqqarin.days) == 20 and naqqarin.result == "taken"
    assert [d.before for d in naqqarin.days] == list(range(20))   # the foothold grows
    base = [f for f in fights if f.name == "base_80"]
    assert [f.result for f in base] == ["repulsed", "taken", "repulsed"]
    assert base[0].days[0].surprise and not base[0].days[1].surprise   # line 68
    assert base[0].days[0].defender[3] > 0   # the base's works: a fortified defence


def test_the_valley_s_one_fight() -> None:
    (fight,) = record_fights(valley_game(), valley_replay_file(), valley_recorded())
    assert fight.name == "market" and [d.result for d in fight.days] == ["stalemate", "taken"]


def _table(tmp_path: Path, *rows: str, header: str | None = None) -> Path:
    lines = battles_path().read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    path = tmp_path / "t.csv"
    path.write_text("\n".join([header or lines[first], *rows]) + "\n", encoding="utf-8")
    return path


GOOD = ("1,NIEUPORT,1600,X,11500,11300,intst,1.0177,HD,,hasty,R,B,D,open,open,0,1,0.2,4000,"
        "1000,8,0,defender_win,RR,,0,resoa,repulsed")


@pytest.mark.parametrize("row, words", [
    (GOOD.replace("11500,11300", "1e300,11300"), "att_strength is '1e300'"),
    (GOOD.replace(",0,1,0.2,", ",0,1.9,0.2,"), "duration_days is '1.9'"),
    (GOOD.replace(",HD,", ",XX,"), "post1 is 'XX'"),
    (GOOD.replace(",4000,1000,", ",400000,1000,"), "ten times"),
    (GOOD + ",extra", "30 fields where the header has 29"),
    ('1,"unterminated', "fields where the header has"),
])
def test_a_bad_battle_row_is_named_by_its_line(tmp_path: Path, row: str, words: str) -> None:
    path = _table(tmp_path, GOOD, "", row)   # a blank line does not shift the count
    with pytest.raises(WargameError, match=rf"t.csv:4: .*{words}"):
        read_battles(path)


def test_a_table_that_is_not_a_table(tmp_path: Path) -> None:
    path = _table(tmp_path, GOOD, header="name,year\n")
    with pytest.raises(WargameError, match=r"t.csv:1: the header lacks att_strength"):
        read_battles(path)
    bom = tmp_path / "bom.csv"
    bom.write_text("\ufeff" + _table(tmp_path, GOOD).read_text(encoding="utf-8"))
    assert len(read_battles(bom)) == 1
    with pytest.raises(WargameError, match="cannot read the battles table"):
        read_battles(tmp_path)
    with pytest.raises(WargameError, match="cannot read the battles table"):
        read_battles("/dev/zero")
