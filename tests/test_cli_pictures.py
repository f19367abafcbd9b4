"""The picture commands: replay --map/--animate/--html/--charts, print and map."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.conftest import ALEPPO, SMALL
from tests.test_cli_run import run


@pytest.mark.parametrize("extra", [["--map", "day.svg", "--day", "2013-10-03"],
                                   ["--animate", "a.gif"], ["--html", "v.html"],
                                   ["--charts", "charts", "--runs", "3"]])
def test_replay_writes_its_pictures(capsys, tmp_path, extra) -> None:
    args = [a if not a.endswith((".svg", ".gif", ".html")) and a != "charts"
            else str(tmp_path / a) for a in extra]
    code, _, err = run(capsys, "replay", str(ALEPPO), *args)
    assert code == 0 and "written:" in err
    target = tmp_path / extra[1]
    assert target.exists()
    if extra[0] == "--animate":
        assert Image.open(target).n_frames == 62
    if extra[0] == "--charts":
        assert (target / "captures.png").exists() and (target / "losses.png").exists()


def test_print_and_map_commands(capsys, monkeypatch, tmp_path) -> None:
    code, out, _ = run(capsys, "print", str(ALEPPO), "--out", str(tmp_path / "kit.pdf"))
    assert code == 0 and (tmp_path / "kit.pdf").read_bytes().startswith(b"%PDF")
    import sys
    monkeypatch.setattr(sys, "stdin", io.StringIO("move armd crossroads\nend\nend\nquit\n"))
    save = tmp_path / "g.yaml"
    assert run(capsys, "play", str(SMALL), "--as", "blue", "--save", str(save))[0] == 0
    code, out, _ = run(capsys, "map", str(save), "--day", "1", "--out", str(tmp_path / "m.png"))
    assert code == 0 and "map of 1944-09-17" in out
    assert (tmp_path / "m.png").read_bytes()[:4] == b"\x89PNG"
