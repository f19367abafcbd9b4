"""Doctrine in the scenario file: read, defaulted, and every mistake reported at its line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import ScenarioError
from engine.scenario.doctrine import DEFAULT
from engine.scenario.loader import load_scenario

from helpers import ALEPPO, SMALL


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "doc.yaml"
    path.write_text(f"extends: {SMALL}\n" + textwrap.dedent(text))
    return path


def problems(tmp_path: Path, text: str) -> str:
    with pytest.raises(ScenarioError) as err:
        load_scenario(write(tmp_path, text))
    return str(err.value)


def test_every_side_has_a_doctrine_and_the_default_says_why() -> None:
    s = load_scenario(SMALL)
    assert set(s.doctrine) == set(s.sides)
    assert all(d is DEFAULT for d in s.doctrine.values())
    for fact in (DEFAULT.attack_odds, DEFAULT.yield_odds, DEFAULT.assault_days,
                 DEFAULT.civilian_weight):
        assert fact.provenance.assumption and len(fact.provenance.assumption.split()) > 8


def test_a_doctrine_is_read(tmp_path: Path) -> None:
    s = load_scenario(write(tmp_path, """
    doctrine:
      blue:
        attack_odds: {value: 0.4, range: [0.2, 0.6]}
        assault_days: 2
        yield_odds: 0.9
        garrison:
          - {types: [town], strength: 300}
          - {kinds: [captured], places: [depot], strength: {value: 50, range: [0, 100]}}
        reserves:
          - {units: [armd], commit: lost, places: [crossroads]}
        goals: [hold_bridge, open_corridor]
        civilian_weight: 0.5
    """))
    d = s.doctrine["blue"]
    assert (d.attack_odds.value, d.attack_odds.low, d.attack_odds.high) == (0.4, 0.2, 0.6)
    assert d.assault_days.value == 2 and d.yield_odds.value == 0.9
    assert d.garrison[0].types == ("town",) and d.garrison[0].strength.value == 300
    assert d.garrison[1].kinds == ("captured",) and d.garrison[1].places == ("depot",)
    assert d.reserves[0].units == ("armd",) and d.reserves[0].commit == "lost"
    assert d.goals == ("hold_bridge", "open_corridor")
    assert d.civilian_weight.value == 0.5
    assert s.doctrine["red"] is DEFAULT


@pytest.mark.parametrize("text, expect", [
    ("doctrine:\n  bleu: {attack_odds: 0.5}\n", "did you mean 'blue'"),
    ("doctrine:\n  blue: {atack_odds: 0.5}\n", "did you mean 'attack_odds'"),
    ("doctrine:\n  blue: {attack_odds: 1.5}\n", "at most 1"),
    ("doctrine:\n  blue: {assault_days: 2.5}\n", "whole number"),
    ("doctrine:\n  blue: {goals: [keep_bridge]}\n", "is an objective of red"),
    ("doctrine:\n  blue: {goals: [hold_brige]}\n", "did you mean 'hold_bridge'"),
    ("doctrine:\n  blue: {reserves: [{units: [ss_btn]}]}\n", "belongs to red"),
    ("doctrine:\n  blue: {reserves: [{units: [armd], commit: soon}]}\n", "commit 'soon'"),
    ("doctrine:\n  blue: {garrison: [{strength: 100}]}\n", "must say where"),
    ("doctrine:\n  blue: {garrison: [{types: [castle], strength: 100}]}\n", "place type"),
    ("doctrine:\n  blue: {garrison: [{kinds: [ports], strength: 100}]}\n", "garrison kind"),
    ("doctrine:\n  blue: {civilian_weight: -1}\n", "at least 0"),
    ("doctrine:\n  blue: {garrison: [{places: [], strength: 10}]}\n", "must say where"),
    ("doctrine:\n  blue: {reserves: [{units: []}]}\n", "at least one unit"),
    ("doctrine:\n  blue: {reserves: [{units: [armd]}, {units: [armd]}]}\n",
     "already in another reserve"),
    ("doctrine: [blue]\n", "mapping"),
])
def test_mistakes_are_reported_at_their_line(tmp_path: Path, text: str, expect: str) -> None:
    found = problems(tmp_path, text)
    assert expect in found
    assert "doc.yaml:" in found


def test_aleppo_doctrine_cites_or_assumes_every_figure() -> None:
    s = load_scenario(ALEPPO)
    gov = s.doctrine["government"]
    assert gov.goals[0] == "take_khanasir"
    assert gov.attack_odds.provenance.assumption
    assert all(g.provenance for g in gov.garrison)
    assert gov.reserves and gov.reserves[0].provenance.assumption
    assert s.plan == s.replay


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.recursive(st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=True)
                    | st.text(max_size=8),
                    lambda kids: st.lists(kids, max_size=3)
                    | st.dictionaries(st.sampled_from(["blue", "red", "goals", "garrison",
                                                       "reserves", "attack_odds", "units",
                                                       "strength", "types", "kinds", "x"]),
                                      kids, max_size=4), max_leaves=12))
def test_junk_doctrine_is_refused_or_read_never_a_crash(tmp_path: Path, junk: object) -> None:
    import yaml

    path = tmp_path / "junk.yaml"
    path.write_text(f"extends: {SMALL}\n" + yaml.safe_dump({"doctrine": junk}))
    try:
        s = load_scenario(path)
    except ScenarioError as err:
        assert "junk.yaml:" in str(err)
    else:
        assert set(s.doctrine) == set(s.sides)
