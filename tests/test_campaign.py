"""Whole campaigns: determinism, re-running from orders and outcomes, the summary."""

from __future__ import annotations

from engine.play.campaign import objective_met, play_campaign, rerun, summary
from engine.reports.campaign import format_summary
from engine.sim.state import initial_state
from tests.engine_helpers import aleppo_game, small_game


def test_same_seed_same_campaign_other_seed_differs() -> None:
    g = small_game()
    a, b, c = play_campaign(g, 5), play_campaign(g, 5), play_campaign(g, 6)
    assert a.final.digest(g) == b.final.digest(g)
    assert len(a.turns) == g.scenario.calendar.turns
    assert any(t.outcomes for t in a.turns)
    assert c.final.digest(g) != a.final.digest(g) or not any(t.outcomes for t in a.turns)


def test_rerun_from_orders_and_outcomes_reaches_the_same_state() -> None:
    g = aleppo_game()
    first = play_campaign(g, 3, days=40)
    again = rerun(g, first)
    assert again.final.digest(g) == first.final.digest(g)


def test_a_campaign_resumes_from_any_day() -> None:
    g = small_game()
    whole = play_campaign(g, 2)
    half = play_campaign(g, 2, days=4)
    rest = play_campaign(g, 2, start=half.final)
    assert rest.final.digest(g) == whole.final.digest(g)


def test_objectives_at_the_start() -> None:
    g = aleppo_game()
    s = initial_state(g)
    assert not objective_met(g, s, "take_khanasir")
    assert objective_met(g, s, "keep_al_safira")
    assert not objective_met(g, s, "reopen_highway") and objective_met(g, s, "keep_highway_cut")


def test_summary_dates_changes_by_the_day_they_happened() -> None:
    g = aleppo_game()
    c = play_campaign(g, 1, days=10)
    result = summary(g, c)
    assert result["from"] == "2013-10-01" and result["to"] == "2013-10-10"
    changes = result["holders"]["khanasir"]
    assert changes[0] == {"date": "2013-10-01", "holder": "rebels", "contested": False}
    taken = [t for t in c.turns if any(o.place == "khanasir" and o.result == "taken"
                                       for o in t.outcomes)]
    if taken:  # the capture is dated by the day of the engagement
        day = taken[0].state.day - 1
        assert changes[1]["date"] == g.scenario.calendar.date_of(day).isoformat()
    text = format_summary(result)
    assert "Objectives" in text and "Final state digest: " + result["digest"] in text
