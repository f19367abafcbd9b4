"""Answers kept while the object they are about lives.

A game's figures worked out once (its kernel board, its commanders' staff, what each side
must keep) belong with the game: ``functools.lru_cache`` would keep the game itself alive
after its batch run is over, so these are kept by a weak reference to it instead.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def per_object(fn: Callable[..., T]) -> Callable[..., T]:
    """``fn(obj, *args)`` worked out once per ``obj`` (held weakly: it must be hashable and
    weakly referable) and hashable ``args``, and forgotten with ``obj``."""
    kept: weakref.WeakKeyDictionary[Any, dict[tuple, T]] = weakref.WeakKeyDictionary()

    @functools.wraps(fn)
    def cached(obj: Any, *args: Any) -> T:
        answers = kept.get(obj)
        if answers is None:
            answers = kept[obj] = {}
        if args not in answers:
            answers[args] = fn(obj, *args)
        return answers[args]

    return cached
