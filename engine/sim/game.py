"""The game: a scenario, its theatre and rules, turned once into plain arrays for the turn.

Everything the turn engine asks every day (a unit's side and speed, a place's defence
factor, the roads out of a place and what each costs) is looked up here by number, never
by walking the graph. Shortest paths are found by a small Dijkstra on these arrays the first
time a destination is asked for and kept, so a campaign pays for each destination once.
"""

from __future__ import annotations

import contextlib
import functools
import heapq
import itertools
import math
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from engine.errors import WargameError
from engine.scenario.model import Fact, Scenario
from engine.scenario.rules import AIR, FORTIFIED, MOVERS, POSTURES, ROAD_CLASSES, TERRAINS, Rules
from engine.sim.theatre import Theatre, build_theatre
from engine.util.geo import EARTH_RADIUS_KM

UNREACHABLE = math.inf
#: How many places' entries the path cache of a game may hold in all (entries of 12 bytes):
#: every destination of a theatre of up to 2,000 places, about 500 of one of 10,000.
PATH_CACHE_PLACES = 5_000_000


@dataclass(frozen=True)
class Path:
    """Travel cost (highway-equivalent km) from every place to one destination, and the
    next place to step to on the cheapest way there (-1 at the destination or if cut off).

    Typed arrays, not lists: 12 bytes a place instead of about 40, for a cache of many."""

    cost: Sequence[float]
    step: Sequence[int]


@dataclass(frozen=True, eq=False)
class Game:
    """A scenario made ready for play: its theatre, its rules, and every unit's and place's
    figures as plain tuples indexed by number, built once (:func:`build_game`)."""

    scenario: Scenario
    theatre: Theatre
    rules: Rules
    sides: tuple[str, ...]
    units: tuple[str, ...]
    places: tuple[str, ...]
    unit_index: Mapping[str, int]
    unit_side: tuple[int, ...]
    unit_type: tuple[str, ...]
    unit_quality: tuple[float, ...]
    unit_strength: tuple[int, ...]
    unit_start: tuple[int, ...]
    unit_arrives: tuple[int, ...]          # turn of arrival; 0 for units there at the start
    unit_speed: tuple[float, ...]          # highway km a day; 0 for air units
    unit_ground: tuple[bool, ...]          # holds and defends places (not an air unit)
    unit_fires: tuple[bool, ...]           # may bombard (air and artillery)
    unit_range_km: tuple[float, ...]       # how far it bombards
    unit_readiness: tuple[float, ...]      # readiness on the first day
    unit_surprised: tuple[frozenset[int], ...]   # turns on which an attack on it surprises
    posture_factor: tuple[float, ...]      # defender's multiplier by posture number, then
    #                                        fortified (a prepared defence in works)
    place_defence: tuple[float, ...]       # terrain multiplier of a defender's power
    place_works: tuple[bool, ...]          # fortified: a prepared defence counts as fortified
    place_population: tuple[int, ...]
    place_key: tuple[int, ...]             # a stable number per place id for chance streams
    #: roads out of each place: (neighbour, km, cost in highway-equivalent km)
    roads: tuple[tuple[tuple[int, float, float], ...], ...]
    sources: tuple[tuple[int, ...], ...]   # supply sources per side
    #: road costs out of each place by neighbour, for :meth:`road_cost`
    road_costs: tuple[Mapping[int, float], ...] = ()
    _paths: OrderedDict[int, Path] = field(default_factory=OrderedDict, repr=False)
    _within: dict[tuple[int, float], tuple[int, ...]] = field(default_factory=dict, repr=False)

    def path_to(self, dest: int) -> Path:
        """Cheapest paths to ``dest`` from every place (cached per destination, the least
        recently asked dropped first once the cache holds :data:`PATH_CACHE_PLACES` places'
        worth, so memory grows with the theatre, not with its square; the order of use is
        kept from half that on)."""
        paths = self._paths   # shared by the games of a batch, maybe by threads: another may
        found = paths.get(dest)   # drop an entry between two steps here, which is harmless
        if found is None:
            found = paths[dest] = self._shortest(dest)
            if len(paths) * len(self.roads) > PATH_CACHE_PLACES and len(paths) > 1:
                with contextlib.suppress(KeyError):
                    paths.popitem(last=False)
        elif 2 * len(paths) * len(self.roads) > PATH_CACHE_PLACES:   # keep the order of use
            with contextlib.suppress(KeyError):                       # only once it matters
                paths.move_to_end(dest)
        return found

    def _shortest(self, dest: int, closed: bytes | None = None) -> Path:
        """Dijkstra to ``dest``: compiled where the kernel is built (the same paths, ties
        included, about thirty times faster), else :func:`_dijkstra`."""
        from engine.sim.kernel.turn import compiled_paths
        if not compiled_paths():
            return _dijkstra(self.roads, dest, closed)
        from engine.sim.kernel._paths import shortest
        start, to, cost, _km = self.road_arrays
        return Path(*shortest(start, to, cost, dest, closed))

    def way_around(self, dest: int, closed: bytes) -> Path:
        """The cheapest paths to ``dest`` that enter no ``closed`` place but ``dest`` itself
        (a closed place is a start, never a way through). Not cached: what is closed
        changes with every turn."""
        return self._shortest(dest, closed)

    @functools.cached_property
    def road_arrays(self) -> tuple[array[int], array[int], array[float], array[float]]:
        """:attr:`roads` in the compressed-sparse-row form the compiled kernel reads: the
        roads out of place ``i`` are ``start[i]:start[i + 1]`` of (to, cost, km)."""
        start = array("i", itertools.accumulate((len(out) for out in self.roads), initial=0))
        every = [road for out in self.roads for road in out]
        return (start, array("i", [r[0] for r in every]), array("d", [r[2] for r in every]),
                array("d", [r[1] for r in every]))

    def road_cost(self, a: int, b: int) -> float:
        """The travel cost of the road from ``a`` to ``b`` (``inf`` if there is none)."""
        return self.road_costs[a].get(b, UNREACHABLE)

    def within(self, origin: int, radius_km: float) -> tuple[int, ...]:
        """Places within ``radius_km`` of ``origin`` in a straight line, origin included.

        Only the band of latitudes the radius spans is measured: a place further north or
        south is further away (the meridian is the shortest way between two latitudes), and
        each place's distance is worked out alike, whichever others are measured with it."""
        key = (origin, radius_km)
        found = self._within.get(key)
        if found is None:
            lat, lon = self._radians
            band = np.flatnonzero(np.abs(lat - lat[origin])
                                  <= radius_km / EARTH_RADIUS_KM * (1 + 1e-6) + 1e-12)
            la, lo = lat[band], lon[band]
            dlat, dlon = la - lat[origin], lo - lon[origin]
            h = np.sin(dlat / 2) ** 2 + np.cos(la) * np.cos(lat[origin]) * np.sin(dlon / 2) ** 2
            km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
            found = self._within[key] = tuple(int(i) for i in band[km <= radius_km])
        return found

    @functools.cached_property
    def _radians(self) -> tuple[np.ndarray, np.ndarray]:
        """The places' latitudes and longitudes in radians."""
        return np.radians(self.theatre.lat), np.radians(self.theatre.lon)

    def other_sides(self, side: int) -> tuple[int, ...]:
        return tuple(s for s in range(len(self.sides)) if s != side)



def _dijkstra(roads: tuple[tuple[tuple[int, float, float], ...], ...], dest: int,
              closed: bytes | None = None) -> Path:
    cost = [UNREACHABLE] * len(roads)
    step = [-1] * len(roads)
    cost[dest] = 0.0
    heap = [(0.0, dest)]
    settled = [False] * len(roads)
    while heap:
        c, here = heapq.heappop(heap)
        if c > cost[here] or settled[here]:
            continue
        settled[here] = True
        if closed is not None and closed[here] and here != dest:
            continue   # a place to start from, not to pass through
        for there, _km, leg in roads[here]:  # roads are two-way: walk back from the goal
            new = c + leg
            # a tie goes to the lower-numbered neighbour, but never back to a settled place:
            # on a road of no cost that would make two places each other's next step
            if new < cost[there] or (new == cost[there] and here < step[there]
                                     and not settled[there]):
                cost[there] = new
                step[there] = here
                heapq.heappush(heap, (new, there))
    return Path(array("d", cost), array("i", step))


def _roads(theatre: Theatre, road_factor: list[float]
           ) -> tuple[tuple[tuple[int, float, float], ...], ...]:
    """Each place's roads out as (to, km, cost in days' march at speed 1)."""
    roads = []
    for i in range(len(theatre.ids)):
        out = []
        for k in range(theatre.road_start[i], theatre.road_start[i + 1]):
            km = float(theatre.road_km[k])
            factor = road_factor[theatre.road_class[k]]
            out.append((int(theatre.road_to[k]), km, km / factor if factor > 0 else UNREACHABLE))
        roads.append(tuple(out))
    return tuple(roads)


def _people(population: Fact | None) -> int:
    return int(population.value) if population is not None else 0


def build_game(scenario: Scenario, rules: Rules | None = None, like: Game | None = None
               ) -> Game:
    """Precompute everything the turn engine looks up; ``rules`` overrides the scenario's.

    ``like``, a game of the same places and roads (a batch's scenario before its factors
    were set), lends its theatre, what the game reads of its places, and, where the rules
    price roads and terrain as its own did, its roads, defences and cache of shortest paths:
    a batch pays for each once, not once a run."""
    rules = rules or scenario.rules
    if len(scenario.sides) != 2:
        raise WargameError(f"{scenario.path}: the turn engine plays two sides; this scenario "
                           f"has {len(scenario.sides)} ({', '.join(scenario.sides)})")
    kept = like if like is not None and like.scenario.places is scenario.places \
        and like.scenario.roads is scenario.roads else None
    theatre = kept.theatre if kept is not None else build_theatre(scenario)
    sides = tuple(scenario.sides)
    index = theatre.index
    units = tuple(scenario.units)
    us = [scenario.units[u] for u in units]
    road_factor = [rules[f"road.{c}"] for c in ROAD_CLASSES]
    if kept is not None and road_factor == [kept.rules[f"road.{c}"] for c in ROAD_CLASSES]:
        roads, road_costs = kept.roads, kept.road_costs     # the same roads, costing the same
    else:
        roads = _roads(theatre, road_factor)
        road_costs = tuple({to: cost for to, _km, cost in reversed(out)} for out in roads)
    defence = [rules[f"terrain.{t}"] for t in TERRAINS]
    if kept is not None and defence == [kept.rules[f"terrain.{t}"] for t in TERRAINS]:
        place_defence = kept.place_defence
    else:
        place_defence = tuple(rules[f"terrain.{scenario.places[p].terrain}"]
                              if scenario.places[p].terrain in TERRAINS else 1.0
                              for p in theatre.ids)
    start = scenario.calendar.start
    return Game(
        scenario=scenario, theatre=theatre, rules=rules, sides=sides, units=units,
        places=theatre.ids, unit_index=MappingProxyType({u: i for i, u in enumerate(units)}),
        unit_side=tuple(sides.index(u.side) for u in us),
        unit_type=tuple(u.type for u in us),
        unit_quality=tuple(u.quality.value for u in us),
        unit_strength=tuple(int(u.strength.value) for u in us),
        unit_start=tuple(index[u.place] for u in us),
        unit_arrives=tuple((u.arrives - start).days if u.arrives else 0 for u in us),
        unit_speed=tuple(rules[f"speed.{u.type}"] if u.type in MOVERS else 0.0 for u in us),
        unit_ground=tuple(u.type != AIR for u in us),
        unit_fires=tuple(u.type in (AIR, "artillery") for u in us),
        unit_range_km=tuple(rules["air_radius_km"] if u.type == AIR else
                            rules["artillery_range_km"] if u.type == "artillery" else 0.0
                            for u in us),
        unit_readiness=tuple(float(u.readiness.value) if u.readiness else 1.0 for u in us),
        unit_surprised=tuple(frozenset((d - start).days for d in u.surprised) for u in us),
        posture_factor=tuple(rules[f"posture.{p}"] for p in (*POSTURES, FORTIFIED)),
        place_defence=place_defence,
        place_works=kept.place_works if kept is not None else
        tuple(scenario.places[p].works for p in theatre.ids),
        place_population=kept.place_population if kept is not None else
        tuple(_people(scenario.places[p].population) for p in theatre.ids),
        place_key=kept.place_key if kept is not None else
        tuple(zlib.crc32(p.encode()) for p in theatre.ids),
        roads=roads, road_costs=road_costs,
        sources=tuple(tuple(index[s.place] for s in scenario.sides[sid].supply_sources)
                      for sid in sides),
        _paths=kept._paths if kept is not None and kept.roads == roads else OrderedDict(),
        _within=kept._within if kept is not None else {},
    )
