"""Properties of loading: generated scenarios load as written; junk anywhere is a clean error."""

from __future__ import annotations

import copy
import math
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.errors import ScenarioError
from engine.scenario.loader import build_scenario
from engine.scenario.model import Scenario
from engine.scenario.yamlsrc import dump_yaml, parse_yaml

from helpers import SMALL, paths
from strategies import scenario_docs


def load_doc(doc: Any) -> Scenario:
    return build_scenario(parse_yaml(dump_yaml(doc), "generated.yaml"))


@settings(max_examples=80, deadline=None)
@given(scenario_docs())
def test_generated_scenarios_load_as_written(doc):
    s = load_doc(doc)
    assert set(s.places) == set(doc["places"])
    for pid, entry in doc["places"].items():
        holder = entry["holder"] if isinstance(entry["holder"], str) else entry["holder"]["side"]
        assert s.places[pid].holder.side == holder
        assert s.places[pid].coords.lat == entry["coords"]["lat"]
    assert len(s.roads) == len(doc["roads"])
    for uid, unit in doc["units"].items():
        assert s.units[uid].strength.value == unit["strength"] > 0
        assert s.units[uid].place == unit["place"]
    for side in ("blue", "red"):
        assert s.ground_strength(side) == sum(u["strength"] for u in doc["units"].values()
                                              if u["side"] == side)


JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-10**9, 10**9), st.floats(allow_nan=True),
    st.text(max_size=20), st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=8), st.integers(), max_size=3),
    st.sampled_from(["", "-1", "nan", "1944-02-30", "unknown_place", math.inf]),
)
SMALL_DOC = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
SMALL_PATHS = paths(SMALL_DOC)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SMALL_PATHS), JUNK)
def test_junk_anywhere_gives_a_clean_error(path, junk):
    doc = copy.deepcopy(SMALL_DOC)
    if not path:
        doc = junk
    else:
        node_at(doc, path[:-1])[path[-1]] = junk
    try:
        text = dump_yaml(doc)
    except yaml.YAMLError:
        return
    lines = text.count("\n") + 1
    try:
        result = load_doc(doc)
    except ScenarioError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.file == "generated.yaml"
            assert p.line is None or 1 <= p.line <= lines
            assert p.message and "Traceback" not in p.message
    else:  # the junk was a value the file may hold (a name, a note, ...)
        assert isinstance(result, Scenario) and result.places and result.roads


ID_TABLES = {("sides",), ("places",), ("routes",), ("formations",), ("units",),
             ("commanders",), ("objectives",), ("record", "killed")}

def node_at(doc, path):
    for key in path:
        doc = doc[key]
    return doc


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([p for p in SMALL_PATHS if p not in ID_TABLES
                        and isinstance(node_at(SMALL_DOC, p), dict)]),
       st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=10))
def test_an_unknown_key_is_always_named(path, word):
    """Any key no scenario uses, put in any mapping whose keys are not ids, is named."""
    key = f"zz_{word}"
    doc = copy.deepcopy(SMALL_DOC)
    node_at(doc, path)[key] = 1
    try:
        load_doc(doc)
    except ScenarioError as exc:
        assert any(f"unknown key '{key}'" in p.message for p in exc.problems)
    else:
        raise AssertionError(f"unknown key {key!r} at {path} was accepted")
