"""The campaign commands: ``run`` (AI against AI) and ``bench``."""

from __future__ import annotations

import argparse
import glob
import os
import sys

from engine.cli.args import ai_option, at_most, days_within, positive, seed
from engine.errors import WargameError
from engine.util.canonical import readable


def add_commands(sub: argparse._SubParsersAction) -> None:
    """The commands of this group, on the ``wargame`` parser."""
    r = sub.add_parser("run", help="play a whole campaign, AI against AI, and summarise it")
    r.add_argument("scenario", help="scenario YAML file")
    r.add_argument("--seed", type=seed, default=1, help="chance seed (default 1)")
    r.add_argument("--days", type=positive, help="play only this many days")
    r.add_argument("--log", action="store_true", help="print the day-by-day events first")
    r.add_argument("--json", action="store_true",
                   help="print the summary (with every place's holders), outcomes and event "
                        "log as JSON")
    ai_option(r)
    r.set_defaults(run=cmd_run)
    b = sub.add_parser("bench", help="time AI-against-AI campaigns and turns on big theatres")
    b.add_argument("scenario", nargs="?",
                   help="scenario YAML file (default: the first in ./scenarios)")
    b.add_argument("--runs", type=at_most(10_000), default=20,
                   help="campaigns to time (default 20)")
    b.add_argument("--turns", type=at_most(365), default=10,
                   help="turns per synthetic campaign (default 10)")
    b.set_defaults(run=cmd_bench)


def cmd_run(args: argparse.Namespace) -> int:
    from engine.play.campaign import play_campaign
    from engine.play.commanders import parse_ai, players
    from engine.play.metrics import summary
    from engine.reports.campaign import format_summary
    from engine.scenario.loader import load_scenario
    from engine.sim.events import LOG, shown
    from engine.sim.game import build_game

    game = build_game(load_scenario(args.scenario))
    days = days_within(args.days, game.scenario.calendar.turns)
    kinds = parse_ai(game, args.ai)
    history = play_campaign(game, args.seed, players(game, kinds, args.seed), days=days)
    result = summary(game, history, kinds)
    if args.json:
        result["outcomes"] = [o.to_json() for o in history.outcomes]
        result["log"] = [e.to_json() for e in history.events]
        sys.stdout.write(readable(result))
    else:
        if args.log:
            cal = game.scenario.calendar
            for event in shown(history.events, LOG):
                print(f"{cal.date_of(event.day)}  {event.text}")
            print()
        sys.stdout.write(format_summary(result))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from engine.batch.bench import run_bench
    from engine.scenario.loader import load_scenario

    path = args.scenario
    if path is None:  # the project's first scenario, when run from its folder
        found = sorted(glob.glob(os.path.join("scenarios", "*.yaml")))
        if not found:
            raise WargameError("bench: name a scenario file (no scenarios/*.yaml here)")
        path = found[0]
    for line in run_bench(load_scenario(path), runs=args.runs, turns=args.turns):
        print(line, flush=True)
    return 0
