"""The package as installed from a wheel: every module of engine/ is in it, and the
compiled turn built for this machine."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from helpers import ROOT


def test_the_wheel_holds_every_module(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "setup.py"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "engine", source / "engine",
                    ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.c"))
    out = tmp_path / "dist"
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                           "--no-build-isolation", "-q", "-w", str(out), str(source)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    (wheel,) = out.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "engine").rglob("*.py")}
    assert len(modules) > 50
    assert modules <= names, sorted(modules - names)
    assert any(n.endswith("entry_points.txt") for n in names)
    for module in ("_core", "_turn", "_paths", "_command", "_plan"):
        assert any(n.startswith(f"engine/sim/kernel/{module}.") and n.endswith(".so") for n in names)
