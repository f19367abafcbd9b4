"""The forces of a scenario: its formations, units and commanders, read and checked.

Each reader takes the raw section and what is already known (sides, places, calendar), notes
every problem at its line on the :class:`Reader`, and returns what could be read, so that the
rest of the scenario can still be checked against it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from engine.scenario import model as m
from engine.scenario.reader import PROVENANCE_KEYS as P
from engine.scenario.reader import Reader, entry_names


def parent_of(r: Reader, path: tuple, value: Any, side: str | None, owners: dict[str, Any],
            what: str) -> str | None:
    """A parent id among ``owners`` (formations, or units and formations) of the same side."""
    if value is None:
        return None
    pid = r.ref(path, value, owners, what)
    if pid and side and owners[pid].side and owners[pid].side != side:
        r.bad(path, f"{what} '{pid}' belongs to side '{owners[pid].side}', not '{side}'")
    return pid


def acyclic(r: Reader, section: str, table: Mapping[str, Any]) -> None:
    for start in table:
        seen, node = [start], table[start].parent
        while node is not None and node in table:
            if node == start:
                r.bad((section, start, "parent"), f"'{start}' is its own ancestor: "
                                                  f"{' > '.join([*seen, node])}")
                break
            if node in seen:
                break
            seen.append(node)
            node = table[node].parent


def read_formations(r: Reader, value: Any, sides: dict[str, m.Side]) -> dict[str, m.Formation]:
    table = r.table(("formations",), value, "formations")
    out: dict[str, m.Formation] = {}
    for fid, entry in table.items():
        path = ("formations", fid)
        e = r.mapping(path, entry, {"name", "aliases", "side", "parent"} | P, ("name", "side"),
                      f"formation '{fid}'")
        if e is None:
            continue
        name, aliases = entry_names(r, path, e, fid)
        side = r.ref(path + ("side",), e.get("side"), sides, "side")
        prov = r.provenance(path, e, f"formation '{fid}'", (name, *aliases))
        r.require_provenance(path, prov, f"formation '{fid}'")
        if side:
            out[fid] = m.Formation(fid, name, side, e.get("parent"), aliases, prov)
    for fid, f in list(out.items()):
        out[fid] = replace(f, parent=parent_of(r, ("formations", fid, "parent"), f.parent, f.side,
                                              out, "parent formation"))
    acyclic(r, "formations", out)
    return out


def read_units(r: Reader, value: Any, sides: dict[str, m.Side], places: dict[str, m.Place],
           formations: dict[str, m.Formation], calendar: m.Calendar) -> dict[str, m.Unit]:
    out: dict[str, m.Unit] = {}
    for uid, entry in r.table(("units",), value, "units").items():
        path = ("units", uid)
        if uid in formations:
            r.bad(path, f"'{uid}' is both a unit and a formation; give them different ids")
            r.broken.add(("units", uid))
            continue
        e = r.mapping(path, entry, {"name", "aliases", "side", "parent", "type", "place",
                                    "strength", "quality", "arrives", "readiness",
                                    "surprised"} | P,
                      ("name", "side", "type", "place", "strength", "quality"), f"unit '{uid}'")
        if e is None:
            continue
        name, aliases = entry_names(r, path, e, uid)
        side = r.ref(path + ("side",), e.get("side"), sides, "side")
        kind = r.choice(path + ("type",), e.get("type"), m.UNIT_TYPES, "unit type")
        at, at_prov = _unit_place(r, path + ("place",), e.get("place"), uid, (name, *aliases),
                                  places)
        # a reinforcement enters on its day, whoever held the place at the start
        if (at and side and ("places", at) not in r.broken and "arrives" not in e
                and places[at].holder.side != side and not places[at].holder.contested):
            r.bad(path + ("place",), f"unit '{uid}' starts at '{at}', which side "
                                     f"'{places[at].holder.side}' holds: mark the place "
                                     "contested or start the unit elsewhere")
        strength = r.fact(path + ("strength",), e.get("strength"), f"the strength of '{uid}'",
                          above=0.0, integer=True, maximum=m.MAX_PEOPLE)
        quality = r.fact(path + ("quality",), e.get("quality"), f"the quality of '{uid}'",
                         above=0.0, maximum=m.MAX_QUALITY)
        prov = r.provenance(path, e, f"unit '{uid}'", (name, *aliases))
        r.require_provenance(path, prov, f"unit '{uid}'")
        arrives, arrives_prov = _arrival(r, path + ("arrives",), e.get("arrives"), uid,
                                         (name, *aliases), calendar)
        readiness = (r.fact(path + ("readiness",), e["readiness"],
                            f"the readiness of '{uid}'", above=0.0, maximum=1.0)
                     if "readiness" in e else None)
        surprised, surprised_prov = _surprised(r, path + ("surprised",), e.get("surprised"),
                                               uid, (name, *aliases), calendar)
        if not (side and kind and at and strength and quality):
            r.broken.add(("units", uid))
        placeholder = m.Fact(1.0, 1.0, 1.0)
        out[uid] = m.Unit(uid, name, aliases, side or "", kind or "infantry", at or "",
                          strength or placeholder, quality or placeholder, e.get("parent"),
                          at_prov, prov, arrives, readiness, surprised, surprised_prov,
                          arrives_prov)
    owners = {**formations, **out}
    for uid, u in list(out.items()):
        out[uid] = replace(u, parent=parent_of(r, ("units", uid, "parent"), u.parent, u.side,
                                              owners, "parent"))
    acyclic(r, "units", out)
    return out


def _arrival(r: Reader, path: tuple, value: Any, uid: str, names: tuple[str, ...],
             calendar: m.Calendar) -> tuple[dt.date | None, m.Provenance]:
    """``arrives: DATE``, or ``arrives: {date: DATE, source: ...}`` with where the date comes
    from: the day a reinforcement enters the map, inside the calendar."""
    if value is None:
        return None, m.Provenance()
    prov, at = m.Provenance(), path
    if isinstance(value, dict):
        e = r.mapping(path, value, {"date"} | P, ("date",), f"the arrival of '{uid}'")
        if e is None:
            return None, prov
        prov = r.provenance(path, e, f"the arrival of '{uid}'", names)
        r.require_provenance(path, prov, f"the arrival of '{uid}'")
        value, at = e.get("date"), path + ("date",)
    day = r.date(at, value, f"the arrival of '{uid}'")
    if day is not None and day not in calendar:
        r.bad(at, f"unit '{uid}' arrives on {day}, outside the calendar ({calendar.start} to "
                  f"{calendar.end})")
        day = None
    return day, prov


def _surprised(r: Reader, path: tuple, value: Any, uid: str, names: tuple[str, ...],
               calendar: m.Calendar) -> tuple[tuple[dt.date, ...], m.Provenance]:
    """``surprised: {dates: [...], source: ...}``: the days an attack on the unit is a
    surprise, each inside the calendar, with where that comes from."""
    if value is None:
        return (), m.Provenance()
    e = r.mapping(path, value, {"dates"} | P, ("dates",), f"the surprises of '{uid}'")
    if e is None:
        return (), m.Provenance()
    days = []
    for i, v in enumerate(r.items(path + ("dates",), e.get("dates"), "dates")):
        day = r.date(path + ("dates", i), v, f"a day '{uid}' is surprised")
        if day is not None and day not in calendar:
            r.bad(path + ("dates", i), f"'{uid}' is surprised on {day}, outside the calendar "
                                       f"({calendar.start} to {calendar.end})")
        elif day is not None:
            days.append(day)
    prov = r.provenance(path, e, f"the surprises of '{uid}'", names)
    r.require_provenance(path, prov, f"the surprises of '{uid}'")
    return tuple(sorted(set(days))), prov


def _unit_place(r: Reader, path: tuple, value: Any, uid: str, names: tuple[str, ...],
                places: dict[str, m.Place]) -> tuple[str | None, m.Provenance]:
    if not isinstance(value, dict):
        r.require_provenance(path, m.Provenance(), f"the starting place of '{uid}'")
        return r.ref(path, value, places, "starting place"), m.Provenance()
    e = r.mapping(path, value, {"id"} | P, ("id",), f"the starting place of '{uid}'") or {}
    at = r.ref(path + ("id",), e.get("id"), places, "starting place")
    prov = r.provenance(path, e, f"the starting place of '{uid}'",
                        (*names, *(places[at].names if at else ())))
    r.require_provenance(path, prov, f"the starting place of '{uid}'")
    return at, prov


def read_commanders(r: Reader, value: Any, sides: dict[str, m.Side], units: dict[str, m.Unit],
                formations: dict[str, m.Formation], calendar: m.Calendar,
                places: dict[str, m.Place]) -> dict[str, m.Commander]:
    out = {}
    owners = {**formations, **units}
    for cid, entry in r.table(("commanders",), value, "commanders").items():
        path = ("commanders", cid)
        e = r.mapping(path, entry, {"name", "aliases", "rank", "side", "unit", "role", "fate",
                                    "fate_date", "fate_after"} | P, ("name", "side"),
                      f"commander '{cid}'")
        if e is None:
            continue
        name, aliases = entry_names(r, path, e, cid)
        side = r.ref(path + ("side",), e.get("side"), sides, "side")
        unit = parent_of(r, path + ("unit",), e.get("unit"), side, owners, "commanded unit")
        fate = (r.choice(path + ("fate",), e["fate"], m.FATES, "fate") if "fate" in e else None)
        day = r.date(path + ("fate_date",), e["fate_date"], "fate_date") if "fate_date" in e \
            else None
        if day and day not in calendar:
            r.bad(path + ("fate_date",), f"{day} is outside the calendar ({calendar.start} to "
                                         f"{calendar.end})")
        if day and not fate:
            r.bad(path + ("fate_date",), "a fate_date needs a fate (killed, resigned, ...)")
        after = r.ref(path + ("fate_after",), e["fate_after"], places, "fate_after (a place)") \
            if "fate_after" in e else None
        if after and not fate:
            r.bad(path + ("fate_after",), "a fate_after needs a fate (killed, resigned, ...)")
        if after and side and places[after].holder.side != side:
            r.bad(path + ("fate_after",), f"fate_after: {side} does not hold {after} at the "
                                          "start, so it cannot lose it; name a place it holds")
        rank = r.text(path + ("rank",), e.get("rank"), "a rank", required=False)
        role = r.text(path + ("role",), e.get("role"), "a role", required=False)
        prov = r.provenance(path, e, f"commander '{cid}'", (name, *aliases))
        r.require_provenance(path, prov, f"commander '{cid}'")
        if side:
            out[cid] = m.Commander(cid, name, side, aliases, rank, role, unit, fate, day, prov,
                                   after)
    return out


def check_strengths(r: Reader, sides: dict[str, m.Side], units: dict[str, m.Unit]) -> None:
    """A side's recorded strength must be the sum of its ground units' strengths."""
    for sid, side in sides.items():
        if side.strength is None:
            continue
        if any(key[0] == "units" for key in r.broken):
            return  # a unit's own problem is reported; the sum would only echo it
        total = m.ground_strength(units.values(), sid)
        if abs(total - side.strength.value) > 0.5:
            r.bad(("sides", sid, "strength"),
                  f"the ground units of '{sid}' add up to {total:,.0f}, not the side's "
                  f"strength {side.strength.value:,.0f}: adjust the unit strengths")
