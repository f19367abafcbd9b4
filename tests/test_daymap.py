"""The day's map and the campaign animation."""

from __future__ import annotations

import io

from matplotlib.transforms import Bbox
from PIL import Image

from engine.pictures.daymap import day_scenario, place_stacks, render_animation, render_day
from engine.play.campaign import History

from helpers import aleppo_game, aleppo_recorded


def test_a_day_map_is_drawn_with_that_day_s_holders() -> None:
    g, rec = aleppo_game(), aleppo_recorded()
    sc = day_scenario(g, rec.states[3])  # after 3 October
    assert sc.places["khanasir"].holder.side == "government"
    assert g.scenario.places["khanasir"].holder.side == "rebels"
    png = render_day(g, rec.states[2], rec.turns[1].outcomes, g.scenario.calendar.date_of(1))
    assert Image.open(io.BytesIO(png)).size[0] > 800
    svg = render_day(g, rec.states[2], rec.turns[1].outcomes, g.scenario.calendar.date_of(1),
                     "svg", "T").decode()
    assert "2013-10-02" in svg


def _first_days(n: int) -> History:
    h = aleppo_recorded().history
    return History(h.seed, h.start, h.turns[:n])


def test_the_animation_has_a_frame_a_day() -> None:
    gif = render_animation(aleppo_game(), _first_days(3))
    image = Image.open(io.BytesIO(gif))
    assert image.format == "GIF" and image.n_frames == 3


def test_the_animation_is_the_same_drawn_by_several_processes() -> None:
    g, days = aleppo_game(), _first_days(3)
    assert render_animation(g, days, workers=2) == render_animation(g, days)


def _boxes(anchors, sizes, offsets, scale=1.0):
    return [Bbox.from_bounds(x + dx * scale, y + dy * scale, w * scale, h * scale)
            for (x, y), (w, h), (dx, dy) in zip(anchors, sizes, offsets, strict=True)]


def test_stacks_at_one_place_do_not_cover_each_other() -> None:
    frame = Bbox.from_bounds(0, 0, 1000, 1000)
    anchors, sizes = [(500.0, 500.0)] * 4, [(60.0, 32.0)] * 4
    boxes = _boxes(anchors, sizes, place_stacks(anchors, sizes, [], frame, 1.0))
    for i, a in enumerate(boxes):
        assert frame.contains(a.x0, a.y0) and frame.contains(a.x1, a.y1)
        assert all(not a.overlaps(b) for b in boxes[i + 1:])


def test_a_stack_keeps_clear_of_labels_and_of_the_panel_edge() -> None:
    frame = Bbox.from_bounds(0, 0, 400, 400)
    label = Bbox.from_bounds(392, 0, 8, 400)  # a label down the right edge
    (dx, dy), = place_stacks([(390.0, 200.0)], [(50.0, 20.0)], [label], frame, 1.0)
    box = Bbox.from_bounds(390 + dx, 200 + dy, 50, 20)
    assert box.x1 <= 392 and frame.contains(box.x0, box.y0)


def test_a_leader_line_does_not_run_over_another_place() -> None:
    frame = Bbox.from_bounds(0, 0, 1000, 1000)
    marker = Bbox.from_extents(503, 497, 506, 503)  # another place just right of the anchor
    # without the marker the first spot, right of the anchor, is taken
    assert place_stacks([(500.0, 500.0)], [(40.0, 16.0)], [], frame, 1.0) == [(8.0, -8.0)]
    # with it, every spot on the right would draw the line over it: the first on the left
    assert place_stacks([(500.0, 500.0)], [(40.0, 16.0)], [], frame, 1.0, [marker]) == \
        [(-48.0, -8.0)]


def test_the_day_map_places_every_unit_once() -> None:
    g, rec = aleppo_game(), aleppo_recorded()
    day = 39  # 9 November: Base 80 fought over, the airport crowded
    svg = render_day(g, rec.states[day + 1], rec.turns[day].outcomes,
                     g.scenario.calendar.date_of(day), "svg").decode()
    state = rec.states[day + 1]
    for u, uid in enumerate(g.units):
        if state.place[u] >= 0 and state.strength[u] > 0:
            assert svg.count(f"{uid} {state.strength[u]:,}") >= 1, uid
