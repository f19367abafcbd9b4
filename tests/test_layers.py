"""The package's layers: no module imports from a layer above its own, nor sideways.

``util < scenario < seed < sim < play < {history, batch} < {pictures, reports} < cli``;
``errors`` and ``_version`` sit below everything, the package's ``__init__`` (the public API)
and ``__main__`` above. Every import counts, also one inside a function.
"""

from __future__ import annotations

from pathlib import Path

from helpers import ROOT, engine_imports

ENGINE = ROOT / "engine"
LAYERS = {"errors": 0, "_version": 0, "data": 0, "util": 1, "scenario": 2, "seed": 3, "sim": 4,
          "play": 5, "history": 6, "batch": 6, "pictures": 7, "reports": 7, "cli": 8,
          "__init__": 9, "__main__": 9}


def room(module: str) -> str:
    """The layer a dotted module name under ``engine`` belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1] if len(parts) > 2 else [*parts[:-1], "__init__"]
    return ".".join(parts)


def allowed(importer: str, imported: str) -> bool:
    a, b = room(importer), room(imported)
    if a == b:
        return True
    return LAYERS[b] < LAYERS[a]


def violations() -> list[str]:
    out = []
    for path in sorted(ENGINE.rglob("*.py")):
        me = module_name(path)
        for line, other in engine_imports(path):
            if other == "engine.<relative>":
                out.append(f"{path.relative_to(ROOT)}:{line}: a relative import; write "
                           "engine.<layer>.<module> so the layers can be checked")
            elif room(other) not in LAYERS:
                out.append(f"{path.relative_to(ROOT)}:{line}: {other} is in no known layer")
            elif not allowed(me, other):
                out.append(f"{path.relative_to(ROOT)}:{line}: {room(me)} imports {other} "
                           f"({room(other)} is not below {room(me)})")
    return out


def test_no_import_goes_up_a_layer_or_sideways() -> None:
    found = violations()
    assert not found, "\n".join(found)


def test_every_module_is_in_a_layer() -> None:
    rooms = {room(module_name(p)) for p in ENGINE.rglob("*.py")}
    assert rooms <= set(LAYERS), rooms - set(LAYERS)
    loose = sorted(p.name for p in ENGINE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "_version.py", "errors.py"], loose


def test_the_checker_catches_what_it_is_for() -> None:
    """The rule itself: up and sideways are refused, down and within a room are not."""
    assert not allowed("engine.sim.turn", "engine.play.ai")
    assert not allowed("engine.history.compare", "engine.batch.run")
    assert not allowed("engine.batch.run", "engine.history.replay")
    assert not allowed("engine.pictures.kit", "engine.reports.scenario")
    assert allowed("engine.util.atomic", "engine.errors")
    assert allowed("engine.play.ai", "engine.sim.turn")
    assert allowed("engine.sim.turn", "engine.sim.combat")
    assert allowed("engine.cli.main", "engine.reports.replay")


def test_the_walker_sees_imports_inside_functions_and_relative_ones(tmp_path: Path) -> None:
    f = tmp_path / "m.py"
    f.write_text("def f():\n    from engine.play.ai import x\n    import engine.sim.turn\n"
                 "from . import y\nfrom engine import sim\n")
    assert engine_imports(f) == [(2, "engine.play.ai"), (3, "engine.sim.turn"),
                                 (4, "engine.<relative>"), (5, "engine.sim")]
