"""Citations: does the cited line mention what cites it?"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from engine.scenario.model import Citation
from engine.scenario.provenance import check_citations, fold, mentions


def test_fold():
    assert fold("Khan al-A‘sal") == fold("Khan al-A'sal") == "khan al a sal"
    assert fold("Ḥalab") == "halab"
    assert fold("Abou al-TayyebKIA, (chief)") == "abou al tayyeb kia chief"


def test_mentions_whole_words():
    line = "the opposition-controlled town of al-Bab, about 30 kilometers"
    assert mentions(line, ["al-Bab"]) and mentions(line, ["Bab"]) and mentions(line, ["30"])
    assert not mentions(line, ["Ba"]) and not mentions(line, ["300"])
    assert mentions("7,000 soldiers", ["7,000"]) and not mentions("7,000 soldiers", ["7000"])


def test_check_citations():
    seed = ["Khanasir fell.", "Nothing here."]
    good = Citation(1, "Khanasir fell", ("Khanasir",), "place 'k'", "s.yaml:4")
    silent = Citation(2, None, ("Khanasir",), "place 'k'", "s.yaml:9")
    misquoted = Citation(1, "Khanasir rose", ("Khanasir",), "place 'k'", "s.yaml:12")
    problems = check_citations([good, silent, misquoted], seed, "seed.txt")
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [
        (9, "line 2 of seed.txt does not mention place 'k'"),
        (12, "the quote for place 'k' is not on line 1 of seed.txt: copy it from that line "
             "exactly"),
    ]


@given(st.text(max_size=60))
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.lists(st.text(alphabet="abcdefgh", min_size=1, max_size=6), min_size=1, max_size=8),
       st.data())
def test_any_word_of_a_line_is_mentioned(words, data):
    line = " ".join(words) + "."
    assert mentions(line, [data.draw(st.sampled_from(words))])
