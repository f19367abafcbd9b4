"""Progress of a long command on a terminal: a bar with the rate and the time left (tqdm),
and nothing at all when the output is not a terminal (a log, a pipe, a test), so that what a
command prints stays the same wherever it goes."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any, TextIO

#: Told how far a task has got: (done, total).
Tick = Callable[[int, int], None]


@contextlib.contextmanager
def progress(what: str, unit: str = "run", stream: TextIO | None = None
             ) -> Iterator[Tick | None]:
    """A :data:`Tick` drawing a bar on ``stream`` (standard error) while the block runs, or
    None when ``stream`` is not a terminal."""
    out = sys.stderr if stream is None else stream
    if not out.isatty():
        yield None
        return
    from tqdm import tqdm
    bar: Any = None

    def tick(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc=what, unit=unit, file=out, leave=False,
                       dynamic_ncols=True, mininterval=0.2)
        bar.total = total
        bar.update(done - bar.n)
    try:
        yield tick
    finally:
        if bar is not None:
            bar.close()
