"""The command line's argument types."""

from __future__ import annotations

import argparse

import pytest

from engine.cli.args import positive, scenario_and_replay, seed


def test_seeds_and_counts() -> None:
    assert seed("0") == 0 and positive("3") == 3
    for bad in ("-1", "x", "1.5"):
        with pytest.raises(argparse.ArgumentTypeError, match="whole number of zero or more"):
            seed(bad)
    for bad in ("0", "-2", "y"):
        with pytest.raises(argparse.ArgumentTypeError, match="whole number of 1 or more"):
            positive(bad)


def test_a_scenario_and_its_replay() -> None:
    p = argparse.ArgumentParser()
    scenario_and_replay(p)
    assert vars(p.parse_args(["s.yaml"])) == {"scenario": "s.yaml", "replay": None}
    assert p.parse_args(["s.yaml", "r.yaml"]).replay == "r.yaml"
