"""Saved games: written whole, read back, played again to the same digest."""

from __future__ import annotations

import pytest

from engine.errors import ScenarioError, WargameError
from engine.history.savedgame import read_saved_game, scenario_hash, verify

from helpers import SMALL, session, small_game


def _played(tmp_path):
    g = small_game()
    s, _ = session(g, ["move armd crossroads", "end", "move armd bridge_town", "end", "end",
                       "quit"])
    s.play()
    path = tmp_path / "game.yaml"
    s.saved.scenario_sha256 = scenario_hash(str(SMALL))
    s.saved.save(path)
    return g, s, path


def test_a_saved_game_plays_again_the_same(tmp_path) -> None:
    g, s, path = _played(tmp_path)
    saved = read_saved_game(path)
    assert saved.seed == 5 and saved.players == {"blue": "human", "red": "ai"}
    verdict = verify(g, saved, str(path))
    assert verdict.same and verdict.days == 3 and verdict.digest == s.state.digest(g)


def test_a_changed_game_is_caught_on_its_first_different_day(tmp_path) -> None:
    g, _, path = _played(tmp_path)
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    digests = [i for i, line in enumerate(lines) if line.strip().startswith("digest:")]
    lines[digests[1]] = "  digest: '" + "0" * 64 + "'"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    verdict = verify(g, read_saved_game(path), str(path))
    assert not verdict.same and verdict.days == 2
    assert verdict.first_difference.startswith("1944-09-18: the state's digest differs")


def test_not_a_saved_game(tmp_path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("format: something/9\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"x.yaml:1: not a saved game"):
        read_saved_game(path)
    path.write_text("format: wargame-game/3\nscenario: s.yaml\nseed: 1\nplayers: {}\n"
                    "days:\n  - {orders: [], digest: 3}\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"x.yaml:6: each day needs orders, outcomes"):
        read_saved_game(path)


def test_a_side_is_played_by_a_human_or_a_commander(tmp_path) -> None:
    path = tmp_path / "x.yaml"
    head = "format: wargame-game/3\nscenario: s.yaml\nseed: 1\ndays: []\nplayers:\n"
    path.write_text(head + "  blue: search\n  red: ai\n  green: human\n", encoding="utf-8")
    assert read_saved_game(path).players == {"blue": "search", "red": "ai", "green": "human"}
    path.write_text(head + "  blue: robot\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"x\.yaml:6: players: maps each side to human, "
                                            r"historical, heuristic, search or ai"):
        read_saved_game(path)


def test_a_game_saved_by_an_earlier_engine_is_called_old(tmp_path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text("format: wargame-game/1\nscenario: s.yaml\nseed: 1\nplayers: {}\ndays: []\n",
                    encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"old.yaml:1: saved in the old format "
                                            r"wargame-game/1 by an earlier engine"):
        read_saved_game(path)


def test_the_verdict_holds_the_history_played_again(tmp_path) -> None:
    g, s, path = _played(tmp_path)
    verdict = verify(g, read_saved_game(path), str(path))
    assert [t.state.digest(g) for t in verdict.history.turns] == \
        [t.state.digest(g) for t in s.history.turns]
    assert verdict.history.events == s.history.events


def test_a_file_past_the_calendar_and_a_bad_order_are_named_by_their_day(tmp_path) -> None:
    g = small_game()
    s, _ = session(g, ["end"] * 9)
    s.play()
    saved = s.saved
    assert len(saved.days) == g.scenario.calendar.turns == 9
    saved.days += [dict(saved.days[-1], date="1944-09-26")]
    verdict = verify(g, saved, "g.yaml")
    assert verdict.days == 9 and verdict.first_difference == (
        "1944-09-26: the file goes on past the end of the calendar (1944-09-25)")
    saved.days[1]["orders"] = ["fly armd depot"]
    with pytest.raises(WargameError, match=r"g.yaml: day 2 \(1944-09-18\): 'fly armd"):
        verify(g, saved, "g.yaml")
