"""The structure of a seed article in the plain-text form of a Wikipedia page.

The form: a title line ``= Title =``; an ``Infobox`` line followed by ``- Key: value`` lines;
headings ``== Section ==`` and ``=== Subsection ===``; paragraphs, one per line. Every
paragraph keeps its line number, because every fact taken from it will cite that line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^(=+)\s*(.*?)\s*\1\s*$")
_FIELD = re.compile(r"^-\s*([A-Za-z][\w ]*?)\s*:\s*(.*)$")
#: Sections that hold no narrative: lists of links and sources.
NON_NARRATIVE = ("see also", "references", "notes", "external links", "further reading",
                 "bibliography", "sources", "citations")


@dataclass(frozen=True)
class Paragraph:
    line: int
    text: str
    section: str
    chapter: str  # the level-2 section the paragraph is under ("lead" before the first)


@dataclass(frozen=True)
class Article:
    title: str
    infobox: tuple[tuple[str, str, int], ...]  # (key, value, line)
    paragraphs: tuple[Paragraph, ...]
    lines: tuple[str, ...]

    def field(self, key: str) -> tuple[str, int] | None:
        for k, v, line in self.infobox:
            if k.lower() == key.lower():
                return v, line
        return None


def parse_article(text: str) -> Article:
    """Split the article into title, infobox fields and narrative paragraphs."""
    lines = text.splitlines()
    title, infobox, paragraphs = "", [], []
    section = chapter = "lead"
    in_infobox = skip = False
    for n, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            in_infobox = False
            continue
        heading = _HEADING.match(line)
        if heading:
            level, name = len(heading.group(1)), heading.group(2)
            if level == 1 and not title:
                title = name
            else:
                section = name
                if level == 2:
                    chapter = name
                    skip = name.lower() in NON_NARRATIVE
            in_infobox = False
            continue
        if line.lower() == "infobox":
            in_infobox = True
            continue
        field = _FIELD.match(line)
        if in_infobox and field:
            infobox.append((field.group(1), field.group(2).strip(), n))
            continue
        if skip or line.startswith("- "):
            continue
        paragraphs.append(Paragraph(n, line, section, chapter))
    return Article(title, tuple(infobox), tuple(paragraphs), tuple(lines))
