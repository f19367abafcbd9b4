"""The smallest values of a scenario: provenance, facts with their ranges, citations."""

from __future__ import annotations

from engine.scenario.facts import Citation, Fact, Provenance


def test_provenance_says_where_a_fact_comes_from() -> None:
    assert not Provenance() and Provenance().describe() == "no source"
    assert not Provenance(note="a note only")  # a note alone is no source
    both = Provenance(line=27, assumption="read from the context")
    assert both and both.describe() == "line 27; assumed: read from the context"
    assert Provenance(reference="Dupuy 1979").describe() == "ref: Dupuy 1979"


def test_a_fact_is_uncertain_when_its_range_is() -> None:
    assert not Fact(5.0, 5.0, 5.0).uncertain
    assert Fact(5.0, 2.0, 9.0, at_least=True).uncertain


def test_a_citation_names_what_it_must_mention() -> None:
    c = Citation(12, None, ("Mill",), "place 'mill'", "valley.yaml:50")
    assert c.line == 12 and c.mentions == ("Mill",)
