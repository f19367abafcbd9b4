"""Types of engine/sim/kernel/_turn.pyx."""

from collections.abc import Mapping
from typing import Any

from engine.sim.chance import Outcome
from engine.sim.events import Log
from engine.sim.kernel._core import Board, Columns

def turn(b: Board, s: Columns, orders: dict[int, tuple[int, int]], key: int,
         forced: Mapping[tuple[Any, ...], Any], log: Log | None) -> list[Outcome]: ...
