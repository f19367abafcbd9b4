"""Values read back from data the engine wrote: type and range checked."""

from __future__ import annotations

import pytest

from engine.util.checked import MOST, count, flag, fraction, text


def test_good_values_are_read_back_as_they_are() -> None:
    assert count(0) == 0 and count(MOST) == MOST and count(7, most=7) == 7
    assert fraction(0) == 0.0 and fraction(1) == 1.0 and fraction(5.5, most=6) == 5.5
    assert flag(False) is False and text("x") == "x"


@pytest.mark.parametrize(("read", "value"), [
    (count, -1), (count, MOST + 1), (count, 1.0), (count, True), (count, "3"),
    (fraction, 1.5), (fraction, -0.1), (fraction, float("nan")), (fraction, float("inf")),
    (fraction, False), (fraction, "0.5"), (flag, 1), (flag, "yes"), (text, 3), (text, None)])
def test_bad_values_are_refused(read, value) -> None:
    with pytest.raises(ValueError, match="is not"):
        read(value)
