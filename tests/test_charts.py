"""Charts of a replay: the numbers behind them agree with the runs they draw."""

from __future__ import annotations

import matplotlib.dates as mdates

from engine.history.replay import ADJUDICATED, play_replay
from engine.pictures.charts import capture_bands, capture_chart, cumulative_losses, losses_chart

from helpers import aleppo_game, aleppo_recorded, aleppo_replay_file


def test_capture_bands_count_the_runs_that_never_made_a_capture() -> None:
    g, rf, rec = aleppo_game(), aleppo_replay_file(), aleppo_recorded()
    bands = capture_bands(g, rf, [rec, rec])
    assert len(bands) == 26
    for b in bands:  # the recorded replay makes every capture on its recorded day
        assert b.never == 0 and b.band == (b.recorded,) * 3
    early = play_replay(g, rf, ADJUDICATED, 1, days=3)  # three days: November never comes
    bands = capture_bands(g, rf, [rec, early])
    assert any(b.never == 1 for b in bands) and all(b.never <= 1 for b in bands)


def test_cumulative_losses_end_at_the_final_state() -> None:
    g, rec = aleppo_game(), aleppo_recorded()
    cum = cumulative_losses(g, rec)
    final = rec.states[-1].side_losses(g)
    for side in g.sides:
        assert cum[side][-1] == final[side]["killed"]
        assert cum[side] == sorted(cum[side])
    assert cum["civilians"][-1] == sum(rec.states[-1].civilians_killed)


def test_the_charts_are_pngs() -> None:
    g, rf, rec = aleppo_game(), aleppo_replay_file(), aleppo_recorded()
    assert capture_chart(g, rf, [rec]).startswith(b"\x89PNG")
    assert losses_chart(g, rec, []).startswith(b"\x89PNG")


def test_the_chart_s_median_is_the_fidelity_report_s() -> None:
    from engine.history.fidelity import fidelity
    from engine.history.replay import play_runs

    g, rf, rec = aleppo_game(), aleppo_replay_file(), aleppo_recorded()
    runs = play_runs(g, rf, 6, 1)
    rows = fidelity(g, rf, rec, runs)["captures"]
    bands = capture_bands(g, rf, runs)
    assert len(rows) == len(bands)
    cal = g.scenario.calendar
    for row, b in zip(rows, bands, strict=True):
        mid = b.band[1] if b.band else None
        assert row["median"] == (None if mid is None else cal.date_of(int(mid)).isoformat())
        assert row["runs_taken"] == len(runs) - b.never


def test_the_losses_chart_names_its_lines_for_what_they_are() -> None:
    """The black line is the engine's dead with the record's outcomes forced, not the record;
    the record's figure is one mark at the campaign's end, a lower bound where the source
    says "N+"."""
    from engine.pictures.charts import losses_figure

    g, rec = aleppo_game(), aleppo_recorded()
    fig = losses_figure(g, rec, [rec])
    panels = {ax.get_title(): ax for ax in fig.axes}
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "engine, with the record's outcomes forced" in labels
    assert "record, whole campaign: 105 or more" in labels
    assert not any("recorded replay" in label for label in labels)
    government = panels["killed: government"]
    marks = [line for line in government.get_lines() if line.get_marker() == "^"]
    assert len(marks) == 1 and list(marks[0].get_ydata()) == [105]
    last_day = g.scenario.calendar.date_of(len(rec.turns) - 1)
    assert mdates.num2date(marks[0].get_xdata(orig=False)[0]).date() == last_day
