"""Plain data from dataclasses."""

from __future__ import annotations

import datetime as dt
import json
from types import MappingProxyType

from hypothesis import given
from hypothesis import strategies as st

from engine.scenario.model import Fact, Provenance
from engine.util.canonical import plain, to_json


def test_plain():
    fact = Fact(5.0, 2.0, 9.0, provenance=Provenance(line=3))
    assert plain(fact) == {"value": 5, "low": 2, "high": 9, "at_least": False,
                           "provenance": {"line": 3}}
    assert plain(MappingProxyType({"d": dt.date(2013, 10, 1), "t": (1, 2.5)})) == {
        "d": "2013-10-01", "t": [1, 2.5]}


def test_to_json_is_canonical():
    assert to_json({"b": 1, "a": [1.0]}) == to_json({"a": [1], "b": 1.0})


@given(st.recursive(st.one_of(st.integers(), st.floats(allow_nan=False), st.text(), st.none(),
                              st.dates()),
                    lambda x: st.one_of(st.lists(x, max_size=3),
                                        st.dictionaries(st.text(max_size=5), x, max_size=3)),
                    max_leaves=15))
def test_any_plain_value_is_json(value):
    json.loads(to_json(value))
