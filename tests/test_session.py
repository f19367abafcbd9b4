"""The play session: commands, refused orders, undo, odds, scripts and the AI."""

from __future__ import annotations

import io

from engine.cli.session import Session, completer
from engine.sim.orders import parse_order

from helpers import aleppo_game, session, small_game, valley_game


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
    assert len(s.saved.days) == 1 and s.saved.days[0]["orders"].count("hold armd depot") == 1


def test_odds_before_an_attack() -> None:
    g = valley_game()
    s, out = session(g, ["odds attack armd market", "odds move armd market",
                         "odds hold armd ford", "quit"])
    s.play()
    text = out.getvalue()
    assert "market is not next to armd" in text                     # two villages away
    assert "armd against militia at market" in text                 # a march in is an attack
    assert "taken " in text and "repulsed " in text
    assert "odds are for an attack" in text                         # hold is no assault


def test_a_script_plays_without_asking_and_the_ai_plays_the_other_side() -> None:
    g = small_game()
    script = {0: [parse_order("move armd crossroads"), parse_order("move armd depot")]}
    s, out = session(g, [], script=script)
    final = s.play(days=2)
    assert final.day == 2 and len(s.saved.days) == 2
    assert "refused" not in out.getvalue().split("blue> move armd depot")[0]
    assert any(o.startswith(("move", "hold", "attack")) for d in s.saved.days
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
    assert game.read_text(encoding="utf-8").startswith("format: wargame-game/3")


def test_yesterday_is_told_in_the_morning() -> None:
    g = valley_game()
    s, out = session(g, ["move armd orchard", "end", "end", "quit"])
    s.play()
    morning = out.getvalue().split("=== 1900-05-02 (day 2) ===")[1]
    assert "yesterday:" in morning and "north take orchard from south" in morning
    assert "armd reaches orchard" not in morning   # moves are below the prompt's detail


def test_a_file_that_cannot_be_written_refuses_that_command_only(tmp_path) -> None:
    g = small_game()
    s, out = session(g, ["move armd crossroads", "save /dev/full", f"map {tmp_path}/x.txt",
                         f"map {tmp_path}/no/such/x.png", "end", "quit"])
    s.play()
    text = out.getvalue()
    assert "refused: /dev/full: cannot write" in text
    assert "cannot draw a map as '.txt'" in text and "does not exist" in text
    assert s.saved.days[0]["orders"][0] == "move armd crossroads"   # the day's orders stood


def test_the_ai_sides_play_the_commanders_given() -> None:
    import io

    from engine.cli.session import Session, ai_kind
    from engine.history.savedgame import SavedGame
    from engine.play.campaign import History
    from engine.sim.state import initial_state

    g = small_game()
    asked: list[tuple[int, int]] = []

    def commander(game, state, side):
        asked.append((state.day, side))
        return []

    saved = SavedGame("s.yaml", 1, {"blue": "human", "red": "search"})
    s = Session(g, saved, History(1, initial_state(g)), [0], io.StringIO(),
                lambda prompt: "end", ai=[commander, commander])
    s.play(2)
    assert asked == [(0, 1), (1, 1)]     # the red side only, each day
    assert [ai_kind(k) for k in ("historical", "search", "ai", "human", None)] == [
        "historical", "search", "heuristic", "heuristic", "heuristic"]


def test_a_march_stands_until_done_and_a_new_order_replaces_it() -> None:
    """35sf is ordered once to Salamiyah, three days' march through its own side's ground: it
    marches on the next day untold, the screen shows the km left and the day it arrives, and
    an order typed later replaces the standing one."""
    g = aleppo_game()
    s, out = session(g, ["move 35sf salamiyah", "end",
                         "end",
                         "move 35sf ithriya", "end", "quit"])
    s.play(days=3)
    text = out.getvalue()
    days = [d["orders"] for d in s.saved.days]
    assert "move 35sf salamiyah" in days[0] and "move 35sf salamiyah" in days[1]
    assert "move 35sf ithriya" in days[2] and "move 35sf salamiyah" not in days[2]
    assert "ok: move 35sf ithriya (instead of 'move 35sf salamiyah')" in text
    day2 = text.split("(day 2)")[1].split("(day 3)")[0]
    assert "standing order: move 35sf salamiyah, " in day2 and " km left, arrives 2013-" in day2
    assert s.standing[g.unit_index["35sf"]] == parse_order("move 35sf ithriya")


def test_a_resumed_game_keeps_its_standing_orders() -> None:
    g = aleppo_game()
    first, _ = session(g, ["move 35sf salamiyah", "end", "quit"])
    first.play(days=1)
    again = Session(g, first.saved, first.history, [0], io.StringIO(), lambda p: None)
    assert again.standing == {g.unit_index["35sf"]: parse_order("move 35sf salamiyah")}


def test_hot_seat_hands_over_and_shows_each_side_only_its_own_units() -> None:
    g = small_game()
    s, out = session(g, ["", "end", "", "end", "quit"], humans=(0, 1))
    s.play(days=1)
    text = out.getvalue()
    blue, red = text.split("--- blue to play")[1].split("--- red to play")
    assert "blue units:" in blue and "red units:" not in blue
    assert "red units:" in red and "blue units:" not in red


def test_the_day_screen_reports_the_enemy_in_view_and_the_score() -> None:
    g = valley_game()
    s, out = session(g, ["enemy", "intel", "score", "end", "quit"])
    s.play(days=1)
    text = out.getvalue()
    screen = text.split("blue> ")[0] if "blue> " in text else text.split("north> ")[0]
    assert "score: north 0, south 2" in screen
    assert "enemy in view:" in screen and "  post " in screen and "militia" not in screen
    assert text.count("enemy in view:") == 3              # the screen, enemy and intel
    assert "take_market" in text and "hold market (2): not met" in text


def test_list_shows_the_nearest_marches_and_the_attacks_with_their_odds() -> None:
    g = aleppo_game()
    s, out = session(g, ["list ndf", "quit"])
    s.play(days=1)
    text = out.getvalue().split("ndf in aleppo")[1]
    marches = [line for line in text.splitlines() if line.startswith("    move ndf ")]
    assert len(marches) == 12 and "move ndf ashrafieh" in marches[0]
    days = [int(line.split()[-2]) for line in marches]
    assert days == sorted(days) and " km  1 day" in marches[0]
    assert "more places within 3 days' march" in text and "further (move ndf PLACE)" in text
    assert "attack ndf aleppo_east" in text and "against rmc_aleppo at aleppo_east: " in text
    assert "taken " in text and "also: " in text and "hold ndf aleppo" in text


def test_a_resumed_game_does_not_bring_back_a_march_that_ended() -> None:
    g = small_game()
    first, _ = session(g, ["move armd crossroads", "end", "end", "quit"])
    first.play(days=2)                 # arrived on day 1: done, not given on day 2
    assert "move armd crossroads" not in first.saved.days[1]["orders"]
    again = Session(g, first.saved, first.history, [0], io.StringIO(), lambda p: None)
    assert again.standing == {}


def test_the_odds_count_the_attacks_that_stand_today() -> None:
    g = aleppo_game()
    s, out = session(g, ["move 35sf khanasir", "move 127sf khanasir", "end",
                         "odds attack 35sf khanasir", "quit"])
    s.play(days=2)
    line = next(x for x in out.getvalue().splitlines() if "against" in x and "khanasir" in x)
    assert "127sf" in line and "35sf" in line


def test_hot_seat_shows_each_side_the_day_after_the_hand_over() -> None:
    g = small_game()
    s, out = session(g, ["", "end", "", "end", "quit"], humans=(0, 1))
    s.play(days=1)
    for side in ("blue", "red"):
        screen = out.getvalue().split(f"--- {side} to play")[1]
        assert screen.split("units:")[0].count("=== 1944-09-17 (day 1) ===") == 1
        assert "score: " in screen.split("units:")[0]
