"""The commands that play and draw saved games: ``play``, ``verify`` and ``map``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from engine.cli.args import ai_option, days_within, positive, seed, told_written
from engine.errors import WargameError
from engine.util.atomic import check_suffix, write_all

if TYPE_CHECKING:
    from engine.sim.game import Game
    from engine.sim.orders import Order
    from engine.sim.state import State



def add_commands(sub: argparse._SubParsersAction) -> None:
    """The commands of this group, on the ``wargame`` parser."""
    pl = sub.add_parser("play", help="play a scenario: hot-seat, against the AI, or watch")
    pl.add_argument("scenario", nargs="?", help="scenario YAML file (not with --load)")
    pl.add_argument("--as", dest="as_", metavar="SIDE",
                    help="the side you play: a side id, both (hot-seat) or none (watch the AI)")
    pl.add_argument("--seed", type=seed, default=1, help="chance seed (default 1)")
    pl.add_argument("--orders", metavar="FILE",
                    help="a script of your orders by date instead of the prompt")
    pl.add_argument("--load", metavar="FILE", help="resume a saved game")
    pl.add_argument("--from", dest="from_replay", metavar="REPLAY",
                    help="branch from a replay file or a saved game, at --day")
    pl.add_argument("--day", metavar="DAY", help="the day to branch from (a date or number)")
    pl.add_argument("--save", metavar="FILE",
                    help="where the game is saved each day (default: SCENARIO-seedN.yaml in "
                         "the current folder, -2, -3... after it if taken)")
    pl.add_argument("--days", type=positive, help="play only this many days")
    ai_option(pl, "the sides the AI plays (kept in the saved game; with --load, the saved "
                  "game's unless given)")
    pl.set_defaults(run=cmd_play)
    vf = sub.add_parser("verify", help="play a saved game again and check it reaches the same "
                                       "state every day")
    vf.add_argument("game", help="a saved game file")
    vf.add_argument("--json", action="store_true",
                    help="print the verdict as JSON (same, days, digest, or the first "
                         "difference; exit status as without it)")
    vf.set_defaults(run=cmd_verify)
    mp = sub.add_parser("map", help="pictures of a saved game: a day's map, the animation, "
                                    "the HTML viewer")
    mp.add_argument("game", help="a saved game (wargame play)")
    mp.add_argument("--day", metavar="DAY", help="the day of --out (date or number; default "
                                                 "the last played)")
    mp.add_argument("--out", metavar="FILE", help="the day's map: .png, .svg or .pdf")
    mp.add_argument("--animate", metavar="FILE", help="a GIF of the game, a frame a day")
    mp.add_argument("--html", metavar="FILE", help="the game in the HTML replay viewer")
    mp.set_defaults(run=cmd_map)


def ask_terminal(game: Game) -> Callable[[str], str | None]:
    """``input`` with tab completion on a terminal; plain lines when input is piped."""
    if sys.stdin.isatty():
        try:
            import readline

            from engine.cli.session import completer
            readline.set_completer(completer(game))
            readline.set_completer_delims(" ")
            readline.parse_and_bind("tab: complete")
        except ImportError:  # no readline on this platform: no completion
            pass

    def ask(prompt: str) -> str | None:
        try:
            return input(prompt)
        except EOFError:
            print()
            return None
    return ask


def orders_script(game: Game, path: str) -> dict[int, list[Order]]:
    """A script of orders: dates mapped to lists of orders, as in a replay's orders."""
    from engine.errors import Problem, ScenarioError
    from engine.scenario.yamlsrc import load_yaml
    from engine.sim.orders import parse_order

    doc = load_yaml(path)
    problems: list[Problem] = []
    out: dict[int, list[Order]] = {}
    if not isinstance(doc.data, dict):
        raise ScenarioError([doc.problem((), "an orders file maps dates (YYYY-MM-DD) to lists "
                                             "of orders")])
    for date, items in doc.data.items():
        try:
            day = game.scenario.calendar.day_of(str(date), "date")
        except WargameError as exc:
            problems.append(Problem(path, doc.line((str(date),)), str(exc)))
            continue
        for i, text in enumerate(items if isinstance(items, list) else [items]):
            try:
                out.setdefault(day, []).append(parse_order(str(text)))
            except WargameError as exc:
                problems.append(Problem(path, doc.line((str(date), i)), str(exc)))
    if problems:
        raise ScenarioError(problems)
    return out


def cmd_play(args: argparse.Namespace) -> int:
    """``wargame play``: a new game, a saved one resumed, or a branch from a replay's day."""
    from engine.cli.session import Session
    from engine.history.savedgame import (
        SavedGame,
        check_save_target,
        open_game,
        replayed,
        scenario_hash,
    )
    from engine.play.campaign import History
    from engine.play.commanders import players
    from engine.scenario.loader import load_scenario
    from engine.sim.game import build_game
    from engine.sim.state import initial_state

    if args.load and (args.scenario or args.from_replay):
        raise WargameError("play --load goes on with a saved game, which names its scenario: "
                           "give no scenario and no --from with it")
    if args.day is not None and not args.from_replay:
        raise WargameError("--day is the day to branch from: give it with --from")
    if args.load:
        game, saved = open_game(args.load)
        history = replayed(game, saved, args.load).history
        save_to = args.save or args.load
    else:
        if not args.scenario:
            raise WargameError("play: name a scenario file, or --load a saved game")
        game = build_game(load_scenario(args.scenario))
        saved = SavedGame(args.scenario, args.seed, {}, None, [], scenario_hash(args.scenario))
        start = None
        if args.from_replay:
            start = branch(game, args.from_replay, args.day)
            saved.start = start.to_json(game)
            saved.branched_from = f"{args.from_replay} day {start.day + 1}"
        save_to = args.save or free_name(f"{game.scenario.id}-seed{args.seed}.yaml")
        if args.save and os.path.exists(args.save):
            raise WargameError(f"--save {args.save}: a file of that name exists and a new game "
                               f"would replace it; --load it to go on with it, or choose "
                               f"another name")
        history = History(args.seed, start or initial_state(game))
    who = args.as_ or ("none" if not saved.players else None)
    if who is not None:
        if who not in (*game.sides, "both", "none"):
            raise WargameError(f"--as {who}: give one of {', '.join(game.sides)}, both or none")
        humans = list(range(len(game.sides))) if who == "both" else \
            [] if who == "none" else [game.sides.index(who)]
    else:
        humans = [i for i, s in enumerate(game.sides) if saved.players.get(s) == "human"]
    kinds = ai_kinds(game, args.ai, saved.players, humans)
    saved.players = {s: "human" if i in humans else kinds[i] for i, s in enumerate(game.sides)}
    check_save_target(save_to)  # before the first day is played, not after it
    script = orders_script(game, args.orders) if args.orders else None
    ask = ask_terminal(game)
    first = history.start.day if not history.turns else 0   # a branch: no days before it
    session = Session(game, saved, history, humans, sys.stdout, ask, script, save_to,
                      players(game, kinds, saved.seed, first))
    final = session.play(days_within(args.days, game.scenario.calendar.turns))
    where = f"game saved to {save_to}" if session.unsaved is None else \
        f"the game could not be saved to {save_to} ({session.unsaved})"
    print(f"\nday {final.day} of {game.scenario.calendar.turns}; {where}; "
          f"digest {final.digest(game)}")
    return 0


def ai_kinds(game: Game, texts: list[str] | None, saved: dict[str, str],
             humans: list[int]) -> list[str]:
    """Each side's commander kind (a human side's is never used): from ``--ai`` if given,
    else as the saved game says (an older game's ``ai`` was the heuristic commander), else
    the scenario's default. ``--ai`` naming a side played at the prompt is refused: it
    would be silently ignored."""
    from engine.cli.session import ai_kind
    from engine.play.commanders import parse_ai

    kinds = parse_ai(game, texts)
    for text in texts or ():
        side = text.rpartition("=")[0]
        if side and game.sides.index(side) in humans:
            raise WargameError(f"--ai {text}: {side} is played at the prompt (--as); name "
                               "only the sides the AI plays")
    if any("=" not in t for t in texts or ()):
        return kinds   # KIND for every side: the saved kinds are all replaced
    named = {t.rpartition("=")[0] for t in texts or ()}
    return [k if s in named or s not in saved else ai_kind(saved[s])
            for s, k in zip(game.sides, kinds, strict=True)]


def free_name(path: str) -> str:
    """``path``, or the first of ``stem-2.yaml``, ``stem-3.yaml``... not yet taken: a new
    game never replaces a saved one."""
    stem, ext = os.path.splitext(path)
    n = 1
    while os.path.exists(path):
        n += 1
        path = f"{stem}-{n}{ext}"
    return path


def branch(game: Game, path: str, day_text: str | None) -> State:
    """The state on the morning of a day of a replay file or a saved game."""
    from engine.history.replay import play_replay
    from engine.history.savedgame import read_saved_game, replayed
    from engine.play.replayfile import load_replay_file
    from engine.scenario.yamlsrc import load_yaml

    if day_text is None:
        raise WargameError("--from needs --day: the day to branch from (a date or number)")
    day = game.scenario.calendar.day_of(day_text, "--day")
    data = load_yaml(path).data
    if isinstance(data, dict) and "replay" in data:
        return play_replay(game, load_replay_file(path, game.scenario), days=day).states[day]
    saved = read_saved_game(path)
    first = saved.start_state(game, path).day
    if day < first:
        raise WargameError(f"{path}: the game starts on day {first + 1}, after day {day + 1}")
    saved.days = saved.days[:day - first]
    final = replayed(game, saved, path).history.final
    if final.day != day:
        raise WargameError(f"{path}: the game ends before day {day + 1}")
    return final


def cmd_verify(args: argparse.Namespace) -> int:
    """``wargame verify``: exit 0 when the saved game plays again the same, 1 when not."""
    from engine.history.savedgame import open_game, scenario_hash, verify

    game, saved = open_game(args.game)
    changed = bool(saved.scenario_sha256) and \
        saved.scenario_sha256 != scenario_hash(saved.scenario)
    verdict = verify(game, saved, args.game)
    if args.json:
        from engine.util.canonical import readable
        sys.stdout.write(readable({
            "same": verdict.same, "days": verdict.days, "digest": verdict.digest,
            "first_difference": verdict.first_difference,
            "where": None if verdict.same else saved.at("days", verdict.first_day),
            "scenario_changed": changed}))
        return 0 if verdict.same else 1
    if changed:
        print(f"note: {saved.scenario} has changed since the game was played")
    if verdict.same:
        print(f"same: {verdict.days} days replayed to digest {verdict.digest}")
        return 0
    print(f"differs on {verdict.first_difference} ({saved.at('days', verdict.first_day)})")
    return 1


def cmd_map(args: argparse.Namespace) -> int:
    """A saved game's pictures: a day's map, the animation, the HTML viewer."""
    from engine.cli.pictures import played_pictures
    from engine.history.savedgame import open_game, replayed

    if not (args.out or args.animate or args.html):
        raise WargameError("map: say what to draw: --out FILE (.png, .svg, .pdf), "
                           "--animate FILE.gif or --html FILE.html")
    game, saved = open_game(args.game)
    history = replayed(game, saved, args.game).history
    if not history.turns:
        raise WargameError(f"{args.game}: no day has been played yet, so there is nothing "
                           f"to draw")
    outputs = played_pictures(game, game.scenario.title, history, args.game, args.day,
                              args.out, args.animate)
    if args.html:
        from engine.cli.pictures import HTML
        from engine.pictures.viewer import frames, viewer_data, viewer_html
        check_suffix(args.html, HTML, "the viewer")
        outputs.append((args.html, lambda: viewer_html(viewer_data(
            game, game.scenario.title, {f"game (seed {saved.seed})": frames(game, history)}))))
    write_all(outputs)
    told_written(*(path for path, _ in outputs))
    return 0
