"""Types of engine/sim/kernel/_command.pyx."""

from typing import Any

from engine.sim.kernel._core import Board, Columns

class Staff:
    b: Board
    side: int
    def __init__(self, b: Board, side: int, doctrine: dict[str, Any],
                 stakes: dict[str, Any]) -> None: ...

def command(f: Staff, s: Columns, attack_odds: float | None, yield_odds: float | None,
            focus: int, offensive: bool, defend: bool, given: dict[int, tuple[int, int]],
            attackers: set[int] | None) -> dict[int, tuple[int, int]]: ...
def legal_sorted(f: Staff, s: Columns, orders: dict[int, tuple[int, int]]
                 ) -> list[tuple[int, tuple[int, int]]]: ...
def adapt(f: Staff, s: Columns, u: int, verb: int, p: int) -> tuple[int, int] | None: ...
