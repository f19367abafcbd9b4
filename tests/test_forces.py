"""The forces' readers: a parent of another side, a chain of command in a circle, and unit
strengths that do not add up to the side's, each reported at its line."""

from __future__ import annotations

import pytest

from engine.errors import ScenarioError
from engine.scenario.loader import load_scenario

from helpers import SMALL


def _problems(tmp_path, old: str, new: str) -> list[str]:
    text = SMALL.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "s.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    return [str(p) for p in err.value.problems]


def test_a_unit_s_parent_must_be_of_its_side(tmp_path) -> None:
    problems = _problems(tmp_path, "    type: armour\n    place: far_bank",
                         "    type: armour\n    parent: corps\n    place: far_bank")
    assert any("belongs to side 'blue', not 'red'" in p for p in problems)


def test_a_chain_of_command_may_not_go_round_in_a_circle(tmp_path) -> None:
    problems = _problems(tmp_path, "  corps:\n    name: Blue Corps\n    side: blue",
                         "  corps:\n    name: Blue Corps\n    side: blue\n    parent: corps")
    assert any("'corps' is its own ancestor: corps > corps" in p for p in problems), problems


def test_unit_strengths_add_up_to_the_side_s(tmp_path) -> None:
    problems = _problems(tmp_path, "    strength: 1200\n", "    strength: 1300\n")
    assert any("add up to" in p and "strength 3,000" in p for p in problems), problems
