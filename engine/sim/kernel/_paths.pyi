"""Types of engine/sim/kernel/_paths.pyx."""

from typing import Any

def shortest(road_start: Any, road_to: Any, road_cost: Any, dest: int,
             closed: bytes | None = None) -> tuple[Any, Any]: ...
