"""The command line's argument types."""

from __future__ import annotations

import argparse

import pytest

from engine.cli.args import at_most, days_within, positive, scenario_and_replay, seed
from engine.errors import WargameError


def test_seeds_and_counts() -> None:
    assert seed("0") == 0 and positive("3") == 3 and seed(str(2**64 - 1)) == 2**64 - 1
    for bad in ("-1", "x", "1.5", str(2**64), "9" * 5000):
        with pytest.raises(argparse.ArgumentTypeError, match="whole number from 0 to 2"):
            seed(bad)
    for bad in ("0", "-2", "y"):
        with pytest.raises(argparse.ArgumentTypeError, match="whole number of 1 or more"):
            positive(bad)


def test_a_scenario_and_its_replay() -> None:
    p = argparse.ArgumentParser()
    scenario_and_replay(p)
    assert vars(p.parse_args(["s.yaml"])) == {"scenario": "s.yaml", "replay": None}
    assert p.parse_args(["s.yaml", "r.yaml"]).replay == "r.yaml"


def test_days_fit_the_calendar() -> None:
    assert days_within(None, 10) is None and days_within(10, 10) == 10
    with pytest.raises(WargameError, match="between 1 and 10"):
        days_within(11, 10)


def test_counts_have_a_ceiling() -> None:
    count = at_most(20)
    assert count("20") == 20
    with pytest.raises(argparse.ArgumentTypeError, match="from 1 to 20"):
        count("21")
    with pytest.raises(argparse.ArgumentTypeError, match="1 or more"):
        count("0")
