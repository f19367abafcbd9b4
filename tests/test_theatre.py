"""The theatre graph and the arrays the turn engine will use instead of it."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings

from engine.scenario.loader import build_scenario, load_scenario
from engine.scenario.yamlsrc import dump_yaml, parse_yaml
from engine.sim.theatre import build_theatre

from helpers import ALEPPO
from strategies import scenario_docs


def csr_matches_graph(theatre) -> None:
    g = theatre.graph
    for i, pid in enumerate(theatre.ids):
        lo, hi = theatre.road_start[i], theatre.road_start[i + 1]
        targets = [theatre.ids[j] for j in theatre.road_to[lo:hi]]
        assert sorted(targets) == sorted(g.adj[pid]), pid
        for j, km in zip(theatre.road_to[lo:hi], theatre.road_km[lo:hi], strict=True):
            assert km == g.edges[pid, theatre.ids[j]]["length_km"]


def test_aleppo_theatre():
    theatre = build_theatre(load_scenario(ALEPPO))
    assert theatre.graph.number_of_nodes() == 48 and theatre.graph.number_of_edges() == 62
    assert nx.is_connected(theatre.graph)
    csr_matches_graph(theatre)
    assert theatre.graph.nodes["khanasir"]["holder"] == "rebels"
    assert "desert_road" in theatre.graph.edges["khanasir", "ithriya"]["routes"]
    assert set(theatre.neighbours("tell_hassel")) >= {"tell_aran", "tell_hassel_factories"}


def test_theatre_is_frozen():
    theatre = build_theatre(load_scenario(ALEPPO))
    with pytest.raises(nx.NetworkXError):
        theatre.graph.add_node("intruder")
    with pytest.raises(ValueError):
        theatre.road_km[0] = 0.0
    assert theatre.road_start.dtype == np.int32 and theatre.road_class.dtype == np.int8


@settings(max_examples=60, deadline=None)
@given(scenario_docs())
def test_arrays_match_the_graph_for_any_scenario(doc):
    scenario = build_scenario(parse_yaml(dump_yaml(doc), "generated.yaml"))
    theatre = build_theatre(scenario)
    assert theatre.ids == tuple(sorted(doc["places"]))
    assert len(theatre.road_to) == 2 * len(scenario.roads)  # each road both ways
    csr_matches_graph(theatre)
    assert nx.is_connected(theatre.graph)
