"""``wargame compare`` as text."""

from __future__ import annotations

from engine.reports.compare import format_compare


def test_every_outcome_has_its_means_difference_and_interval() -> None:
    result = {"a": "a.yaml", "b": "b.yaml", "runs": 3, "seeds": [5, 7], "mode": "ai",
              "outcomes": [
                  {"outcome": "killed.north", "a": 1234.5, "b": 1000.0, "difference": -234.5,
                   "ci95": [-300.25, -100.0], "significant": True},
                  {"outcome": "displaced", "a": 1.0, "b": 1.0, "difference": 0.0,
                   "ci95": None, "significant": False}]}
    lines = format_compare(result).splitlines()
    assert lines[:3] == ["A = a.yaml", "B = b.yaml",
                         "3 paired runs (ai), seeds 5-7, common random numbers"]
    row = next(line for line in lines if line.startswith("killed.north"))
    assert row.split() == ["killed.north", "1,234.50", "1,000.00", "-234.50", "[-300.25,",
                           "-100.00]", "*"]
    assert next(line for line in lines if line.startswith("displaced")).split()[-1] == "-"
