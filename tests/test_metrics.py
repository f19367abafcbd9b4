"""What a campaign came to: objectives, dated changes, the summary and the batch row."""

from __future__ import annotations

from engine.play.campaign import play_campaign
from engine.play.metrics import objective_met, objective_places, run_metrics, summary
from engine.play.player import Scripted
from engine.reports.campaign import format_summary
from engine.sim.chance import ENGAGEMENT, Force
from engine.sim.state import initial_state

from helpers import orders, valley_game


def _storm():
    """The armour takes Orchard on day 1 and Market Vale on day 2 (forced)."""
    g = valley_game()
    script = Scripted({0: orders("move armd orchard"), 1: orders("attack armd market")})
    forced = {(1, ENGAGEMENT, "market", "north"): Force("taken")}
    return g, play_campaign(g, 1, [script, script], days=4, forced=forced)


def test_objectives_at_the_start() -> None:
    g = valley_game()
    s = initial_state(g)
    assert not objective_met(g, s, "take_market") and objective_met(g, s, "keep_market")
    assert not objective_met(g, s, "open_road") and objective_met(g, s, "block_road")
    assert objective_places(g) == ["market"]


def test_the_summary_dates_changes_by_the_day_they_happened() -> None:
    g, h = _storm()
    result = summary(g, h)
    assert result["from"] == "1900-05-01" and result["to"] == "1900-05-04"
    assert result["holders"]["market"] == [
        {"date": "1900-05-01", "holder": "south", "contested": False},
        {"date": "1900-05-02", "holder": "north", "contested": False}]
    assert result["objectives"]["take_market"]["changes"][-1] == {"date": "1900-05-02",
                                                                  "met": True}
    assert result["points"] == {"north": 2, "south": 1}  # take_market; the road stays cut
    assert result["engagements"] == 1 and result["digest"] == h.digest(g)
    assert set(result["places"]) == set(g.places)   # every place; holders: the objectives'
    assert result["places"]["market"] == result["holders"]["market"]
    assert result["places"]["mill"][-1] == {"date": "1900-05-01", "holder": "north",
                                            "contested": False}
    assert result["captures"]["north"] == {"walked_in": 2, "won": 1}
    assert result["commanders"] == {}    # the caller did not say who gave the orders
    text = format_summary(result)
    assert "Objectives" in text and "Final state digest: " + result["digest"] in text
    assert "Captures: north 2 walked in, 1 won in an engagement;" in text
    assert "Commanders" not in text


def test_the_summary_names_the_commanders_given() -> None:
    g, h = _storm()
    result = summary(g, h, ["historical", "heuristic"])
    assert result["commanders"] == {"north": "historical", "south": "heuristic"}
    assert "Commanders: north historical, south heuristic" in format_summary(result)


def test_a_batch_row_has_every_column() -> None:
    g, h = _storm()
    row = run_metrics(g, h.states)
    assert row["day_met.take_market"] == 1 and row["met_at_end.take_market"] == 1
    assert row["day_met.open_road"] is None and row["holder.market"] == "north"
    assert row["points.north"] == 2 and row["killed.south"] >= 0
