"""Progress bars: drawn on a terminal, nothing at all elsewhere."""

from __future__ import annotations

import io

from engine.util.progress import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_bar_where_the_output_is_not_a_terminal() -> None:
    out = io.StringIO()
    with progress("runs", stream=out) as tick:
        assert tick is None
    assert out.getvalue() == ""


def test_a_bar_with_what_it_counts_and_the_time_left_on_a_terminal() -> None:
    out = Terminal()
    with progress("paired runs", "run", stream=out) as tick:
        assert tick is not None
        for done in range(1, 11):
            tick(done, 10)
    text = out.getvalue()
    assert "paired runs" in text and "/10 [" in text and "run/s" in text   # total, rate, time
    assert text.endswith("\r")           # the bar is cleared when the work is done
