"""What a campaign came to: objectives, dated changes, the summary and the batch row."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.play import metrics
from engine.play.campaign import play_campaign
from engine.play.metrics import (
    met_each_day,
    objective_met,
    objective_places,
    objective_route,
    run_metrics,
    summary,
)
from engine.play.player import Scripted
from engine.reports.campaign import format_summary
from engine.scenario.loader import load_scenario
from engine.sim.chance import ENGAGEMENT, Force
from engine.sim.game import build_game
from engine.sim.state import initial_state

from helpers import ROOT, orders, valley_game


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


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_an_objective_is_met_as_its_definition_says(data) -> None:
    """objective_met against the definition written out: a place held uncontested; a route
    held uncontested all along by one side, open for that side, cut for the others."""
    game = _ALEPPO_GAME
    m, sides = len(game.places), len(game.sides)
    # one side holding nearly everything, a few places otherwise and a few contested: the
    # cases between met and not met (uniform draws would almost never hold a whole route)
    held_by = data.draw(st.integers(0, sides - 1))
    others = data.draw(st.sets(st.integers(0, m - 1), max_size=3))
    fought = data.draw(st.sets(st.integers(0, m - 1), max_size=2))
    holder = [(held_by + 1) % sides if p in others else held_by for p in range(m)]
    contested = [p in fought for p in range(m)]
    state = SimpleNamespace(holder=holder, contested=contested)
    index = game.theatre.index
    for oid, obj in game.scenario.objectives.items():
        side = game.sides.index(obj.side)
        if obj.place is not None:
            p = index[obj.place]
            expected = holder[p] == side and not contested[p]
        else:
            route = [index[p] for p in objective_route(game, obj)]
            open_for = {s for s in range(sides)
                        if all(holder[p] == s and not contested[p] for p in route)}
            expected = side in open_for if obj.kind == "open_route" else \
                not (open_for - {side})
        assert objective_met(game, state, oid) == expected, oid


_ALEPPO_GAME = build_game(load_scenario(ROOT / "scenarios" / "aleppo_2013.yaml"))


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_every_day_is_judged_as_objective_met_judges_it(data) -> None:
    """met_each_day, which judges all the days of a run at once, against objective_met asked
    of each day, on runs of days drawn like the test above (and on no days at all)."""
    game = _ALEPPO_GAME
    m, sides = len(game.places), len(game.sides)
    days = []
    for _ in range(data.draw(st.integers(0, 6))):
        held_by = data.draw(st.integers(0, sides - 1))
        others = data.draw(st.sets(st.integers(0, m - 1), max_size=3))
        fought = data.draw(st.sets(st.integers(0, m - 1), max_size=2))
        days.append(SimpleNamespace(
            holder=[(held_by + 1) % sides if p in others else held_by for p in range(m)],
            contested=[p in fought for p in range(m)]))
    found = met_each_day(game, days)
    assert set(found) == set(game.scenario.objectives)
    for oid in game.scenario.objectives:
        assert found[oid].tolist() == [objective_met(game, d, oid) for d in days], oid


def test_a_route_of_no_places_is_judged_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """A route objective whose route has no places (a scenario built in code may give one):
    open for every side, so never cut while two sides play, judged alike day by day."""
    game = _ALEPPO_GAME
    spots = dict(metrics._spots(game))
    route = next(oid for oid, spot in spots.items() if spot[2])
    day = SimpleNamespace(holder=[0] * len(game.places), contested=[False] * len(game.places))
    for opened in (True, False):
        spots[route] = (spots[route][0], (), True, opened)
        monkeypatch.setattr(metrics, "_spots", lambda g, found=dict(spots): found)
        assert met_each_day(game, [day, day])[route].tolist() == \
            [objective_met(game, day, route)] * 2 == [opened] * 2
