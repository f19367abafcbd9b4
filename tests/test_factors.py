"""Factors: the scenario's declared ranges, --vary, and a game with factors applied."""

from __future__ import annotations

import pytest

from engine.batch.factors import apply, declared_factors, known_names, parse_vary
from engine.errors import WargameError

from helpers import small_game, valley_game


def test_declared_factors_are_the_scenario_s_ranges() -> None:
    f = {x.name: x for x in declared_factors(small_game().scenario)}
    assert list(f) == ["unit.para.strength"]
    assert (f["unit.para.strength"].low, f["unit.para.strength"].high) == (1500, 2200)
    assert declared_factors(valley_game().scenario) == []


def test_vary_is_checked() -> None:
    s = valley_game().scenario
    assert [x.name for x in parse_vary(s, ["rules.loss_scale=0.1:1", "unit.air.strength=1:40"])
            ] == ["rules.loss_scale", "unit.air.strength"]
    for bad, why in (("rules.los_scale=0:1", "did you mean 'rules.loss_scale'"),
                     ("rules.loss_scale=1:0", "low end must be below"),
                     ("rules.loss_scale=a:b", "two numbers"),
                     ("rules.loss_scale=0:inf", r"within \[0, 100\]"),
                     ("rules.loss_scale=nan:1", "low end must be below"),
                     ("unit.air.strength=-4:40", r"within \(0, 1e\+07\]"),
                     ("unit.air.strength=0:40", r"within \(0, 1e\+07\]"),
                     ("unit.inf.quality=0.5:11", r"within \(0, 10\]")):
        with pytest.raises(WargameError, match=why):
            parse_vary(s, [bad])
    with pytest.raises(WargameError, match="named twice"):
        parse_vary(s, ["rules.loss_scale=0:1", "rules.loss_scale=0:2"])
    assert "side.south.strength" in known_names(s)


def test_apply_changes_what_it_names() -> None:
    base = valley_game()
    s = base.scenario
    g = apply(s, {"side.south.strength": 3000, "unit.armd.quality": 1.5,
                  "rules.loss_scale": 0.25})
    south = [u for u, side in enumerate(g.unit_side) if g.sides[side] == "south"
             and g.unit_ground[u]]
    assert abs(sum(g.unit_strength[u] for u in south) - 3000) <= len(south)
    assert g.unit_quality[g.unit_index["armd"]] == 1.5 and g.rules["loss_scale"] == 0.25
    assert g.unit_strength[g.unit_index["armd"]] == base.unit_strength[base.unit_index["armd"]]
    assert s.units["militia"].strength.value == 600  # the scenario itself is untouched


def test_a_game_made_like_another_shares_its_map_and_plays_the_same() -> None:
    from engine.play.campaign import play_campaign
    from engine.play.commanders import players
    base = valley_game()
    values = {"unit.armd.quality": 1.4, "rules.loss_scale": 0.3}
    alone, like = apply(base.scenario, values), apply(base.scenario, values, base)
    assert like.theatre is base.theatre and like._paths is base._paths
    assert alone.theatre is not base.theatre
    kinds = ["heuristic"] * 2
    for seed in (1, 2):
        a = play_campaign(alone, seed, players(alone, kinds, seed))
        b = play_campaign(like, seed, players(like, kinds, seed))
        assert [s.digest(alone) for s in a.states] == [s.digest(like) for s in b.states]


def test_roads_that_cost_otherwise_get_paths_of_their_own() -> None:
    base = valley_game()
    slow = apply(base.scenario, {"rules.road.highway": base.rules["road.highway"] / 2}, base)
    assert slow.theatre is base.theatre and slow._paths is not base._paths
