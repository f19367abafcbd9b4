"""JSON the engine writes: plain data, the canonical text of digests, the readable text."""

from __future__ import annotations

import datetime as dt
import json
import math
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.scenario.facts import Fact, Provenance
from engine.util.canonical import canonical, plain, readable


def test_plain():
    fact = Fact(5.0, 2.0, 9.0, provenance=Provenance(line=3))
    assert plain(fact) == {"value": 5, "low": 2, "high": 9, "at_least": False,
                           "provenance": {"line": 3}}
    assert plain(MappingProxyType({"d": dt.date(2013, 10, 1), "t": (1, 2.5)})) == {
        "d": "2013-10-01", "t": [1, 2.5]}


def test_one_value_one_canonical_text():
    assert canonical({"b": 1, "a": [1, "é"]}) == '{"a":[1,"é"],"b":1}'
    assert canonical(plain({"b": 1, "a": [1.0]})) == canonical(plain({"a": [1], "b": 1.0}))
    with pytest.raises(ValueError):
        canonical({"x": math.nan})  # a digest of a number that is not one would lie


def test_readable_keeps_order_and_unicode():
    assert readable({"b": "Tell Ḥāṣil", "a": 1}) == '{\n "b": "Tell Ḥāṣil",\n "a": 1\n}\n'


@given(st.recursive(st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                              st.text(), st.none(), st.dates()),
                    lambda x: st.one_of(st.lists(x, max_size=3),
                                        st.dictionaries(st.text(max_size=5), x, max_size=3)),
                    max_leaves=15))
def test_any_plain_value_is_json_and_reads_back_the_same(value):
    data = plain(value)
    assert json.loads(canonical(data)) == json.loads(readable(data))
    assert canonical(json.loads(canonical(data))) == canonical(data)
