"""The gaps a draft leaves: every text value that starts with ``TODO``.

``wargame draft`` writes what the article cannot tell (a place's coordinates, a unit's
strength, the roads) as ``TODO: what to give``. Validation reports each gap at its line and
drops the other complaints on that line, which only repeat that the value is missing or is
not a number: the author's list of work is then the list of gaps.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from engine.errors import Problem
from engine.scenario.yamlsrc import Document, Path_

MARK = "TODO"


def _walk(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, path + (i,))
    elif isinstance(value, str) and value.lstrip().startswith(MARK):
        yield path, value.strip()


def gaps(doc: Document) -> list[Problem]:
    """One problem for every ``TODO`` value of the document, at its line."""
    return [Problem(doc.file(path), doc.line(path),
                    f"{text} (a gap left by the draft: fill it in)")
            for path, text in _walk(doc.data, ())]


def with_gaps(doc: Document, problems: list[Problem]) -> list[Problem]:
    """The gaps, and the problems on lines that are not gaps. A list with a gap among its
    items is unfinished, so complaints about the list as a whole (a road network in pieces
    while its roads are a gap) wait for it to be filled too."""
    found = gaps(doc)
    at = {(p.file, p.line) for p in found}
    at |= {(doc.file(path[:-1]), doc.line(path[:-1])) for path, _ in _walk(doc.data, ())
           if path and isinstance(path[-1], int)}
    return found + [p for p in problems if (p.file, p.line) not in at]
