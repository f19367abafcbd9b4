"""Checked reading: values, facts and provenance, with problems collected, never raised."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.scenario.reader import Reader, number_forms
from engine.scenario.yamlsrc import parse_yaml
from engine.util.text import suggest


def reader(text: str = "x: 1\n", seed: list[str] | None = None) -> Reader:
    return Reader(parse_yaml(text, "t.yaml"), seed)


def messages(r: Reader) -> list[str]:
    return [str(p) for p in r.problems]


def test_suggest():
    assert suggest("terain", ["terrain", "type"]) == " (did you mean 'terrain'?)"
    assert suggest("zzz", ["a", "b"]) == " (expected one of: a, b)"


def test_mapping_reports_unknown_and_missing_keys():
    r = reader("e:\n  name: x\n  nmae: y\n")
    r.mapping(("e",), r.doc.data["e"], {"name", "type"}, {"type"}, "entry")
    assert messages(r) == ["t.yaml:3: unknown key 'nmae' in entry (did you mean 'name'?)",
                           "t.yaml:1: entry is missing 'type'"]


@pytest.mark.parametrize(("value", "kwargs", "fragment"), [
    ("7", {}, "must be a number, not text"),
    (True, {}, "must be a number"),
    (-1, {}, "at least 0"),
    (0, {"above": 0}, "more than 0"),
    (1.5, {"integer": True}, "whole number"),
    (5, {"maximum": 4}, "at most 4"),
    (float("nan"), {}, "finite"),
])
def test_number_limits(value, kwargs, fragment):
    r = reader()
    assert r.number(("x",), value, "n", **kwargs) is None
    assert fragment in messages(r)[0]


def test_fact_forms():
    r = reader()
    plain = r.fact(("x",), 5, "f")
    assert (plain.value, plain.low, plain.high, plain.uncertain) == (5, 5, 5, False)
    full = r.fact(("x",), {"value": 5, "range": [2, 9], "at_least": True,
                           "assumption": "a guess made for a reason"}, "f")
    assert (full.low, full.high, full.at_least) == (2, 9, True)
    assert full.provenance.assumption == "a guess made for a reason"
    assert not r.problems


def test_fact_range_problems():
    r = reader()
    r.fact(("x",), {"value": 1, "range": [2, 9]}, "f")
    r.fact(("x",), {"value": 1, "range": [2]}, "g")
    assert "must contain its value" in messages(r)[0] and "[low, high]" in messages(r)[1]


def test_provenance_with_a_seed_records_citations():
    r = reader("e:\n  source: {line: 2, quote: Base 80}\n", ["one", "near Base 80 today"])
    prov = r.provenance(("e",), r.doc.data["e"], "place 'b'", ("Base 80",))
    assert prov.line == 2 and prov.quote == "Base 80" and not r.problems
    [c] = r.citations
    assert c.where == "t.yaml:2" and c.mentions == ("Base 80",)


def test_provenance_required_only_with_a_seed():
    without = reader()
    without.require_provenance(("x",), without.provenance(("x",), {}, "s"), "s")
    assert not without.problems
    with_seed = reader(seed=["a line"])
    with_seed.require_provenance(("x",), with_seed.provenance(("x",), {}, "s"), "s")
    assert "has no provenance" in messages(with_seed)[0]


def test_dates_and_ids():
    r = reader()
    assert r.date(("x",), "2013-10-01", "d") == dt.date(2013, 10, 1)
    assert r.date(("x",), dt.date(2013, 10, 1), "d") == dt.date(2013, 10, 1)
    assert r.date(("x",), "1 Oct", "d") is None
    assert r.table(("x",), {"ok_1": 1, "Bad Id": 2}, "things") == {"ok_1": 1}
    assert any("ids are lowercase" in m for m in messages(r))


def test_number_forms():
    assert number_forms(7000, None, 0.5) == ("7,000", "7000", "0.5")


@given(st.floats(0, 1e6), st.floats(0, 1e6), st.floats(0, 1e6))
def test_a_range_holds_its_value_or_is_reported(a, b, c):
    lo, v, hi = sorted((a, b, c))
    r = reader()
    fact = r.fact(("x",), {"value": v, "range": [lo, hi]}, "f")
    assert not r.problems and fact.low <= fact.value <= fact.high
    r2 = reader()
    if hi > v:
        r2.fact(("x",), {"value": hi, "range": [lo, v]}, "f")
        assert r2.problems


def test_numbers_are_finite_and_bounded_and_yaml_text_numbers_are_explained() -> None:
    doc = parse_yaml("a: 1e30\nb: 1.0e+300\nc: 2013-05-01 10:00:00\n", "t.yaml")
    r = Reader(doc)
    assert r.number(("a",), doc.data["a"], "a") is None
    assert r.number(("b",), doc.data["b"], "b") is None
    assert r.date(("c",), doc.data["c"], "c") is None
    text = "\n".join(map(str, r.problems))
    assert "t.yaml:1: a must be a number" in text and "write it with a point and a sign" in text
    assert "t.yaml:2: b must be at most 1e+15" in text
    assert "t.yaml:3: c must be a date written YYYY-MM-DD, without a time of day" in text


def test_a_number_too_long_for_a_float_is_refused() -> None:
    doc = parse_yaml(f"a: {10**400}\nb: {-10**30}\n", "t.yaml")
    r = Reader(doc)
    assert r.number(("a",), doc.data["a"], "a", integer=True) is None
    assert r.number(("b",), doc.data["b"], "b", minimum=None) is None
    text = "\n".join(map(str, r.problems))
    assert "t.yaml:1: a must be a number of a sensible size, not one of 401 digits" in text
    assert "t.yaml:2: b must be a number of a sensible size, not one of 31 digits" in text


def _parts_problems(entry: dict, line: str) -> tuple[list[str], list[str]]:
    from engine.scenario.provenance import check_citations
    r = reader(seed=[line])
    r.fact(("x",), entry, "the strength of 'a'")
    return messages(r), [p.message for p in check_citations(r.citations, [line], "s.txt")]


def test_a_sum_of_figures_on_one_line_is_cited_part_by_part() -> None:
    line = "Strength: 10,000 soldiers and 2,000 militiamen"
    assert _parts_problems({"value": 12000, "parts": [10000, 2000],
                            "source": {"line": 1}}, line) == ([], [])
    # a part the line does not give is reported by itself
    problems, cited = _parts_problems({"value": 12500, "parts": [10000, 2500],
                                       "source": {"line": 1}}, line)
    assert problems == [] and len(cited) == 1 and "part 2 of its sum, 2500" in cited[0]


def test_a_sum_of_ranges_gives_the_range() -> None:
    line = "25,000–30,000 rebels and 2,000–3,000 fighters"
    assert _parts_problems({"value": 30000, "range": [27000, 33000],
                            "parts": [[25000, 30000], [2000, 3000]],
                            "source": {"line": 1}}, line) == ([], [])
    problems, _ = _parts_problems({"value": 30000, "range": [27000, 34000],
                                   "parts": [[25000, 30000], [2000, 3000]],
                                   "source": {"line": 1}}, line)
    assert problems and "add up to 27000–33000, not 27000–34000" in problems[0]


@pytest.mark.parametrize("parts", [5, [5], "5 and 6", [[3, 1], 2]])
def test_parts_that_are_not_a_list_of_figures_are_reported(parts) -> None:
    problems, _ = _parts_problems({"value": 5, "parts": parts, "assumption": "a sum for a reason"},
                                  "x")
    assert problems and "t.yaml:1:" in problems[0]


@given(st.lists(st.integers(0, 10**6), min_size=2, max_size=5))
def test_parts_that_add_up_are_accepted_and_others_refused(parts: list[int]) -> None:
    line = " and ".join(f"{p:,} men" for p in parts)
    ok, cited = _parts_problems({"value": sum(parts), "parts": parts, "source": {"line": 1}}, line)
    assert ok == [] and cited == []
    bad, _ = _parts_problems({"value": sum(parts) + 1, "parts": parts, "source": {"line": 1}},
                             line)
    assert bad and "add up to" in bad[0]


def test_a_sum_s_quote_is_checked_once() -> None:
    line = "Strength: 10,000 soldiers and 2,000 militiamen"
    _, cited = _parts_problems({"value": 12000, "parts": [10000, 2000],
                                "source": {"line": 1, "quote": "12,000 men"}}, line)
    assert len(cited) == 1 and "the quote for the strength of 'a' is not on line 1" in cited[0]
