"""The campaign loop and the one history: determinism, re-running, resuming, stopping."""

from __future__ import annotations

import pytest

from engine.play.campaign import History, play_campaign, play_on, rerun
from engine.play.commanders import players as make_players
from engine.play.player import Scripted
from engine.sim.chance import ENGAGEMENT, Force
from engine.sim.state import initial_state

from helpers import ROOT, engine_imports, orders, small_game, valley_game


def test_same_seed_same_campaign_other_seed_differs() -> None:
    g = valley_game()
    players = make_players(g, ["heuristic"] * 2)
    a, b, c = (play_campaign(g, seed, players) for seed in (5, 5, 6))
    assert a.digest(g) == b.digest(g) and a.events == b.events
    assert len(a.turns) == g.scenario.calendar.turns
    assert a.outcomes  # the AI fights, so chance had something to decide ...
    assert c.digest(g) != a.digest(g)  # ... and another seed decides it otherwise


def test_the_history_holds_every_state_event_and_outcome() -> None:
    g = valley_game()
    h = play_campaign(g, 2, make_players(g, ["heuristic"] * 2), days=4)
    assert len(h.states) == 5 and h.states[0] is h.start and h.final is h.turns[-1].state
    assert [s.day for s in h.states] == [0, 1, 2, 3, 4]
    assert h.events == [e for t in h.turns for e in t.events]
    assert h.outcomes == [o for t in h.turns for o in t.outcomes]


def test_rerun_from_orders_and_outcomes_reaches_the_same_state() -> None:
    g = valley_game()
    first = play_campaign(g, 3, make_players(g, ["heuristic"] * 2), days=8)
    again = rerun(g, first)
    assert [s.digest(g) for s in again.states] == [s.digest(g) for s in first.states]


def test_a_campaign_resumes_from_any_day() -> None:
    g = small_game()
    players = make_players(g, ["heuristic"] * 2)
    whole = play_campaign(g, 2, players)
    half = play_campaign(g, 2, players, days=4)
    rest = play_on(g, half, players)
    assert rest is half and rest.digest(g) == whole.digest(g)
    assert play_campaign(g, 2, players, start=whole.states[4]).digest(g) == whole.digest(g)


def test_forced_outcomes_and_scripted_players() -> None:
    g = valley_game()
    script = Scripted({0: orders("move armd orchard"), 1: orders("attack armd market")})
    forced = {(1, ENGAGEMENT, "market", "north"): Force("taken")}
    h = play_campaign(g, 1, [script, script], days=2, forced=forced)
    assert [o.result for o in h.outcomes] == ["taken"]
    assert g.sides[h.final.holder[g.theatre.index["market"]]] == "north"


def test_a_player_that_stops_the_game_keeps_the_days_played() -> None:
    g = valley_game()

    class Stop(Exception):
        pass

    def tired(game, state, side):
        if state.day == 3:
            raise Stop
        return []

    h = History(1, initial_state(g))
    with pytest.raises(Stop):
        play_on(g, h, [tired, tired])
    assert len(h.turns) == 3


def test_every_side_needs_a_player() -> None:
    g = valley_game()
    with pytest.raises(ValueError, match="2 sides need as many players"):
        play_campaign(g, 1, make_players(g, ["heuristic"] * 2)[:1])


def test_the_loop_imports_no_commander() -> None:
    """Who gives the orders is the caller's choice: the loop knows only players."""
    imported = {m for _, m in engine_imports(ROOT / "engine" / "play" / "campaign.py")}
    assert imported and not imported & {"engine.play.ai", "engine.play.plan"}
