"""The theatre map."""

from __future__ import annotations

import pytest

from engine.errors import ScenarioError
from engine.pictures.mapdraw import compose_map, detail_box, render_map, save_map
from engine.scenario.loader import load_scenario

from helpers import ALEPPO, SMALL


def test_png_and_svg(tmp_path):
    s = load_scenario(SMALL)
    assert render_map(s, "png")[:8] == b"\x89PNG\r\n\x1a\n"
    save_map(s, tmp_path / "m.svg")
    assert "<svg" in (tmp_path / "m.svg").read_text()[:500]


def test_crowded_theatres_get_a_detail_panel():
    crowd = {f"c{i}": (100 + i * 0.5, 100 + i * 0.3) for i in range(20)}
    crowd.update({"far1": (0.0, 0.0), "far2": (300.0, 0.0)})
    box = detail_box(crowd)
    assert box is not None and box[0] < 100 < box[1]
    sparse = {f"s{i}": (i * 50.0, 0.0) for i in range(8)}
    assert detail_box(sparse) is None


def test_aleppo_map_labels_every_place_without_overlap():
    import matplotlib.pyplot as plt

    from engine.pictures.mapdraw import _overlap

    s = load_scenario(ALEPPO)
    fig, labels = compose_map(s)
    try:
        width, height = fig.get_size_inches()
        frame = fig.bbox
    finally:
        plt.close(fig)
    assert width > height  # the whole theatre beside its detail panel
    assert len(labels) == len(s.places)  # each place labelled once, in one panel or the other
    clashes = [(a, b) for i, a in enumerate(labels) for b in labels[i + 1:]
               if _overlap(a, b) > 4.0]  # more than 2 x 2 pixels of text on text
    assert not clashes
    assert all(frame.contains(b.x0, b.y0) and frame.contains(b.x1, b.y1) for b in labels)


def test_unknown_format_writes_nothing(tmp_path):
    with pytest.raises(ScenarioError, match=r"\.png, \.svg or \.pdf"):
        save_map(load_scenario(SMALL), tmp_path / "m.gif")
    assert not list(tmp_path.iterdir())


def test_the_legend_names_contested_places():
    import matplotlib.pyplot as plt

    fig, _ = compose_map(load_scenario(SMALL))  # Bridge Town is contested
    try:
        labels = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    finally:
        plt.close(fig)
    assert "contested" in labels
