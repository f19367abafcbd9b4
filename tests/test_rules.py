"""The rules block: defaults with sources, overrides with ranges, errors that teach."""

from __future__ import annotations

import pytest

from engine.errors import ScenarioError, WargameError
from engine.scenario.loader import load_scenario
from engine.scenario.model import TERRAINS
from engine.scenario.rules import GROUPS, PARAMS, Rules

from helpers import SMALL, line_of


def test_every_default_says_its_unit_and_source() -> None:
    for name, p in PARAMS.items():
        assert p.unit and len(p.source) > 10, name
        assert p.minimum <= p.default and (p.maximum is None or p.default <= p.maximum), name


def test_groups_cover_their_names() -> None:
    assert {*GROUPS["terrain"], "fortified"} == set(TERRAINS)
    assert "posture.fortified" in PARAMS and "terrain.fortified" not in PARAMS
    for group, names in GROUPS.items():
        for n in names:
            assert f"{group}.{n}" in PARAMS


def test_scenario_without_rules_gets_defaults() -> None:
    s = load_scenario(SMALL)
    assert dict(s.rules.values) == {n: p.default for n, p in PARAMS.items()}
    assert not s.rules.given


def _with_rules(tmp_path, block: str):
    text = SMALL.read_text(encoding="utf-8") + "\nrules:\n" + block
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def test_rules_override_with_range(tmp_path) -> None:
    path, _ = _with_rules(tmp_path, "  loss_scale: {value: 0.2, range: [0.05, 0.5]}\n"
                                    "  terrain:\n    urban: 2.0\n")
    s = load_scenario(path)
    assert s.rules["loss_scale"] == 0.2 and s.rules["terrain.urban"] == 2.0
    assert s.rules.given["loss_scale"].low == 0.05
    assert s.rules["terrain.open"] == PARAMS["terrain.open"].default


def test_unknown_rule_is_reported_with_its_line(tmp_path) -> None:
    path, text = _with_rules(tmp_path, "  los_scale: 0.2\n  terrain:\n    swamp: 2\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    msg = str(err.value)
    assert f"s.yaml:{line_of(text, 'los_scale')}: unknown key 'los_scale'" in msg
    assert "did you mean 'loss_scale'" in msg
    assert f":{line_of(text, 'swamp')}: unknown key 'swamp'" in msg


def test_out_of_bounds_rule_is_reported(tmp_path) -> None:
    path, text = _with_rules(tmp_path, "  killed_share: 1.5\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert f"s.yaml:{line_of(text, 'killed_share')}:" in str(err.value)


def test_replace_checks_names() -> None:
    r = Rules().replace({"loss_scale": 0.5})
    assert r["loss_scale"] == 0.5 and Rules()["loss_scale"] == 1.0
    with pytest.raises(WargameError, match="did you mean 'loss_scale'"):
        Rules().replace({"loss_scal": 0.5})


def test_every_rule_is_bounded_above_its_default() -> None:
    for name, p in PARAMS.items():
        assert p.minimum <= p.default <= p.maximum < 1e9, name
