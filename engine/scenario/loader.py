"""Load a scenario file into a frozen :class:`~engine.model.Scenario`, checking everything.

Validation reports every problem in the file at once, each as ``file:line: message``:
unknown keys (with a "did you mean"), dangling references, duplicates, bad numbers,
coordinates out of range, dates outside the calendar, a road network in pieces, unit
strengths that do not add up to the side's recorded strength, and, when the scenario names
its seed article, every fact without provenance and every citation whose line does not
mention what cites it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import networkx as nx

from engine.errors import ScenarioError
from engine.scenario import model as m
from engine.scenario.doctrine import read_doctrine
from engine.scenario.forces import check_strengths, read_commanders, read_formations, read_units
from engine.scenario.gaps import with_gaps
from engine.scenario.provenance import check_citations
from engine.scenario.reader import ID_PATTERN, MISSING, Reader, entry_names
from engine.scenario.reader import PROVENANCE_KEYS as P
from engine.scenario.rules import Rules, read_rules
from engine.scenario.yamlsrc import Document, load_overlaid, read_text
from engine.util.geo import great_circle_km

SECTIONS = ("scenario", "calendar", "theatre", "sides", "places", "roads", "routes",
            "formations", "units", "commanders", "objectives", "record", "rules", "doctrine")
REQUIRED_SECTIONS = ("scenario", "calendar", "sides", "places", "roads", "units")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
#: Road length over straight-line distance when no source gives a road's length: about 1.2
#: for road networks (Newell 1980; O'Sullivan 1996 found 1.21-1.23), as summarised in
#: Wikibooks, "Transportation Geography and Network Science/Circuity".
DEFAULT_WINDING = m.Fact(1.2, 1.2, 1.2, provenance=m.Provenance(
    reference="Newell (1980) and O'Sullivan (1996): road distance is about 1.2 times the "
              "straight line (Wikibooks, Transportation Geography and Network Science/Circuity)"))


def load_scenario(path: str | Path) -> m.Scenario:
    """Read, validate and freeze a scenario; raise :class:`ScenarioError` listing problems."""
    return build_scenario(load_overlaid(path))


def build_scenario(doc: Document) -> m.Scenario:
    """Validate a parsed scenario document into a :class:`Scenario`."""
    r = Reader(doc)
    top = r.mapping((), doc.data, SECTIONS, REQUIRED_SECTIONS, "a scenario file")
    if top is None:
        raise ScenarioError(with_gaps(doc, r.problems))
    meta = r.mapping(("scenario",), top.get("scenario"),
                     ("id", "title", "description", "seed", "replay", "plan"), ("id", "title"),
                     "scenario:") or {}
    seed = _seed(r, meta, doc.path)
    sid = r.text(("scenario", "id"), meta.get("id"), "the scenario id") if "id" in meta else None
    if sid is not None and not ID_PATTERN.match(sid):  # it names saved games and batch rows
        r.bad(("scenario", "id"), f"the scenario id '{sid}' must be lowercase letters, digits "
                                  "and _ (it names saved games)")
    title = r.text(("scenario", "title"), meta.get("title"), "the title") if "title" in meta \
        else None
    description = r.text(("scenario", "description"), meta.get("description"),
                         "the description", required=False)
    replay = _replay_path(r, meta, "replay", "the historical replay")
    plan = _replay_path(r, meta, "plan", "the plan's replay") if meta.get("plan") is not None \
        else replay
    calendar = _calendar(r, top.get("calendar"))
    winding = DEFAULT_WINDING
    theatre = top.get("theatre", MISSING)
    if theatre is not MISSING:
        t = r.mapping(("theatre",), theatre, ("winding_factor",), (), "theatre:") or {}
        if "winding_factor" in t:
            winding = r.fact(("theatre", "winding_factor"), t["winding_factor"],
                             "the winding factor", minimum=1.0, maximum=m.MAX_WINDING) or winding
    side_entries = r.table(("sides",), top.get("sides"), "sides")
    sides = _sides(r, side_entries)
    places = _places(r, top.get("places"), sides, calendar)
    roads = _roads(r, top.get("roads"), places, winding)
    routes = _routes(r, top.get("routes"), places, roads)
    supply = {sid: _supply(r, sid, entry, places) for sid, entry in side_entries.items()
              if isinstance(entry, dict)}
    sides = {sid: replace(s, supply_sources=supply.get(sid, ())) for sid, s in sides.items()}
    formations = read_formations(r, top.get("formations"), sides)
    units = read_units(r, top.get("units"), sides, places, formations, calendar)
    commanders = read_commanders(r, top.get("commanders"), sides, units, formations, calendar,
                             places)
    objectives = _objectives(r, top.get("objectives"), sides, places, routes)
    record = _record(r, top.get("record"), sides)
    rules = read_rules(r, top["rules"]) if "rules" in top else Rules()
    doctrine = read_doctrine(r, top.get("doctrine"), sides, places, units, objectives,
                             m.PLACE_TYPES)
    check_strengths(r, sides, units)
    _check_connected(r, places, roads)
    problems = list(r.problems)
    if seed is not None:
        problems += check_citations(r.citations, r.seed_lines or [], seed)
    problems = with_gaps(doc, problems)   # a gap in free text is a problem of its own
    if problems:
        raise ScenarioError(problems)
    return m.Scenario(
        id=str(sid), title=str(title), path=doc.path, seed=seed,
        description=description or "", calendar=calendar,
        winding_factor=winding, sides=_frozen(sides), places=_frozen(places),
        roads=tuple(sorted(roads.values(), key=lambda x: (x.a, x.b))), routes=_frozen(routes),
        formations=_frozen(formations), units=_frozen(units), commanders=_frozen(commanders),
        objectives=_frozen(objectives), record=record, citations=tuple(r.citations),
        rules=rules, replay=replay, plan=plan, doctrine=doctrine)


def _replay_path(r: Reader, meta: dict, key: str, what: str) -> str | None:
    """``scenario: KEY:``, a replay file's path relative to the scenario, which must exist."""
    if meta.get(key) is None:
        return None
    path = r.file_path(("scenario", key), meta[key], f"{what} path")
    if path is not None and not Path(path).is_file():
        r.bad(("scenario", key), f"{what} {path} is not a file; give its path relative to this "
                                 "file")
        return None
    return path


def _frozen(table: dict[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(sorted(table.items())))


def _seed(r: Reader, meta: dict, scenario_path: str) -> str | None:
    if meta.get("seed") is None:
        return None
    r.seed_named = True  # provenance is required, and an unreadable seed is reported once
    path = r.file_path(("scenario", "seed"), meta["seed"], "the seed path")
    if path is None:
        return None
    try:
        r.seed_lines = read_text(path).splitlines()
    except ScenarioError as exc:
        r.bad(("scenario", "seed"), f"the seed {path} cannot be read ({exc.problems[0].message});"
                                    " give its path relative to this file")
        return None
    return path


def _calendar(r: Reader, value: Any) -> m.Calendar:
    c = r.mapping(("calendar",), value, {"start", "end"} | P, ("start", "end"), "calendar:") or {}
    start = r.date(("calendar", "start"), c.get("start"), "the calendar start") if c else None
    end = r.date(("calendar", "end"), c.get("end"), "the calendar end") if c else None
    if start and end and end < start:
        r.bad(("calendar", "end"), f"the calendar ends ({end}) before it starts ({start})")
        end = start
    start = start or end
    if start is None:
        start = end = dt.date(2000, 1, 1)  # placeholder so checking can go on; already reported
    prov = r.provenance(("calendar",), c, "the calendar",
                        (f"{start.day} {start:%B}",)) if c else m.Provenance()
    if c:
        r.require_provenance(("calendar",), prov, "the calendar")
    return m.Calendar(start, end or start, prov)


def _sides(r: Reader, table: dict[str, Any]) -> dict[str, m.Side]:
    if len(table) < 2:
        r.bad(("sides",), f"a scenario needs at least two sides, found {len(table)}")
    sides = {}
    for sid, entry in table.items():
        path = ("sides", sid)
        e = r.mapping(path, entry, {"name", "combatants", "colour", "strength", "supply_sources"}
                      | P, ("name", "colour"), f"side '{sid}'")
        if e is None:
            continue
        name = r.text(path + ("name",), e.get("name"), "a side's name") or sid
        combatants = r.texts(path + ("combatants",), e.get("combatants"), "combatants")
        colour = e.get("colour")
        if not isinstance(colour, str) or not COLOUR.match(colour):
            r.bad(path + ("colour",), f"the colour of side '{sid}' must be written #rrggbb, "
                                      f"not {colour!r}")
            colour = "#808080"
        strength = (r.fact(path + ("strength",), e["strength"], f"the strength of side '{sid}'",
                           integer=True, maximum=m.MAX_PEOPLE) if "strength" in e else None)
        prov = r.provenance(path, e, f"side '{sid}'", (name, *combatants))
        r.require_provenance(path, prov, f"side '{sid}'")
        sides[sid] = m.Side(sid, name, combatants, colour, (), strength, prov)
    return sides


def _supply(r: Reader, sid: str, entry: dict, places: dict[str, m.Place]
            ) -> tuple[m.SupplySource, ...]:
    out = []
    path = ("sides", sid, "supply_sources")
    for i, item in enumerate(r.items(path, entry.get("supply_sources"), "supply_sources")):
        p = path + (i,)
        if isinstance(item, dict):  # {place: id, source: ...}
            e = r.mapping(p, item, {"place"} | P, ("place",), "a supply source") or {}
            pid = r.ref(p + ("place",), e.get("place"), places, "supply source place")
        else:  # a bare place id
            e, pid = {}, r.ref(p, item, places, "supply source place")
        names = places[pid].names if pid else ()
        prov = r.provenance(p, e, f"the supply source of '{sid}'", names)
        r.require_provenance(p, prov, f"the supply source of '{sid}'")
        if pid:
            out.append(m.SupplySource(pid, prov))
    return tuple(out)


def _places(r: Reader, value: Any, sides: dict[str, m.Side], calendar: m.Calendar
            ) -> dict[str, m.Place]:
    places = {}
    for pid, entry in r.table(("places",), value, "places").items():
        path = ("places", pid)
        e = r.mapping(path, entry, {"name", "aliases", "type", "terrain", "coords", "holder",
                                    "population", "fortified"} | P,
                      ("name", "type", "terrain", "coords", "holder"), f"place '{pid}'")
        if e is None:
            continue
        name, aliases = entry_names(r, path, e, pid)
        names = (name, *aliases)
        kind = r.choice(path + ("type",), e.get("type"), m.PLACE_TYPES, "place type")
        terrain = r.choice(path + ("terrain",), e.get("terrain"), m.TERRAINS, "terrain")
        coords = _coords(r, path + ("coords",), e.get("coords"), pid, names)
        holder = _holding(r, path + ("holder",), e.get("holder"), pid, names, sides, calendar)
        population = (r.fact(path + ("population",), e["population"],
                             f"the population of '{pid}'", integer=True,
                             maximum=m.MAX_POPULATION)
                      if "population" in e else None)
        fortified = r.flag(path + ("fortified",), e.get("fortified", MISSING), "fortified")
        prov = r.provenance(path, e, f"place '{pid}'", names)
        r.require_provenance(path, prov, f"place '{pid}'")
        if not (kind and terrain and coords and holder):
            # Keep the place (its problem is reported) so roads and units that name it are
            # not reported as naming nothing; checks that need the bad field skip it.
            r.broken.add(("places", pid))
        places[pid] = m.Place(pid, name, aliases, kind or "village", terrain or "open",
                              coords or m.Coords(0.0, 0.0, "estimated"),
                              holder or m.Holding(next(iter(sides), "")), population, prov,
                              fortified)
    return places


def _coords(r: Reader, path: tuple, value: Any, pid: str, names: tuple[str, ...]
            ) -> m.Coords | None:
    c = r.mapping(path, value, {"lat", "lon", "confidence"} | P, ("lat", "lon", "confidence"),
                  f"the coordinates of '{pid}'")
    if c is None:
        return None
    lat = r.number(path + ("lat",), c.get("lat"), "latitude", minimum=-90, maximum=90)
    lon = r.number(path + ("lon",), c.get("lon"), "longitude", minimum=-180, maximum=180)
    confidence = r.choice(path + ("confidence",), c.get("confidence"), m.CONFIDENCES,
                          "coordinate confidence")
    prov = r.provenance(path, c, f"the coordinates of '{pid}'", names)
    r.require_provenance(path, prov, f"the coordinates of '{pid}'")
    if confidence == "estimated" and not prov.assumption:
        r.bad(path, f"the coordinates of '{pid}' are estimated: say how they were placed in "
                    "assumption:")
    if lat is None or lon is None or confidence is None:
        return None
    return m.Coords(lat, lon, confidence, prov)


def _holding(r: Reader, path: tuple, value: Any, pid: str, names: tuple[str, ...],
             sides: dict[str, m.Side], calendar: m.Calendar) -> m.Holding | None:
    if isinstance(value, str):
        side = r.ref(path, value, sides, "holder side")
        r.require_provenance(path, m.Provenance(), f"the holder of '{pid}'")
        return m.Holding(side) if side else None
    h = r.mapping(path, value, {"side", "contested", "since"} | P, ("side",),
                  f"the holder of '{pid}'")
    if h is None:
        return None
    side = r.ref(path + ("side",), h.get("side"), sides, "holder side")
    contested = r.flag(path + ("contested",), h.get("contested", MISSING), "contested")
    since = _since(r, path + ("since",), h["since"]) if "since" in h else None
    if since and since > calendar.start.isoformat()[:len(since)]:
        r.bad(path + ("since",), f"'{pid}' is held since {since}, after the calendar starts "
                                 f"({calendar.start}): a starting holder must hold it by then")
    prov = r.provenance(path, h, f"the holder of '{pid}'", names)
    r.require_provenance(path, prov, f"the holder of '{pid}'")
    return m.Holding(side, contested, since, prov) if side else None


def _since(r: Reader, path: tuple, value: Any) -> str | None:
    """A date, or a month (``2013-02``) where the source gives no day."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        return value
    day = r.date(path, value, "since (YYYY-MM-DD, or YYYY-MM when the day is not known)")
    return day.isoformat() if day else None


def _roads(r: Reader, value: Any, places: dict[str, m.Place], winding: m.Fact
           ) -> dict[tuple[str, str], m.Road]:
    roads: dict[tuple[str, str], m.Road] = {}
    first_line: dict[tuple[str, str], int | None] = {}
    for i, entry in enumerate(r.items(("roads",), value, "roads")):
        path = ("roads", i)
        e = r.mapping(path, entry, {"from", "to", "class", "length_km"} | P,
                      ("from", "to", "class"), f"road {i + 1}")
        if e is None:
            continue
        a = r.ref(path + ("from",), e.get("from"), places, "road end")
        b = r.ref(path + ("to",), e.get("to"), places, "road end")
        cls = r.choice(path + ("class",), e.get("class"), m.ROAD_CLASSES, "road class")
        if not (a and b):
            continue
        if a == b:
            r.bad(path, f"a road must join two different places, not '{a}' to itself")
            continue
        pair = (min(a, b), max(a, b))
        if pair in first_line:
            r.bad(path, f"a second road between '{a}' and '{b}' (the first is at line "
                        f"{first_line[pair]}); keep one")
            continue
        first_line[pair] = r.doc.line(path)
        pa, pb = places[a].coords, places[b].coords
        sound = not ({("places", a), ("places", b)} & r.broken)
        straight = great_circle_km(pa.lat, pa.lon, pb.lat, pb.lon) if sound else 0.0
        names = (*places[a].names, *places[b].names)
        if "length_km" in e:
            length = r.fact(path + ("length_km",), e["length_km"], f"the length of road {a}–{b}",
                            minimum=m.MIN_ROAD_KM, maximum=m.MAX_ROAD_KM)
            if length and length.value < straight * 0.995:
                r.bad(path + ("length_km",), f"road {a}–{b} is {length.value:g} km, shorter than "
                                             f"the straight line between its ends ({straight:.1f}"
                                             " km): check the length or the coordinates")
        else:
            length = m.Fact(round(straight * winding.value, 2), round(straight * winding.low, 2),
                            round(straight * winding.high, 2), provenance=m.Provenance(
                                assumption=f"computed: straight line {straight:.1f} km times "
                                           f"the winding factor {winding.value:g}"))
            if sound and length.low < m.MIN_ROAD_KM:
                r.bad(path, f"'{a}' and '{b}' are {straight * 1000:.0f} m apart: places closer "
                            f"than {m.MIN_ROAD_KM * 1000:.0f} m are one place at a theatre's "
                            "scale; move them apart, or give the road's length_km")
                length = None
        prov = r.provenance(path, e, f"the road {a}–{b}", names)
        r.require_provenance(path, prov, f"the road {a}–{b}")
        if cls and length:
            roads[pair] = m.Road(pair[0], pair[1], cls, length, prov)
    return roads


def _routes(r: Reader, value: Any, places: dict[str, m.Place],
            roads: dict[tuple[str, str], m.Road]) -> dict[str, m.Route]:
    routes = {}
    for rid, entry in r.table(("routes",), value, "routes").items():
        path = ("routes", rid)
        e = r.mapping(path, entry, {"name", "aliases", "waypoints"} | P, ("name", "waypoints"),
                      f"route '{rid}'")
        if e is None:
            continue
        name, aliases = entry_names(r, path, e, rid)
        wps = []
        for i, wp in enumerate(r.items(path + ("waypoints",), e.get("waypoints"), "waypoints")):
            pid = r.ref(path + ("waypoints", i), wp, places, "waypoint")
            if pid in wps:
                r.bad(path + ("waypoints", i), f"route '{rid}' passes '{pid}' twice")
            wps.append(pid)
        if len(wps) < 2:
            r.bad(path + ("waypoints",), f"route '{rid}' needs at least two waypoints")
        for i, (x, y) in enumerate(itertools.pairwise(wps)):
            if x and y and (min(x, y), max(x, y)) not in roads:
                r.bad(path + ("waypoints", i + 1), f"route '{rid}': no road joins '{x}' and "
                                                   f"'{y}'; add the road or a waypoint between")
        prov = r.provenance(path, e, f"route '{rid}'", (name, *aliases))
        r.require_provenance(path, prov, f"route '{rid}'")
        known = [w for w in wps if w is not None]
        if len(known) == len(wps):
            routes[rid] = m.Route(rid, name, aliases, tuple(known), prov)
    return routes


def _objectives(r: Reader, value: Any, sides: dict[str, m.Side], places: dict[str, m.Place],
                routes: dict[str, m.Route]) -> dict[str, m.Objective]:
    out = {}
    for oid, entry in r.table(("objectives",), value, "objectives").items():
        path = ("objectives", oid)
        e = r.mapping(path, entry, {"side", "kind", "place", "route", "points"} | P,
                      ("side", "kind"), f"objective '{oid}'")
        if e is None:
            continue
        side = r.ref(path + ("side",), e.get("side"), sides, "side")
        kind = r.choice(path + ("kind",), e.get("kind"), m.OBJECTIVE_KINDS, "objective kind")
        place = route = None
        names: tuple[str, ...] = ()
        if kind == "hold" and "place" not in e:
            r.bad(path, f"objective '{oid}' is 'hold': it needs a place:")
        elif kind in ("open_route", "cut_route") and "route" not in e:
            r.bad(path, f"objective '{oid}' is '{kind}': it needs a route:")
        if kind == "hold":
            place = r.ref(path + ("place",), e.get("place"), places, "objective place")
            names = places[place].names if place else ()
            if "route" in e:
                r.bad(path + ("route",), "a 'hold' objective names a place, not a route")
        elif kind:
            route = r.ref(path + ("route",), e.get("route"), routes, "objective route")
            names = (routes[route].name, *routes[route].aliases) if route else ()
            if "place" in e:
                r.bad(path + ("place",), f"a '{kind}' objective names a route, not a place")
        points = (r.number(path + ("points",), e["points"], "points", above=0.0,
                            maximum=m.MAX_POINTS)
                  if "points" in e else 1.0)
        prov = r.provenance(path, e, f"objective '{oid}'", names)
        r.require_provenance(path, prov, f"objective '{oid}'")
        if side and kind and (place or route) and points:
            out[oid] = m.Objective(oid, side, kind, place, route, points, prov)
    return out


def _record(r: Reader, value: Any, sides: dict[str, m.Side]) -> m.Record:
    if value is None:
        return m.Record()
    e = r.mapping(("record",), value, ("result", "killed"), (), "record:") or {}
    result, result_prov = None, m.Provenance()
    if "result" in e:
        res = r.mapping(("record", "result"), e["result"], {"text"} | P, ("text",),
                        "the recorded result") or {}
        result = r.text(("record", "result", "text"), res.get("text"), "the result")
        result_prov = r.provenance(("record", "result"), res, "the recorded result",
                                   (result,) if result else ())
        r.require_provenance(("record", "result"), result_prov, "the recorded result")
    killed = {}
    for who, fig in r.table(("record", "killed"), e.get("killed"), "killed").items():
        if who != "civilians":
            r.ref(("record", "killed", who), who, [*sides, "civilians"], "whose losses")
        f = r.fact(("record", "killed", who), fig, f"the recorded killed of '{who}'",
                   integer=True, maximum=m.MAX_PEOPLE)
        if f:
            killed[who] = f
    return m.Record(result, result_prov, MappingProxyType(killed))


def _check_connected(r: Reader, places: dict[str, m.Place],
                     roads: dict[tuple[str, str], m.Road]) -> None:
    graph: nx.Graph = nx.Graph()
    graph.add_nodes_from(places)
    graph.add_edges_from(roads)
    if len(places) == 0:
        r.bad(("places",), "a scenario needs at least one place")
        return
    parts = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c),
                                                                                       c))
    for part in parts[1:]:
        shown = ", ".join(part[:5]) + (", ..." if len(part) > 5 else "")
        r.bad(("roads",), f"the road network is in {len(parts)} pieces: {shown} cannot be "
                          f"reached from {parts[0][0]}; add a road joining them")

