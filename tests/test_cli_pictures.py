"""The picture commands: replay --map/--animate/--html/--charts, print and map."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from PIL import Image

from helpers import ALEPPO, ROOT, SMALL, VALLEY, run


@pytest.mark.parametrize("scenario, extra", [
    (ALEPPO, ["--map", "day.svg", "--day", "2013-10-03"]),
    (VALLEY, ["--animate", "a.gif"]),   # a frame a day: the Valley's ten, not Aleppo's 62
    (ALEPPO, ["--html", "v.html"]), (ALEPPO, ["--charts", "charts", "--runs", "3"])])
def test_replay_writes_its_pictures(capsys, tmp_path, scenario, extra) -> None:
    args = [a if not a.endswith((".svg", ".gif", ".html")) and a != "charts"
            else str(tmp_path / a) for a in extra]
    code, out, err = run(capsys, "replay", str(scenario), *args)
    assert code == 0 and "written:" in err
    assert out == ""            # only what it wrote, not the replay's timeline first
    target = tmp_path / extra[1]
    assert target.exists()
    if extra[0] == "--animate":
        assert Image.open(target).n_frames == 10
    if extra[0] == "--charts":
        assert (target / "captures.png").exists() and (target / "losses.png").exists()


def test_print_writes_the_kit(capsys, tmp_path) -> None:
    code, out, err = run(capsys, "print", str(ALEPPO), "--out", str(tmp_path / "kit.pdf"))
    assert code == 0 and out == "" and err == f"written: {tmp_path / 'kit.pdf'}\n"
    assert (tmp_path / "kit.pdf").read_bytes().startswith(b"%PDF")


def test_map_draws_a_saved_game(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("move armd crossroads\nend\nend\nquit\n"))
    save = tmp_path / "g.yaml"
    assert run(capsys, "play", str(SMALL), "--as", "blue", "--save", str(save))[0] == 0
    svg, gif, html = (str(tmp_path / f) for f in ("m.svg", "m.gif", "m.html"))
    code, out, err = run(capsys, "map", str(save), "--day", "1", "--out", svg, "--animate",
                         gif, "--html", html)
    assert code == 0 and out == "" and err.count("written:") == 3
    assert "1944-09-17" in Path(svg).read_text()
    assert Image.open(gif).n_frames == 2  # two days played
    assert '"date":"1944-09-18"' in Path(html).read_text()
    code, _, err = run(capsys, "map", str(save), "--day", "5", "--out", svg)
    assert code == 2 and "has the days from 1944-09-17 to 1944-09-18" in err
    code, _, err = run(capsys, "map", str(save))
    assert code == 2 and "say what to draw" in err


def test_map_of_a_branched_game_keeps_its_dates(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("end\nend\nquit\n"))
    save = tmp_path / "b.yaml"
    assert run(capsys, "play", str(ALEPPO), "--as", "rebels", "--from",
               str(ROOT / "replays" / "aleppo_2013_historical.yaml"), "--day", "2013-11-08",
               "--save", str(save))[0] == 0
    html = tmp_path / "b.html"
    assert run(capsys, "map", str(save), "--html", str(html))[0] == 0
    page = html.read_text()
    assert '"date":"2013-11-08"' in page and '"date":"2013-11-09"' in page
    assert '"date":"2013-10-01"' not in page
