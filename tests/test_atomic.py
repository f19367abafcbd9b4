"""Files are written whole or not at all."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.errors import ScenarioError
from engine.util.atomic import check_suffix, write_all, write_atomic


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


def test_a_link_is_followed_and_kept(tmp_path):
    target = tmp_path / "target.txt"
    target.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(target.name)
    write_atomic(link, "new")
    assert link.is_symlink() and target.read_text() == "new"


def test_devices_are_written_in_place_and_kept():
    write_atomic(os.devnull, "discarded")
    assert not os.path.isfile(os.devnull)
    with pytest.raises(ScenarioError, match="No space left"):
        write_atomic("/dev/full", "x")
    assert os.path.exists("/dev/full") and not os.path.isfile("/dev/full")


def test_permissions_follow_the_umask_or_the_old_file(tmp_path):
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o640
    kept = tmp_path / "kept.txt"
    kept.write_text("x")
    kept.chmod(0o600)
    write_atomic(kept, "y")
    assert kept.stat().st_mode & 0o777 == 0o600


def test_write_all_checks_every_destination_first(tmp_path):
    with pytest.raises(ScenarioError, match="does not exist"):
        write_all([(tmp_path / "a.txt", "a"), (tmp_path / "no" / "b.txt", "b")])
    assert not (tmp_path / "a.txt").exists()


def test_a_payload_function_is_not_called_when_a_destination_fails(tmp_path):
    calls = []
    with pytest.raises(ScenarioError):
        write_all([(tmp_path / "a.png", lambda: calls.append("drawn") or b"x"),
                   (tmp_path / "no" / "b.json", "{}")])
    assert calls == [] and not (tmp_path / "a.png").exists()
    write_all([(tmp_path / "a.png", lambda: b"drawn")])
    assert (tmp_path / "a.png").read_bytes() == b"drawn"


def test_a_file_is_written_only_under_its_own_suffix(tmp_path) -> None:
    check_suffix(tmp_path / "kit.PDF", (".pdf",), "the kit")
    check_suffix(os.devnull, (".pdf",), "the kit")          # a device has no suffix to check
    with pytest.raises(ScenarioError, match=r"kit.png: the kit is written as .pdf"):
        check_suffix(tmp_path / "kit.png", (".pdf",), "the kit")


def test_a_payload_that_fails_leaves_none_of_the_set_written(tmp_path) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.png"
    first.write_text("old report")

    def broken() -> bytes:
        raise ValueError("the chart cannot be drawn")
    with pytest.raises(ValueError):
        write_all([(first, "new report"), (second, broken)])
    assert first.read_text() == "old report" and not second.exists()
