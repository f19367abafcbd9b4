"""The Aleppo scenario played by the engine: the siege at the start, the convoy's road, the
AI's campaign against the record's order of magnitude. (The rules themselves are tested on
the small theatres, so that editing Aleppo's data never breaks a rule test.)"""

from __future__ import annotations

import statistics

import pytest

from engine.play.campaign import play_campaign
from engine.play.commanders import commanders
from engine.play.metrics import summary
from engine.scenario.rules import Rules
from engine.sim.chance import campaign_key
from engine.sim.game import build_game
from engine.sim.state import initial_state
from engine.sim.turn import play_turn

from helpers import aleppo_game, idx, orders, unit


def test_aleppo_is_besieged_on_the_first_day() -> None:
    g = aleppo_game()
    s = play_turn(g, initial_state(g), [], campaign_key(1)).state
    assert s.besieged[idx(g, "aleppo")] and not s.besieged[idx(g, "salamiyah")]
    assert not s.supplied[unit(g, "ndf")] and s.supplied[unit(g, "35sf")]
    assert s.readiness[unit(g, "ndf")] == pytest.approx(1.0 - g.rules["readiness_loss"])


def test_the_convoy_s_road_to_khanasir_is_longer_than_a_day() -> None:
    g = aleppo_game()
    s = play_turn(g, initial_state(g), orders("move 35sf khanasir"), campaign_key(1)).state
    u = unit(g, "35sf")
    assert s.place[u] == idx(g, "ithriya") and s.next[u] == idx(g, "khanasir")


def test_the_convoy_takes_the_desert_road_to_khanasir_and_reopens_it() -> None:
    g = aleppo_game()
    h = play_campaign(g, 1, commanders(g), days=12)
    route = set(g.scenario.routes["desert_road"].waypoints)
    convoy = [g.unit_index[u] for u in ("35sf", "127sf", "403armd")]
    for state in h.states[:4]:   # the march to Khanasir, before the villages off the road
        for u in convoy:
            assert g.places[state.place[u]] in route | {"ithriya", "sheikh_hilal"}
    result = summary(g, h)
    assert result["holders"]["khanasir"][-1]["holder"] == "government"
    assert result["objectives"]["reopen_highway"]["changes"][-1]["met"]


def test_losses_are_of_the_recorded_order() -> None:
    """The record: 125+ rebels, 105+ soldiers and 97+ civilians killed in 61 days. Under the
    historical commanders the engine should land within a factor of three of each, over
    seeds; with default rules, within a factor of ten."""
    for rules, factor in ((None, 3), (Rules(), 10)):
        g = build_game(aleppo_game().scenario, rules)
        runs = [summary(g, play_campaign(g, seed, commanders(g))) for seed in range(1, 6)]
        for side, recorded in (("rebels", 125), ("government", 105)):
            median = statistics.median(r["losses"][side]["killed"] for r in runs)
            assert recorded / factor <= median <= recorded * factor, (side, median, factor)
        civilians = statistics.median(r["civilians_killed"] for r in runs)
        assert 97 / factor <= civilians <= 97 * factor, (civilians, factor)


def test_the_historical_commanders_make_the_recorded_captures() -> None:
    """AI against AI under the historical commanders: most of the record's captures, near
    their dates, and never the airport."""
    from engine.history.fidelity import capture_day, recorded_captures

    from helpers import aleppo_replay_file

    g = aleppo_game()
    caps = recorded_captures(aleppo_replay_file())
    for seed in (1, 2, 3):
        h = play_campaign(g, seed, commanders(g))
        days = [capture_day(g, h.states, c) for c in caps]
        made = [abs(d - c.day) for d, c in zip(days, caps, strict=True) if d is not None]
        assert len(made) >= 20, (seed, len(made))
        assert statistics.median(made) <= 3
        assert h.final.holder[idx(g, "aleppo_airport")] == g.sides.index("government")
