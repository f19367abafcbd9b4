"""Events: every kind the engine writes has a level of detail, and the levels nest."""

from __future__ import annotations

import ast

from engine.play.ai import Heuristic
from engine.play.campaign import play_campaign
from engine.sim.events import DAY, EVERYTHING, HEADLINE, KINDS, LOG, MAP, Event, shown

from helpers import ROOT, small_game, valley_game, valley_recorded


def _written_kinds() -> set[str]:
    """The kinds the turn's phases and the umpire write: the first argument of every call
    to a Log (``log("captured", ...)``) in the engine's code."""
    kinds = set()
    for path in (ROOT / "engine").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id == "log" and node.args \
                    and isinstance(node.args[0], ast.Constant):
                kinds.add(node.args[0].value)
    return kinds


def test_every_kind_written_has_a_level() -> None:
    written = _written_kinds()
    assert written == set(KINDS), written ^ set(KINDS)


def test_every_kind_played_is_known() -> None:
    seen = {e.kind for e in valley_recorded().history.events}
    for g in (valley_game(), small_game()):
        seen |= {e.kind for e in play_campaign(g, 1, [Heuristic()] * len(g.sides)).events}
    assert seen <= set(KINDS) and len(seen) >= 8


def test_the_levels_nest() -> None:
    events = [Event(0, kind, None, kind) for kind in KINDS]
    counts = [len(shown(events, level)) for level in (HEADLINE, DAY, MAP, LOG, EVERYTHING)]
    assert counts == sorted(counts) and counts[-1] == len(KINDS)
    assert {e.kind for e in shown(events, HEADLINE)} == {
        "engagement", "captured", "dispersed", "arrival", "commander", "rebase"}
    assert "supply" not in {e.kind for e in shown(events, LOG)}
    assert "move" in {e.kind for e in shown(events, LOG)} - {e.kind for e in shown(events, MAP)}
    assert "bombardment" in {e.kind for e in shown(events, DAY)}


def test_an_event_as_json() -> None:
    assert Event(3, "move", "ford", "x reaches ford", ("x",)).to_json() == {
        "day": 3, "kind": "move", "place": "ford", "text": "x reaches ford", "units": ["x"]}
