"""The scenario as plain frozen data: places, roads, routes, sides, formations, units.

A scenario is fixed for a whole campaign; what changes during play (where a unit is, who
holds a place) lives in the game state, never here. Collections keyed by id are read-only
mappings in id order, so that anything iterating them is deterministic.

Every fact that came from somewhere carries a :class:`Provenance`: the seed line it comes
from, an outside reference, or the assumption that stands in for it. A number that is
uncertain carries a range (:class:`Fact`); batch runs vary it within that range.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from engine.errors import WargameError
from engine.scenario.doctrine import Doctrine
from engine.scenario.facts import Citation, Fact, Provenance
from engine.scenario.rules import AIR, FORTIFIED, ROAD_CLASSES, UNIT_TYPES, Rules
from engine.scenario.rules import TERRAINS as GROUND

#: A place's terrain: a ground class of the rules, or ``fortified`` (works on ground the source
#: does not describe).
TERRAINS = (*GROUND, FORTIFIED)

#: The kinds of place a theatre may hold.
PLACE_TYPES = ("city", "town", "village", "district", "base", "airbase", "factory_area",
               "hill", "prison", "junction")
#: How sure a coordinate is: ``estimated`` means this scenario placed it from the article's
#: own description (and says how); the others are the gazetteer's confidence.
CONFIDENCES = ("high", "medium", "low", "estimated")
#: Objective kinds: hold a place at the end; have a route open (every place on it held) at
#: the end; keep a route cut (some place on it not held by the other side) at the end.
OBJECTIVE_KINDS = ("hold", "open_route", "cut_route")
#: What a commander's story ended in, when the article tells it.
FATES = ("killed", "resigned", "wounded", "captured")

# Upper bounds of a scenario's figures. A figure past one is a slip of the keyboard, not a
# different war; bounding every figure also keeps the engine's sums and draws finite.
#: People in one side, unit or casualty count: the largest field armies of the Second World
#: War were a few million strong.
MAX_PEOPLE = 10_000_000
#: People in one place: the largest metropolitan areas hold about 40 million.
MAX_POPULATION = 50_000_000
#: A unit's quality (1 = ordinary): Dupuy's combat effectiveness values between armies span
#: about 0.5-3 (Numbers, Predictions and War, 1979).
MAX_QUALITY = 10.0
#: A road between two neighbouring places, in km: at least 100 m (closer places are one
#: place at a theatre's scale, and a road of no length would cost a march nothing).
MIN_ROAD_KM, MAX_ROAD_KM = 0.1, 5000.0
#: How much longer roads run than the straight line: about 1.2-1.6 in practice.
MAX_WINDING = 5.0
#: An objective's victory points.
MAX_POINTS = 1000.0


@dataclass(frozen=True)
class Coords:
    lat: float
    lon: float
    confidence: str
    provenance: Provenance = Provenance()


@dataclass(frozen=True)
class Holding:
    """Who holds a place at the start, since when, and whether it is contested."""

    side: str
    contested: bool = False
    #: ISO 8601 date ("2013-08-26") or month ("2013-02") when the source gives no day.
    since: str | None = None
    provenance: Provenance = Provenance()


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    aliases: tuple[str, ...]
    type: str
    terrain: str
    coords: Coords
    holder: Holding
    population: Fact | None = None
    provenance: Provenance = Provenance()
    fortified: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def works(self) -> bool:
        """Whether defences were built here before the battle: ``fortified: true``, or the
        terrain ``fortified`` (works whose ground the source does not describe)."""
        return self.fortified or self.terrain == FORTIFIED


@dataclass(frozen=True)
class Road:
    """An undirected road between two places; ``a`` < ``b`` so each pair has one form."""

    a: str
    b: str
    road_class: str
    length: Fact
    provenance: Provenance = Provenance()

    @property
    def length_km(self) -> float:
        return self.length.value


@dataclass(frozen=True)
class Route:
    """A named road (such as a highway) as the ordered places it runs through."""

    id: str
    name: str
    aliases: tuple[str, ...]
    waypoints: tuple[str, ...]
    provenance: Provenance = Provenance()


@dataclass(frozen=True)
class SupplySource:
    place: str
    provenance: Provenance = Provenance()


@dataclass(frozen=True)
class Side:
    id: str
    name: str
    combatants: tuple[str, ...]
    colour: str
    supply_sources: tuple[SupplySource, ...]
    strength: Fact | None = None
    provenance: Provenance = Provenance()


@dataclass(frozen=True)
class Formation:
    """An organisation above the units on the map (an army, a division, a movement)."""

    id: str
    name: str
    side: str
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    provenance: Provenance = Provenance()


@dataclass(frozen=True)
class Unit:
    """A force on the map. ``strength`` counts people, or sorties a day for air units."""

    id: str
    name: str
    aliases: tuple[str, ...]
    side: str
    type: str
    place: str
    strength: Fact
    quality: Fact
    parent: str | None = None
    place_provenance: Provenance = Provenance()
    provenance: Provenance = Provenance()
    #: A reinforcement enters the map at ``place`` on this date; ``None``: there at the start.
    arrives: dt.date | None = None
    #: Readiness on the first day (1 = fresh; a force worn down before the campaign is less).
    readiness: Fact | None = None
    #: Days on which an attack on this unit comes as a surprise (the attacker's surprise
    #: factor applies to the engagement it defends).
    surprised: tuple[dt.date, ...] = ()
    surprised_provenance: Provenance = Provenance()
    #: Where the arrival date comes from (``arrives: {date: ..., source: ...}``).
    arrives_provenance: Provenance = Provenance()


@dataclass(frozen=True)
class Commander:
    id: str
    name: str
    side: str
    aliases: tuple[str, ...] = ()
    rank: str | None = None
    role: str | None = None
    unit: str | None = None
    fate: str | None = None
    fate_date: dt.date | None = None
    provenance: Provenance = Provenance()
    #: The place whose loss by the commander's side brings the fate about: in play it comes
    #: when the place falls, not on the record's date.
    fate_after: str | None = None


@dataclass(frozen=True)
class Objective:
    id: str
    side: str
    kind: str
    place: str | None = None
    route: str | None = None
    points: float = 1.0
    provenance: Provenance = Provenance()


@dataclass(frozen=True)
class Calendar:
    """The campaign's days; one turn is one day, ``start`` and ``end`` both played."""

    start: dt.date
    end: dt.date
    provenance: Provenance = Provenance()

    @property
    def turns(self) -> int:
        return (self.end - self.start).days + 1

    def date_of(self, turn: int) -> dt.date:
        return self.start + dt.timedelta(days=turn)

    def day_of(self, text: str, option: str = "--from-day") -> int:
        """The turn of a day the user names, as a date or as its number (the first day is
        1); ``option`` is what the user wrote it after, for the error."""
        try:
            day = (dt.date.fromisoformat(text) - self.start).days
        except ValueError:
            day = int(text) - 1 if text.isascii() and text.isdigit() else -1
        if not 0 <= day < self.turns:
            raise WargameError(f"{option} {text}: give a date from {self.start} to {self.end} "
                               f"or a day number from 1 to {self.turns}")
        return day

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


@dataclass(frozen=True)
class Record:
    """What the source records as the outcome, for comparison with the engine."""

    result: str | None = None
    result_provenance: Provenance = Provenance()
    #: Killed, by side id or ``civilians``.
    killed: Mapping[str, Fact] = field(default_factory=dict)


@dataclass(frozen=True, repr=False)
class Scenario:
    """A battle as frozen data (:func:`~engine.scenario.loader.load_scenario`): its calendar,
    sides, places and roads, forces, commanders, objectives, record and rules, every fact with
    its provenance."""

    id: str
    title: str
    path: str
    seed: str | None
    calendar: Calendar
    winding_factor: Fact
    sides: Mapping[str, Side]
    places: Mapping[str, Place]
    roads: tuple[Road, ...]
    routes: Mapping[str, Route]
    formations: Mapping[str, Formation]
    units: Mapping[str, Unit]
    commanders: Mapping[str, Commander]
    objectives: Mapping[str, Objective]
    record: Record
    description: str = ""
    citations: tuple[Citation, ...] = ()
    rules: Rules = field(default_factory=Rules)
    replay: str | None = None        # the historical replay file, if the scenario has one
    #: The replay whose orders are the historical commander's plan (default: ``replay``; an
    #: alternate names its base's, whose orders it plays where they still apply).
    plan: str | None = None
    doctrine: Mapping[str, Doctrine] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (f"Scenario(id={self.id!r}, places={len(self.places)}, roads={len(self.roads)}, "
                f"units={len(self.units)}, turns={self.calendar.turns})")

    def units_of(self, side: str) -> tuple[Unit, ...]:
        return tuple(u for u in self.units.values() if u.side == side)

    def ground_strength(self, side: str) -> float:
        """People in a side's ground units: what an infobox strength counts."""
        return ground_strength(self.units.values(), side)


def ground_strength(units: Iterable[Unit], side: str) -> float:
    """People in ``side``'s ground units among ``units`` (air units count sorties)."""
    return sum(u.strength.value for u in units if u.side == side and u.type != AIR)


__all__ = ["AIR", "CONFIDENCES", "FATES", "OBJECTIVE_KINDS", "PLACE_TYPES", "ROAD_CLASSES",
           "TERRAINS", "UNIT_TYPES", "Calendar", "Citation", "Commander", "Coords", "Fact",
           "Formation", "Holding", "Objective", "Place", "Provenance", "Record", "Road", "Route",
           "Scenario", "Side", "SupplySource", "Unit", "ground_strength"]
