"""Charts of a replay: the numbers behind them agree with the runs they draw."""

from __future__ import annotations

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
