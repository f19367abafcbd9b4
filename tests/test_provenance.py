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


def test_a_figure_missing_from_its_line_suggests_an_assumption_a_name_an_alias() -> None:
    from engine.scenario.facts import Citation
    from engine.scenario.provenance import check_citations

    lines = ["Rebels with 4,000 men held the town of Khanasir."]
    figure = check_citations([Citation(1, None, ("7000", "7,000"), "the strength of x",
                                       "s.yaml:3")], lines, "seed.txt")
    assert len(figure) == 1 and "does not give the strength of x" in figure[0].message
    assert "mark it assumption:" in figure[0].message and "alias" not in figure[0].message
    name = check_citations([Citation(1, None, ("Al-Safira",), "place al_safira", "s.yaml:4")],
                           lines, "seed.txt")
    assert "does not mention place al_safira" in name[0].message and "alias" in name[0].message


def test_a_name_glued_to_a_wia_or_pow_mark_is_found_as_a_kia_one_is() -> None:
    from engine.scenario.provenance import mentions

    line = "Commander: Abdul Qader SalehKIA, Abu MohammadWIA, Abu OmarPOW"
    assert mentions(line, ["Abdul Qader Saleh"]) and mentions(line, ["Abu Mohammad"])
    assert mentions(line, ["Abu Omar"]) and not mentions(line, ["Abu Moham"])
