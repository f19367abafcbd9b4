"""Every dated statement of an article's narrative, as a timeline.

Sentences are dated by the expressions they contain (see :mod:`engine.dates`); a sentence
without one inherits the date the narrative has reached. A sentence that moves to a second
date ("..., and on 5 August, the fort fell") is split at the clause boundary before it, so each
part keeps its own date. A date far earlier than the narrative ("captured ... earlier in
July") is a look back and does not move the narrative on; the first date of a new chapter
(a level-2 section) always sets it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, replace
from typing import Any

from engine.seed.article import Article
from engine.seed.dates import NUMBER_WORDS, DateExpr, When, find_dates, resolve
from engine.seed.places_text import Gazetteer, Mention, find_places

#: Sections that sum the campaign up: a sentence in one is dated by its own words or not at
#: all, and its dates do not move the narrative (a toll "on 3 March" in "Casualties").
SUMMARY_SECTIONS = ("casualties", "losses", "significance", "reactions", "reaction",
                    "analysis", "assessment", "impact", "legacy", "international response",
                    "order of battle")
#: A sentence ends at a full stop (or ! ?) before a capital, a quote or a figure ("... the
#: hospital. 140 rebels were killed"); a full stop between digits is a decimal point.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”]?\s+(?=[A-Z0-9\"“'])")
_ABBREVIATIONS = re.compile(r"\b(?:Brig|Gen|Maj|Col|Lt|Capt|Mr|Mrs|Dr|St|Jan|Feb|Mar|Apr|Jun|"
                            r"Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|vs|U\.S|U\.N|c|ca|approx|est|Est|"
                            r"Approx)\.$")
#: A statement of what had been going on before the narrative's day ("rebels had been digging
#: in for months"; a plain pluperfect is not enough: "by the evening, rebels had taken the
#: town" is the day's): dated by its context, it happened before it.
_BACKGROUND = re.compile(r"\bhad\s+been\s+\w+ing\b|\bhad\s+long\b|\bfor\s+(?:months|years|weeks)\b",
                         re.I)
_COMMA_BOUNDARY = re.compile(r",\s+(?:however,\s+|and\s+|while\s+|but\s+|whereas\s+)?")
_WORD_BOUNDARY = re.compile(r"\s+(?:and|while|but|whereas)\s+")
# numbers in digits or words, longest words first ("two dozen" before "two")
_NUM = "|".join([r"\d[\d,]*", *sorted(NUMBER_WORDS, key=len, reverse=True),
                 "dozens", "hundreds", "thousands"])
_FIGURE = re.compile(
    rf"(?P<q>\b(?:at least|more than|over|around|about|some|nearly|up to|almost)\s+)?"
    rf"\b(?P<n>{_NUM})(?:\s*(?:-|–|to)\s*(?P<n2>\d[\d,]*))?\s+"
    r"(?P<what>(?:[\w'-]+\s+){0,3}?(?:rebels|fighters|soldiers|militiamen|civilians|people|"
    r"children|women|villages|towns|troops|men|dead|wounded|injured|vehicles|tanks|strikes|"
    r"others|groups|buildings|killed|members|prisoners|residents))\b", re.I)


@dataclass(frozen=True)
class Entry:
    when: When
    line: int
    section: str
    text: str
    places: tuple[Mention, ...]
    figures: tuple[dict[str, Any], ...]

    def plain(self) -> dict[str, Any]:
        w = self.when
        out: dict[str, Any] = {"date": w.date.isoformat()}
        if w.end and w.end != w.date:
            out["end"] = w.end.isoformat()
        out.update({"precision": w.precision, "approximate": w.approximate, "basis": w.basis})
        if w.expression:
            out["expression"] = w.expression
        if w.qualifier != "on":
            out["qualifier"] = w.qualifier
        out.update({"line": self.line, "section": self.section, "text": self.text,
                    "places": list(dict.fromkeys(m.name for m in self.places))})
        ids = [m.id for m in self.places if m.id]
        if ids:
            out["place_ids"] = list(dict.fromkeys(ids))
        if any(m.via == "reference" for m in self.places):
            out["references"] = {m.descriptor: m.name for m in self.places
                                 if m.via == "reference"}
        if self.figures:
            out["figures"] = list(self.figures)
        return out


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; a full stop after an abbreviation does not end one."""
    out, start = [], 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        end = m.start() if m else len(text)
        if m and _ABBREVIATIONS.search(text[:end]):
            continue
        piece = text[start:end]
        if piece.strip():
            out.append((start + len(piece) - len(piece.lstrip()), piece.strip()))
        start = m.end() if m else end
    return out


def _split(sentence: str, exprs: list[DateExpr]) -> list[tuple[int, int, DateExpr | None]]:
    """Clause spans, each with its date expression: split before every later date."""
    spans: list[tuple[int, int, DateExpr | None]] = []
    start, current = 0, exprs[0] if exprs else None
    for prev, nxt in itertools.pairwise(exprs):
        gap_start = prev.end
        # a comma that only closes an opening date phrase ("On 8 November, ...") is no boundary
        if re.fullmatch(r"[\s\"'“]*(?:[A-Za-z]+\s+){0,3}", sentence[:prev.start]):
            m = re.match(r"\s*,", sentence[prev.end:])
            gap_start = prev.end + (m.end() if m else 0)
        gap = sentence[gap_start:nxt.start]
        cuts = list(_COMMA_BOUNDARY.finditer(gap)) or list(_WORD_BOUNDARY.finditer(gap))
        if not cuts:
            continue
        cut = cuts[-1]
        spans.append((start, gap_start + cut.start(), current))
        start, current = gap_start + cut.end(), nxt
    spans.append((start, len(sentence), current))
    return spans


def figures_in(text: str) -> tuple[dict[str, Any], ...]:
    """Counts of people and things: "at least 20 rebel fighters", "16-18 civilians"."""
    out = []
    for m in _FIGURE.finditer(text):
        n = m.group("n").lower()
        value = int(n.replace(",", "")) if n[0].isdigit() else NUMBER_WORDS.get(n)
        if value is None:
            continue
        fig: dict[str, Any] = {"value": value, "what": m.group("what").lower(),
                               "text": m.group(0).strip()}
        if m.group("n2"):
            fig["high"] = int(m.group("n2").replace(",", ""))
        if m.group("q") and m.group("q").strip().lower() in ("at least", "more than", "over"):
            fig["at_least"] = True
        out.append(fig)
    return tuple(out)


def build_timeline(article: Article, year: int | None, *, gazetteer: Gazetteer | None = None,
                   exclude: tuple[str, ...] = (),
                   campaign: tuple[dt.date, dt.date] | None = None) -> list[Entry]:
    """The dated statements of the article's narrative, in reading order."""
    # A name the text once cues as a place is a place wherever it appears ("Fortville, captured
    # by rebels in August, ..." opens a sentence with no cue before it).
    learned = {m.name for para in article.paragraphs
               for m in find_places(para.text, gazetteer=gazetteer, exclude=exclude)
               if m.via == "name"}
    entries: list[Entry] = []
    context: When | None = None
    context_line = 0  # the paragraph the narrative's date was set in
    chapter = None
    previous: list[Mention] = []
    for para in article.paragraphs:
        new_chapter = para.chapter != chapter
        chapter = para.chapter
        summing = summary(para.section) or summary(para.chapter)
        mentions = find_places(para.text, gazetteer=gazetteer, exclude=exclude, learned=learned,
                               earlier=() if new_chapter else previous)
        previous = mentions
        for offset, sentence in sentences(para.text):
            found = find_dates(sentence)
            # a weak phrase dates a sentence with nothing better, unless it is a speaker's
            exprs = [e for e in found if not e.weak] or [e for e in found if not e.reported][:1]
            main: When | None = None  # the sentence's own date: its first clause, or later
            for s, e, expr in _split(sentence, exprs):
                when = resolve(expr, year, main or context, campaign) if expr else None
                if when is None:
                    base = main or (None if summing else context)
                    if base is None:
                        continue
                    # A statement without a date of its own shares its context's date, span and
                    # precision; taken across a paragraph break, that is only a likelihood.
                    background = bool(_BACKGROUND.search(sentence[s:e]))
                    when = replace(base, basis="context", expression=None,
                                   qualifier="before" if background else "on",
                                   approximate=background or base.approximate or (
                                       main is None and context_line != para.line))
                elif expr is not None and not expr.weak and (main is None or
                                                             when.anchor > main.anchor):
                    main = when  # weak phrases ("Later,") date their sentence, not the story
                clause = sentence[s:e].strip(" ,;")
                places = tuple(m for m in mentions
                               if offset + s <= m.start and m.end <= offset + e)
                continues = s > 0 and clause[:1].islower() and not (expr and expr.start <= s + 3)
                if continues or (not places and s > 0):
                    # "..., controlled by the rebels since February": still the same subject
                    places = entries[-1].places + places
                entries.append(Entry(when, para.line, para.section, clause, places,
                                     figures_in(sentence[s:e])))
            if main is not None and not summing and (new_chapter or
                                                     not _looks_back(main, context)):
                context, new_chapter, context_line = main, False, para.line
    return entries


def _looks_back(when: When, context: When | None) -> bool:
    """A coarse date behind the narrative ("earlier in July", "since February"), or one
    counted back from it ("the previous day", "nearly a week before"), is a look back: it
    dates its own statement but does not move the story."""
    if context is None or when.anchor >= context.anchor:
        return False
    counted_back = when.basis == "relative" and bool(
        re.search(r"\b(?:before|earlier|previous)\b", when.expression or "", re.I))
    return when.precision not in ("day", "days") or when.qualifier == "since" or counted_back


def summary(section: str) -> bool:
    """Is this a section that sums up the campaign rather than telling it?"""
    return any(word in section.lower() for word in SUMMARY_SECTIONS)
