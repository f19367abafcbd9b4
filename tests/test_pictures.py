"""Pictures: the day's map, the animation, the charts, the kit and their commands."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from engine.chance import pick
from engine.combat import OUTCOMES, outcome_odds
from engine.daymap import day_scenario, render_animation, render_day
from engine.kit import RATIOS, crt, render_kit
from tests.conftest import ALEPPO, SMALL
from tests.engine_helpers import aleppo_game
from tests.test_cli_run import run
from tests.test_replay import recorded


def test_a_day_map_is_drawn_with_that_day_s_holders() -> None:
    g, rec = aleppo_game(), recorded()
    sc = day_scenario(g, rec.states[3])  # after 3 October
    assert sc.places["khanasir"].holder.side == "government"
    assert g.scenario.places["khanasir"].holder.side == "rebels"
    png = render_day(g, rec.states[2], rec.turns[1].outcomes, g.scenario.calendar.date_of(1))
    assert Image.open(io.BytesIO(png)).size[0] > 800
    svg = render_day(g, rec.states[2], rec.turns[1].outcomes, g.scenario.calendar.date_of(1),
                     "svg", "T").decode()
    assert "2013-10-02" in svg


def test_the_animation_has_a_frame_a_day() -> None:
    g, rec = aleppo_game(), recorded()
    gif = render_animation(g, rec.states[:4], [list(t.outcomes) for t in rec.turns[:3]])
    image = Image.open(io.BytesIO(gif))
    assert image.format == "GIF" and image.n_frames == 3


def test_the_combat_results_table_is_the_engine_s() -> None:
    rules = aleppo_game().rules
    table = crt(rules)
    assert len(table) == 6 and all(len(row) == len(RATIOS) for row in table)
    for roll, row in enumerate(table, start=1):
        for ratio, cell in zip(RATIOS, row, strict=True):
            assert cell == OUTCOMES[pick(outcome_odds(ratio, rules), (roll - 0.5) / 6)]
    # more force, never a worse result for the attacker
    order = {"repulsed": 0, "stalemate": 1, "taken": 2}
    for row in table:
        assert [order[c] for c in row] == sorted(order[c] for c in row)


def test_the_kit_is_a_pdf_of_its_pages() -> None:
    g = aleppo_game()
    pdf = render_kit(g, None)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(
        b"/Type /Page ") >= 6


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
