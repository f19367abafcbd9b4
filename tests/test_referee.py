"""The umpire of a recorded replay: each check fires when the record and the rules part,
and the record wins. The Valley's record agrees with the rules; each test changes it once."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.history.replay import play_replay
from engine.play.replayfile import load_replay_file

from helpers import DATA, idx, line_of, unit, valley_game, valley_recorded

RECORD = (DATA / "valley_replay.yaml").read_text(encoding="utf-8")


def _recorded(tmp_path: Path, old: str, new: str):
    assert old in RECORD, old
    path = tmp_path / "variant.yaml"
    path.write_text(RECORD.replace(old, new), encoding="utf-8")
    g = valley_game()
    return g, play_replay(g, load_replay_file(path, g.scenario))


def _texts(replay) -> list[str]:
    return [str(v) for v in replay.violations]


def test_the_record_as_it_is_agrees_with_the_rules() -> None:
    assert valley_recorded().violations == ()


def test_an_order_the_rules_refuse(tmp_path: Path) -> None:
    _, r = _recorded(tmp_path, "  1900-05-03:\n", "  1900-05-02:\n    - hold militia ford\n"
                                                  "  1900-05-03:\n")
    (v,) = r.violations
    assert v.day == 1 and v.text == ("the rules refuse 'hold militia ford': militia is not in "
                                     "ford; it can hold only where it stands")
    line = line_of((tmp_path / "variant.yaml").read_text(encoding="utf-8"), "hold militia ford")
    assert v.cite.endswith(f"variant.yaml:{line}")   # no event: the order's own line


def test_an_attack_out_of_supply(tmp_path: Path) -> None:
    _, r = _recorded(tmp_path, "  1900-05-03:\n", "  1900-05-02:\n"
                     "    - {order: attack armd market, until: 1900-05-02, event: first_assault}\n"
                     "  1900-05-03:\n")
    assert r.violations[0].day == 1
    assert str(r.violations[0]) == "armd attacks market out of supply (line 21)"


def test_a_unit_slower_than_the_record(tmp_path: Path) -> None:
    _, r = _recorded(tmp_path, "  1900-05-03:\n", "  1900-05-02:\n    - move inf citadel\n"
                                                  "  1900-05-03:\n")
    assert ("inf has not carried out 'move inf pass' when its next order is due (it is slower "
            "than the record) (line 22)") in _texts(r)


def test_a_recorded_engagement_the_engine_never_saw(tmp_path: Path) -> None:
    _, r = _recorded(tmp_path, "    engagement: {place: market, by: north, result: stalemate}",
                     "    engagement: {place: pass, by: north, result: stalemate}")
    assert ("the record has an engagement of pass by north that the engine did not see (no unit "
            "there or in range) (line 21)") in _texts(r)


def test_a_recorded_capture_the_engine_did_not_make_is_imposed(tmp_path: Path) -> None:
    g, r = _recorded(tmp_path, "    captures: {pass: north}", "    captures: {pass: north, "
                                                                 "citadel: north}")
    assert ("the engine does not give citadel to north as the record does; imposed (line 22)"
            in _texts(r))
    day = r.states[3]   # the end of 3 May
    assert g.sides[day.holder[idx(g, "citadel")]] == "north"
    # the garrison is gone: its only road out leads into Market Vale, contested that day, so
    # it is cut off and dispersed
    guard = unit(g, "guard")
    assert day.strength[guard] == 0 and day.dispersed[guard] == 800
    assert any(e.text == "north take citadel (as recorded, line 22)" for e in r.history.events)


def test_a_capture_the_record_does_not_have(tmp_path: Path) -> None:
    _, r = _recorded(tmp_path, "    captures: {pass: north}\n", "")
    assert "the engine gives pass to north, which the record does not" in r.violations[0].text


def test_a_recorded_result_the_rules_give_under_five_percent(tmp_path: Path) -> None:
    _, r = _recorded(tmp_path, "result: stalemate}", "result: repulsed}")
    unlikely = [v for v in r.violations if "a chance of" in v.text]
    assert len(unlikely) == 1 and unlikely[0].text.startswith("the rules give 'repulsed' at "
                                                               "market a chance of")
    p = float(unlikely[0].text.split("chance of ")[1].split("%")[0])
    assert p < 5.0


def test_recorded_civilians_beyond_the_people_left(tmp_path: Path) -> None:
    _, r = _recorded(tmp_path, "    civilians: 12\n", "    civilians: 90000\n")
    assert any(t.startswith("the record's civilians in market (90000 on this day) exceed the "
                            "people the engine has left there") for t in _texts(r))


@pytest.mark.parametrize("side, killed", [("north", 10), ("south", 25)])
def test_the_record_s_dead_are_counted(side: str, killed: int) -> None:
    r = valley_recorded()
    (storm,) = [o for o in r.history.outcomes if o.day == 3 and o.kind == "engagement"]
    assert dict((s, k) for s, k, _ in storm.losses)[side] == killed
