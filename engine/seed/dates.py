"""Dates as articles write them, resolved to calendar dates.

:func:`find_dates` finds the date expressions of a sentence: explicit ("On 3 October",
"From 8 to 25 October", "On 17 and 18 October", "In June 2013", "At the beginning of
December"), relative ("The next day", "That night", "A few days later") and vague ("Later",
"Meanwhile"). :func:`resolve` turns one into a :class:`When` given the campaign's year and the
date the narrative has reached. Anything coarser than a day, or resting on a vague phrase, is
marked ``approximate``.

*Weak* expressions (times of day, vague links) only date a sentence that has nothing better;
they never split one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_M = r"(January|February|March|April|May|June|July|August|September|October|November|December" \
     r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_D = r"(\d{1,2})(?:st|nd|rd|th)?"
_Y = r"(?:,?\s+(\d{4})(?!\d))?"
#: Numbers written as words, for "three days later" and "Fifteen government militiamen".
NUMBER_WORDS = {word: n for n, word in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty"))}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "a dozen": 12, "two dozen": 24})
#: A date earlier than the narrative by more than this is taken to be in the next year
#: (an aftermath section's "on 22 May" after a December campaign).
ROLLOVER_DAYS = 180
#: Parts of a month, as day ranges.
PARTS = {"beginning": (1, 10), "start": (1, 10), "early": (1, 10), "middle": (11, 20),
         "mid": (11, 20), "end": (21, 31), "late": (21, 31)}
_BY_PART_OF_DAY = re.compile(r"\bby\s+(?:the\s+)?(?:morning|afternoon|evening|night|end|middle)"
                             r"\s+of\s+$")
#: Qualifiers that make a date only a bound on when something happened.
BOUNDS = ("by", "before", "after")
QUALIFIERS = (("as of", "as_of"), ("by", "by"), ("since", "since"), ("until", "until"),
              ("before", "before"), ("after", "after"))


@dataclass(frozen=True)
class DateExpr:
    """A date expression found in a text, not yet resolved."""

    kind: str  # day, days, month, months, part, year, relative, vague, duration
    start: int
    end: int
    text: str
    fields: tuple = ()
    weak: bool = False
    qualifier: str = "on"
    reported: bool = False  # in quoted words or after a verb of saying: the speaker's date


@dataclass(frozen=True)
class When:
    """A resolved date: ``date`` (and ``end`` for a span), how precise, and on what basis."""

    date: dt.date
    end: dt.date | None = None
    precision: str = "day"  # day, days, part_of_month, month, year
    approximate: bool = False
    basis: str = "explicit"  # explicit, relative, vague, context
    expression: str | None = None
    qualifier: str = "on"

    @property
    def anchor(self) -> dt.date:
        """The date later relative expressions count from."""
        if self.precision in ("day", "days"):
            return self.end or self.date
        return self.date


_PATTERNS: list[tuple[str, re.Pattern, bool]] = [
    # 1 October – 1 December 2013; from 8 October to 2 November
    ("days2", re.compile(rf"(?:\b(?:from|between)\s+)?\b{_D}\s+{_M}{_Y}\s*(?:–|—|-|to|until|and)"
                         rf"\s*{_D}\s+{_M}{_Y}", re.I), False),
    # from 8 to 25 October; between 1 and 2 October
    ("days", re.compile(rf"\b(?:from|between)\s+{_D}\s+(?:to|and|until|–|-)\s+{_D}\s+{_M}{_Y}",
                        re.I), False),
    # 17 and 18 October; 8–10 November
    ("days", re.compile(rf"\b{_D}\s*(?:and|–|-)\s*{_D}\s+{_M}{_Y}", re.I), False),
    # October–December 2013
    ("months", re.compile(rf"\b{_M}\s*(?:–|—|-|to)\s*{_M}\s+(\d{{4}})", re.I), False),
    # at the beginning of December; late July; mid-November
    ("part", re.compile(rf"\b(?:the\s+)?(beginning|start|middle|end)\s+of\s+{_M}{_Y}", re.I),
     False),
    ("part", re.compile(rf"\b(early|mid|late)[\s-]+{_M}{_Y}", re.I), False),
    # 3 October 2013; October 3, 2013
    ("day", re.compile(rf"\b{_D}\s+{_M}{_Y}", re.I), False),
    ("mday", re.compile(rf"\b{_M}\s+{_D}\b(?:,\s+(\d{{4}}))?", re.I), False),
    # June 2013; earlier in July
    ("month", re.compile(rf"\b{_M}\s+(\d{{4}})\b", re.I), False),
    ("month", re.compile(rf"\b(?:earlier\s+|later\s+)?in\s+{_M}\b(?!\s+\d)", re.I), False),
    ("year", re.compile(r"\bin\s+(\d{4})\b", re.I), False),
    # relative to the narrative's date
    ("relative", re.compile(r"\b(?:the\s+)?(?:next|following)\s+(?:day|morning|afternoon|"
                            r"evening|night)\b|\bthe\s+day\s+after\b", re.I), False),
    ("relative", re.compile(r"\b(?:nearly|almost|about|some|around)?\s*(?:a|one|two|three|\d+)"
                            r"\s+(?:weeks?|days)\s+(?:before|earlier)\b", re.I), False),
    # the campaign's own count: "by the second day", "day 11 of the battle"
    ("nth_day", re.compile(r"\b(?:on\s+|by\s+)?the\s+(first|second|third|fourth|fifth|sixth|"
                           r"seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+day\b"
                           r"(?:\s+of\s+the\s+(?:battle|fighting|offensive|siege|operation|"
                           r"campaign|assault))?", re.I), False),
    ("nth_day", re.compile(r"\bday\s+(\d{1,3})\s+of\s+the\s+(?:battle|fighting|offensive|"
                           r"siege|operation|campaign|assault)\b", re.I), False),
    ("relative", re.compile(r"\b(?:the\s+)?previous\s+day\b|\bthe\s+day\s+before\b", re.I),
     False),
    ("relative", re.compile(r"\bthat\s+(?:night|day|evening|morning|afternoon)\b|\bthe\s+same"
                            r"\s+day\b|\bthe\s+end\s+of\s+the\s+day\b", re.I), False),
    ("relative", re.compile(r"\b(a\s+few|several|some|two|three|four|five|six|seven|\d+)?\s*"
                            r"days\s+later\b|\ba\s+week\s+later\b", re.I), False),
    ("duration", re.compile(r"\b(?:in\s+)?the\s+first\s+(\w+)\s+days\b", re.I), False),
    # weak: times of day and vague links
    ("vague", re.compile(r"\b(?:soon|shortly)\s+after(?:wards)?\b", re.I), True),
    ("time", re.compile(r"\b(?:by|before|after|at)\s+(?:the\s+)?(?:morning|afternoon|evening|"
                        r"night|dark|dawn|sunrise|sunset|nightfall)\b|\blater\s+in\s+the\s+"
                        r"(?:morning|afternoon|evening|day|night)\b", re.I), True),
    ("vague", re.compile(r"^\s*(?:later|meanwhile|subsequently|afterwards|then)\b|\blater\s+in"
                         r"\s+the\s+(?:summer|spring|autumn|winter|year|month)\b", re.I), True),
]


def find_dates(text: str) -> list[DateExpr]:
    """The date expressions of ``text``, in order, none overlapping (longest first wins)."""
    found: list[DateExpr] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern, weak in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < b and a < e for a, b in taken):
                continue
            if kind == "mday" and not _is_day(m.group(2)):
                continue
            before = text[max(0, s - 30):s].lower()
            qualifier = next((q for word, q in QUALIFIERS if before.rstrip().endswith(word)),
                             "on")
            if m.group(0).lower().startswith("by ") or _BY_PART_OF_DAY.search(before):
                qualifier = "by"
            taken.append((s, e))
            # a date inside reported speech ("said the town would fall the next day") is the
            # speaker's, not the narrative's: it dates nothing but its own words
            reported = kind in ("relative", "vague", "time", "nth_day") and _reported(text, s)
            found.append(DateExpr(kind, s, e, m.group(0).strip(), m.groups(), weak or reported,
                                  qualifier, reported))
    return sorted(found, key=lambda x: x.start)


_SPEECH = re.compile(r"\b(?:said|says|stated|claimed|announced|warned|predicted|promised|"
                     r"threatened|expected|vowed|told\s+\w+)\s+(?:that\s+)?", re.I)
_ORDINALS = {w: n for n, w in enumerate(("first", "second", "third", "fourth", "fifth", "sixth",
                                         "seventh", "eighth", "ninth", "tenth"), start=1)}


def _reported(text: str, start: int) -> bool:
    """Is position ``start`` inside quoted words or after a verb of saying?"""
    before = text[:start]
    quotes = before.count('"') + before.count("“") + before.count("”")
    return quotes % 2 == 1 or bool(_SPEECH.search(before))


def _is_day(value: str | None) -> bool:
    return value is not None and 1 <= int(value) <= 31


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _date(year: int, month: int, day: int) -> dt.date:
    """The date, or ``ValueError`` for one that does not exist ("31 February")."""
    return dt.date(year, month, day)


def _last(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _roll(when: When, context: When | None, explicit_year: bool,
          campaign: tuple[dt.date, dt.date] | None = None) -> When:
    """Move a year-less date into the next year when it would fall far behind the story, or
    before the campaign's start once the story has passed the campaign's end."""
    if explicit_year or context is None:
        return when
    past_end = campaign is not None and context.anchor >= campaign[1] and \
        when.date < campaign[0]
    if past_end or (context.anchor - when.date).days > ROLLOVER_DAYS:
        shift = lambda d: d.replace(year=d.year + 1) if d else d  # noqa: E731
        return replace(when, date=shift(when.date), end=shift(when.end))
    return when


def resolve(expr: DateExpr, year: int | None, context: When | None,
            campaign: tuple[dt.date, dt.date] | None = None) -> When | None:
    """The date an expression means, given the campaign year (and dates, when known) and
    the date the narrative has reached; ``None`` when it names no real date ("31 February",
    "From 30 to 2 October"), or needs a year or a context that is not known."""
    try:
        when = _resolve(expr, year, context, campaign)
    except (ValueError, TypeError):  # a day that does not exist, or no year to put it in
        return None
    if when is not None and when.end is not None and when.end < when.date:
        return None
    if when is not None and when.qualifier in BOUNDS and expr.kind != "time":
        # "by 1 November": on that day or before; "By morning" bounds only the hour
        when = replace(when, approximate=True)
    return when


def _resolve(expr: DateExpr, year: int | None, context: When | None,
             campaign: tuple[dt.date, dt.date] | None) -> When | None:
    f = expr.fields
    base: dict[str, Any] = {"expression": expr.text, "qualifier": expr.qualifier}
    if expr.kind == "days2":
        y1, y2 = _year(f[2] or f[5] or year), _year(f[5] or year)
        when = When(_date(y1, _month(f[1]), int(f[0])), _date(y2, _month(f[4]), int(f[3])),
                    "days", **base)
        return _roll(when, context, bool(f[2] or f[5]), campaign)
    if expr.kind == "days":
        y = _year(f[3] or year)
        when = When(_date(y, _month(f[2]), int(f[0])), _date(y, _month(f[2]), int(f[1])),
                    "days", **base)
        return _roll(when, context, bool(f[3]), campaign)
    if expr.kind == "months":
        y = int(f[2])
        return When(_date(y, _month(f[0]), 1), _last(y, _month(f[1])), "month", True, **base)
    if expr.kind == "part":
        y = _year(f[2] or year)
        lo, hi = PARTS[f[0].lower()]
        m = _month(f[1])
        end = _last(y, m) if hi > 28 else _date(y, m, hi)  # "late February" ends on the 28th
        when = When(_date(y, m, lo), end, "part_of_month", True, **base)
        return _roll(when, context, bool(f[2]), campaign)
    if expr.kind in ("day", "mday"):
        day, month = (f[0], f[1]) if expr.kind == "day" else (f[1], f[0])
        when = When(_date(_year(f[2] or year), _month(month), int(day)), None, "day", **base)
        return _roll(when, context, bool(f[2]), campaign)
    if expr.kind == "month":
        explicit = len(f) > 1 and f[1] is not None
        y = _year(f[1] if explicit else year)
        m = _month(f[0])
        when = When(_date(y, m, 1), _last(y, m), "month", True, **base)
        return _roll(when, context, explicit, campaign)
    if expr.kind == "year":
        y = int(f[0])
        return When(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", True, **base)
    if expr.kind == "nth_day":
        if campaign is None:
            return None  # "the second day" of a campaign whose first day is not known
        word = f[0].lower()
        nth = _ORDINALS.get(word) or int(re.sub(r"\D", "", word))
        if nth < 1:
            return None
        return When(campaign[0] + dt.timedelta(days=nth - 1), None, "day", False, "relative",
                    **base)
    if context is None:
        return None  # relative to nothing: the sentence cannot be dated
    if expr.kind == "duration":
        n = _count(f[0])
        if n is None:
            return None
        return When(context.anchor, context.anchor + dt.timedelta(days=n - 1), "days",
                    context.approximate, "relative", **base)
    if expr.kind == "relative":
        shift, approximate = _shift(expr.text)
        return When(context.anchor + dt.timedelta(days=shift), None, "day",
                    approximate or context.approximate, "relative", **base)
    if expr.kind == "vague" and re.search(r"soon|shortly", expr.text, re.I):
        return When(context.anchor + dt.timedelta(days=3), None, "day", True, "vague", **base)
    # a time of day or a vague link: when the narrative is, at the narrative's precision
    return replace(context, approximate=context.approximate or expr.kind == "vague",
                   basis="relative" if expr.kind == "time" else "vague", **base)


def _year(value: Any) -> int:
    """A year from the text or the campaign; none to be had is a date that cannot be read."""
    if value is None:
        raise ValueError("no year to put the date in")
    return int(value)


def _count(word: str | None) -> int | None:
    if word is None:
        return None
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word.lower())


def _shift(text: str) -> tuple[int, bool]:
    """Days a relative expression moves, and whether the move is only approximate."""
    t = text.lower()
    back = re.match(r"\s*(?:nearly|almost|about|some|around)?\s*(a|one|two|three|\d+)\s+"
                    r"(weeks?|days)\s+(?:before|earlier)", t)
    if back:
        count = 1 if back.group(1) == "a" else (_count(back.group(1)) or 1)
        return -count * (7 if back.group(2).startswith("week") else 1), \
            bool(re.match(r"\s*(?:nearly|almost|about|some|around)", t)) or "week" in t
    if "previous" in t or "before" in t:
        return -1, False
    if "next" in t or "following" in t or "day after" in t:
        return 1, False
    if "week" in t:
        return 7, True
    if "later" in t:
        m = re.match(r"\s*(\w+)\s+days", t)
        n = _count(m.group(1)) if m else None
        return (n, False) if n else (3, True)
    return 0, False
