"""``wargame show``: a scenario as tables a wargamer can check against the source."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from engine.scenario.model import Fact, Provenance, Scenario, Unit
from engine.scenario.rules import AIR
from engine.util.canonical import plain
from engine.util.text import table


def _source(prov: Provenance) -> str:
    """The shortest honest form of a provenance: ``line 27``, ``ref``, or ``assumed``."""
    if prov.line:
        return f"line {prov.line}" + (" +assumed" if prov.assumption else "")
    if prov.reference:
        return "ref" + (" +assumed" if prov.assumption else "")
    return "assumed" if prov.assumption else "-"


def _figure(fact: Fact | None, digits: int = 0) -> str:
    if fact is None:
        return "-"
    text = f"{fact.value:,.{digits}f}" + ("+" if fact.at_least else "")
    if fact.uncertain:
        text += f" [{fact.low:,.{digits}f}–{fact.high:,.{digits}f}]"
    return text


def _commander(scenario: Scenario, unit: Unit) -> str:
    names = [c.name for c in scenario.commanders.values() if c.unit == unit.id]
    return ", ".join(names) or "-"


def format_scenario(scenario: Scenario) -> str:
    """Places by holder, routes, forces by side with totals, objectives, the record."""
    cal = scenario.calendar
    road_km = sum(r.length_km for r in scenario.roads)
    out = [scenario.title, f"scenario {scenario.id}" + (f" · seed {scenario.seed}"
                                                        if scenario.seed else ""),
           f"{cal.start} to {cal.end}: {cal.turns} turns of one day ({_source(cal.provenance)})",
           f"theatre: {len(scenario.places)} places, {len(scenario.roads)} roads "
           f"({road_km:,.0f} km), {len(scenario.routes)} named routes, winding factor "
           f"{_figure(scenario.winding_factor, 2)}", ""]
    for side in scenario.sides.values():
        held = sorted((p for p in scenario.places.values() if p.holder.side == side.id),
                      key=lambda p: p.name.lower())
        out += [f"PLACES HELD BY {side.id.upper()} ({side.name}): {len(held)}", table(
            ("id", "name", "type", "terrain", "population", "coords", "source", "holder source"),
            [(p.id, p.name + (" (contested)" if p.holder.contested else ""), p.type, p.terrain,
              _figure(p.population), p.coords.confidence, _source(p.provenance),
              _source(p.holder.provenance)) for p in held]), ""]
    out += ["ROUTES", table(("id", "name", "places", "km", "from → to", "source"), [
        (r.id, r.name, len(r.waypoints), f"{route_km(scenario, r.waypoints):,.0f}",
         f"{r.waypoints[0]} → {r.waypoints[-1]}", _source(r.provenance))
        for r in scenario.routes.values()]), ""]
    for side in scenario.sides.values():
        units = scenario.units_of(side.id)
        out += [f"FORCES OF {side.id.upper()} ({side.name})", table(
            ("id", "name", "type", "place", "strength", "quality", "commander", "source"),
            [(u.id, u.name, u.type, u.place, _figure(u.strength) +
              (" sorties/day" if u.type == AIR else ""), _figure(u.quality, 1),
              _commander(scenario, u), _source(u.provenance)) for u in units])]
        total = scenario.ground_strength(side.id)
        low = sum(u.strength.low for u in units if u.type != AIR)
        high = sum(u.strength.high for u in units if u.type != AIR)
        line = f"ground total {total:,.0f} (units' ranges {low:,.0f}–{high:,.0f})"
        if side.strength:
            line += (f"; side strength {_figure(side.strength)} "
                     f"({_source(side.strength.provenance)})")
        out += [line, "supply from: " + ", ".join(s.place for s in side.supply_sources), ""]
    out += ["OBJECTIVES", table(("id", "side", "kind", "target", "points", "source"), [
        (o.id, o.side, o.kind, o.place or o.route, f"{o.points:g}", _source(o.provenance))
        for o in scenario.objectives.values()]), ""]
    rec = scenario.record
    if rec.result or rec.killed:
        out.append("RECORD: " + (f"{rec.result} ({_source(rec.result_provenance)})"
                                 if rec.result else ""))
        out += [f"  killed, {who}: {_figure(f)} ({_source(f.provenance)})"
                for who, f in rec.killed.items()]
    return "\n".join(out).rstrip() + "\n"


def route_km(scenario: Scenario, waypoints: Sequence[str]) -> float:
    lengths = {(r.a, r.b): r.length_km for r in scenario.roads}
    return sum(lengths[min(x, y), max(x, y)] for x, y in itertools.pairwise(waypoints))


def scenario_json(scenario: Scenario) -> dict:
    """Everything ``show`` prints, as plain data for machines."""
    data = plain(scenario)
    data.pop("citations", None)
    data["totals"] = {
        "places": len(scenario.places), "roads": len(scenario.roads),
        "road_km": round(sum(r.length_km for r in scenario.roads), 1),
        "turns": scenario.calendar.turns,
        "ground_strength": {sid: scenario.ground_strength(sid) for sid in scenario.sides},
        "places_held": {sid: sum(p.holder.side == sid for p in scenario.places.values())
                        for sid in scenario.sides},
    }
    return data
