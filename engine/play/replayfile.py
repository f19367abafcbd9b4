"""A historical replay file: the campaign as the source tells it, and the orders that play it.

The file has three sections (the README documents them with an example):

``replay``  its id, title, the scenario it belongs to and the seed of the draws the record
            leaves open.
``events``  every dated event of the source: kind, date (or a span ``from``/``to``), sides,
            units, places, figures (killed per side, civilians, people displaced), the places
            it gives to a side (``captures``), the engine outcome it fixes (``engagement`` or
            ``bombardment``) and the seed line it comes from.
``orders``  by date, the orders in the players' notation. An order stands until it is done:
            a move, attack or withdrawal until the unit stands in the place and its side holds
            it (or ``until`` has passed: an attack given up); a bombardment or hold for its
            day, or through ``until``. A unit's next order waits until the move before it is
            done, so the same orders still make sense when the engine, not the record, decides
            the fighting.

The file is read like a scenario: every problem is reported with its line, together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from engine.errors import ScenarioError, WargameError
from engine.play.plan import Task
from engine.scenario.gaps import with_gaps
from engine.scenario.model import MAX_POPULATION, Provenance, Scenario
from engine.scenario.provenance import check_citations
from engine.scenario.reader import PROVENANCE_KEYS, Reader
from engine.scenario.yamlsrc import load_yaml, read_text
from engine.sim.combat import OUTCOMES
from engine.sim.orders import parse_order
from engine.sim.verbs import VERBS

#: What an event may be.
KINDS = ("attack", "capture", "recapture", "withdrawal", "raid", "bombardment",
         "counter_attack", "clash", "advance", "secured", "massacre", "sabotage", "commander")
CIVILIANS = "civilians"
_EVENT_KEYS = {"id", "date", "from", "to", "kind", "text", "sides", "units", "places", "killed",
               "civilians", "displaced", "captures", "engagement", "bombardment",
               "approximate"} | PROVENANCE_KEYS
_ORDER_KEYS = {"order", "until", "event", "why"}


@dataclass(frozen=True)
class RecordedEvent:
    """One dated event of the source, with what it fixes in the engine."""

    id: str
    first: int                           # turn of the first day
    last: int                            # turn of the last day (== first for one day)
    kind: str
    text: str
    sides: tuple[str, ...]
    units: tuple[str, ...]
    places: tuple[str, ...]
    killed: Mapping[str, int]            # side -> killed
    civilians: int | None
    displaced: int | None
    captures: Mapping[str, str]          # place -> side that holds it at the end of `last`
    engagement: tuple[str, str, str | None] | None   # (place, attacking side, result)
    bombardment: tuple[str, str] | None  # (place, firing side)
    approximate: bool
    provenance: Provenance
    where: str                           # file:line of the event
    surprise: bool = False               # the engagement's attacker surprised the defender

    @property
    def line(self) -> int | None:
        return self.provenance.line

    def cite(self) -> str:
        """Where the event comes from: its seed line, or, marked as such, the outside
        reference it rests on where the article is silent."""
        if self.line:
            return f"line {self.line}"
        if self.provenance.reference:
            return f"outside source: {self.provenance.reference}"
        return self.where


@dataclass(frozen=True)
class ReplayFile:
    """A replay file, checked against its scenario: its record of dated events and the
    orders (as a plan's tasks) that play it."""

    id: str
    title: str
    path: str
    scenario: str                        # the scenario file it plays
    seed: int
    events: tuple[RecordedEvent, ...]
    tasks: tuple[Task, ...]
    description: str = ""

    def event(self, event_id: str | None) -> RecordedEvent | None:
        return next((e for e in self.events if e.id == event_id), None)


def load_replay_file(path: str | Path, scenario: Scenario) -> ReplayFile:
    """Read and check a replay file against its scenario; raise listing every problem."""
    doc = load_yaml(path)
    seed_lines = read_text(scenario.seed).splitlines() if scenario.seed else None
    r = Reader(doc, seed_lines)
    top = r.mapping((), doc.data, ("replay", "events", "orders"), ("replay", "events"),
                    "a replay file")
    if top is None:
        raise ScenarioError(with_gaps(doc, r.problems))
    meta = r.mapping(("replay",), top.get("replay"),
                     ("id", "title", "description", "scenario", "seed"), ("id", "title", "seed"),
                     "replay:") or {}
    seed = r.number(("replay", "seed"), meta.get("seed", 0), "the seed", integer=True)
    events = _events(r, top.get("events"), scenario)
    tasks = _tasks(r, top.get("orders"), scenario, {e.id for e in events})
    problems = list(r.problems)
    if scenario.seed and seed_lines is not None:
        problems += check_citations(r.citations, seed_lines, scenario.seed)
    problems = with_gaps(doc, problems)   # a gap in free text is a problem of its own
    if problems:
        raise ScenarioError(problems)
    return ReplayFile(str(meta["id"]), str(meta["title"]), doc.path, scenario.path,
                      int(seed or 0), tuple(events), tuple(tasks),
                      str(meta.get("description") or "").strip())


def default_replay(scenario: Scenario) -> str:
    if not scenario.replay:
        raise WargameError(f"{scenario.path}: the scenario names no historical replay: add "
                           "scenario: replay: PATH, or give the replay file on the command line")
    return scenario.replay


def _day(r: Reader, path: tuple, value: Any, scenario: Scenario, what: str) -> int | None:
    date = r.date(path, value, what)
    if date is None:
        return None
    if date not in scenario.calendar:
        r.bad(path, f"{what} {date} is outside the campaign ({scenario.calendar.start} to "
                    f"{scenario.calendar.end})")
        return None
    return (date - scenario.calendar.start).days


def _count(r: Reader, path: tuple, value: Any, what: str) -> int | None:
    n = r.number(path, value, what, minimum=0, integer=True, maximum=MAX_POPULATION)
    return None if n is None else int(n)


def _events(r: Reader, value: Any, scenario: Scenario) -> list[RecordedEvent]:
    out: list[RecordedEvent] = []
    seen: set[str] = set()
    sides = tuple(scenario.sides)
    for i, item in enumerate(r.items(("events",), value, "events")):
        path = ("events", i)
        e = r.mapping(path, item, _EVENT_KEYS, ("id", "kind", "text"), "an event")
        if e is None:
            continue
        eid = r.text(path + ("id",), e.get("id"), "an event id") or f"#{i}"
        if eid in seen:
            r.bad(path + ("id",), f"event id '{eid}' is used twice: give each event its own id")
        seen.add(eid)
        if ("date" in e) == ("from" in e) or ("date" in e and "to" in e):
            r.bad(path, f"event '{eid}' needs either date: or from: and to:")
            continue
        if "date" in e:
            first = last = _day(r, path + ("date",), e["date"], scenario, "the date")
        else:
            first = _day(r, path + ("from",), e["from"], scenario, "the first day")
            last = _day(r, path + ("to",), e.get("to"), scenario, "the last day")
            if first is not None and last is not None and last < first:
                r.bad(path + ("to",), f"event '{eid}' ends before it begins")
                continue
        kind = r.choice(path + ("kind",), e.get("kind"), KINDS, "the kind")
        text = r.text(path + ("text",), e.get("text"), "the text")
        ev_sides = tuple(s for j, s in enumerate(r.items(path + ("sides",), e.get("sides"),
                                                         "sides"))
                         if r.ref(path + ("sides", j), s, sides, "a side"))
        units = tuple(u for j, u in enumerate(r.items(path + ("units",), e.get("units"), "units"))
                      if r.ref(path + ("units", j), u, scenario.units, "a unit"))
        places = tuple(p for j, p in enumerate(r.items(path + ("places",), e.get("places"),
                                                       "places"))
                       if r.ref(path + ("places", j), p, scenario.places, "a place"))
        killed: dict[str, int] = {}
        k = e.get("killed")
        if k is not None:
            for side, n in (r.mapping(path + ("killed",), k, sides, (), "killed:") or {}).items():
                count = _count(r, path + ("killed", side), n, f"the killed of {side}")
                if count is not None:
                    killed[side] = count
        civilians = (_count(r, path + ("civilians",), e["civilians"], "the civilians killed")
                     if e.get("civilians") is not None else None)
        displaced = (_count(r, path + ("displaced",), e["displaced"], "the people displaced")
                     if e.get("displaced") is not None else None)
        captures: dict[str, str] = {}
        c = e.get("captures")
        if c is not None:
            for place, side in (r.mapping(path + ("captures",), c, scenario.places, (),
                                          "captures:") or {}).items():
                if r.ref(path + ("captures", place), side, sides, "the side that takes it"):
                    captures[place] = side
        engagement = bombardment = None
        surprise = False
        if e.get("engagement") is not None:
            g = r.mapping(path + ("engagement",), e["engagement"],
                          ("place", "by", "result", "surprise"), ("place", "by"),
                          "engagement:") or {}
            surprise = r.flag(path + ("engagement", "surprise"), g.get("surprise"), "surprise")
            place = r.ref(path + ("engagement", "place"), g.get("place"), scenario.places,
                          "the place")
            by = r.ref(path + ("engagement", "by"), g.get("by"), sides, "the attacking side")
            result = (r.choice(path + ("engagement", "result"), g["result"], OUTCOMES,
                               "the result") if g.get("result") is not None else None)
            if place and by:
                engagement = (place, by, result)
        if e.get("bombardment") is not None:
            b = r.mapping(path + ("bombardment",), e["bombardment"], ("place", "by"),
                          ("place", "by"), "bombardment:") or {}
            place = r.ref(path + ("bombardment", "place"), b.get("place"), scenario.places,
                          "the place")
            by = r.ref(path + ("bombardment", "by"), b.get("by"), sides, "the firing side")
            if place and by:
                bombardment = (place, by)
        if engagement and bombardment:
            r.bad(path, f"event '{eid}' fixes both an engagement and a bombardment: split it")
        if (civilians is not None or displaced is not None) and engagement:
            r.bad(path, f"event '{eid}': civilians and displaced belong to a bombardment")
        direct = killed and not engagement and not bombardment
        for side in killed if direct else ():
            if not any(scenario.units[u].side == side for u in units):
                r.bad(path + ("killed", side), f"event '{eid}' gives killed for {side} but names "
                                               f"none of its units: list them in units:")
        prov = r.provenance(path, e, f"event '{eid}'")
        if "source" not in e and "reference" not in e:
            r.bad(path, f"event '{eid}' needs source: {{line: N, quote: ...}} from the article, "
                        "or, where the article is silent, reference: the outside source it "
                        "rests on")
        approximate = r.flag(path + ("approximate",), e.get("approximate"), "approximate")
        if approximate and not prov.assumption:
            r.bad(path, f"event '{eid}' is approximate: say why in assumption:")
        if first is None or last is None or kind is None or text is None:
            continue
        out.append(RecordedEvent(eid, first, last, kind, text, ev_sides, units, places,
                                 MappingProxyType(killed), civilians, displaced,
                                 MappingProxyType(captures), engagement, bombardment,
                                 approximate, prov, r.where(path), surprise))
    return sorted(out, key=lambda ev: (ev.first, ev.last))


def _tasks(r: Reader, value: Any, scenario: Scenario, event_ids: set[str]) -> list[Task]:
    if value is None:
        return []
    if not isinstance(value, dict):
        r.bad(("orders",), "orders: must map dates to lists of orders")
        return []
    out: list[Task] = []
    given: dict[tuple[int | None, str], list[str]] = {}
    for date, items in value.items():
        path = ("orders", str(date))  # lines are kept under the key as written
        first = _day(r, path, date, scenario, "the date of orders")
        for j, item in enumerate(r.items(path, items, f"the orders of {date}")):
            at = path + (j,)
            entry = {"order": item} if isinstance(item, str) else r.mapping(
                at, item, _ORDER_KEYS, ("order",), "an order")
            if entry is None or "order" not in entry:  # a missing order: is reported
                continue
            try:
                order = parse_order(str(entry["order"]))
            except WargameError as exc:
                r.bad(at, str(exc))
                continue
            ok = bool(r.ref(at, order.unit, scenario.units, "the unit") and
                      r.ref(at, order.place, scenario.places, "the place"))
            until = None
            if entry.get("until") is not None:
                until = _day(r, at + ("until",), entry["until"], scenario, "until")
                if until is not None and first is not None and until < first:
                    r.bad(at + ("until",), "until: is before the order's own date")
            event = entry.get("event")
            if event is not None:
                event = r.ref(at + ("event",), event, sorted(event_ids), "the event")
            same_day = given.setdefault((first, order.unit), [])
            if ok and first is not None and same_day and \
                    any(VERBS[v].one_day for v in (order.verb, *same_day)):
                one_day = ", ".join(v for v, verb in VERBS.items() if verb.one_day)
                r.bad(at, f"{order.unit} has another order on {date}: an order of one day "
                          f"({one_day}) lasts its day, so only marching orders may follow "
                          "each other on one date (as waypoints); give it another date")
                ok = False
            same_day.append(order.verb)
            if ok and first is not None:
                out.append(Task(first, order, until, event, r.where(at)))
    return sorted(out, key=lambda t: t.first)  # stable: file order within a day
