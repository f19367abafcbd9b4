"""``wargame play`` and ``wargame verify`` end to end: piped, scripted, and on a terminal."""

from __future__ import annotations

import contextlib
import io
import json
import os
import pty
import select
import subprocess
import sys
import time

import pytest

from helpers import ALEPPO, ROOT, SMALL, VALLEY, run


def play(capsys, monkeypatch, text: str, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    return run(capsys, "play", *args)


def test_a_piped_game_plays_saves_resumes_and_verifies(capsys, monkeypatch, tmp_path) -> None:
    save = str(tmp_path / "g.yaml")
    code, out, _ = play(capsys, monkeypatch, "move armd crossroads\nend\nend\nend\nquit\n",
                        str(SMALL), "--as", "blue", "--seed", "2", "--save", save)
    assert code == 0 and "=== 1944-09-19 (day 3) ===" in out and "stopped" in out
    assert "day 3 of 9" in out
    code, out, _ = run(capsys, "verify", save)
    assert code == 0 and out.startswith("same: 3 days")
    code, out, _ = run(capsys, "verify", save, "--json")
    verdict = json.loads(out)
    assert code == 0 and verdict["same"] and verdict["days"] == 3
    assert verdict["first_difference"] is None and not verdict["scenario_changed"]
    assert out.count(verdict["digest"]) == 1 and len(verdict["digest"]) == 64
    code, out, _ = play(capsys, monkeypatch, "hold armd crossroads\nend\nquit\n", "--load", save)
    assert code == 0 and "=== 1944-09-20 (day 4) ===" in out and "day 4 of 9" in out
    code, out, _ = run(capsys, "verify", save)
    assert code == 0 and out.startswith("same: 4 days")


def test_an_orders_script_and_watching_the_ai(capsys, monkeypatch, tmp_path) -> None:
    script = tmp_path / "orders.yaml"
    script.write_text("1944-09-17: [move armd crossroads]\n1944-09-18: [hold armd nowhere]\n",
                      encoding="utf-8")
    save = str(tmp_path / "g.yaml")
    code, out, _ = play(capsys, monkeypatch, "", str(SMALL), "--as", "blue", "--orders",
                        str(script), "--days", "3", "--save", save)
    assert code == 0 and "blue> move armd crossroads" in out
    assert "refused: there is no place 'nowhere'" in out and "day 3 of 9" in out
    code, out, _ = play(capsys, monkeypatch, "", str(SMALL), "--as", "none", "--days", "2",
                        "--save", str(tmp_path / "w.yaml"))
    assert code == 0 and "day 2 of 9" in out and "> " not in out
    bad = tmp_path / "bad.yaml"
    bad.write_text("1944-09-17: [fly armd crossroads]\n", encoding="utf-8")
    code, _, err = play(capsys, monkeypatch, "", str(SMALL), "--as", "blue", "--orders",
                        str(bad))
    assert code == 2 and f"{bad}:1: 'fly armd crossroads' is not an order" in err


def test_branch_from_the_historical_replay(capsys, monkeypatch, tmp_path) -> None:
    save = str(tmp_path / "b.yaml")
    code, out, _ = play(capsys, monkeypatch, "end\nquit\n", str(ALEPPO), "--as", "rebels",
                        "--from", str(ROOT / "replays" / "aleppo_2013_historical.yaml"),
                        "--day", "2013-11-08", "--save", save)
    assert code == 0 and "=== 2013-11-08 (day 39) ===" in out
    assert "objectives: al_safira government" in out  # taken on 1 November, as recorded
    code, out, _ = run(capsys, "verify", save)
    assert code == 0 and out.startswith("same: 1 days")
    code, _, err = play(capsys, monkeypatch, "", str(ALEPPO), "--from", save)
    assert code == 2 and "--from needs --day" in err


def test_tab_completion_on_a_terminal(tmp_path) -> None:
    """A real pseudo-terminal: 'mo<TAB>' completes to 'move', 'arm<TAB>' to 'armd'."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the game on the terminal
        os.chdir(tmp_path)
        os.execv(sys.executable, [sys.executable, "-m", "engine", "play", str(SMALL), "--as",
                                  "blue", "--save", str(tmp_path / "t.yaml")])
    seen = b""

    def read_until(token: bytes, timeout: float = 20.0) -> bytes:
        nonlocal seen
        end = time.monotonic() + timeout
        while token not in seen and time.monotonic() < end:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    seen += os.read(fd, 4096)
                except OSError:
                    break
        return seen

    try:
        assert b"blue> " in read_until(b"blue> ")
        os.write(fd, b"mo\t")
        assert b"move" in read_until(b"move")
        os.write(fd, b"arm\t")
        assert b"armd" in read_until(b"armd")
        os.write(fd, b"crossr\t\n")
        assert b"ok: move armd crossroads" in read_until(b"ok: move armd crossroads")
        os.write(fd, b"quit\n")
        read_until(b"game saved to")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
    assert b"game saved to" in seen


def test_verify_reports_a_game_that_differs(tmp_path) -> None:
    save = tmp_path / "g.yaml"
    subprocess.run([sys.executable, "-m", "engine", "play", str(SMALL), "--as", "none",
                    "--days", "3", "--save", str(save)], check=True, capture_output=True,
                   cwd=tmp_path)
    text = save.read_text(encoding="utf-8").replace("hold", "HOLD", 1)
    save.write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "engine", "verify", str(save)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2 and "is not an order" in done.stderr


def test_a_new_game_never_replaces_a_saved_one(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        assert play(capsys, monkeypatch, "end\nquit\n", str(SMALL), "--as", "blue")[0] == 0
    games = sorted(p.name for p in tmp_path.iterdir())     # in the current folder
    assert games == ["river_crossing-seed1-2.yaml", "river_crossing-seed1.yaml"]
    first = (tmp_path / "river_crossing-seed1.yaml").read_bytes()
    code, _, err = play(capsys, monkeypatch, "end\nquit\n", str(SMALL), "--as", "blue",
                        "--save", "river_crossing-seed1.yaml")
    assert code == 2 and "--load it to go on with it" in err
    assert (tmp_path / "river_crossing-seed1.yaml").read_bytes() == first


def test_the_ai_sides_commanders_are_chosen_kept_and_changed(capsys, monkeypatch,
                                                             tmp_path) -> None:
    from engine.history.savedgame import read_saved_game

    save = tmp_path / "g.yaml"
    code, _, _ = play(capsys, monkeypatch, "", str(VALLEY), "--as", "none", "--days", "1",
                      "--ai", "south=heuristic", "--save", str(save))
    assert code == 0
    assert read_saved_game(save).players == {"north": "historical", "south": "heuristic"}
    code, _, _ = play(capsys, monkeypatch, "", "--load", str(save), "--days", "1")
    assert code == 0 and read_saved_game(save).players == {"north": "historical",
                                                           "south": "heuristic"}
    code, _, _ = play(capsys, monkeypatch, "end\nquit\n", "--load", str(save), "--as", "north",
                      "--ai", "heuristic")
    assert code == 0
    assert read_saved_game(save).players == {"north": "human", "south": "heuristic"}
    assert run(capsys, "verify", str(save))[0] == 0


def test_a_game_saved_before_commanders_plays_on_with_the_heuristic(capsys, monkeypatch,
                                                                   tmp_path) -> None:
    from engine.history.savedgame import read_saved_game

    save = tmp_path / "g.yaml"
    assert play(capsys, monkeypatch, "", str(VALLEY), "--as", "none", "--days", "1",
                "--save", str(save))[0] == 0
    text = save.read_text(encoding="utf-8")
    save.write_text(text.replace("north: historical", "north: ai"), encoding="utf-8")
    assert play(capsys, monkeypatch, "", "--load", str(save), "--days", "1")[0] == 0
    assert read_saved_game(save).players == {"north": "heuristic", "south": "historical"}


@pytest.mark.parametrize("args, message", [
    (("--as", "blue", "--ai", "blue=heuristic"), "--ai blue=heuristic: blue is played at the "
                                                 "prompt (--as)"),
    (("--ai", "red=historical"), "has no plan for a historical commander"),
    (("--ai", "purple=heuristic"), "there is no side 'purple'"),
    (("--ai", "dumb"), "the commander is one of historical, heuristic, search"),
])
def test_play_refuses_a_bad_ai(capsys, monkeypatch, tmp_path, args, message) -> None:
    code, _, err = play(capsys, monkeypatch, "", str(SMALL), *args, "--save",
                          str(tmp_path / "g.yaml"))
    assert code == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "g.yaml").exists()


def test_a_loaded_game_ends_where_one_played_straight_through_does(capsys, tmp_path) -> None:
    """The historical commanders' memory is rebuilt on --load: the campaign goes on exactly
    as if it had never been interrupted."""
    import re

    whole, part = tmp_path / "whole.yaml", tmp_path / "part.yaml"
    code, out, _ = run(capsys, "play", str(VALLEY), "--as", "none", "--seed", "5", "--save",
                       str(whole))
    assert code == 0
    straight = re.search(r"digest (\w+)", out).group(1)
    code, _, _ = run(capsys, "play", str(VALLEY), "--as", "none", "--seed", "5", "--days", "4",
                     "--save", str(part))
    assert code == 0
    code, out, _ = run(capsys, "play", "--load", str(part))
    assert code == 0 and re.search(r"digest (\w+)", out).group(1) == straight
