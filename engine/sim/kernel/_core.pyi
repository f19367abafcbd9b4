"""Types of engine/sim/kernel/_core.pyx."""

from array import array
from typing import Any

from engine.sim.game import Game
from engine.sim.state import State

class Board:
    game: Game
    def __init__(self, game: Game) -> None: ...

class Columns:
    def __init__(self, st: State) -> None: ...
    def state(self) -> State: ...
    day: int
    def held(self) -> tuple[array[int], array[int]]: ...

def draws(key: int, day: int, place_key: int, code: int, asks: list[tuple[Any, ...]]
          ) -> list[float | int]: ...
def rounded(x: float) -> float: ...
def legal_orders(b: Board, s: Columns, side: int, orders: list[tuple[int, int, int]]
                 ) -> list[bool]: ...

VERB_NAMES: tuple[str, ...]
