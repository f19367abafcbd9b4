"""Factors: the scenario's declared ranges, --vary, and a game with factors applied."""

from __future__ import annotations

import pytest

from engine.batch.factors import apply, declared_factors, parse_vary
from engine.errors import WargameError

from helpers import aleppo_game


def test_declared_factors_are_the_scenario_s_ranges() -> None:
    s = aleppo_game().scenario
    f = {x.name: x for x in declared_factors(s)}
    assert (f["side.rebels.strength"].low, f["side.rebels.strength"].high) == (3500, 10500)
    assert (f["unit.air.strength"].low, f["unit.air.strength"].high) == (8, 28)
    assert "unit.corps3.quality" in f and "side.government.strength" not in f


def test_vary_is_checked() -> None:
    s = aleppo_game().scenario
    assert [x.name for x in parse_vary(s, ["rules.loss_scale=0.1:1", "unit.air.strength=0:40"])
            ] == ["rules.loss_scale", "unit.air.strength"]
    for bad, why in (("rules.los_scale=0:1", "did you mean 'rules.loss_scale'"),
                     ("rules.loss_scale=1:0", "low end must be below"),
                     ("rules.loss_scale=a:b", "two numbers")):
        with pytest.raises(WargameError, match=why):
            parse_vary(s, [bad])


def test_apply_changes_what_it_names() -> None:
    base = aleppo_game()
    s = base.scenario
    g = apply(s, {"side.rebels.strength": 12000, "unit.35sf.quality": 1.5,
                  "rules.loss_scale": 0.25})
    rebels = [u for u, side in enumerate(g.unit_side) if g.sides[side] == "rebels"
              and g.unit_ground[u]]
    assert abs(sum(g.unit_strength[u] for u in rebels) - 12000) <= len(rebels)
    assert g.unit_quality[g.unit_index["35sf"]] == 1.5 and g.rules["loss_scale"] == 0.25
    assert g.unit_strength[g.unit_index["35sf"]] == base.unit_strength[base.unit_index["35sf"]]
    assert s.units["ahrar"].strength.value == 1200  # the scenario itself is untouched
