"""Answers kept per object are worked out once and forgotten with the object."""

from __future__ import annotations

import gc
import weakref

from engine.util.memo import per_object


class Thing:
    pass


def test_an_answer_is_worked_out_once_per_object_and_arguments() -> None:
    calls = []

    @per_object
    def double(thing: Thing, n: int) -> int:
        calls.append((thing, n))
        return 2 * n

    a, b = Thing(), Thing()
    assert [double(a, 1), double(a, 1), double(a, 2), double(b, 1)] == [2, 2, 4, 2]
    assert calls == [(a, 1), (a, 2), (b, 1)]


def test_the_object_is_not_kept_alive_by_its_answers() -> None:
    @per_object
    def answer(thing: Thing) -> list[int]:
        return [1, 2, 3]

    thing = Thing()
    assert answer(thing) is answer(thing)
    gone = weakref.ref(thing)
    del thing
    gc.collect()
    assert gone() is None
