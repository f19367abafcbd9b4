"""Dated statements from narrative paragraphs."""

from __future__ import annotations

import datetime as dt

from engine.seed.article import parse_article
from engine.seed.dates import find_dates
from engine.seed.timeline import _split, build_timeline, figures_in, sentences


def test_sentences_respect_abbreviations():
    text = "Brig. Gen. Hasan led. The next day, Maj. Gen. Ramadan arrived. Done."
    assert [s for _, s in sentences(text)] == [
        "Brig. Gen. Hasan led.", "The next day, Maj. Gen. Ramadan arrived.", "Done."]
    assert all(text[o:].startswith(s) for o, s in sentences(text))


def test_split_before_a_second_date():
    s = "On 18 November, fighting raged in Naqqarin, while on 19 November, the Army won."
    parts = [s[a:b].strip(" ,") for a, b, _ in _split(s, find_dates(s))]
    assert parts == ["On 18 November, fighting raged in Naqqarin",
                     "on 19 November, the Army won."]


def test_no_split_at_the_comma_closing_an_opening_date():
    s = "On 30 October, the Army entered the town and advanced the next day."
    parts = [s[a:b].strip(" ,") for a, b, _ in _split(s, find_dates(s))]
    assert parts == ["On 30 October, the Army entered the town",
                     "advanced the next day."]


def test_figures():
    figs = figures_in("killing at least 20 rebel fighters, 16-18 civilians and Fifteen "
                      "government militiamen")
    assert [(f["value"], f.get("high"), f.get("at_least"), f["what"]) for f in figs] == [
        (20, None, True, "rebel fighters"), (16, 18, None, "civilians"),
        (15, None, None, "government militiamen")]


ARTICLE = """= War =

Infobox
- Date: 5 May – 20 May 1999

== Background ==
On 1 March, raiders took Northgate. Some days later, they left.

== Campaign ==
On 5 May, the army reached Northgate. That night, it rained.
The town had been taken earlier in March. The next day, the army moved on.
"""


def test_context_rules():
    a = parse_article(ARTICLE)
    got = [(e.when.date.isoformat(), e.when.approximate, e.text)
           for e in build_timeline(a, 1999)]
    assert got == [
        ("1999-03-01", False, "On 1 March, raiders took Northgate."),
        ("1999-03-04", True, "Some days later, they left."),
        ("1999-05-05", False, "On 5 May, the army reached Northgate."),
        ("1999-05-05", False, "That night, it rained."),
        ("1999-03-01", True, "The town had been taken earlier in March."),
        ("1999-05-06", False, "The next day, the army moved on."),  # the look-back is skipped
    ]


def _dated(text: str, campaign: tuple[dt.date, dt.date] | None = None) -> list[tuple[str, str]]:
    return [(e.when.date.isoformat(), e.text)
            for e in build_timeline(parse_article(text), 2013, campaign=campaign)]


def test_reported_speech_and_looks_back_do_not_move_the_narrative() -> None:
    got = _dated("= T =\n\n== War ==\nOn 5 May, a general said the town would fall the next "
                 "day. Nearly a week before, rebels had left. The next day, the army moved.\n")
    assert got == [("2013-05-05", "On 5 May, a general said the town would fall the next day."),
                   ("2013-04-28", "Nearly a week before, rebels had left."),
                   ("2013-05-06", "The next day, the army moved.")]


def test_a_vague_soon_after_is_not_an_anchor() -> None:
    # the shipped Qalamoun article, line 40: "The next day" is the day after 25 November
    got = _dated("= T =\n\n== War ==\nOn 25 November, the Army started deploying troops in "
                 "Deir Attiyeh, and soon after launched a counter-attack. The next day, the Air "
                 "Forces hit Al-Nabk.\n")
    assert [d for d, _ in got] == ["2013-11-25", "2013-11-26"]


def test_summary_sections_stay_undated() -> None:
    text = ("= T =\n\n== War ==\nOn 3 March, the army took Northgate.\n\n== Casualties ==\n"
            "In all, 300 died. On 9 March, a further 20 were counted.\n\n== Later ==\n"
            "The army rested.\n")
    got = _dated(text)
    assert ("2013-03-03", "In all, 300 died.") not in got           # no inherited date
    assert ("2013-03-09", "On 9 March, a further 20 were counted.") in got  # its own date
    assert ("2013-03-03", "The army rested.") in got     # the summary's date moved nothing


def test_the_nth_day_counts_from_the_campaigns_first() -> None:
    got = _dated("= T =\n\n== War ==\nOn the third day of the fighting, Northgate fell.\n",
                 (dt.date(2013, 3, 1), dt.date(2013, 3, 31)))
    assert got == [("2013-03-03", "On the third day of the fighting, Northgate fell.")]


def test_a_sentence_may_begin_with_a_figure() -> None:
    # the shipped Qalamoun article, line 93
    text = ("The Army also captured areas in the Rima Farms region. 17 rebels and 15 soldiers "
            "were reportedly killed. It cost 2.5 million.")
    assert [s for _, s in sentences(text)] == [
        "The Army also captured areas in the Rima Farms region.",
        "17 rebels and 15 soldiers were reportedly killed.", "It cost 2.5 million."]


def test_a_sentence_dated_only_by_reported_speech_keeps_the_narrative_s_date() -> None:
    got = _dated("= T =\n\n== War ==\nOn 5 May, the army halted. A general said the town "
                 "would fall the next day.\n")
    assert got == [("2013-05-05", "On 5 May, the army halted."),
                   ("2013-05-05", "A general said the town would fall the next day.")]


def test_abbreviations_of_about_do_not_end_a_sentence() -> None:
    assert len(sentences("The Army had c. 2,000 men and approx. 300 tanks.")) == 1


def test_what_had_been_going_on_is_dated_before_the_day() -> None:
    # the shipped Qalamoun article, line 25, and a plain pluperfect that is the day's own
    entries = build_timeline(parse_article(
        "= T =\n\n== War ==\nOn 15 November, the Army attacked. Rebels had been digging in for "
        "months. By the evening, rebels had taken the hill.\n"), 2013)
    got = [(e.when.date.isoformat(), e.when.qualifier, e.when.approximate) for e in entries]
    assert got == [("2013-11-15", "on", False), ("2013-11-15", "before", True),
                   ("2013-11-15", "by", False)]
