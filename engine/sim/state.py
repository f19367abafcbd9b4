"""The state of a campaign between two turns: mutable, cheap to copy, and serializable.

Units and places are numbered as in the :class:`~engine.game.Game` and every column is a
plain list, so that copying the state is copying a few short lists. A unit is either at a
place, or on the road from ``place`` towards ``next`` with ``progress`` highway-equivalent
km behind it. The JSON form names units, places and sides by id; ``digest()`` is the sha256
of that form written canonically, so two states agree exactly when their digests do. The
state holds only what the rules read: what happened, in words, is kept in the history.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Any

from engine.errors import WargameError
from engine.scenario.rules import POSTURES
from engine.sim.game import Game
from engine.util.canonical import canonical
from engine.util.checked import count, flag, fraction

NOWHERE = -1
#: How far apart two amounts (km of road, readiness) may be and still count as equal: what
#: rounding leaves of a day's arithmetic.
EPS = 1e-9
#: Posture numbers (indices into :data:`~engine.scenario.rules.POSTURES`).
MOVING, HASTY, PREPARED = (POSTURES.index(p) for p in ("moving", "hasty", "prepared"))
#: The posture factor's number for a prepared defence in a place with works.
FORTIFIED_FACTOR = len(POSTURES)


@dataclass
class State:
    """Where everything stands between two turns: a list per column, indexed by unit or
    place number (see the module's docstring)."""

    day: int                          # the next turn to play; 0 before the first
    place: list[int]                  # unit -> place (NOWHERE until a reinforcement arrives)
    next: list[int]                   # unit -> place it is travelling to, or NOWHERE
    progress: list[float]
    strength: list[int]
    posture: list[int]                # index into POSTURES
    readiness: list[float]
    supplied: list[bool]
    killed: list[int]                 # per unit
    wounded: list[int]                # per unit (evacuated: no longer in the unit)
    dispersed: list[int]              # per unit: lost without a fight (cut off, worn out)
    holder: list[int]                 # place -> side
    contested: list[bool]
    besieged: list[bool]              # held, but cut off from every source of its holder
    population: list[int]             # people still in the place
    civilians_killed: list[int]
    displaced: list[int]
    bombarded_by: list[int]           # side that bombarded the place on the last turn
    assault: list[int]                # days the assault on the place has gone on undecided

    def copy(self) -> State:
        return State(self.day, self.place[:], self.next[:], self.progress[:], self.strength[:],
                     self.posture[:], self.readiness[:], self.supplied[:], self.killed[:],
                     self.wounded[:], self.dispersed[:], self.holder[:], self.contested[:],
                     self.besieged[:], self.population[:], self.civilians_killed[:],
                     self.displaced[:], self.bombarded_by[:], self.assault[:])

    def on_map(self, unit: int) -> bool:
        return self.place[unit] != NOWHERE

    def road_share(self, game: Game, unit: int) -> float:
        """How far along the road to its next place a unit has got, 0 to 1 (0 when it is not
        on a road): where the pictures draw it."""
        if self.next[unit] == NOWHERE:
            return 0.0
        leg = game.road_cost(self.place[unit], self.next[unit])
        return min(1.0, self.progress[unit] / leg) if 0 < leg < math.inf else 0.0

    def side_losses(self, game: Game) -> dict[str, dict[str, int]]:
        """Killed, wounded and dispersed per side."""
        out = {s: {"killed": 0, "wounded": 0, "dispersed": 0} for s in game.sides}
        for u, side in enumerate(game.unit_side):
            row = out[game.sides[side]]
            row["killed"] += self.killed[u]
            row["wounded"] += self.wounded[u]
            row["dispersed"] += self.dispersed[u]
        return out

    def to_json(self, game: Game) -> dict[str, Any]:
        """The state with ids for numbers: what is saved, compared and digested."""
        def at(i: int) -> str | None:
            return game.places[i] if i != NOWHERE else None
        return {
            "scenario": game.scenario.id,
            "day": self.day,
            "date": game.scenario.calendar.date_of(self.day).isoformat(),
            "units": {u: {"place": at(self.place[i]), "next": at(self.next[i]),
                          "progress": self.progress[i], "strength": self.strength[i],
                          "posture": POSTURES[self.posture[i]],
                          "readiness": self.readiness[i], "supplied": self.supplied[i],
                          "killed": self.killed[i], "wounded": self.wounded[i],
                          "dispersed": self.dispersed[i]}
                      for i, u in enumerate(game.units)},
            "places": {p: {"holder": game.sides[self.holder[i]],
                           "contested": self.contested[i], "besieged": self.besieged[i],
                           "population": self.population[i],
                           "civilians_killed": self.civilians_killed[i],
                           "displaced": self.displaced[i],
                           "bombarded_by": (game.sides[self.bombarded_by[i]]
                                            if self.bombarded_by[i] != NOWHERE else None),
                           "assault": self.assault[i]}
                       for i, p in enumerate(game.places)},
        }

    def digest(self, game: Game) -> str:
        return hashlib.sha256(canonical(self.to_json(game)).encode()).hexdigest()


def initial_state(game: Game) -> State:
    """The state on the morning of the first day, from the scenario."""
    s = game.scenario
    n, m = len(game.units), len(game.places)
    return State(
        day=0,
        place=[p if game.unit_arrives[u] == 0 else NOWHERE for u, p in enumerate(game.unit_start)],
        next=[NOWHERE] * n, progress=[0.0] * n,
        strength=[st if game.unit_arrives[u] == 0 else 0
                  for u, st in enumerate(game.unit_strength)],
        posture=[POSTURES.index("prepared")] * n, readiness=list(game.unit_readiness),
        supplied=[True] * n,
        killed=[0] * n, wounded=[0] * n, dispersed=[0] * n,
        holder=[game.sides.index(s.places[p].holder.side) for p in game.places],
        contested=[s.places[p].holder.contested for p in game.places],
        besieged=[False] * m, population=list(game.place_population),
        civilians_killed=[0] * m, displaced=[0] * m, bombarded_by=[NOWHERE] * m,
        assault=[0] * m)


def state_from_json(game: Game, data: Any, where: str = "state") -> State:
    """Rebuild a state from :meth:`State.to_json`; a clear error names what is wrong."""
    try:
        if data["scenario"] != game.scenario.id:
            raise WargameError(f"{where}: this state belongs to scenario '{data['scenario']}', "
                               f"not '{game.scenario.id}'")
        units, places = data["units"], data["places"]
        _same_ids(where, "units", units, game.units)
        _same_ids(where, "places", places, game.places)
        index = game.theatre.index
        side = {s: i for i, s in enumerate(game.sides)}

        def at(p: str | None) -> int:
            return NOWHERE if p is None else index[p]

        day = count(data["day"])
        if day > game.scenario.calendar.turns:
            raise ValueError(f"day {day} is past the calendar's {game.scenario.calendar.turns}")
        u = [units[x] for x in game.units]
        p = [places[x] for x in game.places]
        return State(
            day=day,
            place=[at(x["place"]) for x in u], next=[at(x["next"]) for x in u],
            progress=[fraction(x["progress"], 1e6) for x in u],
            strength=[count(x["strength"]) for x in u],
            posture=[POSTURES.index(x["posture"]) for x in u],
            readiness=[fraction(x["readiness"]) for x in u],
            supplied=[flag(x["supplied"]) for x in u],
            killed=[count(x["killed"]) for x in u], wounded=[count(x["wounded"]) for x in u],
            dispersed=[count(x["dispersed"]) for x in u],
            holder=[side[x["holder"]] for x in p], contested=[flag(x["contested"]) for x in p],
            besieged=[flag(x["besieged"]) for x in p],
            population=[count(x["population"]) for x in p],
            civilians_killed=[count(x["civilians_killed"]) for x in p],
            displaced=[count(x["displaced"]) for x in p],
            bombarded_by=[NOWHERE if x["bombarded_by"] is None else side[x["bombarded_by"]]
                          for x in p],
            assault=[count(x["assault"]) for x in p])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, WargameError):
            raise
        raise WargameError(f"{where}: not a saved state of '{game.scenario.id}' "
                           f"(missing or bad entry: {exc}); save it again with this engine"
                           ) from None


def _same_ids(where: str, what: str, found: Any, expected: tuple[str, ...]) -> None:
    if set(found) != set(expected):
        odd = sorted(set(found) ^ set(expected))
        raise WargameError(f"{where}: its {what} do not match the scenario's "
                           f"(first difference: '{odd[0]}')")
