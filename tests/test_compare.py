"""Comparing scenarios with common random numbers."""

from __future__ import annotations

from engine.history.compare import REPLAY, compare
from engine.sim.game import build_game

from helpers import aleppo_game


def test_a_scenario_against_itself_differs_in_nothing() -> None:
    g = aleppo_game()
    result = compare(g, g, 4, 1)
    assert result["outcomes"]
    for row in result["outcomes"]:
        assert row["difference"] == 0 and row["ci95"] == [0, 0] and not row["significant"]


def test_a_deadlier_rule_shows_as_more_dead() -> None:
    g = aleppo_game()
    deadly = build_game(g.scenario, g.scenario.rules.replace(
        {"loss_scale": 3 * g.rules["loss_scale"]}))
    result = compare(g, deadly, 6, 1, REPLAY)
    rows = {r["outcome"]: r for r in result["outcomes"]}
    for side in ("government", "rebels"):
        row = rows[f"killed.{side}"]
        assert row["difference"] > 0 and row["significant"], row
