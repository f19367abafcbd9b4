"""Types of engine/sim/kernel/_turn.pyx."""

from collections.abc import Mapping
from typing import Any

from engine.sim.chance import Outcome
from engine.sim.events import Log
from engine.sim.kernel._core import Board, Columns
from engine.sim.orders import Order
from engine.sim.state import State

def turn(b: Board, s: Columns, accepted: dict[int, Order], key: int,
         forced: Mapping[tuple[Any, ...], Any], log: Log) -> tuple[State, list[Outcome]]: ...
