"""The play session: commands, refused orders, undo, odds, scripts and the AI."""

from __future__ import annotations

import io

from engine.history.savedgame import GameRecord
from engine.play.session import Session, completer
from engine.sim.orders import parse_order
from engine.sim.state import initial_state
from tests.conftest import SMALL
from tests.engine_helpers import aleppo_game, small_game


def session(game, lines, humans=(0,), script=None):
    feed = iter(lines)
    out = io.StringIO()
    record = GameRecord(str(SMALL), 5, {s: "human" if i in humans else "ai"
                                        for i, s in enumerate(game.sides)})
    s = Session(game, record, initial_state(game), list(humans), out,
                lambda prompt: next(feed, None), script)
    return s, out


def test_a_day_of_commands() -> None:
    g = small_game()
    s, out = session(g, ["help", "list armd", "move armd nowhere", "move armd crossroads",
                         "hold armd depot", "undo", "hold armd depot", "end", "quit"])
    s.play()
    text = out.getvalue()
    assert "list UNIT" in text and "odds ORDER" in text            # help
    assert "move armd crossroads" in text                          # list
    assert "refused: there is no place 'nowhere'" in text
    assert "refused: armd already has an order today" in text
    assert "taken back: move armd crossroads" in text
    assert "stopped" in text
    assert len(s.record.days) == 1 and s.record.days[0]["orders"].count("hold armd depot") == 1


def test_odds_before_an_attack() -> None:
    g = aleppo_game()
    s, out = session(g, ["odds attack 35sf khanasir", "odds move 35sf khanasir", "quit"])
    s.play()
    text = out.getvalue()
    assert "khanasir is out of reach" in text                       # 65 km: not today
    assert "odds are for an attack" not in text
    s2, out2 = session(g, ["move 35sf khanasir", "end", "odds attack 35sf khanasir", "quit"])
    s2.play()
    assert "35sf against jaysh_mohammad at khanasir" in out2.getvalue()
    assert "taken " in out2.getvalue() and "repulsed " in out2.getvalue()


def test_a_script_plays_without_asking_and_the_ai_plays_the_other_side() -> None:
    g = small_game()
    script = {0: [parse_order("move armd crossroads"), parse_order("move armd depot")]}
    s, out = session(g, [], script=script)
    final = s.play(days=2)
    assert final.day == 2 and len(s.record.days) == 2
    assert "refused" not in out.getvalue().split("blue> move armd depot")[0]
    assert any(o.startswith(("move", "hold", "attack")) for d in s.record.days
               for o in d["orders"] if " armd " not in o)   # the AI gave red's orders


def test_completion_offers_commands_verbs_units_and_places() -> None:
    complete = completer(small_game())
    assert complete("mo", 0) == "move " and complete("mo", 1) is None
    assert complete("bridge", 0) == "bridge_town "
    assert complete("arm", 0) == "armd "
    assert [complete("h", i) for i in range(3)] == ["help", "hill_12", "hold"]


def test_map_of_the_day_and_save(tmp_path) -> None:
    g = small_game()
    png, game = tmp_path / "day.png", tmp_path / "g.yaml"
    s, out = session(g, ["map", f"map {png}", f"save {game}", "quit"])
    s.play()
    assert "map FILE: name" in out.getvalue()
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert game.read_text(encoding="utf-8").startswith("format: wargame-game/1")
