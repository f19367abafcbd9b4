"""Seeded synthetic scenarios of any size, for benchmarks and property tests.

Places are scattered over a square whose side grows with their number, so that road
lengths stay alike at every size; each is joined by road to its nearest neighbours and to
the next place from west to east (so the network is connected). The west belongs to
``blue`` and the east to ``red``; each side gets supply sources, units of every type, an
air unit and objectives in enemy ground. Nothing here comes from a real battle.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from types import MappingProxyType

import numpy as np

from engine.scenario import model as m
from engine.scenario.rules import AIR, MOVERS
from engine.util.geo import great_circle_km

_ASSUMED = m.Provenance(assumption="synthetic")


def _fact(value: float) -> m.Fact:
    return m.Fact(value, value, value, provenance=_ASSUMED)


def synthetic_scenario(places: int, units: int, seed: int, days: int = 62) -> m.Scenario:
    """A two-sided scenario of ``places`` places and about ``units`` units (at least 2)."""
    rng = np.random.Generator(np.random.PCG64(seed))
    places = max(places, 3)
    span = 0.1 * math.sqrt(places)
    lat = 35.0 + rng.random(places) * span
    lon = 36.0 + rng.random(places) * span
    ids = [f"p{i:05d}" for i in range(places)]
    east = np.argsort(lon, kind="stable")
    side_of = {ids[j]: ("blue" if rank < places / 2 else "red") for rank, j in enumerate(east)}
    table = {}
    for i, pid in enumerate(ids):
        pop = int(rng.integers(0, 50_000)) if rng.random() < 0.5 else 0
        table[pid] = m.Place(
            pid, f"Place {i}", (), "village", str(rng.choice(m.TERRAINS)),
            m.Coords(float(lat[i]), float(lon[i]), "estimated", _ASSUMED),
            m.Holding(side_of[pid], provenance=_ASSUMED),
            _fact(pop) if pop else None, _ASSUMED)
    pairs = {tuple(sorted((ids[a], ids[b]))) for a, b in itertools.pairwise(east)}
    for i in range(places):
        d = (lat - lat[i]) ** 2 + (lon - lon[i]) ** 2
        near = np.argpartition(d, min(3, places - 1))[:3]   # the three nearest, self first,
        near = near[np.lexsort((near, d[near]))]          # ties in place order, as a full
        for j in near[1:3]:                               # stable sort would give them
            pairs.add(tuple(sorted((ids[i], ids[int(j)]))))
    roads = []
    for a, b in sorted(pairs):
        km = 1.2 * great_circle_km(table[a].coords.lat, table[a].coords.lon,
                                   table[b].coords.lat, table[b].coords.lon)
        roads.append(m.Road(a, b, str(rng.choice(m.ROAD_CLASSES)), _fact(max(km, 0.1)),
                            _ASSUMED))
    by_side = {s: [p for p in ids if side_of[p] == s] for s in ("blue", "red")}
    sides, unit_table, objectives = {}, {}, {}
    for s, colour in (("blue", "#1f77b4"), ("red", "#d62728")):
        own = by_side[s]
        sources = tuple(m.SupplySource(p, _ASSUMED)
                        for p in sorted(rng.choice(own, size=min(2, len(own)), replace=False)))
        sides[s] = m.Side(s, s.title(), (), colour, sources, None, _ASSUMED)
        count = max(1, units // 2)
        for k in range(count):
            kind = AIR if k == 0 else str(rng.choice(MOVERS))
            uid = f"{s}_{k:04d}"
            strength = 12 if kind == AIR else int(rng.integers(100, 2000))
            unit_table[uid] = m.Unit(uid, uid, (), s, kind, str(rng.choice(own)),
                                     _fact(strength), _fact(float(rng.uniform(0.7, 1.3))),
                                     provenance=_ASSUMED)
        enemy = by_side["red" if s == "blue" else "blue"]
        for k, p in enumerate(sorted(rng.choice(enemy, size=min(3, len(enemy)),
                                                replace=False))):
            objectives[f"{s}_take_{k}"] = m.Objective(f"{s}_take_{k}", s, "hold", place=p,
                                                      provenance=_ASSUMED)
    start = dt.date(2000, 1, 1)
    return m.Scenario(
        id=f"synthetic_{places}_{seed}", title=f"Synthetic theatre of {places} places",
        path="<synthetic>", seed=None,
        calendar=m.Calendar(start, start + dt.timedelta(days=days - 1), _ASSUMED),
        winding_factor=_fact(1.2), sides=MappingProxyType(sides),
        places=MappingProxyType(dict(sorted(table.items()))), roads=tuple(roads),
        routes=MappingProxyType({}), formations=MappingProxyType({}),
        units=MappingProxyType(dict(sorted(unit_table.items()))),
        commanders=MappingProxyType({}),
        objectives=MappingProxyType(dict(sorted(objectives.items()))), record=m.Record())
