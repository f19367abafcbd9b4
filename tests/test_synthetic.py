"""Synthetic theatres: seeded, connected, two-sided, of the size asked."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.scenario.synthetic import synthetic_scenario
from engine.sim.game import build_game


@settings(max_examples=20, deadline=None)
@given(st.integers(3, 60), st.integers(2, 20), st.integers(0, 1000))
def test_synthetic_scenarios_are_playable(places: int, units: int, seed: int) -> None:
    s = synthetic_scenario(places, units, seed)
    assert len(s.places) == places and len(s.units) == 2 * max(1, units // 2)
    g = build_game(s)
    assert all(c < float("inf") for c in g.path_to(0).cost)
    for uid, u in s.units.items():
        assert s.places[u.place].holder.side == u.side, uid
    assert synthetic_scenario(places, units, seed).roads == s.roads
