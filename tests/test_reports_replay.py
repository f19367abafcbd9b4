"""The text of replays: timeline, final state, fidelity report."""

from __future__ import annotations

from engine.history.fidelity import fidelity
from engine.reports.replay import final_state, format_fidelity, format_recorded

from helpers import aleppo_game, aleppo_recorded, aleppo_replay_file


def test_timeline_has_every_day_with_record_engine_and_rules() -> None:
    g, rec = aleppo_game(), aleppo_recorded()
    text = format_recorded(g, rec)
    days = [line for line in text.splitlines() if line[:4] == "2013" and len(line) == 10]
    assert len(days) == 62
    assert "  record  " in text and "  engine  " in text
    assert text.count("  RULES   ") == len(rec.violations)


def test_final_state_sets_engine_against_record_and_infobox() -> None:
    lines = final_state(aleppo_game(), aleppo_recorded())
    text = "\n".join(lines)
    assert "Final state, 2013-12-01" in text and "125+" in text and "105+" in text
    assert "in the record's events" in text


def test_fidelity_text_names_its_parts() -> None:
    g, rf, rec = aleppo_game(), aleppo_replay_file(), aleppo_recorded()
    text = format_fidelity(g, fidelity(g, rf, rec, [rec]), "T")
    assert text.startswith("T: 1 adjudicated runs")
    assert "Fidelity 1.000" not in text or "losses 1.000" in text
    assert "timing 1.000, agreement 1.000" in text
