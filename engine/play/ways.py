"""The way a unit would take to a place: where it meets enemy ground, and the last place its
side holds before it. The commanders ask this of every unit and goal each day."""

from __future__ import annotations

from engine.sim.game import Game, Path
from engine.sim.state import NOWHERE, State


def first_hostile(game: Game, state: State, side: int, u: int, path: Path) -> int | None:
    """The first place on the unit's way that the enemy holds or contests."""
    p = state.next[u] if state.next[u] != NOWHERE else state.place[u]
    if state.next[u] != NOWHERE and (state.holder[p] != side or state.contested[p]):
        return p
    seen = 0
    while p != NOWHERE and seen <= len(game.places):
        if state.holder[p] != side or state.contested[p]:
            return p
        p = path.step[p]
        seen += 1
    return None


def joins(game: Game, state: State, side: int, u: int, path: Path, p: int) -> bool:
    """Whether the unit's way to ``p`` crosses no enemy ground before ``p`` itself."""
    last = staging(game, state, side, u, path)
    return last == p or path.step[last] == p


def staging(game: Game, state: State, side: int, u: int, path: Path) -> int:
    """The last place the side holds before the enemy, on the unit's way."""
    p = state.place[u]
    for _ in game.places:  # a way passes each place once at most
        q = path.step[p]
        if q == NOWHERE:
            break
        if state.holder[q] != side or state.contested[q]:
            return p
        p = q
    return p
