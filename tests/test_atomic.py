"""Files are written whole or not at all."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.atomic import write_atomic
from engine.errors import ScenarioError


def test_replaces_whole(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("old")
    write_atomic(path, "new ✓")
    assert path.read_text(encoding="utf-8") == "new ✓"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_a_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "out.txt"
    path.write_text("old")

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(ScenarioError, match="No space left"):
        write_atomic(path, "new")
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["out.txt"]


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ScenarioError, match="does not exist"):
        write_atomic(tmp_path / "nope" / "out.txt", "x")


@settings(max_examples=30)
@given(st.binary(max_size=2000))
def test_any_bytes_round_trip(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("w") / "f.bin"
    write_atomic(path, data)
    assert path.read_bytes() == data
