"""The engine is general: no scenario's places or units are named in its code."""

from __future__ import annotations

import re

from engine.scenario.loader import load_scenario
from engine.scenario.provenance import fold

from helpers import ROOT


def test_engine_names_no_scenario_place_or_unit():
    code = {p: f" {fold(p.read_text(encoding='utf-8'))} "
            for p in sorted((ROOT / "engine").rglob("*.py"))}
    for path in sorted((ROOT / "scenarios").rglob("*.yaml")):
        s = load_scenario(path)
        names = {n for x in (*s.places.values(), *s.units.values(), *s.formations.values())
                 for n in (x.name, *x.aliases)}
        names |= {c.name for c in s.commanders.values()}
        # generic words a scenario may use as an alias ("the airport", "helicopters") are fine
        specific = {n for n in names if re.search(r"[A-Z]", n) and len(fold(n)) >= 5}
        for file, text in code.items():
            hits = sorted(n for n in specific if f" {fold(n)} " in text)
            assert not hits, f"{file.relative_to(ROOT)} names {hits} from {path.name}"

