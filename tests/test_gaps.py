"""The gaps a draft leaves are reported at their lines, and only the gaps on those lines."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from engine.errors import Problem
from engine.scenario.gaps import gaps, with_gaps
from engine.scenario.yamlsrc import parse_yaml


def test_every_todo_is_a_gap_at_its_line() -> None:
    doc = parse_yaml("a:\n  b: 'TODO: give b'\n  c: [1, 'TODO: give c']\n  d: TODOS are fine?\n"
                     "  e: not a TODO\n", "t.yaml")
    assert [(p.line, p.message.split(" (")[0]) for p in gaps(doc)] == [
        (2, "TODO: give b"), (3, "TODO: give c"), (4, "TODOS are fine?")]


def test_problems_on_a_gaps_line_or_on_its_unfinished_list_are_dropped() -> None:
    doc = parse_yaml("roads:\n  - 'TODO: join them'\nplaces:\n  a:\n    type: 'TODO: type'\n"
                     "    nmae: x\n", "t.yaml")
    problems = [Problem("t.yaml", 1, "the road network is in 2 pieces"),   # the list's line
                Problem("t.yaml", 5, "place type 'TODO: type' is not one of ..."),
                Problem("t.yaml", 6, "unknown key 'nmae'")]
    got = [(p.line, p.message) for p in with_gaps(doc, problems)]
    assert got[:2] == [(2, "TODO: join them (a gap left by the draft: fill it in)"),
                       (5, "TODO: type (a gap left by the draft: fill it in)")]
    assert got[2:] == [(6, "unknown key 'nmae'")]     # not a gap: still reported


@given(st.recursive(st.one_of(st.text(max_size=8), st.integers(), st.none()),
                    lambda inner: st.lists(inner, max_size=3) |
                    st.dictionaries(st.text("abc", min_size=1, max_size=3), inner, max_size=3),
                    max_leaves=12))
def test_gaps_never_fail_and_count_the_todo_texts(data: object) -> None:
    import yaml
    text = yaml.safe_dump({"root": data})
    doc = parse_yaml(text, "t.yaml")
    count = sum(1 for _ in _texts(doc.data) if _.lstrip().startswith("TODO"))
    assert len(gaps(doc)) == count


def _texts(value: object):
    if isinstance(value, dict):
        for v in value.values():
            yield from _texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v)
    elif isinstance(value, str):
        yield value


def test_a_gap_in_free_text_alone_fails_validation(tmp_path) -> None:
    import pytest

    from engine.errors import ScenarioError
    from engine.scenario.loader import load_scenario

    from helpers import SMALL
    text = SMALL.read_text(encoding="utf-8").replace(
        "  title: River Crossing (test scenario)",
        "  title: River Crossing (test scenario)\n  description: 'TODO: a paragraph'")
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert [p.message.split(" (")[0] for p in err.value.problems] == ["TODO: a paragraph"]
