"""What each side has at stake in a place: the places it must keep, the objective places, who
held each place at the start. The commanders read these every day; they depend only on the
scenario (and the holders of the day), so the scenario's part is worked out once per game."""

from __future__ import annotations

from engine.play import metrics
from engine.play.metrics import objective_route
from engine.sim.game import Game
from engine.sim.state import State, initial_state
from engine.util.memo import per_object

#: A place this populous is defended like an objective.
KEEP_POPULATION = 50_000


def keep_places(game: Game, state: State, side: int) -> set[int]:
    """Places the side will not leave empty under threat: every objective place (its own or
    the enemy's), its own stretch of a route it must keep cut, its supply sources and its
    cities of :data:`KEEP_POPULATION` people or more, where it holds them."""
    return {p for p in keep_all(game, side) if state.holder[p] == side}


@per_object
def keep_all(game: Game, side: int) -> frozenset[int]:
    """The places :func:`keep_places` chooses from, whoever holds them."""
    index = game.theatre.index
    keep = set(game.sources[side])
    keep |= {p for p, n in enumerate(game.place_population) if n >= KEEP_POPULATION}
    for obj in game.scenario.objectives.values():
        if obj.place is not None:
            keep.add(index[obj.place])
        elif obj.kind == "cut_route" and game.sides.index(obj.side) == side:
            keep |= {index[p] for p in objective_route(game, obj)}
    return frozenset(keep)


@per_object
def objective_places(game: Game) -> frozenset[int]:
    """The places the scenario's objectives name, by number."""
    index = game.theatre.index
    return frozenset(index[p] for p in metrics.objective_places(game))


@per_object
def start_holders(game: Game) -> list[int]:
    """Each place's holder on the first morning, by side number."""
    return list(initial_state(game).holder)
