"""What several test files share: the repository's paths, the small and Aleppo games, and a
way to run the command line. (Test files import this, never each other.)"""

from __future__ import annotations

import ast
import io
from functools import cache
from pathlib import Path
from typing import Any

from engine.cli.main import main
from engine.cli.session import Session
from engine.history.replay import Replay, play_replay
from engine.history.savedgame import SavedGame
from engine.play.campaign import History
from engine.play.replayfile import ReplayFile, default_replay, load_replay_file
from engine.scenario.loader import load_scenario
from engine.sim.game import Game, build_game
from engine.sim.orders import Order, parse_order
from engine.sim.state import initial_state

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SMALL = DATA / "small.yaml"
ALEPPO = ROOT / "scenarios" / "aleppo_2013.yaml"
SEED = ROOT / "seeds" / "aleppo_offensive_2013.txt"
#: A small fictional theatre with a seed text and a record, for the rules' tests.
VALLEY = DATA / "valley.yaml"


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the ``occurrence``-th line containing ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) >= occurrence, f"{needle!r} not in text"
    return hits[occurrence - 1]


def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path into a tree of mappings and lists, the root included."""
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += paths(v, prefix + (i,))
    return out


@cache
def small_game() -> Game:
    return build_game(load_scenario(SMALL))


@cache
def aleppo_game() -> Game:
    return build_game(load_scenario(ALEPPO))


def idx(game: Game, place: str) -> int:
    return game.theatre.index[place]


def unit(game: Game, uid: str) -> int:
    return game.unit_index[uid]


@cache
def valley_game() -> Game:
    return build_game(load_scenario(VALLEY))


@cache
def valley_replay_file() -> ReplayFile:
    return _record_of(valley_game())


@cache
def valley_recorded() -> Replay:
    """The Valley's record, played as recorded."""
    return play_replay(valley_game(), valley_replay_file())


def orders(*texts: str) -> list[Order]:
    return [parse_order(t) for t in texts]


@cache
def aleppo_replay_file() -> ReplayFile:
    return _record_of(aleppo_game())


def _record_of(game: Game) -> ReplayFile:
    """The historical replay file a game's scenario names."""
    return load_replay_file(default_replay(game.scenario), game.scenario)


@cache
def aleppo_recorded() -> Replay:
    """The historical replay of Aleppo, played as recorded (once per test session)."""
    return play_replay(aleppo_game(), aleppo_replay_file())


def run(capsys, *args: str) -> tuple[int, str, str]:
    """``wargame ARGS``: exit status, standard output and standard error."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def session(game, lines, humans=(0,), script=None):
    """A play session of ``game`` fed ``lines``; returns it and what it wrote."""
    feed = iter(lines)
    out = io.StringIO()
    saved = SavedGame(str(SMALL), 5, {s: "human" if i in humans else "ai"
                                      for i, s in enumerate(game.sides)})
    s = Session(game, saved, History(5, initial_state(game)), list(humans), out,
                lambda prompt: next(feed, None), script)
    return s, out


def engine_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every ``engine`` import in a file, wherever it stands."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.startswith("engine")]
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            out.append((node.lineno, "engine.<relative>"))  # the project writes none
        elif isinstance(node, ast.ImportFrom) and node.module and \
                node.module.startswith("engine"):
            if node.module == "engine":  # from engine import sim: the subpackage is meant
                out += [(node.lineno, f"engine.{a.name}") for a in node.names]
            else:
                out.append((node.lineno, node.module))
    return sorted(out)


def chained_odds(ratio: float, days: int, rules, surprise: bool = False
                 ) -> tuple[float, float, float]:
    """P(taken), P(still contested), P(repulsed) after ``days`` of assault at a fresh
    ``ratio`` with nobody hurt: the daily odds chained by hand, the foothold growing each
    day that ends contested (a reference for the calculator and the turn engine)."""
    from engine.sim.combat import foothold, outcome_odds
    taken = repulsed = 0.0
    going = 1.0
    for k in range(days):
        r = ratio * foothold(k, rules) * (rules["surprise"] if surprise and k == 0 else 1.0)
        t, s, p = outcome_odds(r, rules)
        taken, repulsed, going = taken + going * t, repulsed + going * p, going * s
    return taken, going, repulsed
