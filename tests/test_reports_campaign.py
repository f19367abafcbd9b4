"""The text summary shows what the summary holds."""

from __future__ import annotations

from engine.play.ai import commanders
from engine.play.campaign import play_campaign
from engine.play.metrics import summary
from engine.reports.campaign import format_summary

from helpers import small_game


def test_summary_text_lists_objectives_losses_and_digest() -> None:
    g = small_game()
    result = summary(g, play_campaign(g, 1, commanders(g)))
    text = format_summary(result)
    for oid in g.scenario.objectives:
        assert oid in text
    for side, row in result["losses"].items():
        assert any(line.split()[:2] == [side, str(row["killed"])] for line in text.splitlines())
    assert f"Civilians killed: {result['civilians_killed']};" in text
