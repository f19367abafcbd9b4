"""Where a seed article says a phrase, and the exact words to quote: the author's help for
citing a fact by hand (``wargame cite SEED "phrase"``).

A phrase is found as the validator checks a quote (engine.scenario.provenance): case, accents
and runs of punctuation or space folded alike. What is printed is the phrase as that line
writes it, so that ``source: {line: N, quote: "..."}`` pasted from it passes validation.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from engine.scenario.provenance import fold


@dataclass(frozen=True)
class Quote:
    """A line of the article (1-based) and the phrase as it is written there."""

    line: int
    quote: str

    def source(self) -> str:
        """The ``source:`` entry that cites it."""
        text = self.quote.replace("\\", "\\\\").replace('"', '\\"')
        return f'source: {{line: {self.line}, quote: "{text}"}}'


def _folded_with_index(text: str) -> tuple[str, list[int]]:
    """``fold``'s letters of ``text`` (punctuation and space runs as one space), each with
    the position in ``text`` of the character it came from."""
    out: list[str] = []
    index: list[int] = []
    for i, c in enumerate(text):
        letters = "".join(ch for ch in unicodedata.normalize("NFKD", c.lower())
                          if not unicodedata.combining(ch))
        if not letters.isalnum():
            if out and out[-1] != " ":
                out.append(" ")
                index.append(i)
            continue
        for ch in letters:
            out.append(ch)
            index.append(i)
    return "".join(out), index


def cite(lines: list[str], phrase: str) -> list[Quote]:
    """Every line that says ``phrase``, with the phrase as written on it (the first time)."""
    wanted = fold(phrase)
    if not wanted:
        return []
    found = []
    for n, line in enumerate(lines, start=1):
        if wanted not in fold(line):
            continue
        folded, index = _folded_with_index(line)
        at = folded.find(wanted)
        if at < 0:          # folding the line whole differs (a glued KIA mark): the line
            found.append(Quote(n, line.strip()))
            continue
        start, end = index[at], index[at + len(wanted) - 1] + 1
        found.append(Quote(n, line[start:end]))
    return found


def nearest(lines: list[str], phrase: str, most: int = 3) -> list[int]:
    """The lines that share the most of the phrase's words, best first (for a phrase found
    nowhere)."""
    words = set(fold(phrase).split())
    scored = sorted(((len(words & set(fold(line).split())), -n, n)
                     for n, line in enumerate(lines, start=1)), reverse=True)
    return [n for score, _, n in scored[:most] if score]
