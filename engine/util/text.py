"""Text helpers with no knowledge of wargames: "did you mean", the kind of a value, tables."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any


def closest(word: str, options: Iterable[str]) -> str | None:
    """The option most like ``word``, if any is close enough to be what was meant."""
    close = difflib.get_close_matches(str(word), sorted(str(o) for o in options), n=1,
                                      cutoff=0.6)
    return close[0] if close else None


def suggest(word: str, options: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest option, or a list of the options."""
    options = sorted(str(o) for o in options)
    close = closest(word, options)
    if close:
        return f" (did you mean '{close}'?)"
    if len(options) <= 12:
        return f" (expected one of: {', '.join(options)})"
    return ""


def kind_of(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false",
            type(None): "empty"}.get(type(value), type(value).__name__)


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Left-aligned columns wide enough for their longest cell."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def article(word: str) -> str:
    """'a' or 'an' before ``word``, by its first letter (an engagement, a bombardment)."""
    return "an" if word[:1].lower() in ("a", "e", "i", "o", "u") else "a"
