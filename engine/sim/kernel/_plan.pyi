"""Types of engine/sim/kernel/_plan.pyx."""

from typing import Any

from engine.sim.kernel._core import Board, Columns

class Following:
    late: list[tuple[int, int]]
    def __init__(self, b: Board, side: int, tasks: list[list[tuple[int, int | None, int, int]]],
                 at: list[int], newcomers: list[int], join_days: float,
                 one_day: tuple[bool, ...], marches: tuple[bool, ...],
                 assaults: tuple[bool, ...], late: list[tuple[int, int]] = ...) -> None: ...
    def progress(self) -> list[int]: ...

def follow(staff: Any, s: Columns, plan: Following) -> dict[int, tuple[int, int]]: ...
