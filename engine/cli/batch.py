"""The batch commands: ``batch`` and ``sensitivity``."""

from __future__ import annotations

import argparse
import os
import sys

from engine.cli.args import ai_option, positive, seed, told_written
from engine.errors import WargameError
from engine.util.canonical import readable
from engine.util.text import suggest

#: How long to try to reach a Dask scheduler before saying it cannot be reached.
SCHEDULER_TIMEOUT = "20s"


def add_commands(sub: argparse._SubParsersAction) -> None:
    """The commands of this group, on the ``wargame`` parser."""
    bt = sub.add_parser("batch", help="many AI-against-AI campaigns over a design of the "
                                      "scenario's uncertainties, one row per run")
    bt.add_argument("scenario", help="scenario YAML file")
    bt.add_argument("--runs", type=positive, default=64,
                    help="design size: points (grid, lhs), base samples (sobol), "
                         "trajectories (morris); default 64")
    bt.add_argument("--design", choices=("grid", "lhs", "sobol", "morris"), default="lhs",
                    help="how the factors' values are chosen: grid, Latin hypercube (lhs), "
                         "Saltelli's sample for Sobol indices, Morris trajectories "
                         "(default lhs)")
    bt.add_argument("--seed", type=seed, default=1, help="first seed (default 1)")
    bt.add_argument("--reps", type=positive, default=1,
                    help="replications per parameter set, seeds SEED, SEED+1, ... (default 1)")
    bt.add_argument("--vary", action="append", metavar="NAME=LO:HI",
                    help="vary this factor instead of the scenario's declared ranges "
                         "(repeat for more)")
    bt.add_argument("--workers", type=positive, default=os.cpu_count() or 1,
                    help="local worker processes (default: one per core)")
    bt.add_argument("--backend", choices=("local", "dask"), default="local",
                    help="where the runs are played: local worker processes, or a Dask "
                         "cluster at --scheduler (default local)")
    bt.add_argument("--scheduler", metavar="ADDRESS", help="the Dask scheduler (with --backend "
                                                           "dask)")
    bt.add_argument("--out", required=True, metavar="DIR", help="the batch folder")
    bt.add_argument("--repair", action="store_true",
                    help="rebuild a damaged batch store from its intact rows (the damaged file "
                         "is kept as runs.sqlite.damaged), then play the runs it lacks")
    ai_option(bt, "every side in every run (kept in the batch folder: adding to a batch needs "
                  "the same commanders)")
    bt.set_defaults(run=cmd_batch)
    sn = sub.add_parser("sensitivity", help="which factors decide each outcome of a batch")
    sn.add_argument("folder", help="a batch folder (wargame batch --out)")
    sn.add_argument("--metric", action="append", help="outcome(s) for the tornado chart "
                                                      "(default: the objectives' days met)")
    sn.set_defaults(run=cmd_sensitivity)


def cmd_batch(args: argparse.Namespace) -> int:
    from engine.batch.factors import declared_factors, parse_vary
    from engine.batch.run import cores, run_batch
    from engine.batch.spec import BatchSpec
    from engine.scenario.loader import load_scenario
    from engine.sim.game import build_game
    from engine.util.progress import progress

    scenario = load_scenario(args.scenario)
    factors = parse_vary(scenario, args.vary) if args.vary else declared_factors(scenario)
    spec = BatchSpec(os.path.abspath(args.scenario), args.design, args.runs, args.seed,
                     args.reps, tuple(factors)).with_commanders(build_game(scenario), args.ai)
    if args.backend == "local" and args.workers > cores():
        print(f"note: --workers {args.workers}: this machine gives {cores()} cores; using "
              f"{cores()} workers", file=sys.stderr)
    if args.backend == "dask":
        if not args.scheduler:
            raise WargameError("--backend dask needs --scheduler ADDRESS (tcp://host:8786)")
        try:
            from dask.distributed import Client, as_completed
        except ImportError:
            raise WargameError("--backend dask needs dask: pip install 'dask[distributed]'"
                               ) from None
        try:
            client = Client(args.scheduler, timeout=SCHEDULER_TIMEOUT)
        except (OSError, ValueError, TypeError) as exc:  # unreachable, or not an address
            raise WargameError(f"--scheduler {args.scheduler}: cannot reach the Dask "
                               f"scheduler ({exc}); check the address (tcp://host:8786) and "
                               "that the scheduler is running") from None
        with client, progress("batch") as tick:
            result = run_batch(spec, args.out, submit=client.submit, as_completed=as_completed,
                               progress=tick, repair=args.repair,
                               workers=max(1, sum(client.nthreads().values())))
    else:
        with progress("batch") as tick:
            result = run_batch(spec, args.out, scenario=scenario, workers=args.workers,
                               progress=tick, repair=args.repair)
    who = ", ".join(f"{side} {kind}" for side, kind in spec.commanders)
    print(f"{len(result.rows)} runs in {result.folder} ({result.new} played now, "
          f"{len(factors)} factors, {args.design} design; commanders {who}); table: "
          f"{result.table}")
    return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    from engine.batch.sensitivity import analyze
    from engine.pictures.sensitivity import tornado
    from engine.reports.sensitivity import markdown
    from engine.util.atomic import write_all

    report = analyze(args.folder)
    for metric in args.metric or ():
        if metric not in report["metrics"]:
            raise WargameError(f"--metric {metric}: the batch has no such outcome"
                               f"{suggest(metric, report['metrics'])}")
    focus = args.metric or [m for m in report["metrics"] if m.startswith("day_met.")]
    text = markdown(report)
    for warning in report["warnings"]:
        print(f"warning: {warning}", file=sys.stderr)
    md = os.path.join(args.folder, "sensitivity.md")
    png = os.path.join(args.folder, "tornado.png")
    js = os.path.join(args.folder, "sensitivity.json")
    write_all([(md, text), (png, lambda: tornado(report, focus)),
               (js, readable(report))])
    sys.stdout.write(text)
    told_written(md, png, js)
    return 0
