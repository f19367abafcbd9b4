"""A played game as a file: every game is a replay.

The file (YAML) holds what is needed to play the game again and to know it is the same game:
the scenario's path and a hash of its content, the engine version, the seed, who played
which side, the state it started from when it did not start on the scenario's first morning
(a branch from another replay), and for each day the orders given, the outcomes drawn and
the digest of the state that day ended in.

:func:`verify` plays the orders again, drawing from the seed, and compares every day's
outcomes and digest: a game file is only as good as its ability to be played again.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine._version import __version__
from engine.errors import ScenarioError, WargameError
from engine.scenario.yamlsrc import dump_yaml, load_overlaid, load_yaml
from engine.sim.chance import Outcome, campaign_key, outcome_from_json
from engine.sim.game import Game
from engine.sim.orders import Order, parse_order
from engine.sim.state import State, initial_state, state_from_json
from engine.sim.turn import TurnResult, play_turn
from engine.util.atomic import write_atomic

FORMAT = "wargame-game/1"


def scenario_hash(path: str) -> str:
    """sha256 of the scenario's content (with its base files, for an overlay)."""
    data = load_overlaid(path).data
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class GameRecord:
    scenario: str
    seed: int
    players: dict[str, str]                      # side -> "human" or "ai"
    start: dict[str, Any] | None = None          # state JSON; None: the first morning
    days: list[dict[str, Any]] = field(default_factory=list)
    scenario_sha256: str = ""
    engine: str = __version__
    branched_from: str | None = None

    def add(self, game: Game, result: TurnResult) -> None:
        self.days.append({
            "date": game.scenario.calendar.date_of(result.state.day - 1).isoformat(),
            "orders": [str(o) for o in result.orders],
            "outcomes": [o.to_json() for o in result.outcomes],
            "digest": result.state.digest(game)})

    def to_yaml(self, game: Game, where: str | Path = ".") -> str:
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

    def save(self, game: Game, path: str | Path) -> None:
        write_atomic(path, self.to_yaml(game, Path(path).parent))


def read_record(path: str | Path) -> GameRecord:
    """A saved game, checked for shape; a clear error names what is wrong."""
    doc = load_yaml(path)
    d = doc.data

    def bad(key: Any, why: str) -> ScenarioError:
        return ScenarioError([doc.problem((key,) if key else (), why)])

    if not isinstance(d, dict) or d.get("format") != FORMAT:
        raise bad("format" if isinstance(d, dict) else None,
                  f"not a saved game (expected format: {FORMAT})")
    for key, kind in (("scenario", str), ("seed", int), ("players", dict), ("days", list)):
        if not isinstance(d.get(key), kind) or isinstance(d.get(key), bool):
            raise bad(key, f"'{key}' is missing or not {kind.__name__}")
    for i, day in enumerate(d["days"]):
        if not isinstance(day, dict) or not isinstance(day.get("orders"), list) \
                or not isinstance(day.get("outcomes"), list) \
                or not isinstance(day.get("digest"), str):
            raise ScenarioError([doc.problem(("days", i), "each day needs orders, outcomes and "
                                                          "digest")])
    scenario = d["scenario"]
    if not Path(scenario).is_absolute():  # relative to the game file
        scenario = os.path.normpath(Path(path).parent / scenario)
    return GameRecord(scenario, d["seed"], dict(d["players"]), d.get("start"), list(d["days"]),
                      str(d.get("scenario_sha256", "")), str(d.get("engine", "")),
                      d.get("branched_from"))


def start_state(game: Game, record: GameRecord, where: str) -> State:
    if record.start is None:
        return initial_state(game)
    return state_from_json(game, record.start, where)


def day_orders(record: GameRecord, i: int, where: str) -> list[Order]:
    try:
        return [parse_order(str(o)) for o in record.days[i]["orders"]]
    except WargameError as exc:
        raise WargameError(f"{where}: day {i + 1}: {exc}") from None


@dataclass(frozen=True)
class Verdict:
    same: bool
    days: int
    first_difference: str | None        # the date and what differs, if anything does
    digest: str                         # the final digest reached
    state: State
    states: list[State] = field(default_factory=list)         # each morning, then the end
    outcomes: list[list[Outcome]] = field(default_factory=list)  # each day's, as drawn


def verify(game: Game, record: GameRecord, where: str) -> Verdict:
    """Play the record's orders again from its start, drawing from its seed."""
    state = start_state(game, record, where)
    states, outcomes = [state], []
    key = campaign_key(record.seed)
    for i, day in enumerate(record.days):
        result = play_turn(game, state, day_orders(record, i, where), key)
        state = result.state
        states.append(state)
        outcomes.append(list(result.outcomes))
        drawn = [o.to_json() for o in result.outcomes]
        stored = [outcome_from_json(o).to_json() for o in day["outcomes"]]
        date = day.get("date", f"day {i + 1}")
        if drawn != stored:
            first = next((k for k, (a, b) in enumerate(zip(drawn, stored, strict=False))
                          if a != b), min(len(drawn), len(stored)))
            was = stored[first] if first < len(stored) else None
            now = drawn[first] if first < len(drawn) else None
            what = f"outcome {first + 1}: recorded {was}, now {now}"
            return Verdict(False, i + 1, f"{date}: {what}", state.digest(game), state, states,
                           outcomes)
        if state.digest(game) != day["digest"]:
            return Verdict(False, i + 1, f"{date}: the state's digest differs (recorded "
                                         f"{day['digest'][:12]}, now {state.digest(game)[:12]})",
                           state.digest(game), state, states, outcomes)
    return Verdict(True, len(record.days), None, state.digest(game), state, states, outcomes)


def open_game(path: str) -> tuple[Game, GameRecord]:
    """A saved game's record and the game of the scenario it names."""
    from engine.scenario.loader import load_scenario
    from engine.sim.game import build_game

    record = read_record(path)
    return build_game(load_scenario(record.scenario)), record


def replayed(game: Game, record: GameRecord, where: str) -> Verdict:
    """:func:`verify`, refusing a game that does not play again the same: every command
    that goes on from a saved game stands on its days being the ones it records."""
    verdict = verify(game, record, where)
    if not verdict.same:
        raise WargameError(f"{where}: the saved game does not play again the same "
                           f"({verdict.first_difference}); see wargame verify")
    return verdict
