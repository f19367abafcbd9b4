"""Does each cited seed line really say what cites it?

A citation names a line of the seed article and the words that line must contain: a place's
name or one of its aliases, a unit's name, a figure's digits. Matching ignores case, accents,
punctuation and the many apostrophes of transliterated Arabic, so ``Tell al-A'sal`` matches
``Tell al-A‘sal``. A quote, when given, must appear on the line as written (same folding).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from engine.errors import Problem
from engine.scenario.facts import Citation

_NOT_WORD = re.compile(r"[\W_]+")
#: Wikipedia's {{KIA}}, {{WIA}} and {{POW}} marks come out of plain-text dumps glued to the
#: name ("SmithKIA", "SmithWIA").
_GLUED_KIA = re.compile(r"(?<=[a-z])(KIA|WIA|POW)\b")


def fold(text: str) -> str:
    """Lower case, accents dropped, every run of punctuation or space made one space."""
    text = unicodedata.normalize("NFKD", _GLUED_KIA.sub(r" \1", text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", text.lower()).strip()


def mentions(line: str, names: Iterable[str]) -> bool:
    """True when the line contains any of the names as whole words (after folding)."""
    hay = f" {fold(line)} "
    return any(f" {fold(n)} " in hay for n in names if fold(n))


def check_citations(citations: Iterable[Citation], seed_lines: list[str],
                    seed_name: str) -> list[Problem]:
    """Every citation whose line lacks its quote or never mentions its subject."""
    problems = []
    for c in citations:
        text = seed_lines[c.line - 1]
        file, _, line = c.where.rpartition(":")
        where_line = int(line) if line.isdigit() else None
        if c.quote is not None and fold(c.quote) not in fold(text):
            problems.append(Problem(file, where_line,
                                    f"the quote for {c.subject} is not on line {c.line} of "
                                    f"{seed_name}: copy it from that line exactly"))
        if c.mentions and not mentions(text, c.mentions):
            names = ", ".join(f"'{m}'" for m in c.mentions[:4])
            figure = all(any(ch.isdigit() for ch in m) for m in c.mentions)
            fix = ("cite the line that gives it, or mark it assumption: with the reason for "
                   "the figure" if figure else
                   "cite the line that does, or add the spelling it uses as an alias")
            problems.append(Problem(file, where_line,
                                    f"line {c.line} of {seed_name} does not "
                                    f"{'give' if figure else 'mention'} {c.subject} "
                                    f"(looked for {names}): {fix}"))
    return problems
