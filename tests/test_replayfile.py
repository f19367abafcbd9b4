"""Reading a replay file: the historical record, and clear errors for bad input."""

from __future__ import annotations

import pytest

from engine.errors import ScenarioError
from engine.play.replayfile import KINDS, load_replay_file

from helpers import ROOT, SEED, aleppo_game

HISTORICAL = ROOT / "replays" / "aleppo_2013_historical.yaml"


def test_the_historical_record() -> None:
    s = aleppo_game().scenario
    rf = load_replay_file(s.replay, s)
    assert rf.id == "aleppo_2013_historical" and rf.seed == 1
    assert len(rf.events) >= 40
    kinds = {e.kind for e in rf.events}
    for kind in ("attack", "capture", "recapture", "withdrawal", "raid", "bombardment",
                 "counter_attack", "commander"):
        assert kind in kinds
    seed = SEED.read_text(encoding="utf-8").splitlines()
    for e in rf.events:
        assert e.line and e.provenance.quote, e.id
        assert e.kind in KINDS
        assert e.provenance.quote.split()[0].lower() in seed[e.line - 1].lower()
        if e.approximate:
            assert e.provenance.assumption
    assert [e.first for e in rf.events] == sorted(e.first for e in rf.events)
    assert all(rf.event(t.event) for t in rf.tasks if t.event)


def _write(tmp_path, body: str):
    s = aleppo_game().scenario
    path = tmp_path / "r.yaml"
    path.write_text("replay: {id: x, title: X, seed: 1}\n" + body, encoding="utf-8")
    return path, s


def test_every_problem_is_reported_with_its_line(tmp_path) -> None:
    path, s = _write(tmp_path, """events:
  - id: a
    date: 2014-01-01
    kind: capture
    text: Out of the calendar.
    source: {line: 40, quote: "the Army took back control of Khanasir"}
  - id: b
    date: 2013-10-03
    kind: captur
    text: A misspelt kind and a unit nobody has.
    units: [35th]
    source: {line: 40, quote: "not on that line"}
  - id: c
    date: 2013-10-04
    kind: clash
    text: Killed without units.
    killed: {rebels: 8}
    engagement: {place: khanasir, by: government, result: won, surprise: 1}
    source: {line: 42}
orders:
  2013-10-01:
    - move 35sf nowhere
    - {order: fly air khanasir}
    - {order: bombard air khanasir, until: 2013-09-01}
""")
    with pytest.raises(ScenarioError) as err:
        load_replay_file(path, s)
    text = str(err.value)
    for needle in (":4: the date 2014-01-01 is outside the campaign",
                   ":10: the kind 'captur' is not known (did you mean 'capture'?)",
                   ":12: a unit '35th' is not defined",
                   "the quote for event 'b' is not on line 40",
                   ":19: the result 'won' is not known",
                   ":19: surprise must be true or false",
                   ":23: the place 'nowhere' is not defined",
                   ":24: 'fly air khanasir' is not an order",
                   ":25: until 2013-09-01 is outside the campaign"):
        assert needle in text, needle
    assert all(line.startswith(str(path)) for line in text.splitlines())


def test_killed_for_a_side_needs_its_units(tmp_path) -> None:
    path, s = _write(tmp_path, """events:
  - id: c
    date: 2013-10-04
    kind: clash
    text: Killed without units.
    killed: {rebels: 8}
    source: {line: 42}
""")
    with pytest.raises(ScenarioError, match=r"r.yaml:7: event 'c' gives killed for rebels but "
                                            r"names none of its units"):
        load_replay_file(path, s)


def test_an_approximate_date_must_say_why(tmp_path) -> None:
    path, s = _write(tmp_path, """events:
  - id: c
    date: 2013-11-24
    kind: counter_attack
    text: A guess.
    approximate: true
    source: {line: 96}
""")
    with pytest.raises(ScenarioError, match="is approximate: say why in assumption"):
        load_replay_file(path, s)


def test_orders_that_cannot_both_be_carried_out_are_refused(tmp_path) -> None:
    path, s = _write(tmp_path, """events: []
orders:
  2013-10-01:
    - bombard air khanasir
    - {order: bombard air jub_al_ghaws, event: [a]}
    - move 35sf khanasir
    - move 35sf rasm_okeiresh
""")
    with pytest.raises(ScenarioError) as err:
        load_replay_file(path, s)
    text = str(err.value)
    assert ":6: air has another order on 2013-10-01" in text
    assert ":6: the event must be an id, not a list" in text
    assert "35sf" not in text  # moves on one date are waypoints, in order


def test_an_event_the_article_is_silent_on_may_rest_on_an_outside_source(tmp_path) -> None:
    event = """events:
  - id: r
    date: 2013-11-24
    kind: counter_attack
    text: Rebels counter-attack near Khanasir.
"""
    path, s = _write(tmp_path, event + "    reference: SOHR daily report, 24 November 2013\n")
    rf = load_replay_file(path, s)
    assert rf.events[0].cite() == "outside source: SOHR daily report, 24 November 2013"
    assert rf.events[0].line is None
    for extra in ("", "    assumption: It must have happened.\n"):
        path, s = _write(tmp_path, event + extra)
        with pytest.raises(ScenarioError, match=r"needs source: .* or, where the article is "
                                                r"silent, reference:"):
            load_replay_file(path, s)
