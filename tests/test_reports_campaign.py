"""The text summary shows what the summary holds."""

from __future__ import annotations

from engine.play.campaign import play_campaign
from engine.play.commanders import parse_ai, players
from engine.play.metrics import summary
from engine.reports.campaign import format_summary

from helpers import small_game


def test_summary_text_lists_objectives_losses_and_digest() -> None:
    g = small_game()
    kinds = parse_ai(g, None)
    result = summary(g, play_campaign(g, 1, players(g, kinds)), kinds)
    text = format_summary(result)
    assert text.splitlines()[1] == "Commanders: blue heuristic, red heuristic"
    for oid in g.scenario.objectives:
        assert oid in text
    for side, row in result["losses"].items():
        assert any(line.split()[:2] == [side, str(row["killed"])] for line in text.splitlines())
    assert f"Civilians killed: {result['civilians_killed']};" in text
    assert "Captures: blue " in text
    assert "Days fired: " + ", ".join(f"{u} {n}" for u, n in result["fire_days"].items()) in text
    assert "Reserve days idle" not in text     # the small theatre's doctrine holds none back


def test_idle_reserves_are_listed_with_their_days() -> None:
    g = small_game()
    result = summary(g, play_campaign(g, 1, players(g, parse_ai(g, None))))
    result["reserves_idle"] = {"armd": {"side": "blue", "idle": 3, "days": 7}}
    assert "Reserve days idle: armd (blue) 3 of 7" in format_summary(result)
