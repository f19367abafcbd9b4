"""A batch's description: its runs, seeds and factors."""

from __future__ import annotations

import pytest

from engine.batch.factors import Factor, declared_factors
from engine.batch.spec import BatchSpec, tasks
from engine.errors import WargameError
from engine.scenario.loader import load_scenario
from engine.sim.game import build_game

from helpers import SMALL, VALLEY


def test_tasks_cover_every_point_and_replication_with_shared_seeds() -> None:
    spec = BatchSpec("s.yaml", "lhs", 5, 3, 3, (Factor("rules.loss_scale", 0.2, 1.5),))
    t = tasks(spec)
    assert len(t) == 15 and len({x[0] for x in t}) == 15
    assert {(x[1], x[2]) for x in t} == {(p, r) for p in range(5) for r in range(3)}
    assert all(seed == 3 + rep for _, _, rep, seed, _ in t)
    assert all(0.2 <= values["rules.loss_scale"] <= 1.5 for *_, values in t)


def test_a_spec_of_a_scenario_takes_its_declared_ranges() -> None:
    s = load_scenario(SMALL)
    spec = BatchSpec.of(s, runs=4)
    assert spec.scenario == s.path and spec.factors == tuple(declared_factors(s))
    assert spec.to_json()["factors"][0]["name"] == spec.factors[0].name


def test_a_spec_names_every_side_s_commander() -> None:
    s = load_scenario(SMALL)
    assert BatchSpec.of(s, runs=4).commanders == (("blue", "heuristic"), ("red", "heuristic"))
    valley = load_scenario(VALLEY)
    spec = BatchSpec.of(valley, runs=4, ai=["south=heuristic"])
    assert spec.commanders == (("north", "historical"), ("south", "heuristic"))
    assert spec.to_json()["commanders"] == {"north": "historical", "south": "heuristic"}
    game = build_game(valley)
    assert spec.kinds(game) == ["historical", "heuristic"]
    assert spec.with_commanders(game).commanders == spec.commanders   # kept when none given
    assert spec.with_commanders(game, ["heuristic"]).kinds(game) == ["heuristic"] * 2


def test_a_spec_refuses_unknown_commanders() -> None:
    with pytest.raises(WargameError, match="the commander of blue must be one of historical"):
        BatchSpec("s.yaml", "lhs", 2, 1, 1, (), (("blue", "robot"),))
    with pytest.raises(WargameError, match="named twice"):
        BatchSpec("s.yaml", "lhs", 2, 1, 1, (), (("blue", "heuristic"), ("blue", "search")))
    with pytest.raises(WargameError, match="has no plan"):
        BatchSpec.of(load_scenario(SMALL), ai=["historical"])
