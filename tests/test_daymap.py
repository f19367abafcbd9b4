"""The day's map and the campaign animation."""

from __future__ import annotations

import io

from PIL import Image

from engine.daymap import day_scenario, render_animation, render_day
from tests.engine_helpers import aleppo_game
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


def test_the_animation_is_the_same_drawn_by_several_processes() -> None:
    g, rec = aleppo_game(), recorded()
    states, outcomes = rec.states[:4], [list(t.outcomes) for t in rec.turns[:3]]
    assert render_animation(g, states, outcomes, workers=2) == render_animation(g, states,
                                                                                outcomes)
