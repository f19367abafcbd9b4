"""The theatre: places and roads as a frozen networkx graph, plus arrays for the hot path.

The graph is for people and analysis (drawing, GIS export, path questions asked once). The
turn engine must not walk it every day, so the same network is also kept as plain numpy
arrays indexed by place number, in the compressed-sparse-row form: the roads leaving place
``i`` are ``road_to[road_start[i]:road_start[i + 1]]``.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import networkx as nx
import numpy as np

from engine.scenario.model import Scenario
from engine.scenario.rules import ROAD_CLASSES


@dataclass(frozen=True)
class Theatre:
    graph: nx.Graph
    ids: tuple[str, ...]
    index: Mapping[str, int]
    lat: np.ndarray
    lon: np.ndarray
    road_start: np.ndarray
    road_to: np.ndarray
    road_km: np.ndarray
    road_class: np.ndarray

    def neighbours(self, place: str) -> tuple[str, ...]:
        i = self.index[place]
        return tuple(self.ids[j] for j in self.road_to[self.road_start[i]:self.road_start[i + 1]])


def _readonly(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


def build_theatre(scenario: Scenario) -> Theatre:
    """The graph and arrays of a validated scenario (places sorted by id)."""
    graph: nx.Graph = nx.Graph(name=scenario.title)
    for p in scenario.places.values():
        graph.add_node(p.id, name=p.name, type=p.type, terrain=p.terrain, lat=p.coords.lat,
                       lon=p.coords.lon, confidence=p.coords.confidence,
                       population=p.population.value if p.population else None,
                       holder=p.holder.side, contested=p.holder.contested)
    on_route: dict[tuple[str, str], list[str]] = {}
    for route in scenario.routes.values():
        for x, y in itertools.pairwise(route.waypoints):
            on_route.setdefault((min(x, y), max(x, y)), []).append(route.id)
    for road in scenario.roads:
        graph.add_edge(road.a, road.b, length_km=road.length_km, road_class=road.road_class,
                       routes=tuple(on_route.get((road.a, road.b), ())))
    nx.freeze(graph)

    ids = tuple(sorted(scenario.places))
    index = {pid: i for i, pid in enumerate(ids)}
    starts, to, km, cls = [0], [], [], []
    for pid in ids:
        for other in sorted(graph.adj[pid], key=index.__getitem__):
            edge = graph.edges[pid, other]
            to.append(index[other])
            km.append(edge["length_km"])
            cls.append(ROAD_CLASSES.index(edge["road_class"]))
        starts.append(len(to))
    return Theatre(
        graph=graph, ids=ids, index=MappingProxyType(index),
        lat=_readonly(np.array([scenario.places[p].coords.lat for p in ids], dtype=np.float64)),
        lon=_readonly(np.array([scenario.places[p].coords.lon for p in ids], dtype=np.float64)),
        road_start=_readonly(np.array(starts, dtype=np.int32)),
        road_to=_readonly(np.array(to, dtype=np.int32)),
        road_km=_readonly(np.array(km, dtype=np.float64)),
        road_class=_readonly(np.array(cls, dtype=np.int8)),
    )
