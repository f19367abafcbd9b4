"""Choosing each side's commander."""

from __future__ import annotations

import pytest

from engine.errors import WargameError
from engine.play.ai import Heuristic
from engine.play.commanders import HEURISTIC, HISTORICAL, SEARCH, default_kind, parse_ai, players
from engine.play.historical import Historical
from engine.play.search import Search

from helpers import small_game, valley_game


def test_default_is_historical_where_there_is_a_plan() -> None:
    assert default_kind(valley_game()) == HISTORICAL
    assert default_kind(small_game()) == HEURISTIC


def test_parse_ai_per_side_and_for_all() -> None:
    g = valley_game()
    assert parse_ai(g, None) == [HISTORICAL, HISTORICAL]
    assert parse_ai(g, ["heuristic"]) == [HEURISTIC, HEURISTIC]
    assert parse_ai(g, ["south=search"]) == [HISTORICAL, SEARCH]
    assert parse_ai(g, ["heuristic", "north=search"]) == [SEARCH, HEURISTIC]
    assert parse_ai(g, ["north=search", "heuristic"]) == [SEARCH, HEURISTIC]   # any order


@pytest.mark.parametrize("text, expect", [
    ("heuristc", "did you mean 'heuristic'"),
    ("east=search", "no side 'east'"),
    ("north=", "one of historical, heuristic, search"),
    ("=heuristic", "SIDE=KIND for one"),
])
def test_bad_ai_is_a_clear_error(text: str, expect: str) -> None:
    with pytest.raises(WargameError, match=expect):
        parse_ai(valley_game(), [text])


def test_historical_needs_a_plan() -> None:
    with pytest.raises(WargameError, match="no plan"):
        parse_ai(small_game(), ["historical"])


def test_players_are_of_their_kind_and_fresh() -> None:
    g = valley_game()
    a = players(g, [HISTORICAL, SEARCH], seed=2)
    b = players(g, [HISTORICAL, SEARCH], seed=2)
    assert isinstance(a[0], Historical) and isinstance(a[1], Search)
    assert a[0] is not b[0] and a[0].plan is not b[0].plan
    assert isinstance(players(g, [HEURISTIC, HEURISTIC])[0], Heuristic)
