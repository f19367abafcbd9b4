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
    b.add_argument("--scales", type=scales, default=(1, 10, 100), metavar="K,K,...",
                   help="synthetic theatres this many times the scenario's places and units "
                        "(default 1,10,100)")
    b.add_argument("--largest", type=theatre_size, default=LARGEST, metavar="PLACES:UNITS",
                   help="and one of this size (default 10000:2000)")
    b.add_argument("--json", action="store_true",
                   help="print the figures as JSON instead of the tables")
    b.set_defaults(run=cmd_bench)
    d = sub.add_parser("duel", help="a commander against another, seat by seat and seed by "
                                    "seed, on objective points")
    d.add_argument("scenario", nargs="?", help="scenario YAML file (or --synthetic)")
    d.add_argument("--synthetic", metavar="PLACES:UNITS:DAYS",
                   help="a fresh synthetic theatre for every seed instead of a scenario "
                        "(for example 40:12:20)")
    d.add_argument("--ai", default="search", choices=("search", "heuristic", "historical"),
                   help="the commander on trial (default search)")
    d.add_argument("--against", default="heuristic",
                   choices=("search", "heuristic", "historical"),
                   help="the baseline: the opponent, and the commander the trial is compared "
                        "with in the same seat (default heuristic)")
    d.add_argument("--side", action="append", metavar="SIDE",
                   help="the seat of the commander on trial (repeat; default every side)")
    d.add_argument("--runs", type=at_most(10_000), default=16,
                   help="seeds per side (default 16)")
    d.add_argument("--seed", type=seed, default=1, help="first seed (default 1)")
    d.add_argument("--workers", type=positive, default=1,
                   help="worker processes (default 1)")
    d.add_argument("--json", action="store_true", help="print every bout and the summary "
                                                       "as JSON")
    d.set_defaults(run=cmd_duel)


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


#: The largest synthetic theatre bench times by default (places, units), and the most any
#: may have: past that a bench is a slip, not a measurement.
LARGEST, MOST = (10_000, 2_000), 1_000_000


def scales(text: str) -> tuple[int, ...]:
    try:
        found = tuple(int(k) for k in text.split(","))
    except ValueError:
        found = ()
    if not found or not all(1 <= k <= 1000 for k in found):
        raise argparse.ArgumentTypeError(f"give whole numbers from 1 to 1000 separated by "
                                         f"commas (1,10,100), not {text[:40]!r}")
    return found


def theatre_size(text: str) -> tuple[int, int]:
    places, _, units = text.partition(":")
    try:
        found = (int(places), int(units))
    except ValueError:
        found = (0, 0)
    if not (3 <= found[0] <= MOST and 2 <= found[1] <= MOST):
        raise argparse.ArgumentTypeError(f"give PLACES:UNITS, at least 3 places and 2 units "
                                         f"and at most {MOST:,} of each, not {text[:40]!r}")
    return found


def cmd_bench(args: argparse.Namespace) -> int:
    from engine.batch.bench import bench, format_bench
    from engine.scenario.loader import load_scenario
    from engine.util.canonical import readable
    from engine.util.progress import progress

    path = args.scenario
    if path is None:  # the project's first scenario, when run from its folder
        found = sorted(glob.glob(os.path.join("scenarios", "*.yaml")))
        if not found:
            raise WargameError("bench: name a scenario file (no scenarios/*.yaml here)")
        path = found[0]
    with progress("bench", "step") as tick:
        figures = bench(load_scenario(path), runs=args.runs, turns=args.turns,
                        scales=args.scales, largest=args.largest, progress=tick)
    if args.json:
        sys.stdout.write(readable(figures))
        return 0
    for line in format_bench(figures):
        print(line, flush=True)
    return 0


def cmd_duel(args: argparse.Namespace) -> int:
    from engine.batch.duel import duel, summarise
    from engine.scenario.loader import load_scenario
    from engine.scenario.synthetic import synthetic_scenario
    from engine.util.progress import progress
    from engine.util.text import suggest

    source: str | tuple[int, int, int]
    if args.synthetic and args.scenario:
        raise WargameError("duel: give a scenario file or --synthetic, not both")
    if args.synthetic and "historical" in (args.ai, args.against):
        raise WargameError("duel --synthetic: synthetic theatres have no plan for a historical "
                           "commander; use heuristic or search")
    if args.synthetic:
        try:
            places, units, days = (int(x) for x in args.synthetic.split(":"))
        except ValueError:
            raise WargameError(f"--synthetic {args.synthetic}: write PLACES:UNITS:DAYS, for "
                               "example 40:12:20") from None
        if not (3 <= places <= 10_000 and 2 <= units <= 2_000 and 1 <= days <= 365):
            raise WargameError(f"--synthetic {args.synthetic}: places 3-10,000, units "
                               "2-2,000, days 1-365")
        source = (places, units, days)
        sides = list(synthetic_scenario(3, 2, 1, 1).sides)
    elif args.scenario:
        source = args.scenario
        scenario = load_scenario(args.scenario)
        sides = list(scenario.sides)
        if "historical" in (args.ai, args.against) and not scenario.plan:
            raise WargameError(f"{args.scenario}: the scenario has no plan for a historical "
                               "commander; use heuristic or search")
    else:
        raise WargameError("duel: name a scenario file or give --synthetic PLACES:UNITS:DAYS")
    seats: list[int] = []
    for side in args.side or sides:
        if side not in sides:
            raise WargameError(f"--side {side}: there is no such side{suggest(side, sides)}")
        if sides.index(side) not in seats:
            seats.append(sides.index(side))
    with progress("duel", "bout") as tick:
        bouts = duel(source, seats, args.ai, args.against, args.runs, args.seed, args.workers,
                     tick)
    result = summarise(bouts)
    if args.json:
        sys.stdout.write(readable({"trial": args.ai, "baseline": args.against,
                                   "bouts": [b.__dict__ for b in bouts], "sides": result}))
        return 0
    where = f"synthetic {args.synthetic}" if args.synthetic else args.scenario
    print(f"{args.ai} against {args.against}, {where}, seeds {args.seed}-"
          f"{args.seed + args.runs - 1}:")
    for side, r in result.items():
        print(f"  playing {side}: better than {args.against} in the same seat in "
              f"{r['beats_baseline']} of {r['seeds']} seeds ({r['ties']} equal, {r['worse']} "
              f"worse); won {r['wins']} (the {args.against}: {r['baseline_wins']}); mean "
              f"margin {r['mean_margin']:+.2f} (the {args.against}: "
              f"{r['baseline_mean_margin']:+.2f}); {r['ms_per_turn']:.0f} ms a turn")
    print("Margin: the side's objective points less the other side's, at the end.")
    return 0
