"""A played game as a file: every game is a replay.

The file (YAML) holds what is needed to play the game again and to know it is the same game:
the scenario's path and a hash of its content, the engine version, the seed, who played
which side, the state it started from when it did not start on the scenario's first morning
(a branch from another replay), and for each day the orders given, the outcomes drawn and
the digest of the state that day ended in.

:func:`verify` plays the orders again with the campaign loop, drawing from the seed, and
compares every day's outcomes and digest: a game file is only as good as its ability to be
played again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine._version import __version__
from engine.errors import Problem, ScenarioError, WargameError
from engine.play.campaign import History, play_on
from engine.play.commanders import KINDS
from engine.play.player import Scripted
from engine.scenario.loader import load_scenario
from engine.scenario.yamlsrc import (
    Document,
    dump_yaml,
    load_overlaid,
    load_yaml,
    path_problem,
    unreadable,
)
from engine.sim.chance import outcome_from_json
from engine.sim.game import Game, build_game
from engine.sim.orders import Order, parse_order
from engine.sim.state import State, initial_state, state_from_json
from engine.sim.turn import Turn
from engine.util.atomic import write_atomic
from engine.util.canonical import canonical, plain
from engine.util.text import suggest

#: The format written. Version 2: a state's digest no longer covers the event log.
FORMAT = "wargame-game/3"
#: Formats of earlier engines, recognised to say so.
OLD_FORMATS = ("wargame-game/1", "wargame-game/2")


def is_saved_game(path: str | Path) -> bool:
    """Whether the file at ``path`` begins as this engine's saved games do."""
    try:
        with open(path, "rb") as f:
            return f.read(64).startswith(f"format: {FORMAT.split('/')[0]}/".encode())
    except OSError:
        return False


def check_save_target(path: str | Path) -> None:
    """Refuse to replace a file that is not a saved game: a mistyped name must not turn a
    scenario into a saved game."""
    if Path(path).is_file() and not is_saved_game(path):
        raise WargameError(f"{path}: a file that is not a saved game is there; save to "
                           "another name")


def scenario_hash(path: str) -> str:
    """sha256 of the scenario's content (with its base files, for an overlay)."""
    return hashlib.sha256(canonical(plain(load_overlaid(path).data)).encode()).hexdigest()


@dataclass
class SavedGame:
    """A game's file: who played, from what, and per day its orders, outcomes and digest."""

    scenario: str
    seed: int
    players: dict[str, str]                      # side -> "human" or a commander (PLAYERS)
    start: dict[str, Any] | None = None          # state JSON; None: the first morning
    days: list[dict[str, Any]] = field(default_factory=list)
    scenario_sha256: str = ""
    engine: str = __version__
    branched_from: str | None = None
    #: The file this game was read from, with the line of every entry (None: not read).
    source: Document | None = field(default=None, compare=False, repr=False)

    def at(self, *path: Any) -> str | None:
        """``file:line`` of an entry of the file read, to name it in an error."""
        if self.source is None:
            return None
        line = self.source.line(path)
        return f"{self.source.path}:{line}" if line else self.source.path

    def add(self, game: Game, turn: Turn) -> None:
        """Write down a day just played."""
        self.days.append({
            "date": game.scenario.calendar.date_of(turn.state.day - 1).isoformat(),
            "orders": [str(o) for o in turn.orders],
            "outcomes": [o.to_json() for o in turn.outcomes],
            "digest": turn.state.digest(game)})

    def to_yaml(self, where: str | Path = ".") -> str:
        """The file's text; the scenario's path is written relative to ``where``, the
        folder the file goes in, so the pair can be moved together."""
        scenario = os.path.relpath(os.path.abspath(self.scenario), os.path.abspath(where))
        data: dict[str, Any] = {
            "format": FORMAT, "engine": self.engine, "scenario": scenario,
            "scenario_sha256": self.scenario_sha256, "seed": self.seed, "players": self.players}
        if self.branched_from:
            data["branched_from"] = self.branched_from
        if self.start is not None:
            data["start"] = self.start
        data["days"] = self.days
        return dump_yaml(data)

    def save(self, path: str | Path) -> None:
        """Write the file; a file already there is replaced only if it is a saved game."""
        check_save_target(path)
        write_atomic(path, self.to_yaml(Path(path).parent))

    def start_state(self, game: Game, where: str) -> State:
        if self.start is None:
            return initial_state(game)
        return state_from_json(game, self.start, self.at("start") or where)

    def orders(self, first: int, where: str) -> Scripted:
        """The orders of every day (the first is turn ``first``), as a player that gives
        them again."""
        days: dict[int, list[Order]] = {}
        for i, day in enumerate(self.days):
            try:
                days[first + i] = [parse_order(str(o)) for o in day["orders"]]
            except WargameError as exc:
                raise WargameError(f"{where}: day {first + i + 1} ({day.get('date', '?')}): "
                                   f"{exc}") from None
        return Scripted(days)


#: The keys a saved game may have, in the order they are written.
KEYS = ("format", "engine", "scenario", "scenario_sha256", "seed", "players", "branched_from",
        "start", "days")
DAY_KEYS = ("date", "orders", "outcomes", "digest")
#: Who may play a side: a human, or a commander kind; ``ai`` is an older game's AI (the
#: heuristic commander, before there was a choice).
PLAYERS = ("human", *KINDS, "ai")


def read_saved_game(path: str | Path) -> SavedGame:
    """A saved game, checked for shape; a clear error names the line of what is wrong."""
    doc = load_yaml(path)
    d = doc.data

    def bad(at: tuple, why: str) -> ScenarioError:
        return ScenarioError([doc.problem(at, why)])

    if isinstance(d, dict) and d.get("format") in OLD_FORMATS:
        raise bad(("format",), f"saved in the old format {d['format']} by an earlier engine, "
                               f"whose digests this engine ({FORMAT}) cannot check: play the "
                               "game again from its scenario")
    if not isinstance(d, dict) or d.get("format") != FORMAT:
        raise bad(("format",) if isinstance(d, dict) else (),
                  f"not a saved game (expected format: {FORMAT})")
    problems = [doc.problem((key,), f"unknown key '{key}' in a saved game{suggest(str(key), KEYS)}")
                for key in d if key not in KEYS]
    for key, kind in (("scenario", str), ("seed", int), ("players", dict), ("days", list)):
        if not isinstance(d.get(key), kind) or isinstance(d.get(key), bool):
            problems.append(doc.problem((key,), f"'{key}' is missing or not {kind.__name__}"))
    for key in ("engine", "scenario_sha256", "branched_from"):
        if d.get(key) is not None and not isinstance(d[key], str):
            problems.append(doc.problem((key,), f"'{key}' must be text"))
    if problems:
        raise ScenarioError(problems)
    why = path_problem(d["scenario"], "the scenario")
    if why:
        problems.append(doc.problem(("scenario",), why))
    if not 0 <= d["seed"] < 2**64:
        problems.append(doc.problem(("seed",), "the seed must be a whole number from 0 to 2^64-1"))
    for side, who in d["players"].items():
        if not isinstance(side, str) or who not in PLAYERS:
            problems.append(doc.problem(("players", side), f"players: maps each side to "
                                                           f"{', '.join(PLAYERS[:-1])} or "
                                                           f"{PLAYERS[-1]}"))
    if d.get("start") is not None and not isinstance(d["start"], dict):
        problems.append(doc.problem(("start",), "start: must be a saved state (a mapping)"))
    for i, day in enumerate(d["days"]):
        problems += _day_problems(doc, i, day)
    if problems:
        raise ScenarioError(problems)
    scenario = d["scenario"]
    if not Path(scenario).is_absolute():  # relative to the game file
        scenario = os.path.normpath(Path(path).parent / scenario)
    return SavedGame(scenario, d["seed"], dict(d["players"]), d.get("start"), list(d["days"]),
                     str(d.get("scenario_sha256") or ""), str(d.get("engine") or ""),
                     d.get("branched_from"), doc)


def _day_problems(doc: Document, i: int, day: Any) -> list[Problem]:
    """What is wrong with one day of a saved game, each at its line."""
    at = ("days", i)
    if not isinstance(day, dict) or not isinstance(day.get("orders"), list) \
            or not isinstance(day.get("outcomes"), list) \
            or not isinstance(day.get("digest"), str):
        return [doc.problem(at, "each day needs orders, outcomes (lists) and digest")]
    out = [doc.problem(at + (key,), f"unknown key '{key}' in a day{suggest(str(key), DAY_KEYS)}")
           for key in day if key not in DAY_KEYS]
    date = day.get("date")
    if isinstance(date, dt.date) and not isinstance(date, dt.datetime):
        day["date"] = date = date.isoformat()
    if date is not None and not _iso_date(date):
        out.append(doc.problem(at + ("date",), f"date: must be written YYYY-MM-DD, not {date!r}"))
    for j, order in enumerate(day["orders"]):
        if not isinstance(order, str):
            out.append(doc.problem(at + ("orders", j), "an order is a line of text ('move U P')"))
    for j, outcome in enumerate(day["outcomes"]):
        try:
            outcome_from_json(outcome)
        except WargameError as exc:
            out.append(doc.problem(at + ("outcomes", j), str(exc)))
    return out


def _iso_date(value: Any) -> bool:
    try:
        return isinstance(value, str) and dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


@dataclass(frozen=True)
class Verdict:
    """A saved game played again: the history as played now, and where it first differs
    from the file (None when every day is the same)."""

    history: History
    first_difference: str | None
    digest: str                         # the digest of the state reached
    first_day: int | None = None        # the index in the file of the day that differs

    @property
    def same(self) -> bool:
        return self.first_difference is None

    @property
    def days(self) -> int:
        return len(self.history.turns)


class _Differs(Exception):
    def __init__(self, what: str) -> None:
        self.what = what


def verify(game: Game, saved: SavedGame, where: str) -> Verdict:
    """Play the saved game's orders again from its start, drawing from its seed."""
    history = History(saved.seed, saved.start_state(game, where))
    script = saved.orders(history.start.day, where)

    def check(h: History) -> None:
        i = len(h.turns) - 1
        turn, day = h.turns[i], saved.days[i]
        date = game.scenario.calendar.date_of(turn.state.day - 1).isoformat()
        if day.get("date", date) != date:
            raise _Differs(f"{date}: the file dates this day {day['date']}")
        drawn = [o.to_json() for o in turn.outcomes]
        stored = [outcome_from_json(o).to_json() for o in day["outcomes"]]
        if drawn != stored:
            first = next((k for k, (a, b) in enumerate(zip(drawn, stored, strict=False))
                          if a != b), min(len(drawn), len(stored)))
            was = stored[first] if first < len(stored) else None
            now = drawn[first] if first < len(drawn) else None
            raise _Differs(f"{date}: outcome {first + 1}: recorded {was}, now {now}")
        digest = turn.state.digest(game)
        if digest != day["digest"]:
            raise _Differs(f"{date}: the state's digest differs (recorded {day['digest'][:12]}, "
                           f"now {digest[:12]})")

    first: int | None = None
    try:
        play_on(game, history, [script] * len(game.sides), len(saved.days), after=check)
        differs = None
        if len(history.turns) < len(saved.days):
            first = len(history.turns)
            differs = (f"{saved.days[first].get('date', '?')}: the file goes on past the end "
                       f"of the calendar ({game.scenario.calendar.end})")
    except _Differs as exc:
        differs, first = exc.what, len(history.turns) - 1
    return Verdict(history, differs, history.final.digest(game), first)


def open_game(path: str) -> tuple[Game, SavedGame]:
    """A saved game and the game of the scenario it names."""
    saved = read_saved_game(path)
    try:
        scenario = load_scenario(saved.scenario)
    except ScenarioError as exc:
        why = unreadable(exc, saved.scenario)
        if why is None:
            raise
        raise WargameError(f"{saved.at('scenario') or path}: the scenario {saved.scenario} cannot "
                           f"be read ({why}); give its path relative to this file") from None
    game = build_game(scenario)
    unknown = sorted(set(saved.players) - set(game.sides))
    if unknown:
        raise WargameError(f"{saved.at('players') or path}: players: '{unknown[0]}' is not a side "
                           f"of {game.scenario.id}{suggest(unknown[0], game.sides)}")
    return game, saved


def replayed(game: Game, saved: SavedGame, where: str) -> Verdict:
    """:func:`verify`, refusing a game that does not play again the same: every command
    that goes on from a saved game stands on its days being the ones it records."""
    verdict = verify(game, saved, where)
    if not verdict.same:
        at = saved.at("days", verdict.first_day) or where
        raise WargameError(f"{at}: the saved game does not play again the same "
                           f"({verdict.first_difference}); see wargame verify")
    return verdict
