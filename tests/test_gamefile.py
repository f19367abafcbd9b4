"""Saved games: written whole, read back, played again to the same digest."""

from __future__ import annotations

import pytest

from engine.errors import ScenarioError
from engine.history.savedgame import read_record, scenario_hash, verify
from tests.conftest import SMALL
from tests.engine_helpers import small_game
from tests.test_play import session


def _played(tmp_path):
    g = small_game()
    s, _ = session(g, ["move armd crossroads", "end", "move armd bridge_town", "end", "end",
                       "quit"])
    s.play()
    path = tmp_path / "game.yaml"
    s.record.scenario_sha256 = scenario_hash(str(SMALL))
    s.record.save(g, path)
    return g, s, path


def test_a_saved_game_plays_again_the_same(tmp_path) -> None:
    g, s, path = _played(tmp_path)
    record = read_record(path)
    assert record.seed == 5 and record.players == {"blue": "human", "red": "ai"}
    verdict = verify(g, record, str(path))
    assert verdict.same and verdict.days == 3 and verdict.digest == s.state.digest(g)


def test_a_changed_game_is_caught_on_its_first_different_day(tmp_path) -> None:
    g, _, path = _played(tmp_path)
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    digests = [i for i, line in enumerate(lines) if line.strip().startswith("digest:")]
    lines[digests[1]] = "  digest: '" + "0" * 64 + "'"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    verdict = verify(g, read_record(path), str(path))
    assert not verdict.same and verdict.days == 2
    assert verdict.first_difference.startswith("1944-09-18: the state's digest differs")


def test_not_a_saved_game(tmp_path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("format: something/9\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"x.yaml:1: not a saved game"):
        read_record(path)
    path.write_text("format: wargame-game/1\nscenario: s.yaml\nseed: 1\nplayers: {}\n"
                    "days:\n  - {orders: [], digest: 3}\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"x.yaml:6: each day needs orders, outcomes"):
        read_record(path)
