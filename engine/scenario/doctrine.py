"""Doctrine: how a side's commander fights, per scenario and per side (``doctrine:``).

The commanders of :mod:`engine.play` read it; nothing here plays. A side without an entry
takes :data:`DEFAULT` (the defaults a careful commander would take, each saying why), so a
scenario needs doctrine only where its source says a side fought differently.

```yaml
doctrine:
  government:
    attack_odds: {value: 0.5, range: [0.3, 0.7], assumption: ...}
    assault_days: 3
    yield_odds: 0.8
    garrison:
      - {types: [airbase], strength: 600, assumption: ...}
      - {kinds: [captured, sources], strength: 150}
    reserves:
      - {units: [tank_bde], commit: threatened, places: [river_town]}
    goals: [take_river_town, open_the_road]
    civilian_weight: 0.2
```
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from engine.scenario.facts import Fact, Provenance
from engine.scenario.reader import PROVENANCE_KEYS, Reader

#: What a garrison entry may name besides places and place types: ``objectives`` (places the
#: side's objectives name), ``captured`` (places the side took during the campaign),
#: ``sources`` (its supply sources).
GARRISON_KINDS = ("objectives", "captured", "sources")
#: When a reserve goes in: ``threatened`` (enemy next to one of its places) or ``lost`` (one
#: of its places held by the enemy).
COMMITS = ("threatened", "lost")


def _default(value: float, why: str) -> Fact:
    return Fact(value, value, value, provenance=Provenance(assumption=why))


@dataclass(frozen=True)
class Garrison:
    """Places the side keeps at least ``strength`` people in while it holds them."""

    places: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    strength: Fact = field(default_factory=lambda: Fact(0, 0, 0))
    provenance: Provenance = Provenance()


@dataclass(frozen=True)
class Reserve:
    """Units held back until one of ``places`` (default: the side's must-keep places) is
    threatened or lost; then they counter-attack there."""

    units: tuple[str, ...]
    commit: str = "threatened"
    places: tuple[str, ...] = ()
    provenance: Provenance = Provenance()


@dataclass(frozen=True)
class Doctrine:
    """How one side fights. Odds are a day's chances under the engine's combat model."""

    #: The chance of carrying a place within ``assault_days`` days of continued assault at
    #: which the side opens one.
    attack_odds: Fact = field(default_factory=lambda: _default(
        0.5, "A commander commits an assault that is more likely than not to carry the place "
             "before it is repulsed or called off"))
    #: Days of continued assault an attack is judged over (days).
    assault_days: Fact = field(default_factory=lambda: _default(
        3, "The assaults on towns and bases of the first shipped record were carried in two "
           "to three days; a longer span credits sieges the engine's foothold does not "
           "model"))
    #: A day's chance of losing its place at which a defender not ordered to stand gives ground.
    yield_odds: Fact = field(default_factory=lambda: _default(
        0.7, "A defender falls back only when losing the place today is more likely than not "
             "by a clear margin; staying costs fewer men than a broken withdrawal"))
    garrison: tuple[Garrison, ...] = (
        Garrison(kinds=("objectives", "sources"), strength=_default(
            100, "A company-sized guard keeps an objective or a supply source from being "
                 "walked into empty; the enemy must then fight for it")),
    )
    reserves: tuple[Reserve, ...] = ()
    #: The side's objectives in the order it pursues them (unlisted ones after, nearest first).
    goals: tuple[str, ...] = ()
    #: Civilians' lives weighed against enemy troops in choosing a bombardment's target:
    #: a target is fired on only if the enemy killed expected exceed this times the civilians.
    civilian_weight: Fact = field(default_factory=lambda: _default(
        1.0, "A commander bound by the law of war weighs a civilian's life at least as much "
             "as an enemy fighter's when choosing where to fire"))
    provenance: Provenance = Provenance()


DEFAULT = Doctrine()
#: The keys of a side's doctrine.
KEYS = ("attack_odds", "assault_days", "yield_odds", "garrison", "reserves", "goals",
        "civilian_weight")


def read_doctrine(r: Reader, value: Any, sides: Mapping[str, Any], places: Mapping[str, Any],
                  units: Mapping[str, Any], objectives: Mapping[str, Any],
                  place_types: tuple[str, ...]) -> Mapping[str, Doctrine]:
    """The ``doctrine:`` section: a :class:`Doctrine` for every side (the default for a side
    it does not name); problems are noted on ``r`` at their lines."""
    out = dict.fromkeys(sides, DEFAULT)
    for sid, entry in r.table(("doctrine",), value, "doctrine").items():
        path: tuple = ("doctrine", sid)
        if r.ref(path, sid, sides, "the side of a doctrine") is None:
            continue
        e = r.mapping(path, entry, KEYS + tuple(PROVENANCE_KEYS), (), f"the doctrine of {sid}")
        if e is None:
            continue
        d = DEFAULT
        kw: dict[str, Any] = {}
        for key, low, high, whole in (("attack_odds", 0.01, 1.0, False),
                                      ("yield_odds", 0.01, 1.0, False),
                                      ("assault_days", 1, 30, True)):
            if key in e:
                f = r.fact(path + (key,), e[key], f"{sid}'s {key}", minimum=low, maximum=high,
                           integer=whole)
                if f is not None:
                    kw[key] = f
        if "civilian_weight" in e:
            f = r.fact(path + ("civilian_weight",), e["civilian_weight"],
                       f"{sid}'s civilian_weight", minimum=0.0, maximum=1000.0)
            if f is not None:
                kw["civilian_weight"] = f
        if "garrison" in e:
            kw["garrison"] = tuple(
                g for i, item in enumerate(r.items(path + ("garrison",), e["garrison"],
                                                   "garrison"))
                if (g := _garrison(r, path + ("garrison", i), item, places, place_types))
                is not None)
        if "reserves" in e:
            kw["reserves"] = tuple(
                res for i, item in enumerate(r.items(path + ("reserves",), e["reserves"],
                                                     "reserves"))
                if (res := _reserve(r, path + ("reserves", i), item, sid, places, units))
                is not None)
            seen: set[str] = set()
            for i, res in enumerate(kw["reserves"]):
                twice = seen & set(res.units)
                if twice:
                    r.bad(path + ("reserves", i), f"{', '.join(sorted(twice))} is already in "
                                                  "another reserve of this side")
                seen |= set(res.units)
        if "goals" in e:
            goals = []
            for i, g in enumerate(r.items(path + ("goals",), e["goals"], "goals")):
                ok = r.ref(path + ("goals", i), g, objectives, "a goal (an objective id)")
                if ok is not None and objectives[ok].side != sid:
                    r.bad(path + ("goals", i), f"the goal '{ok}' is an objective of "
                                               f"{objectives[ok].side}, not of {sid}")
                elif ok is not None:
                    goals.append(ok)
            kw["goals"] = tuple(goals)
        out[sid] = Doctrine(**{**d.__dict__, **kw,
                               "provenance": r.provenance(path, e, f"{sid}'s doctrine")})
    return MappingProxyType(dict(sorted(out.items())))


def _ids(r: Reader, path: tuple, value: Any, known: Any, what: str) -> tuple[str, ...]:
    out = []
    for i, item in enumerate(r.items(path, value, what)):
        ok = r.ref(path + (i,), item, known, what)
        if ok is not None:
            out.append(ok)
    return tuple(out)


def _garrison(r: Reader, path: tuple, value: Any, places: Mapping[str, Any],
              place_types: tuple[str, ...]) -> Garrison | None:
    e = r.mapping(path, value, ("places", "types", "kinds", "strength") + tuple(PROVENANCE_KEYS),
                  ("strength",), "a garrison entry")
    if e is None:
        return None
    names = _ids(r, path + ("places",), e.get("places"), places, "a garrison place")
    types = tuple(t for i, t in enumerate(r.items(path + ("types",), e.get("types"), "types"))
                  if r.choice(path + ("types", i), t, place_types, "a place type") is not None)
    kinds = tuple(k for i, k in enumerate(r.items(path + ("kinds",), e.get("kinds"), "kinds"))
                  if r.choice(path + ("kinds", i), k, GARRISON_KINDS, "a garrison kind")
                  is not None)
    if not (names or types or kinds):
        r.bad(path, "a garrison entry must say where: places:, types: (place types) or kinds: "
                    f"({', '.join(GARRISON_KINDS)}), at least one of them")
    prov = r.provenance(path, e, "a garrison")
    r.require_provenance(path, prov, "a garrison")
    value = e.get("strength")
    if isinstance(value, dict):  # a figure with its own range and provenance
        strength = r.fact(path + ("strength",), value, "a garrison's strength", minimum=0,
                          maximum=10_000_000, integer=True)
    else:
        n = r.number(path + ("strength",), value, "a garrison's strength", minimum=0,
                     maximum=10_000_000, integer=True)
        strength = None if n is None else Fact(n, n, n, provenance=prov)
    if strength is None:
        return None
    return Garrison(names, types, kinds, strength, prov)


def _reserve(r: Reader, path: tuple, value: Any, side: str, places: Mapping[str, Any],
             units: Mapping[str, Any]) -> Reserve | None:
    e = r.mapping(path, value, ("units", "commit", "places") + tuple(PROVENANCE_KEYS),
                  ("units",), "a reserve")
    if e is None:
        return None
    names = _ids(r, path + ("units",), e.get("units"), units, "a reserve unit")
    for i, u in enumerate(names):
        if units[u].side != side:
            r.bad(path + ("units", i), f"the reserve unit '{u}' belongs to {units[u].side}, "
                                       f"not {side}")
    commit = "threatened"
    if "commit" in e:
        commit = r.choice(path + ("commit",), e["commit"], COMMITS, "a reserve's commit") \
            or commit
    where = _ids(r, path + ("places",), e.get("places"), places, "a reserve's place")
    if not names:
        if "units" in e and isinstance(e["units"], list) and not e["units"]:
            r.bad(path + ("units",), "a reserve needs at least one unit")
        return None
    return Reserve(names, commit, where, r.provenance(path, e, "a reserve"))
