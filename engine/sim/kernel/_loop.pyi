"""Types of engine/sim/kernel/_loop.pyx."""

from array import array
from collections.abc import Iterable
from typing import Any

from engine.sim.kernel._core import Board, Columns

class Brief:
    staff: Any
    attack_odds: float | None
    yield_odds: float | None
    focus: int
    offensive: bool
    defend: bool
    following: Any
    attackers: frozenset[int] | None
    def __init__(self, staff: Any, attack_odds: float | None, yield_odds: float | None,
                 focus: int, offensive: bool, defend: bool, following: Any = None,
                 attackers: Iterable[int] | None = None) -> None: ...

def orders(c: Brief, s: Columns) -> list[tuple[int, tuple[int, int]]]: ...
def play(b: Board, s: Columns, briefs: list[Brief], key: int, last: int
         ) -> list[tuple[array, array]]: ...
