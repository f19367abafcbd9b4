"""The state: its start from the scenario, its JSON round trip and its digest."""

from __future__ import annotations

import json

import pytest

from engine.errors import WargameError
from engine.sim.state import NOWHERE, initial_state, state_from_json

from helpers import idx, small_game, unit, valley_game


def test_initial_state_follows_the_scenario() -> None:
    g = valley_game()
    s = initial_state(g)
    assert s.day == 0
    assert s.place[unit(g, "armd")] == idx(g, "ford")
    assert s.strength[unit(g, "militia")] == 600
    assert g.sides[s.holder[idx(g, "market")]] == "south"
    assert all(n == NOWHERE for n in s.next)
    assert s.place[unit(g, "reserve")] == NOWHERE and s.strength[unit(g, "reserve")] == 0
    small = small_game()
    assert initial_state(small).contested[idx(small, "bridge_town")]  # contested at the start


def test_round_trip_and_digest() -> None:
    g = small_game()
    s = initial_state(g)
    back = state_from_json(g, json.loads(json.dumps(s.to_json(g))))
    assert back == s and back.digest(g) == s.digest(g)
    changed = s.copy()
    changed.strength[0] -= 1
    assert changed.digest(g) != s.digest(g)
    assert s.strength[0] == changed.strength[0] + 1  # the copy shares nothing


@pytest.mark.parametrize("damage, message", [
    (lambda d: d.update(scenario="other"), "belongs to scenario 'other'"),
    (lambda d: d["units"].pop("para"), "its units do not match"),
    (lambda d: d["units"]["para"].update(strength=-3), "not a saved state"),
    (lambda d: d["places"]["depot"].update(holder="green"), "not a saved state"),
    (lambda d: d.pop("places"), "not a saved state"),
])
def test_bad_state_files_get_clear_errors(damage, message) -> None:
    g = small_game()
    data = json.loads(json.dumps(initial_state(g).to_json(g)))
    damage(data)
    with pytest.raises(WargameError, match=message):
        state_from_json(g, data, "saved.json")


def test_road_share_is_how_far_along_the_leg() -> None:
    g = valley_game()
    s = initial_state(g)
    u = unit(g, "inf")
    assert s.road_share(g, u) == 0.0  # at a place
    a, b = idx(g, "port"), idx(g, "pass")
    leg = g.road_cost(a, b)
    s.next[u] = b
    for progress, share in ((0.0, 0.0), (leg / 4, 0.25), (leg, 1.0), (2 * leg, 1.0)):
        s.progress[u] = progress
        assert s.road_share(g, u) == pytest.approx(share)


@pytest.mark.parametrize(("field", "value"), [
    ("strength", 10**13), ("readiness", 1.5), ("readiness", float("nan")), ("progress", -1.0),
    ("supplied", "yes"), ("posture", "asleep")])
def test_a_saved_state_out_of_bounds_is_refused(field, value) -> None:
    g = small_game()
    data = json.loads(json.dumps(initial_state(g).to_json(g)))
    data["units"][g.units[0]][field] = value
    with pytest.raises(WargameError, match="not a saved state"):
        state_from_json(g, data)
    data = json.loads(json.dumps(initial_state(g).to_json(g)))
    data["day"] = g.scenario.calendar.turns + 1
    with pytest.raises(WargameError, match="past the calendar"):
        state_from_json(g, data)
