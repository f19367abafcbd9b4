"""Small helpers shared by the turn-engine tests."""

from __future__ import annotations

from functools import cache

from engine.scenario.loader import load_scenario
from engine.sim.game import Game, build_game
from tests.conftest import ALEPPO, SMALL


@cache
def small_game() -> Game:
    return build_game(load_scenario(SMALL))


@cache
def aleppo_game() -> Game:
    return build_game(load_scenario(ALEPPO))


def idx(game: Game, place: str) -> int:
    return game.theatre.index[place]


def unit(game: Game, uid: str) -> int:
    return game.unit_index[uid]
