"""The theatre map."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

import pytest

from engine.errors import ScenarioError
from engine.pictures.mapdraw import compose_map, detail_box, nice_length, render_map, save_map
from engine.scenario.loader import load_scenario

from helpers import ALEPPO, SMALL, valley_game


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


def test_a_scale_bar_fits_any_span() -> None:
    assert [nice_length(x) for x in (0.3, 1, 1.5, 4, 7, 180, 2600, 5e6)] == \
        [0.5, 1, 2, 5, 10, 200, 5000, 5e6]
    assert nice_length(0) == 1 and nice_length(float("nan")) == 1


def test_maps_of_odd_theatres() -> None:
    s = valley_game().scenario
    wide = {pid: replace(p, coords=replace(p.coords, lon=179.95 if i % 2 else -179.95))
            for i, (pid, p) in enumerate(s.places.items())}
    same = {pid: replace(p, coords=replace(p.coords, lat=45.0, lon=10.0))
            for pid, p in s.places.items()}
    for places in (wide, same):
        odd = replace(s, places=MappingProxyType(places))
        assert render_map(odd, "png")[:8] == b"\x89PNG\r\n\x1a\n"
