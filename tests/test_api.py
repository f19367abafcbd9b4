"""The public Python API: every name it promises is there, documented, and loaded lazily."""

from __future__ import annotations

import subprocess
import sys
import types

import pytest

from helpers import ROOT

HEAVY = ("matplotlib", "scipy", "SALib", "networkx", "pandas")


def test_every_public_name_resolves_and_says_what_it_is() -> None:
    import engine.play.campaign

    for name in engine.__all__:
        value = getattr(engine, name)
        assert not isinstance(value, types.ModuleType), f"engine.{name} is a module"
        if name in ("__version__", "VERBS"):
            continue
        doc = (value.__doc__ or "").strip()   # a dataclass's made-up "Name(field: ...)" is none
        assert callable(value) and doc and not doc.startswith(f"{name}("), name
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        engine.nothing  # noqa: B018


def _loaded(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    return [m for m in done.stdout.strip().split(",") if m]


def test_importing_the_package_or_asking_for_help_loads_nothing_heavy() -> None:
    assert _loaded("import engine") == []
    assert _loaded("from engine.cli.main import parser\nparser().format_help()") == []
    assert "networkx" in _loaded("import engine\nengine.load_scenario")  # loaded when used
