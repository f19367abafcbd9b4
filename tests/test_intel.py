"""What a side sees of the enemy (engine/play/intel.py): the places in view, the units seen
with their strength rounded, yesterday's news, and the score."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from engine.play.intel import estimate, in_view, news, score, seen_places
from engine.sim.events import Event
from engine.sim.state import initial_state

from helpers import idx, unit, valley_game


def test_a_side_sees_its_places_and_a_road_beyond() -> None:
    g = valley_game()
    s = initial_state(g)
    north = seen_places(g, s, 0)
    held = {p for p in range(len(g.places)) if s.holder[p] == 0}
    assert held <= north
    assert idx(g, "mill") in north and idx(g, "outpost") in north      # next to the ford
    assert idx(g, "market") not in north                                # two roads away


def test_enemy_units_are_seen_only_in_view_with_their_strength_rounded() -> None:
    g = valley_game()
    s = initial_state(g)
    seen = {x.unit: x for x in in_view(g, s, 0)}
    assert set(seen) == {"post"}                          # at the outpost, next to the ford
    assert seen["post"].about == estimate(s.strength[unit(g, "post")])
    assert "militia" not in seen                          # in the market, out of view
    s.place[unit(g, "militia")] = idx(g, "mill")          # it comes up to the mill
    assert {x.unit for x in in_view(g, s, 0)} == {"post", "militia"}
    assert all(x.unit not in ("armd", "inf", "air", "guns") for x in in_view(g, s, 0))


@given(st.integers(0, 10**9))
def test_a_strength_is_reported_to_two_significant_figures(people) -> None:
    about = estimate(people)
    assert abs(about - people) <= max(people * 0.05, 0)
    assert len(str(about).rstrip("0")) <= 2 or people < 100
    assert estimate(about) == about


def test_news_of_yesterday_is_what_touched_the_side_or_its_view() -> None:
    g = valley_game()
    s = initial_state(g)
    mine = Event(0, "move", "port", "armd reaches port", ("armd",))
    near = Event(0, "move", "outpost", "post digs in", ("post",))
    far = Event(0, "move", "citadel", "guard reaches citadel", ("guard",))
    general = Event(0, "fate", None, "a commander falls", ())
    assert news(g, s, 0, [mine, near, far, general]) == [mine, near, general]
    assert news(g, s, 1, [far]) == [far]


def test_the_score_counts_the_points_of_the_objectives_met() -> None:
    g = valley_game()
    s = initial_state(g)
    assert score(g, s) == {"north": 0.0, "south": 2.0}   # keep the market, block the road
    s.holder[idx(g, "market")] = 0                       # north takes the market
    assert score(g, s) == {"north": 2.0, "south": 1.0}


def test_a_side_s_map_shows_its_units_and_only_the_enemy_it_sees() -> None:
    from engine.play.intel import seen_by

    g = valley_game()
    s = initial_state(g)
    s.strength[unit(g, "post")] = 1234
    seen = seen_by(g, s, 0)
    for u, uid in enumerate(g.units):
        if g.unit_side[u] == 0:
            assert (seen.place[u], seen.strength[u]) == (s.place[u], s.strength[u]), uid
    assert seen.strength[unit(g, "post")] == 1200 and seen.place[unit(g, "post")] == \
        s.place[unit(g, "post")]
    assert seen.place[unit(g, "militia")] == -1          # in the market, out of view
    assert s.place[unit(g, "militia")] != -1             # the game's own state untouched
