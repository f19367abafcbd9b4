"""A batch's description: its runs, seeds and factors."""

from __future__ import annotations

from engine.batch.factors import Factor, declared_factors
from engine.batch.spec import BatchSpec, tasks
from engine.scenario.loader import load_scenario

from helpers import SMALL


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
