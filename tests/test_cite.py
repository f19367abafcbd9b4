"""Citing by hand: where a seed article says a phrase, and the quote that passes validation."""

from __future__ import annotations

import json

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.scenario.facts import Citation
from engine.scenario.provenance import check_citations, fold
from engine.seed.cite import Quote, cite, nearest

from helpers import SEED, run

LINES = SEED.read_text(encoding="utf-8").splitlines()


def passes(q: Quote, lines: list[str]) -> bool:
    """The quote passes the validator's own check on its line."""
    return not check_citations([Citation(q.line, q.quote, (), "x", "f.yaml:1")], lines, "seed")


def test_an_infobox_figure_is_found_as_written() -> None:
    found = cite(LINES, "125+ KILLED")
    assert found == [Quote(18, "125+ killed")]
    assert found[0].source() == 'source: {line: 18, quote: "125+ killed"}'
    assert passes(found[0], LINES)


def test_accents_apostrophes_and_punctuation_fold_as_the_validator_folds_them() -> None:
    lines = ["Nothing here.", "Fighting near Tell al-A\u2018sal, and Cafe\u0301 \"Nour\".",
             "tell al a sal again"]
    found = cite(lines, "tell al a'sal")
    assert [q.line for q in found] == [2, 3]
    assert found[0].quote == "Tell al-A\u2018sal" and found[1].quote == "tell al a sal"
    assert cite(lines, 'cafe "nour"')[0].quote == 'Cafe\u0301 "Nour'
    assert all(passes(q, lines) for q in found)
    source = yaml.safe_load("{" + Quote(2, 'say "no" \\ then').source() + "}")["source"]
    assert source == {"line": 2, "quote": 'say "no" \\ then'}      # pasted YAML reads back


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_run_of_words_of_a_line_is_found_on_it_with_a_quote_that_passes(data) -> None:
    n = data.draw(st.sampled_from([i for i, line in enumerate(LINES, 1) if len(line.split()) > 3]))
    words = LINES[n - 1].split()
    start = data.draw(st.integers(0, len(words) - 1))
    end = data.draw(st.integers(start + 1, min(len(words), start + 8)))
    phrase = " ".join(words[start:end])
    if not fold(phrase):
        return
    found = {q.line: q for q in cite(LINES, phrase)}
    assert n in found
    assert fold(found[n].quote) == fold(phrase) or fold(phrase) in fold(found[n].quote)
    assert all(passes(q, LINES) for q in found.values())


def test_a_phrase_found_nowhere_names_the_nearest_lines() -> None:
    assert cite(LINES, "the army attacked khanasir town") == []
    near = nearest(LINES, "the army attacked khanasir town")
    assert near and all("khanasir" in fold(LINES[n - 1]) or "army" in fold(LINES[n - 1])
                        for n in near)
    assert cite(LINES, "  ,, ") == [] and nearest(LINES, "zzzz qqqq") == []


def test_the_cite_command(capsys, tmp_path) -> None:
    code, out, _ = run(capsys, "cite", str(SEED), "105+ killed")
    assert code == 0 and out == '19: source: {line: 19, quote: "105+ killed"}\n'
    code, out, _ = run(capsys, "cite", str(SEED), "Khanasir", "--json")
    found = json.loads(out)
    assert code == 0 and len(found) > 5 and found[0] == {"line": 9, "quote": "Khanasir"}
    code, _, err = run(capsys, "cite", str(SEED), "a phrase the article never says")
    assert code == 2 and "no line says" in err and "assumption:" in err
    code, _, err = run(capsys, "cite", str(tmp_path / "missing.txt"), "x")
    assert code == 2 and "cannot read the article" in err
