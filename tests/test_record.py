"""What a record fixes: per outcome the result and the figures, a span's figures shared over
its days less the one-day events inside it, and the totals counted once."""

from __future__ import annotations

from pathlib import Path

from engine.history.record import forced_outcomes, record_totals, recorded_fields, target
from engine.play.replayfile import load_replay_file

from helpers import DATA, valley_game, valley_replay_file

SPAN = """  - {id: a, date: 1900-05-06, kind: capture, text: Taken., killed: {south: 5},
     engagement: {place: citadel, by: north, result: taken}, source: {line: 23}}
  - {id: b, date: 1900-05-06, kind: attack, text: More dead., killed: {south: 7},
     engagement: {place: citadel, by: north}, source: {line: 23}}
  - {id: c, from: 1900-05-04, to: 1900-05-07, kind: attack, text: A span.,
     killed: {south: 30}, engagement: {place: citadel, by: north, result: stalemate},
     source: {line: 23}}
"""


def _with_span(tmp_path: Path):
    text = (DATA / "valley_replay.yaml").read_text(encoding="utf-8")
    path = tmp_path / "span.yaml"
    path.write_text(text.replace("\norders:", SPAN + "\norders:"), encoding="utf-8")
    g = valley_game()
    return g, load_replay_file(path, g.scenario)


def test_a_span_gives_way_to_the_one_day_events_inside_it(tmp_path: Path) -> None:
    _, rf = _with_span(tmp_path)
    day = {k[0]: f for k, f in recorded_fields(rf).items() if k[2] == "citadel"}
    assert sorted(day) == [3, 4, 5, 6]
    assert day[5]["result"] == "taken" and day[3]["result"] == "stalemate"
    assert day[5]["killed:south"] == 12  # both one-day events of the day count
    assert sum(f["killed:south"] for f in day.values()) == 30


def test_totals_count_each_figure_once(tmp_path: Path) -> None:
    rf = valley_replay_file()
    assert record_totals(rf) == {"north": 10, "south": 25, "civilians": 12}
    assert record_totals(rf, last=2) == {"civilians": 12}
    _, spanned = _with_span(tmp_path)
    assert record_totals(spanned)["south"] == 25 + 30


def test_forced_outcomes_carry_the_record_s_figures() -> None:
    g, rf = valley_game(), valley_replay_file()
    forced = forced_outcomes(g, rf)
    storm = forced[(3, "engagement", "market", "north")]
    assert storm.result == "taken" and storm.losses is not None
    killed, wounded = storm.losses["south"]
    share = g.rules["killed_share"]
    assert killed == 25 and wounded == round(25 * (1 - share) / share)
    assert forced[(2, "bombardment", "market", "north")].civilians == 12
    assert [target(e) for e in rf.events] == [
        None, ("engagement", "market", "north"), ("bombardment", "market", "north"), None,
        ("engagement", "market", "north"), None]
