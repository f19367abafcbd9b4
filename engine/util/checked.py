"""Values read back from data the engine wrote (saved states, recorded outcomes), checked.

Such data comes back from a file a user may have edited, so each value is checked for its
type and range as it is read; a ``ValueError`` says which value is wrong, and the reader
that called turns it into an error naming the file.
"""

from __future__ import annotations

from typing import Any

#: The largest count read back (people, days): far past any real one, and small enough that
#: every sum the rules make stays exact.
MOST = 10**12


def count(x: Any, most: int = MOST) -> int:
    """A whole number from 0 to ``most``."""
    if isinstance(x, bool) or not isinstance(x, int) or not 0 <= x <= most:
        raise ValueError(f"{x!r} is not a whole number from 0 to {most:.0e}")
    return x


def fraction(x: Any, most: float = 1.0) -> float:
    """A number from 0 to ``most`` (a probability or a readiness, by default)."""
    if isinstance(x, bool) or not isinstance(x, int | float) or not 0 <= x <= most:
        raise ValueError(f"{x!r} is not a number from 0 to {most:g}")
    return float(x)


def flag(x: Any) -> bool:
    if not isinstance(x, bool):
        raise ValueError(f"{x!r} is not true or false")
    return x


def text(x: Any) -> str:
    if not isinstance(x, str):
        raise ValueError(f"{x!r} is not text")
    return x
