"""The what-if overlays: each loads, changes what it says, and compares with the baseline."""

from __future__ import annotations

import pytest

from engine.history.compare import compare
from engine.scenario.loader import load_scenario
from engine.sim.game import build_game

from helpers import ALEPPO, ROOT, aleppo_game

ALTERNATES = sorted((ROOT / "scenarios" / "alternates").glob("*.yaml"))


def test_there_are_at_least_four_each_explained() -> None:
    assert len(ALTERNATES) >= 4
    for path in ALTERNATES:
        head = path.read_text(encoding="utf-8").split("extends:")[0]
        assert "# What if" in head and "line " in head, path.name


@pytest.mark.parametrize("path", ALTERNATES, ids=lambda p: p.stem)
def test_each_loads_and_compares(path) -> None:
    base = aleppo_game()
    alt = build_game(load_scenario(path))
    assert alt.scenario.id != base.scenario.id and alt.scenario.replay is None
    result = compare(base, alt, 2, 1)
    assert {r["outcome"] for r in result["outcomes"]} >= {"killed.government",
                                                          "day_met.reopen_highway"}


def test_the_overlays_change_only_what_they_say() -> None:
    base = load_scenario(ALEPPO)
    alt = {p.stem: load_scenario(p) for p in ALTERNATES}
    assert "radwan" not in alt["aleppo_2013_no_radwan"].units
    assert alt["aleppo_2013_no_radwan"].sides["government"].strength.value == 6500
    assert not {"air", "helicopters"} & set(alt["aleppo_2013_no_air_support"].units)
    assert alt["aleppo_2013_khanasir_in_strength"].units["ahrar"].place == "khanasir"
    reserve = alt["aleppo_2013_counterattack_reinforced"].units["dabha_reserve"]
    assert str(reserve.arrives) == "2013-11-24" and reserve.place == "al_bouz"
    for s in alt.values():
        assert s.places == base.places and s.roads == base.roads and s.rules == base.rules


def test_a_mistake_in_an_overlay_is_reported_at_the_overlay_s_line(tmp_path) -> None:
    from engine.errors import ScenarioError

    path = tmp_path / "what_if.yaml"
    path.write_text(f"extends: {ALEPPO}\nscenario:\n  id: what_if\nunits:\n  35sf:\n"
                    "    qualty: 1.2\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert str(err.value) == (f"{path}:6: unknown key 'qualty' in unit '35sf' "
                              "(did you mean 'quality'?)")
