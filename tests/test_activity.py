"""How a campaign was fought: captures walked into or won, days fired, reserves idle, and
every place's holders."""

from __future__ import annotations

from dataclasses import replace

from engine.play.activity import WALKED_IN, WON, captures, fire_days, reserves_idle
from engine.play.campaign import play_campaign
from engine.play.commanders import HEURISTIC, players
from engine.play.metrics import summary
from engine.play.player import Scripted
from engine.scenario.doctrine import Doctrine, Reserve
from engine.scenario.synthetic import synthetic_scenario
from engine.sim.chance import ENGAGEMENT, Force
from engine.sim.game import build_game

from helpers import orders, valley_game


def _valley_with_reserves():
    """The Valley with north's infantry and its late reserve (arriving on day 3) held back."""
    base = valley_game().scenario
    doctrine = {**base.doctrine, "north": Doctrine(reserves=(Reserve(("reserve", "inf")),))}
    return build_game(replace(base, doctrine=doctrine))


def _fought():
    """Day 1 the armour marches through Mill to Orchard (both empty) while the guns fire on
    Mill; day 2 it storms Market Vale (forced taken) under the guns and the air arm; day 4
    the infantry moves."""
    g = _valley_with_reserves()
    script = Scripted({0: orders("move armd orchard", "bombard guns mill"),
                       1: orders("attack armd market", "bombard guns market",
                                 "bombard air market"),
                       3: orders("move inf ford")})
    forced = {(1, ENGAGEMENT, "market", "north"): Force("taken")}
    return g, play_campaign(g, 1, [script, script], days=4, forced=forced)


def test_places_walked_into_and_won_are_told_apart() -> None:
    g, h = _fought()
    assert captures(g, h) == {"north": {WALKED_IN: 2, WON: 1}, "south": {WALKED_IN: 0, WON: 0}}


def test_days_fired_count_each_gun_once_a_day() -> None:
    g, h = _fought()
    assert fire_days(g, h) == {"air": 1, "guns": 2}


def test_reserves_are_idle_on_the_days_they_neither_move_nor_fight_nor_fire() -> None:
    g, h = _fought()
    assert reserves_idle(g, h) == {
        "inf": {"side": "north", "idle": 3, "days": 4},        # moved on the fourth day
        "reserve": {"side": "north", "idle": 2, "days": 2}}    # on the map from day 3


def test_no_doctrine_no_reserves() -> None:
    g = valley_game()
    assert reserves_idle(g, play_campaign(g, 1, [Scripted({})] * 2, days=2)) == {}


def test_a_synthetic_campaign_accounts_for_every_capture_and_place() -> None:
    s = synthetic_scenario(30, 12, 4, days=12)
    reserve = next(u for u in s.units if u.startswith("blue_") and s.units[u].type != "air")
    s = replace(s, doctrine={"blue": Doctrine(reserves=(Reserve((reserve,)),))})
    g = build_game(s)
    h = play_campaign(g, 3, players(g, [HEURISTIC] * 2, 3))
    result = summary(g, h, [HEURISTIC] * 2)
    flips = sum(a != b for s0, s1 in zip(h.states, h.states[1:], strict=False)
                for a, b in zip(s0.holder, s1.holder, strict=True))
    assert sum(c[WALKED_IN] + c[WON] for c in result["captures"].values()) == flips
    assert sum(c[WON] for c in result["captures"].values()) <= result["engagements"]
    assert set(result["fire_days"]) == {u for i, u in enumerate(g.units) if g.unit_fires[i]}
    assert all(0 <= n <= result["days"] for n in result["fire_days"].values())
    idle = result["reserves_idle"][reserve]
    assert idle["side"] == "blue" and 0 <= idle["idle"] <= idle["days"] <= result["days"]
    assert set(result["places"]) == set(g.places)
    for place, changes in result["places"].items():
        p = g.theatre.index[place]
        assert changes[-1]["holder"] == g.sides[h.final.holder[p]]
        assert changes[-1]["contested"] == h.final.contested[p]
    for place, changes in result["holders"].items():   # the objective places, as before
        assert result["places"][place] == changes
    assert result["commanders"] == {"blue": HEURISTIC, "red": HEURISTIC}
