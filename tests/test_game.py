"""The precomputed game: arrays agree with the scenario; paths agree with networkx."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.errors import WargameError
from engine.scenario.loader import load_scenario
from engine.scenario.synthetic import synthetic_scenario
from engine.sim.game import _dijkstra, build_game
from engine.util.geo import EARTH_RADIUS_KM, great_circle_km

from helpers import SMALL, idx, small_game, valley_game


def test_arrays_follow_the_scenario() -> None:
    g = small_game()
    assert g.sides == ("blue", "red")
    para = g.unit_index["para"]
    assert g.unit_strength[para] == 1800 and g.unit_quality[para] == 1.3
    assert g.unit_speed[para] == g.rules["speed.special_forces"]
    guns = g.unit_index["guns"]
    assert g.unit_speed[guns] == 0 and g.unit_fires[guns] and not g.unit_ground[guns]
    # works on undescribed ground: open ground's factor, a prepared defence counts fortified
    assert g.place_defence[idx(g, "depot")] == g.rules["terrain.open"]
    assert g.place_works[idx(g, "depot")] and not g.place_works[idx(g, "bridge_town")]
    assert g.place_population[idx(g, "bridge_town")] == 12000
    assert g.sources == ((idx(g, "depot"),), (idx(g, "far_bank"),))


@pytest.mark.parametrize("game", [small_game, valley_game])
def test_paths_match_networkx(game) -> None:
    g = game()
    graph = nx.Graph()
    for i, out in enumerate(g.roads):
        for to, _km, cost in out:
            graph.add_edge(i, to, cost=cost)
    for dest in range(0, len(g.places), 5):
        expected = nx.single_source_dijkstra_path_length(graph, dest, weight="cost")
        path = g.path_to(dest)
        for i in range(len(g.places)):
            assert path.cost[i] == pytest.approx(expected[i])
            if i != dest:  # the step is a neighbour on a cheapest way
                step = path.step[i]
                assert path.cost[i] == pytest.approx(g.road_cost(i, step) + path.cost[step])


def test_within_uses_straight_lines() -> None:
    g = valley_game()
    origin = idx(g, "ford")
    near = set(g.within(origin, 20.0))
    assert 1 < len(near) < len(g.places)
    for p, pid in enumerate(g.places):
        km = great_circle_km(g.theatre.lat[origin], g.theatre.lon[origin], g.theatre.lat[p],
                             g.theatre.lon[p])
        assert (p in near) == (km <= 20.0), pid


def _distances(g, origin: int) -> np.ndarray:
    """The distance to every place, by the formula Game.within uses."""
    lat, lon = np.radians(g.theatre.lat), np.radians(g.theatre.lon)
    dlat, dlon = lat - lat[origin], lon - lon[origin]
    h = np.sin(dlat / 2) ** 2 + np.cos(lat) * np.cos(lat[origin]) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))


def _every_place_within(g, origin: int, radius_km: float) -> tuple[int, ...]:
    """Every place measured, and those within the radius."""
    return tuple(int(i) for i in np.flatnonzero(_distances(g, origin) <= radius_km))


@settings(max_examples=60, deadline=None)
@given(st.integers(3, 2000), st.integers(0, 10_000), st.data())
def test_within_measures_only_a_band_and_finds_what_measuring_every_place_finds(
        places, seed, data) -> None:
    """Some places put due north and south of the origin (where the band's edge is the
    distance itself), radii at a place's exact distance as the formula gives it and a hair
    below: the band loses no place, and each distance comes out as when every place is
    measured."""
    scenario = synthetic_scenario(places, 4, seed, days=2)
    ids = sorted(scenario.places)
    origin_id = data.draw(st.sampled_from(ids))
    due = data.draw(st.lists(st.sampled_from(ids), max_size=8))
    lon = scenario.places[origin_id].coords.lon
    moved = {pid: dataclasses.replace(scenario.places[pid], coords=dataclasses.replace(
        scenario.places[pid].coords, lon=lon)) for pid in due}
    g = build_game(dataclasses.replace(
        scenario, places=MappingProxyType({**scenario.places, **moved})))
    origin = g.theatre.index[origin_id]
    km = _distances(g, origin)
    for other in [*(g.theatre.index[p] for p in due), data.draw(st.integers(0, len(ids) - 1))]:
        for radius in (float(km[other]), float(np.nextafter(km[other], 0))):
            assert g.within(origin, radius) == _every_place_within(g, origin, radius)
    for radius in (data.draw(st.floats(0, 2000)), 0.0):
        assert g.within(origin, radius) == _every_place_within(g, origin, radius)


def test_slow_roads_cost_more() -> None:
    g = small_game()
    track = g.road_cost(idx(g, "bridge_town"), idx(g, "hill_12"))
    assert track == pytest.approx(7.12 / g.rules["road.track"])


def test_engine_plays_two_sides_only(tmp_path) -> None:
    s = load_scenario(SMALL)
    from dataclasses import replace
    from types import MappingProxyType
    one = replace(s, sides=MappingProxyType({"blue": s.sides["blue"]}))
    with pytest.raises(WargameError, match="plays two sides"):
        build_game(one)


def test_synthetic_theatre_is_connected_and_seeded() -> None:
    a, b = synthetic_scenario(60, 10, 7), synthetic_scenario(60, 10, 7)
    assert a.roads == b.roads and a.units == b.units
    g = build_game(a)
    assert all(c < float("inf") for c in g.path_to(0).cost)


def test_ways_never_go_round_in_a_circle_even_on_roads_of_no_cost() -> None:
    # 0 - 1 - 2 - 3 in a line, the middle roads free: every step leads on to the goal 3
    roads = (((1, 0.0, 0.0),), ((0, 0.0, 0.0), (2, 0.0, 0.0)), ((1, 0.0, 0.0), (3, 5.0, 5.0)),
             ((2, 5.0, 5.0),))
    path = _dijkstra(roads, 3)
    for start in range(3):
        p, seen = start, set()
        while p != 3:
            assert p not in seen
            seen.add(p)
            p = path.step[p]


def test_the_path_cache_is_bounded_and_keeps_what_was_asked_last(monkeypatch) -> None:
    import engine.sim.game as game_module
    g = build_game(synthetic_scenario(60, 6, 2, days=5))
    monkeypatch.setattr(game_module, "PATH_CACHE_PLACES", 60 * 5)
    for dest in range(12):
        g.path_to(dest)
    g.path_to(7)                           # asked again: kept, and now the freshest
    g.path_to(12)
    assert len(g._paths) == 5 and list(g._paths)[-2:] == [7, 12]
    fresh = _dijkstra(g.roads, 3)          # a path dropped is found again, the same
    assert list(g.path_to(3).cost) == list(fresh.cost) and list(g.path_to(3).step) == list(fresh.step)


_ROAD_AND_GROUND = sorted(n for n in valley_game().rules.values
                          if n.startswith(("road.", "terrain.", "speed.")))


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.sampled_from(_ROAD_AND_GROUND),
                       st.floats(0.1, 3.0, allow_nan=False), max_size=3))
def test_a_game_built_like_another_is_the_game_built_alone(changes) -> None:
    """What a game borrows from the game it is built like (its theatre, its places' figures,
    and its roads and defences where the rules price them alike) leaves it the game built
    from nothing, field by field, whichever of the roads', terrains' and speeds' figures
    change."""
    base = valley_game()
    rules = base.rules.replace(changes)
    alone, like = build_game(base.scenario, rules), build_game(base.scenario, rules, base)
    for f in dataclasses.fields(alone):
        if f.name not in ("theatre", "_paths", "_within"):
            assert getattr(like, f.name) == getattr(alone, f.name), f.name
    assert like.theatre is base.theatre
    same_roads = all(rules[n] == base.rules[n] for n in _ROAD_AND_GROUND if n.startswith("road."))
    assert (like.roads is base.roads) == same_roads
    assert (like._paths is base._paths) == (like.roads == base.roads)
