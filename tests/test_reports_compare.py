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
    assert lines[:4] == ["A = a.yaml", "B = b.yaml",
                         "3 paired runs (ai), seeds 5-7, common random numbers",
                         "On points: no objectives score points"]
    header = next(line for line in lines if line.startswith("outcome"))
    assert header.split("  ")[0] == "outcome" and "compared as" in header and \
        "95 % interval" in header and "sig." in header
    row = next(line for line in lines if line.startswith("killed.north"))
    assert row.split() == ["killed.north", "measure", "1,234.50", "1,000.00", "-234.50",
                           "[-300.25,", "-100.00]", "*"]
    assert next(line for line in lines if line.startswith("displaced")).split()[-1] == "-"


def test_shares_days_unchanged_outcomes_and_the_points_are_told_as_what_they_are() -> None:
    def row(outcome, kind, a, b, ci, pairs=3, unchanged=False, significant=False):
        return {"outcome": outcome, "kind": kind, "pairs": pairs, "a": a, "b": b,
                "difference": None if a is None else b - a, "ci95": ci,
                "significant": significant, "unchanged": unchanged}
    result = {"a": "a.yaml", "b": "b.yaml", "runs": 3, "seeds": [1, 3], "mode": "ai",
              "outcomes": [
                  row("met_at_end.x", "share", 0.25, 0.75, [0.1, 0.8], significant=True),
                  row("day_met.x", "day", 4.0, 3.0, None, pairs=1),
                  row("day_met.y", "day", None, None, None, pairs=0, unchanged=True),
                  row("killed.n", "measure", 1200.0, 1200.0, [0.0, 0.0], unchanged=True),
                  row("points.north", "measure", 1.0, 2.5, [0.5, 2.5], significant=True),
                  row("points.south", "measure", 2.0, 0.5, [-2.5, -0.5], significant=True)]}
    lines = format_compare(result).splitlines()
    assert lines[3] == ("On points (mean at the end): A: north 1.00, south 2.00 (south "
                        "ahead); B: north 2.50, south 0.50 (north ahead)")
    by = {line.split()[0]: line for line in lines if line.split() and "." in line.split()[0]}
    assert by["met_at_end.x"].split() == ["met_at_end.x", "share", "25%", "75%", "+50",
                                          "[+10,", "+80]", "*"]
    assert by["day_met.x"].split()[1:4] == ["day,", "1", "run"]
    assert "never met in both" in by["day_met.y"]
    assert "equal in every run" in by["killed.n"] and "1,200.00" in by["killed.n"]
    assert any("Newcombe" in line for line in lines)


def _effect(difference, ci, significant):
    return {"a": 10.0, "b": 10.0 + difference, "difference": difference, "ci95": ci,
            "significant": significant}


def test_two_commanders_each_get_a_line_and_flips_are_marked_not_robust() -> None:
    up, down = _effect(2.0, [1.0, 3.0], True), _effect(-1.0, [-1.5, -0.5], True)
    result = {"a": "a.yaml", "b": "b.yaml", "runs": 4, "seeds": [1, 4], "mode": "ai",
              "commanders": ["historical", "heuristic"],
              "outcomes": [
                  {"outcome": "killed.north", **up, "robust": False,
                   "by_commander": {"historical": up, "heuristic": down}},
                  {"outcome": "displaced", **up, "robust": True,
                   "by_commander": {"historical": up, "heuristic": up}}]}
    lines = format_compare(result).splitlines()
    assert lines[2] == ("4 paired runs (ai, historical and heuristic commanders), seeds 1-4, "
                        "common random numbers")
    at = next(i for i, line in enumerate(lines) if line.startswith("killed.north"))
    assert lines[at].split() == ["killed.north", "historical", "measure", "10.00", "12.00",
                                 "+2.00", "[+1.00,", "+3.00]", "*", "NOT", "ROBUST"]
    assert lines[at + 1].split() == ["heuristic", "measure", "10.00", "9.00", "-1.00",
                                     "[-1.50,", "-0.50]", "*"]
    assert "ROBUST" not in next(line for line in lines if line.startswith("displaced"))
    assert lines[-1] == "1 of 2 outcomes not robust to the commander."


def test_a_note_says_why_only_one_commander_played() -> None:
    result = {"a": "a.yaml", "b": "b.yaml", "runs": 1, "seeds": [1, 1], "mode": "ai",
              "commanders": ["heuristic"], "note": "only the heuristic commander: a.yaml has "
              "no plan for a historical one",
              "outcomes": [{"outcome": "displaced", **_effect(0.0, None, False), "robust": None,
                            "by_commander": {"heuristic": _effect(0.0, None, False)}}]}
    lines = format_compare(result).splitlines()
    assert lines[2] == "1 paired runs (ai, heuristic commander), seeds 1-1, common random numbers"
    assert lines[3] == ("Note: only the heuristic commander: a.yaml has no plan for a "
                        "historical one")
    assert lines[4] == "On points: no objectives score points"
    assert "ROBUST" not in "\n".join(lines)
