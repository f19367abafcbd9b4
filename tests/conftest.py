"""Fixtures: a scenario's text, loading variants of it beside a copy of the seed, and the
--regen-golden flag. (Plain helpers are in helpers.py.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.errors import ScenarioError
from engine.scenario.loader import load_scenario

from helpers import ROOT, SEED, SMALL


@pytest.fixture()
def small_text() -> str:
    return SMALL.read_text(encoding="utf-8")


@pytest.fixture()
def load_variant(tmp_path: Path):
    """Write scenario text beside a copy of the seed and the historical replay and load it;
    return the error or scenario."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / SEED.name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copytree(ROOT / "replays", tmp_path / "replays")
    (tmp_path / "scenarios").mkdir()

    def load(text: str, name: str = "variant.yaml"):
        path = tmp_path / "scenarios" / name
        path.write_text(text, encoding="utf-8")
        try:
            return load_scenario(path)
        except ScenarioError as exc:
            return exc

    return load


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-golden", action="store_true",
                     help="rewrite the golden replay digests from the current engine")


@pytest.fixture()
def regen_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))
