"""Comparing scenarios with common random numbers, on the Valley."""

from __future__ import annotations

import pytest

from engine.errors import WargameError
from engine.history.compare import REPLAY, compare
from engine.sim.game import build_game

from helpers import small_game, valley_game


def test_a_scenario_against_itself_differs_in_nothing() -> None:
    g = valley_game()
    result = compare(g, g, 4, 1)
    assert result["outcomes"] and result["seeds"] == [1, 4]
    for row in result["outcomes"]:
        assert row["difference"] == 0 and row["ci95"] == [0, 0] and not row["significant"]


def test_a_deadlier_rule_shows_as_more_dead() -> None:
    g = valley_game()
    deadly = build_game(g.scenario, g.scenario.rules.replace(
        {"loss_scale": 3 * g.rules["loss_scale"]}))
    result = compare(g, deadly, 6, 1, REPLAY)
    rows = {r["outcome"]: r for r in result["outcomes"]}
    row = rows["killed.north"]    # the record forces the storm's dead, not the first assault's
    assert row["difference"] > 0 and row["significant"], row


def test_two_theatres_cannot_be_compared() -> None:
    with pytest.raises(WargameError, match="same theatre"):
        compare(valley_game(), small_game(), 2, 1)
