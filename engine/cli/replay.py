"""The record's commands: ``replay``, ``calibrate`` and ``compare``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING

from engine.cli.args import at_most, scenario_and_replay, seed
from engine.cli.pictures import replay_pictures
from engine.errors import WargameError
from engine.util.canonical import readable

if TYPE_CHECKING:
    from engine.history.replayfile import ReplayFile
    from engine.sim.game import Game


def add_commands(sub: argparse._SubParsersAction) -> None:
    """The commands of this group, on the ``wargame`` parser."""
    rp = sub.add_parser("replay", help="play the historical replay: as recorded, or adjudicated "
                                       "by the engine and compared with the record")
    scenario_and_replay(rp)
    rp.add_argument("--mode", choices=("recorded", "adjudicated"), default="recorded",
                    help="recorded: outcomes forced to the record (default); adjudicated: the "
                         "engine draws them")
    rp.add_argument("--runs", type=at_most(100_000), default=100,
                    help="adjudicated runs (default 100)")
    rp.add_argument("--seed", type=seed, help="first seed of the adjudicated runs "
                                               "(default: the replay's)")
    rp.add_argument("--from-day", metavar="DAY",
                    help="keep the record up to DAY (a date or day number) and let the engine "
                         "decide from there")
    rp.add_argument("--json", action="store_true",
                    help="recorded: the days with every holder and the losses; adjudicated: "
                         "the report")
    rp.add_argument("--map", metavar="FILE", help="the map of a day (.png, .svg, .pdf)")
    rp.add_argument("--day", metavar="DAY", help="the day of --map (default: the last)")
    rp.add_argument("--animate", metavar="FILE.gif", help="the campaign as an animated GIF")
    rp.add_argument("--html", metavar="FILE", help="a self-contained HTML replay viewer")
    rp.add_argument("--charts", metavar="DIR", help="capture dates recorded vs adjudicated, "
                                                    "and losses over time (PNG)")
    rp.set_defaults(run=cmd_replay)
    c = sub.add_parser("calibrate", help="fit rule parameters so adjudicated replays match the "
                                         "record; report in and out of sample")
    scenario_and_replay(c)
    c.add_argument("--fit-until", metavar="DAY",
                   help="last day (date or number) of the fitting period (default: the end of "
                        "the first calendar month); the rest is out of sample")
    c.add_argument("--points", type=at_most(4096), default=64,
                   help="Sobol candidates per round (default 64)")
    c.add_argument("--rounds", type=at_most(20), default=3,
                   help="rounds, each searching a smaller box around the best (default 3)")
    c.add_argument("--runs", type=at_most(10_000), default=16,
                   help="adjudicated runs per candidate (default 16)")
    c.add_argument("--check-runs", type=at_most(100_000), default=100,
                   help="runs for the in- and out-of-sample report (default 100)")
    c.add_argument("--seed", type=seed, default=1, help="first seed (default 1)")
    c.set_defaults(run=cmd_calibrate)
    cp = sub.add_parser("compare", help="play two scenarios with common random numbers and "
                                        "report the differences with confidence intervals")
    cp.add_argument("scenario", help="scenario A (the baseline)")
    cp.add_argument("other", help="scenario B (the alternate)")
    cp.add_argument("--runs", type=at_most(100_000), default=50, help="paired runs (default 50)")
    cp.add_argument("--seed", type=seed, default=1, help="first seed (default 1)")
    cp.add_argument("--mode", choices=("ai", "replay"), default="ai",
                    help="ai: AI against AI (default); replay: each scenario's historical "
                         "replay orders, adjudicated")
    cp.add_argument("--json", action="store_true", help="print the comparison as JSON")
    cp.set_defaults(run=cmd_compare)


def load_replay(args: argparse.Namespace) -> tuple[Game, ReplayFile]:
    from engine.history.replayfile import default_replay, load_replay_file
    from engine.scenario.loader import load_scenario
    from engine.sim.game import build_game

    scenario = load_scenario(args.scenario)
    game = build_game(scenario)
    rf = load_replay_file(args.replay or default_replay(scenario), scenario)
    return game, rf


def cmd_replay(args: argparse.Namespace) -> int:
    from engine.history.fidelity import fidelity
    from engine.history.replay import play_replay, play_runs
    from engine.reports.replay import format_fidelity, format_recorded, recorded_json

    game, rf = load_replay(args)
    recorded = play_replay(game, rf)
    replay_pictures(args, game, rf, recorded)
    if args.mode == "recorded" and args.from_day is None:
        if args.json:
            sys.stdout.write(readable(recorded_json(game, recorded)))
        else:
            sys.stdout.write(format_recorded(game, recorded))
        return 0
    first = 0 if args.from_day is None else game.scenario.calendar.day_of(args.from_day)
    seed = rf.seed if args.seed is None else args.seed
    runs = play_runs(game, rf, args.runs, seed, recorded, first)
    report = fidelity(game, rf, recorded, runs, first=first)
    if args.json:
        sys.stdout.write(readable(report))
    else:
        when = f", the record kept up to {game.scenario.calendar.date_of(first)}" if first else ""
        sys.stdout.write(format_fidelity(game, report, f"{rf.title}{when}"))
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    from engine.history.calibrate import SPACE, check, search
    from engine.reports.replay import format_fit

    game, rf = load_replay(args)
    cal = game.scenario.calendar
    if args.fit_until is None:  # the campaign's first calendar month
        nxt = cal.start.replace(day=28) + dt.timedelta(days=4)
        last = min((nxt.replace(day=1) - cal.start).days - 1, cal.turns - 2)
    else:
        last = game.scenario.calendar.day_of(args.fit_until, "--fit-until")
        if last >= cal.turns - 1:
            raise WargameError("--fit-until must leave days after it to test the fit on")

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{done}/{total} candidates", end="", file=sys.stderr, flush=True)

    tried = search(game.scenario, rf, SPACE, points=args.points, rounds=args.rounds,
                   runs=args.runs, seed=args.seed, last=last, progress=progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    best = tried[0]
    reports = check(game.scenario, rf, best.params, args.check_runs, args.seed,
                    [("in sample", 0, last), ("out of sample", last + 1, cal.turns - 1),
                     ("whole campaign", 0, cal.turns - 1)])
    sys.stdout.write(format_fit(game, tried, reports, args))
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from engine.history.compare import compare
    from engine.reports.compare import format_compare
    from engine.scenario.loader import load_scenario
    from engine.sim.game import build_game

    a = build_game(load_scenario(args.scenario))
    b = build_game(load_scenario(args.other))
    result = compare(a, b, args.runs, args.seed, args.mode)
    if args.json:
        sys.stdout.write(readable(result))
        return 0
    sys.stdout.write(format_compare(result))
    return 0
