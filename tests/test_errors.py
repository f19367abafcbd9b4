"""Errors a user can fix."""

from __future__ import annotations

from engine.errors import Problem, ScenarioError, WargameError


def test_problem_text():
    assert str(Problem("a.yaml", 3, "bad")) == "a.yaml:3: bad"
    assert str(Problem("a.yaml", None, "missing")) == "a.yaml: missing"


def test_scenario_error_sorts_and_deduplicates():
    err = ScenarioError([Problem("a.yaml", 9, "x"), Problem("a.yaml", 2, "y"),
                         Problem("a.yaml", 9, "x")])
    assert str(err) == "a.yaml:2: y\na.yaml:9: x"
    assert isinstance(err, WargameError) and isinstance(err, ValueError)
