"""The evidence the combat model is fitted to, as plain records.

Two kinds of evidence, one shape: a **fight** is an assault on one position, a run of days
each of which ends contested until the last, which ends taken, repulsed, or (the attacker
stopping) still contested.

* **Battles** (:func:`read_battles`): CDB90's land battles of 1600-1899 (CAA Database of
  Battles 1990, revised by J. Arnold, ODC-By 1.0), one fight of one decision each (a
  pitched battle's second day is not an engine day that ended contested), its force ratio in
  people; its calendar days spread its losses.
* **Engagements of a record** (:func:`record_fights`): every engagement-day a replay's record
  fixes, taken from the recorded replay as the engine saw it that morning (after the day's
  marches), so the force ratio is the engine's own. Consecutive days at one place by one
  attacker are one fight.

Each day keeps its ingredients apart (people x quality x readiness per side, the defender's
power per posture, the terrain, support, surprise, the days the assault had gone on) so the
fit can weigh posture and terrain itself.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from engine.errors import ScenarioError, WargameError
from engine.history.record import recorded_fields
from engine.history.replay import Replay
from engine.play.replayfile import ReplayFile
from engine.scenario.rules import FORTIFIED, POSTURES, TERRAINS
from engine.scenario.yamlsrc import read_text
from engine.sim.chance import ENGAGEMENT
from engine.sim.events import Log
from engine.sim.game import Game
from engine.sim.movement import movement
from engine.sim.queries import defence, fighting_power, fights, surprised

#: The defender's posture classes of the fit: the engine's postures, then fortified.
POSTURE_CLASSES = (*POSTURES, FORTIFIED)
#: CDB90's posture codes as the engine's postures (delaying and withdrawing defences are
#: not dug in: hasty).
CDB90_POSTURE = {"HD": "hasty", "DL": "hasty", "WD": "hasty", "PD": "prepared",
                 "FD": FORTIFIED}


@dataclass(frozen=True)
class Day:
    """One day of a fight, with the ingredients of its force ratio."""

    attacker: float                 # people x quality x readiness (a battle: people)
    defender: tuple[float, ...]     # the same, per posture class (POSTURE_CLASSES)
    terrain: str                    # a ground class of the rules
    before: int                     # days the assault had already gone on
    support: bool = False           # the attacker's side bombarded the place the day before
    surprise: bool = False
    result: str = "stalemate"       # taken, stalemate, repulsed


@dataclass(frozen=True)
class Fight:
    """An assault on one position: its days in order, where it comes from, and when."""

    name: str
    source: str                     # "CDB90" or the replay's id
    days: tuple[Day, ...]
    day: int = 0                    # the record's turn of its first day (battles: 0)
    attacker_cas: float | None = None   # a battle's casualties, people
    defender_cas: float | None = None
    attacker_people: float = 0.0
    defender_people: float = 0.0
    duration: int = 1               # a battle's calendar days (its losses are spread over them)

    @property
    def result(self) -> str:
        return self.days[-1].result


def battles_path() -> Path:
    """The CDB90 table shipped with the engine."""
    return Path(str(resources.files("engine.data") / "cdb90_pre1900.csv"))


#: The columns :func:`read_battles` reads (the table may have more).
COLUMNS = ("name", "year", "att_strength", "def_strength", "post1", "engine_terrain",
           "surprise", "duration_days", "att_cas", "def_cas", "outcome3")


def read_battles(path: str | Path | None = None) -> list[Fight]:
    """CDB90's battles as fights; a table that cannot be read, or a row that is not a battle,
    is a clear error at its line."""
    where = Path(path) if path is not None else battles_path()
    try:
        text = read_text(where)
    except ScenarioError as exc:
        raise WargameError(f"cannot read the battles table: {exc}") from None
    lines = text.lstrip("\ufeff").splitlines()
    skip = 0
    while skip < len(lines) and (lines[skip].startswith("#") or not lines[skip].strip()):
        skip += 1
    rows = csv.reader(lines[skip:])
    try:
        header = next(rows, None)
        if header is None:
            raise WargameError(f"{where}: no battles in the table")
        missing = [c for c in COLUMNS if c not in header]
        if missing or len(set(header)) != len(header):
            why = (f"lacks {', '.join(missing)}" if missing else "names a column twice")
            raise WargameError(f"{where}:{skip + 1}: the header {why}; the columns are "
                               "described in engine/data/README.md")
        fights = []
        for row in rows:
            line = skip + rows.line_num
            if not any(x.strip() for x in row):
                continue
            if len(row) != len(header):
                raise WargameError(f"{where}:{line}: {len(row)} fields where the header has "
                                   f"{len(header)}; fix the row")
            try:
                fights.append(_battle(dict(zip(header, row, strict=True))))
            except (KeyError, ValueError, TypeError) as exc:
                raise WargameError(f"{where}:{line}: not a battle row ({exc}); the columns "
                                   "are described in engine/data/README.md") from None
    except csv.Error as exc:
        raise WargameError(f"{where}:{skip + rows.line_num}: not a CSV row ({exc})") from None
    if not fights:
        raise WargameError(f"{where}: no battles in the table")
    return fights


def _number(row: dict, key: str, most: float = 1e7) -> float:
    v = float(row[key])
    if not (math.isfinite(v) and 0 <= v <= most):
        raise ValueError(f"{key} is {row[key]!r}, not a number from 0 to {most:g}")
    return v


def _battle(row: dict) -> Fight:
    att, dfn = _number(row, "att_strength"), _number(row, "def_strength")
    if att <= 0 or dfn <= 0:
        raise ValueError("a side has no strength")
    posture = CDB90_POSTURE.get(row["post1"])
    if posture is None:
        raise ValueError(f"post1 is {row['post1']!r}, not one of {', '.join(CDB90_POSTURE)}")
    terrain = row["engine_terrain"] if row["engine_terrain"] in TERRAINS else "mixed"
    result = row["outcome3"]
    if result not in ("taken", "stalemate", "repulsed"):
        raise ValueError(f"outcome3 is {result!r}")
    duration = _number(row, "duration_days", 3660)
    if duration != int(duration) or duration < 1:
        raise ValueError(f"duration_days is {row['duration_days']!r}, not a whole number of "
                         "days, 1 or more")
    defender = tuple(dfn if c == posture else 0.0 for c in POSTURE_CLASSES)
    surprise = _number(row, "surprise", 100) > 0
    day = Day(att, defender, terrain, 0, False, surprise, result)
    cas = [_number(row, k) if row[k].strip() != "" else None for k in ("att_cas", "def_cas")]
    if any(c is not None and c > 10 * n for c, n in zip(cas, (att, dfn), strict=True)):
        # a side may lose more than it began with (reinforcements: Lundy's Lane), not ten times
        raise ValueError("casualties more than ten times the side's strength")
    name = row["name"].strip().title() or "A battle"
    year = row["year"].strip()
    return Fight(f"{name} ({year})" if year else name, "CDB90", (day,), 0, cas[0], cas[1],
                 att, dfn, int(duration))


def record_fights(game: Game, rf: ReplayFile, recorded: Replay) -> list[Fight]:
    """The engagements the record fixes, day by day as the recorded replay met them."""
    fixed = {k: f for k, f in recorded_fields(rf).items() if k[1] == ENGAGEMENT and "result" in f}
    days: list[tuple[int, str, str, Day]] = []
    for turn, before in zip(recorded.turns, recorded.states, strict=False):
        wanted = {(k[2], k[3]): f for k, f in fixed.items() if k[0] == before.day}
        if not wanted:
            continue
        st = before.copy()
        movement(game, st, {game.unit_index[o.unit]: o for o in turn.orders}, Log(game, st.day))
        for p, attackers, defenders in fights(game, st):
            side = game.sides[game.unit_side[attackers[0]]]
            f = wanted.get((game.places[p], side))
            if f is None:
                continue
            days.append((st.day, game.places[p], side, _day(game, st, p, attackers, defenders,
                                                              f)))
    return _runs(days, rf.id)


def _day(game: Game, st, p: int, attackers: list[int], defenders: list[int], f: dict) -> Day:
    by_class = [0.0] * len(POSTURE_CLASSES)
    for u in defenders:
        by_class[defence(game, st, u, p)] += fighting_power(game, st, [u])
    terrain = game.scenario.places[game.places[p]].terrain
    return Day(fighting_power(game, st, attackers), tuple(by_class),
               terrain if terrain in TERRAINS else "open", st.assault[p],
               st.bombarded_by[p] == game.unit_side[attackers[0]],
               surprised(game, st, defenders, bool(f.get("surprise"))), f["result"])


def _runs(days: Sequence[tuple[int, str, str, Day]], source: str) -> list[Fight]:
    """Consecutive days at one place by one attacker, each run one fight."""
    fights: list[Fight] = []
    open_: dict[tuple[str, str], tuple[int, int, list[Day]]] = {}
    for day, place, side, d in sorted(days, key=lambda x: (x[0], x[1], x[2])):
        key = (place, side)
        run = open_.get(key)
        if run is not None and run[1] == day - 1 and run[2][-1].result == "stalemate":
            run[2].append(d)
            open_[key] = (run[0], day, run[2])
            continue
        if run is not None:
            fights.append(Fight(place, source, tuple(run[2]), run[0]))
        open_[key] = (day, day, [d])
    fights += [Fight(place, source, tuple(ds), first)
               for (place, _), (first, _, ds) in open_.items()]
    return sorted(fights, key=lambda f: (f.day, f.name))
