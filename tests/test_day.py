"""The heuristic commander's day: the odds it attacks at, and the goals it sets itself."""

from __future__ import annotations

from engine.play.ai import Heuristic, ai_orders
from engine.play.campaign import play_campaign
from engine.play.day import Day, doctrine_of
from engine.sim.combat import carry_odds
from engine.sim.queries import engagement_odds, hostile, present

from helpers import valley_game


def test_it_opens_assaults_only_at_its_doctrine_odds() -> None:
    """Every new assault on a defended place has at least the doctrine's chance of carrying
    it within its assault days, counting the units sent together and, for a place empty at
    dawn, the enemy that could march in."""
    g = valley_game()
    h = play_campaign(g, 1, [Heuristic()] * len(g.sides))
    checked = 0
    for state in h.states[:-1]:
        at = present(g, state)
        for side in range(2):
            doc = doctrine_of(g, side)
            day = Day(g, state, side, doc, doc.attack_odds.value, doc.yield_odds.value)
            orders = ai_orders(g, state, side)
            for place in {o.place for o in orders if o.verb == "attack"}:
                p = g.theatre.index[place]
                if state.contested[p]:
                    continue  # a fight already under way is kept up while it is not hopeless
                ours = [g.unit_index[o.unit] for o in orders
                        if o.verb == "attack" and o.place == place]
                theirs = day.defenders(p)
                if theirs:
                    checked += 1
                    att, dfn = engagement_odds(g, state, p, ours, theirs)[:2]
                    assert carry_odds(att / dfn, int(doc.assault_days.value), g.rules) >= \
                        doc.attack_odds.value
                else:
                    assert p not in at or all(g.unit_side[u] == side for u in at[p])
    assert checked  # the Valley's AI does attack defended places


def test_an_army_out_of_supply_goes_for_the_break() -> None:
    """A unit cut off from its sources makes the first enemy place on its way back its
    first goal."""
    g = valley_game()
    h = play_campaign(g, 1, [Heuristic()] * len(g.sides), days=3)
    st = h.final.copy()
    breaks = 0
    for side in range(2):
        day = Day(g, st, side, doctrine_of(g, side), 0.5, 0.7)
        for p in day.supply_breaks():
            breaks += 1
            assert hostile(g, st, p, side)
            assert (-1, p) in day.goals() and day.goals()[0][0] == -1
    assert breaks   # the Valley's besieged outpost is cut off
