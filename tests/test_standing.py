"""Orders that stand until done (engine/play/standing.py): which go on each morning, which
end and why, and the march left to a place against the movement phase itself."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.play.standing import achieved, carried_on, march_left, remembered
from engine.scenario.synthetic import synthetic_scenario
from engine.sim.game import build_game
from engine.sim.movement import advance, way_of
from engine.sim.orders import parse_order
from engine.sim.state import NOWHERE, initial_state

from helpers import idx, small_game, unit, valley_game


def test_a_march_stands_and_another_order_ends_it() -> None:
    g = small_game()
    standing = remembered(g, {}, [parse_order("move armd crossroads"),
                                  parse_order("hold para bridge_town")])
    assert standing == {unit(g, "armd"): parse_order("move armd crossroads")}
    assert remembered(g, standing, [parse_order("hold armd depot")]) == {}
    assert remembered(g, standing, [parse_order("move armd hill_12")]) == \
        {unit(g, "armd"): parse_order("move armd hill_12")}


def test_the_morning_carries_on_ends_done_orders_and_drops_impossible_ones() -> None:
    g = small_game()
    s0 = initial_state(g)
    armd, para = unit(g, "armd"), unit(g, "para")
    standing = {armd: parse_order("move armd crossroads"), para: parse_order("move para depot")}
    morning = carried_on(g, s0, 0, standing)   # para is in contact in bridge_town
    assert morning.orders == {armd: standing[armd]}
    assert morning.ended == ["para: 'move para depot' can no longer be carried out (para is "
                             "in contact in bridge_town: withdraw or attack); it waits for "
                             "orders"]

    there = s0.copy()          # armd has arrived where blue holds the crossroads: done
    there.place[armd], there.holder[idx(g, "crossroads")] = idx(g, "crossroads"), 0
    morning = carried_on(g, there, 0, standing)
    assert armd not in morning.orders and "armd: 'move armd crossroads' is done" in morning.ended

    gone = s0.copy()           # para destroyed: its order ends with it
    gone.strength[para] = 0
    assert "para: 'move para depot' ends: the unit is gone" in carried_on(g, gone, 0,
                                                                          standing).ended
    calm = s0.copy()           # the fighting over, para marches on
    calm.contested[calm.place[para]] = False
    calm.holder[calm.place[para]] = 0
    assert carried_on(g, calm, 0, standing).orders == standing


def test_a_march_into_an_enemy_place_the_unit_stands_in_is_an_attack() -> None:
    g = valley_game()
    s0 = initial_state(g)
    armd = unit(g, "armd")
    market = idx(g, "market")
    s0.place[armd] = market            # in the market, which the other side still holds
    morning = carried_on(g, s0, g.unit_side[armd], {armd: parse_order("move armd market")})
    assert morning.orders == {armd: parse_order("attack armd market")}
    assert not achieved(g, s0, armd, market)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 10_000), st.integers(0, 3))
def test_the_march_left_is_the_march_the_movement_phase_makes(seed, pick, days_before) -> None:
    """On a generated theatre, a unit marching unopposed to a place arrives on the day
    march_left says, and its km left are the roads' km, also after some days on the road
    (when it stands between two places)."""
    g = build_game(synthetic_scenario(60, 6, seed % 50))
    s = initial_state(g)
    movers = [u for u in range(len(g.units)) if g.unit_speed[u] > 0 and s.place[u] != NOWHERE]
    u = movers[pick % len(movers)]
    dest = pick % len(g.places)
    left = march_left(g, s, u, dest)
    path = way_of(g, s, u, dest)           # the cheapest roads, or the way round a fight
    if left is not None and left.days:     # from a place: the km of the roads it takes
        km, p = 0.0, s.place[u]
        while p != dest:
            km += next(k for to, k, _ in g.roads[p] if to == path.step[p])
            p = path.step[p]
        assert math.isclose(left.km, km) and math.isclose(left.cost, path.cost[s.place[u]])
    if left is None:
        assert math.isinf(g.path_to(dest).cost[s.place[u]])
        return
    if left.days == 0:
        assert s.place[u] == dest
        return
    if _meets_a_fight(g, s, u, dest):
        # the way round (or, where none reaches the unit yet, the cheapest way into the
        # fight): the estimate is for the way taken this morning, followed to the end
        days = 0
        while not (s.place[u] == dest and s.next[u] == NOWHERE):
            advance(g, s, u, dest, g.unit_speed[u], lambda p: False, path)
            days += 1
            assert days <= left.days
        assert days == left.days
        return
    for _ in range(min(days_before, left.days - 1)):   # some days on the road first
        advance(g, s, u, dest, g.unit_speed[u], lambda p: False, way_of(g, s, u, dest))
        later = march_left(g, s, u, dest)
        assert later is not None and later.days == left.days - 1 and later.km <= left.km + 1e-9
        left = later
    days = 0
    while not (s.place[u] == dest and s.next[u] == NOWHERE):
        advance(g, s, u, dest, g.unit_speed[u], lambda p: False, way_of(g, s, u, dest))
        days += 1
        assert days <= left.days
    assert days == left.days


def _meets_a_fight(g, s, u: int, dest: int) -> bool:
    """Does the cheapest way enter a place the movement phase would go round?"""
    from engine.sim.movement import _first_entered, closed_to, held_at_dawn
    closed = closed_to(g, s, g.unit_side[u], held_at_dawn(g, s), s.contested)
    path = g.path_to(dest)
    p = _first_entered(g, s, u, path)
    while p not in (NOWHERE, dest):
        if closed[p]:
            return True
        p = path.step[p]
    return False


def test_a_standing_withdrawal_is_never_turned_into_an_attack() -> None:
    """A unit withdrew into a place of its side's that is contested the next morning: its
    withdrawal is not carried on as an attack (a march would be); it ends with its reason."""
    g = small_game()
    s = initial_state(g)
    armd, depot = unit(g, "armd"), idx(g, "depot")
    s.place[armd], s.holder[depot], s.contested[depot] = depot, 0, True
    morning = carried_on(g, s, 0, {armd: parse_order("withdraw armd depot")})
    assert armd not in morning.orders
    assert morning.ended and morning.ended[0].startswith(
        "armd: 'withdraw armd depot' can no longer be carried out (")
    march = carried_on(g, s, 0, {armd: parse_order("move armd depot")})
    assert march.orders == {} or str(march.orders[armd]).startswith("attack")
