"""Date expressions found and resolved."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.seed.dates import When, find_dates, resolve

CTX = When(dt.date(2013, 11, 8))


def one(text: str, context: When | None = CTX, year: int = 2013) -> When:
    exprs = find_dates(text)
    assert exprs, text
    return resolve(exprs[0], year, context)


@pytest.mark.parametrize(("text", "date", "end", "precision", "approximate"), [
    ("On 3 October, the Army", "2013-10-03", None, "day", False),
    ("On October 3, 2013, the Army", "2013-10-03", None, "day", False),
    ("From 8 to 25 October, 76 people", "2013-10-08", "2013-10-25", "days", False),
    ("On 17 and 18 October, shelling", "2013-10-17", "2013-10-18", "days", False),
    ("between 1 and 2 October", "2013-10-01", "2013-10-02", "days", False),
    ("1 October – 1 December 2013", "2013-10-01", "2013-12-01", "days", False),
    ("The October–December 2013 offensive", "2013-10-01", "2013-12-31", "month", True),
    ("In June 2013, after", "2013-06-01", "2013-06-30", "month", True),
    ("earlier in July", "2013-07-01", "2013-07-31", "month", True),
    ("In late July, rebels", "2013-07-21", "2013-07-31", "part_of_month", True),
    ("At the beginning of December", "2013-12-01", "2013-12-10", "part_of_month", True),
    ("in mid-November", "2013-11-11", "2013-11-20", "part_of_month", True),
    ("The next day, the helicopters", "2013-11-09", None, "day", False),
    ("the previous day", "2013-11-07", None, "day", False),
    ("That night, the leader", "2013-11-08", None, "day", False),
    ("three days later", "2013-11-11", None, "day", False),
    ("A few days later, rebels", "2013-11-11", None, "day", True),
    ("Days later, the Army", "2013-11-11", None, "day", True),
    ("a week later", "2013-11-15", None, "day", True),
    ("Soon after, the military", "2013-11-11", None, "day", True),
    ("In the first six days of the offensive", "2013-11-08", "2013-11-13", "days", False),
    ("By morning, the Army", "2013-11-08", None, "day", False),
    ("in 2014", "2014-01-01", "2014-12-31", "year", True),
])
def test_resolve(text, date, end, precision, approximate):
    when = one(text)
    assert when.date.isoformat() == date
    assert (when.end.isoformat() if when.end else None) == end
    assert when.precision == precision and when.approximate is approximate


def test_qualifiers():
    assert one("By 11 November, the military").qualifier == "by"
    assert one("fighting as of 10 November").qualifier == "as_of"
    assert one("controlled since February 2013").qualifier == "since"
    assert one("By the morning of 1 November, the Army").qualifier == "by"


def test_weak_expressions_are_marked():
    kinds = {(e.text, e.weak) for e in find_dates("Later in the afternoon, and on 9 November")}
    assert ("Later in the afternoon", True) in kinds and ("9 November", False) in kinds
    assert find_dates("Meanwhile, rebels were retreating")[0].weak


def test_relative_without_context_cannot_be_dated():
    assert one("The next day, rebels", context=None) is None


def test_year_rolls_forward_after_a_long_gap_or_the_campaign_end():
    assert one("on 22 May", context=When(dt.date(2013, 12, 1))).date == dt.date(2014, 5, 22)
    assert one("on 22 May", context=When(dt.date(2013, 6, 1))).date == dt.date(2013, 5, 22)
    campaign = (dt.date(1870, 3, 3), dt.date(1870, 4, 9))
    [expr] = find_dates("On 2 February")
    assert resolve(expr, 1870, When(dt.date(1870, 4, 9)), campaign).date == dt.date(1871, 2, 2)
    assert resolve(expr, 1870, When(dt.date(1870, 3, 5)), campaign).date == dt.date(1870, 2, 2)


def test_words_that_look_like_months_are_not_dates():
    assert find_dates("the Maaret al-Artiq area and Marea") == []
    assert find_dates("16-18 civilians were killed") == []


@given(st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)))
def test_day_month_year_round_trip(day):
    text = f"On {day.day} {calendar.month_name[day.month]} {day.year}, something happened."
    assert one(text, context=None, year=1).date == day


@given(st.dates(dt.date(2000, 1, 1), dt.date(2000, 12, 31)), st.integers(0, 27))
def test_ranges_within_a_month(start, span):
    last = calendar.monthrange(start.year, start.month)[1]
    end = min(start.day + span, last)
    when = one(f"From {start.day} to {end} {calendar.month_name[start.month]}", None, 2000)
    assert (when.date, when.end) == (start, start.replace(day=end))


@given(st.text(max_size=80))
def test_expressions_never_overlap(text):
    spans = [(e.start, e.end) for e in find_dates(text)]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


@pytest.mark.parametrize("text", ["On 0 May, x", "On 45 October, y", "On 31 February, z",
                                  "From 30 to 2 October, w", "On 29 February 2013, v"])
def test_dates_that_do_not_exist_are_not_dates(text):
    [expr] = find_dates(text) or [None]
    assert expr is None or resolve(expr, 2013, CTX) is None


def test_years_are_four_digits_and_needed():
    assert one("On 1 October 99999", context=None).date == dt.date(2013, 10, 1)
    [expr] = find_dates("On 1 October")
    assert resolve(expr, None, None) is None  # no year known: cannot be dated


def test_vague_phrases_keep_the_narratives_precision():
    june = When(dt.date(2013, 6, 1), dt.date(2013, 6, 30), "month", True)
    later = one("Later in the summer, rebels", context=june)
    assert (later.date, later.end, later.precision, later.approximate) == (
        dt.date(2013, 6, 1), dt.date(2013, 6, 30), "month", True)


CAMPAIGN = (dt.date(2013, 11, 15), dt.date(2013, 12, 15))


@pytest.mark.parametrize(("text", "date", "approximate"), [
    ("By the second day, the rebels had fled.", "2013-11-16", True),   # "by": a bound
    ("On the third day of the fighting the town fell.", "2013-11-17", False),
    ("On day 11 of the battle, the Army entered.", "2013-11-25", False),
    ("On the 12th day of the siege, food ran out.", "2013-11-26", False),
])
def test_the_campaigns_own_count_of_days(text: str, date: str, approximate: bool) -> None:
    exprs = find_dates(text)
    when = resolve(exprs[0], 2013, CTX, CAMPAIGN)
    assert when is not None and (when.date.isoformat(), when.approximate) == (date, approximate)
    assert resolve(exprs[0], 2013, CTX, None) is None   # no first day, no count


@pytest.mark.parametrize(("text", "shift", "approximate"), [
    ("The next morning, the convoy left.", 1, False),
    ("the following evening, rebels attacked", 1, False),
    ("nearly a week before, the town fell", -7, True),
    ("two days earlier, the Army shelled it", -2, False),
])
def test_relative_days(text: str, shift: int, approximate: bool) -> None:
    when = one(text)
    assert (when.date - CTX.date).days == shift and when.approximate == approximate


@pytest.mark.parametrize("text", [
    'A commander said that the town would fall the next day.',
    'Rebels warned "we will strike the next day" from the hills.',
    "Officials claimed the road would reopen soon after.",
])
def test_a_date_in_reported_speech_is_weak(text: str) -> None:
    assert [e.weak for e in find_dates(text)] == [True]


def test_a_date_in_the_narrative_is_not_weak() -> None:
    assert [e.weak for e in find_dates("The next day, the Army said nothing.")] == [False]
