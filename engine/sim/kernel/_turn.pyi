"""Types of the compiled turn (engine/sim/kernel/_turn.pyx)."""

from collections.abc import Mapping
from typing import Any

from engine.sim.chance import Outcome
from engine.sim.events import Log
from engine.sim.game import Game
from engine.sim.orders import Order
from engine.sim.state import State

class Board:
    game: Game
    def __init__(self, game: Game) -> None: ...

class Columns:
    def __init__(self, st: State) -> None: ...
    def state(self, State: type[State]) -> State: ...

def draws(key: int, day: int, place_key: int, code: int, asks: list[tuple[Any, ...]]
          ) -> list[float | int]: ...
def turn(b: Board, state: State, accepted: dict[int, Order], key: int,
         forced: Mapping[tuple[Any, ...], Any], log: Log, State: type[State]
         ) -> tuple[State, list[Outcome]]: ...
def rounded(x: float) -> float: ...
def shortest(road_start: Any, road_to: Any, road_cost: Any, dest: int) -> tuple[Any, Any]: ...
