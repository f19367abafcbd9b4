"""The ``wargame`` command (also ``python -m engine``).

Every mistake in what the user hands in ends as ``file:line: what is wrong and how to fix
it`` on standard error with exit status 2, never a traceback; files are written whole or
not at all.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import sys
from collections.abc import Sequence

from engine._version import __version__
from engine.cli.pictures import cmd_print, replay_pictures
from engine.cli.play import cmd_map, cmd_play, cmd_verify
from engine.errors import WargameError
from engine.util.atomic import Payload, write_all, write_atomic


def _validate(args: argparse.Namespace) -> int:
    from engine.scenario.loader import load_scenario

    s = load_scenario(args.scenario)
    print(f"OK: {s.id}: {len(s.places)} places, {len(s.roads)} roads, {len(s.routes)} routes, "
          f"{len(s.sides)} sides, {len(s.formations)} formations, {len(s.units)} units, "
          f"{len(s.commanders)} commanders, {len(s.objectives)} objectives, "
          f"{len(s.citations)} citations checked, {s.calendar.turns} turns")
    return 0


def _show(args: argparse.Namespace) -> int:
    from engine.reports.scenario import format_scenario, scenario_json
    from engine.scenario.loader import load_scenario

    scenario = load_scenario(args.scenario)
    outputs: list[tuple[str, Payload]] = []
    if args.map:
        from engine.pictures.mapdraw import map_format, render_map
        fmt = map_format(args.map)
        outputs.append((args.map, lambda: render_map(scenario, fmt)))
    if args.geojson:
        from engine.pictures.geojson import dumps
        outputs.append((args.geojson, lambda: dumps(scenario)))
    write_all(outputs)  # every destination checked before anything is drawn or written
    if args.json:
        sys.stdout.write(json.dumps(scenario_json(scenario), ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(format_scenario(scenario))
        for label, path in (("map", args.map), ("geojson", args.geojson)):
            if path:
                print(f"{label} written to {path}")
    return 0


def _extract(args: argparse.Namespace) -> int:
    from engine.seed.extract import extract_file, render

    text = render(extract_file(args.seed, args.places), args.format)
    if args.out:
        write_atomic(args.out, text)
        print(f"written to {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def _run(args: argparse.Namespace) -> int:
    from engine.play.campaign import play_campaign, summary
    from engine.reports.campaign import format_summary
    from engine.scenario.loader import load_scenario
    from engine.sim.game import build_game

    game = build_game(load_scenario(args.scenario))
    days = args.days
    if days is not None and not 1 <= days <= game.scenario.calendar.turns:
        raise WargameError(f"--days must be between 1 and {game.scenario.calendar.turns}, "
                           f"the scenario's calendar, not {days}")
    campaign = play_campaign(game, args.seed, days=days)
    result = summary(game, campaign)
    if args.json:
        from engine.play.campaign import outcomes_json
        result["outcomes"] = outcomes_json(campaign)
        result["log"] = campaign.final.to_json(game)["log"]
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    else:
        if args.log:
            cal = game.scenario.calendar
            for event in campaign.final.log:
                if event.kind not in ("supply", "besieged"):
                    print(f"{cal.date_of(event.day)}  {event.text}")
            print()
        sys.stdout.write(format_summary(result))
    return 0


def _bench(args: argparse.Namespace) -> int:
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


def _load_replay(args: argparse.Namespace):
    from engine.history.replayfile import default_replay, load_replay_file
    from engine.scenario.loader import load_scenario
    from engine.sim.game import build_game

    scenario = load_scenario(args.scenario)
    game = build_game(scenario)
    rf = load_replay_file(args.replay or default_replay(scenario), scenario)
    return game, rf


def _replay(args: argparse.Namespace) -> int:
    from engine.history.fidelity import fidelity
    from engine.history.replay import days_json, play_replay, play_runs
    from engine.reports.replay import format_fidelity, format_recorded

    game, rf = _load_replay(args)
    recorded = play_replay(game, rf)
    replay_pictures(args, game, rf, recorded)
    if args.mode == "recorded" and args.from_day is None:
        if args.json:
            data = {"replay": rf.id, "mode": "recorded", "seed": recorded.seed,
                    "digest": recorded.final.digest(game), "days": days_json(game, recorded),
                    "violations": [{"date": game.scenario.calendar.date_of(v.day).isoformat(),
                                    "text": v.text, "source": v.cite}
                                   for v in recorded.violations]}
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        else:
            sys.stdout.write(format_recorded(game, recorded))
        return 0
    first = 0 if args.from_day is None else game.scenario.calendar.day_of(args.from_day)
    seed = rf.seed if args.seed is None else args.seed
    runs = play_runs(game, rf, args.runs, seed, recorded, first)
    report = fidelity(game, rf, recorded, runs, first=first)
    if args.json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    else:
        when = f", the record kept up to {game.scenario.calendar.date_of(first)}" if first else ""
        sys.stdout.write(format_fidelity(game, report, f"{rf.title}{when}"))
    return 0


def _calibrate(args: argparse.Namespace) -> int:
    from engine.history.calibrate import SPACE, check, search
    from engine.reports.replay import format_fit

    game, rf = _load_replay(args)
    cal = game.scenario.calendar
    if args.fit_until is None:  # the campaign's first calendar month
        nxt = cal.start.replace(day=28) + __import__("datetime").timedelta(days=4)
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


def _compare(args: argparse.Namespace) -> int:
    from engine.history.compare import compare
    from engine.reports.scenario import table
    from engine.scenario.loader import load_scenario
    from engine.sim.game import build_game

    a = build_game(load_scenario(args.scenario))
    b = build_game(load_scenario(args.other))
    result = compare(a, b, args.runs, args.seed, args.mode)
    if args.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
        return 0
    print(f"A = {result['a']}\nB = {result['b']}\n{args.runs} paired runs ({args.mode}), "
          f"seeds {args.seed}-{args.seed + args.runs - 1}, common random numbers\n")
    rows = [(r["outcome"], f"{r['a']:,.2f}", f"{r['b']:,.2f}", f"{r['difference']:+,.2f}",
             f"[{r['ci95'][0]:+,.2f}, {r['ci95'][1]:+,.2f}]" if r["ci95"] else "-",
             "*" if r["significant"] else "")
            for r in result["outcomes"]]
    print(table(("outcome (day_met: turn, 0 = first day; never = the day after the end)",
                 "mean A", "mean B", "B - A",
                 "95 % CI", ""), rows))
    return 0


def _batch(args: argparse.Namespace) -> int:
    from engine.batch.factors import declared_factors, parse_vary
    from engine.batch.run import BatchSpec, progress_bar, run_batch
    from engine.scenario.loader import load_scenario

    scenario = load_scenario(args.scenario)
    factors = parse_vary(scenario, args.vary) if args.vary else declared_factors(scenario)
    spec = BatchSpec(os.path.abspath(args.scenario), args.design, args.runs, args.seed,
                     args.reps, tuple(factors))
    progress = progress_bar(sys.stderr) if sys.stderr.isatty() else None
    if args.backend == "dask":
        if not args.scheduler:
            raise WargameError("--backend dask needs --scheduler ADDRESS (tcp://host:8786)")
        try:
            from dask.distributed import Client, as_completed
        except ImportError:
            raise WargameError("--backend dask needs dask: pip install 'dask[distributed]'"
                               ) from None
        with Client(args.scheduler) as client:
            result = run_batch(spec, args.out, client.submit, as_completed, progress)
    else:
        from concurrent.futures import ProcessPoolExecutor, as_completed
        with ProcessPoolExecutor(max_workers=args.workers) as pool:
            result = run_batch(spec, args.out, pool.submit, as_completed, progress)
    print(f"{result['runs']} runs in {result['folder']} ({result['new']} played now, "
          f"{len(factors)} factors, {args.design} design); table: {result['table']}")
    return 0


def _sensitivity(args: argparse.Namespace) -> int:
    from engine.batch.sensitivity import analyze, markdown, tornado
    from engine.util.atomic import write_all

    report = analyze(args.folder)
    focus = args.metric or [m for m in report["metrics"] if m.startswith("day_met.")]
    text = markdown(report)
    md = os.path.join(args.folder, "sensitivity.md")
    png = os.path.join(args.folder, "tornado.png")
    js = os.path.join(args.folder, "sensitivity.json")
    write_all([(md, text), (png, lambda: tornado(report, focus)),
               (js, json.dumps(report, indent=1) + "\n")])
    sys.stdout.write(text)
    print(f"written: {md}, {png}, {js}")
    return 0


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"a seed is a whole number of zero or more, not {text!r}")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"give a whole number of 1 or more, not {text!r}")
    return value


def _scenario_and_replay(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="scenario YAML file")
    p.add_argument("replay", nargs="?",
                   help="replay file (default: the scenario's historical replay)")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="wargame", description="Historical wargame scenario engine.")
    p.add_argument("--version", action="version", version=f"wargame {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    v = sub.add_parser("validate", help="check a scenario file and report every problem")
    v.add_argument("scenario", help="scenario YAML file")
    v.set_defaults(run=_validate)

    s = sub.add_parser("show", help="tables of places and forces; optionally a map or GeoJSON")
    s.add_argument("scenario", help="scenario YAML file")
    s.add_argument("--json", action="store_true", help="print JSON instead of tables")
    s.add_argument("--map", metavar="FILE", help="draw the theatre to FILE (.png, .svg, .pdf)")
    s.add_argument("--geojson", metavar="FILE", help="write places and roads as GeoJSON")
    s.set_defaults(run=_show)

    e = sub.add_parser("extract", help="draft facts from a seed article: infobox and timeline")
    e.add_argument("seed", help="the article as plain text")
    e.add_argument("--format", choices=("yaml", "json"), default="yaml")
    e.add_argument("--places", metavar="SCENARIO",
                   help="a scenario whose place names and aliases the timeline should recognise")
    e.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    e.set_defaults(run=_extract)

    r = sub.add_parser("run", help="play a whole campaign, AI against AI, and summarise it")
    r.add_argument("scenario", help="scenario YAML file")
    r.add_argument("--seed", type=_seed, default=1, help="chance seed (default 1)")
    r.add_argument("--days", type=_positive, help="play only this many days")
    r.add_argument("--log", action="store_true", help="print the day-by-day events first")
    r.add_argument("--json", action="store_true",
                   help="print the summary, outcomes and event log as JSON")
    r.set_defaults(run=_run)

    rp = sub.add_parser("replay", help="play the historical replay: as recorded, or adjudicated "
                                       "by the engine and compared with the record")
    _scenario_and_replay(rp)
    rp.add_argument("--mode", choices=("recorded", "adjudicated"), default="recorded",
                    help="recorded: outcomes forced to the record (default); adjudicated: the "
                         "engine draws them")
    rp.add_argument("--runs", type=_positive, default=100,
                    help="adjudicated runs (default 100)")
    rp.add_argument("--seed", type=_seed, help="first seed of the adjudicated runs "
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
    rp.set_defaults(run=_replay)

    c = sub.add_parser("calibrate", help="fit rule parameters so adjudicated replays match the "
                                         "record; report in and out of sample")
    _scenario_and_replay(c)
    c.add_argument("--fit-until", metavar="DAY",
                   help="last day (date or number) of the fitting period (default: the end of "
                        "the first calendar month); the rest is out of sample")
    c.add_argument("--points", type=_positive, default=64,
                   help="Sobol candidates per round (default 64)")
    c.add_argument("--rounds", type=_positive, default=3,
                   help="rounds, each searching a smaller box around the best (default 3)")
    c.add_argument("--runs", type=_positive, default=16,
                   help="adjudicated runs per candidate (default 16)")
    c.add_argument("--check-runs", type=_positive, default=100,
                   help="runs for the in- and out-of-sample report (default 100)")
    c.add_argument("--seed", type=_seed, default=1, help="first seed (default 1)")
    c.set_defaults(run=_calibrate)

    cp = sub.add_parser("compare", help="play two scenarios with common random numbers and "
                                        "report the differences with confidence intervals")
    cp.add_argument("scenario", help="scenario A (the baseline)")
    cp.add_argument("other", help="scenario B (the alternate)")
    cp.add_argument("--runs", type=_positive, default=50, help="paired runs (default 50)")
    cp.add_argument("--seed", type=_seed, default=1, help="first seed (default 1)")
    cp.add_argument("--mode", choices=("ai", "replay"), default="ai",
                    help="ai: AI against AI (default); replay: each scenario's historical "
                         "replay orders, adjudicated")
    cp.add_argument("--json", action="store_true", help="print the comparison as JSON")
    cp.set_defaults(run=_compare)

    pl = sub.add_parser("play", help="play a scenario: hot-seat, against the AI, or watch")
    pl.add_argument("scenario", nargs="?", help="scenario YAML file (not with --load)")
    pl.add_argument("--as", dest="as_", metavar="SIDE",
                    help="the side you play: a side id, both (hot-seat) or none (watch the AI)")
    pl.add_argument("--seed", type=_seed, default=1, help="chance seed (default 1)")
    pl.add_argument("--orders", metavar="FILE",
                    help="a script of your orders by date instead of the prompt")
    pl.add_argument("--load", metavar="FILE", help="resume a saved game")
    pl.add_argument("--from", dest="from_replay", metavar="REPLAY",
                    help="branch from a replay file or a saved game, at --day")
    pl.add_argument("--day", metavar="DAY", help="the day to branch from (a date or number)")
    pl.add_argument("--save", metavar="FILE",
                    help="where the game is saved each day (default replays/games/...)")
    pl.add_argument("--days", type=_positive, help="play only this many days")
    pl.set_defaults(run=cmd_play)

    vf = sub.add_parser("verify", help="play a saved game again and check it reaches the same "
                                       "state every day")
    vf.add_argument("game", help="a saved game file")
    vf.set_defaults(run=cmd_verify)

    bt = sub.add_parser("batch", help="many AI-against-AI campaigns over a design of the "
                                      "scenario's uncertainties, one row per run")
    bt.add_argument("scenario", help="scenario YAML file")
    bt.add_argument("--runs", type=_positive, default=64,
                    help="design size: points (grid, lhs), base samples (sobol), "
                         "trajectories (morris); default 64")
    bt.add_argument("--design", choices=("grid", "lhs", "sobol", "morris"), default="lhs")
    bt.add_argument("--seed", type=_seed, default=1, help="first seed (default 1)")
    bt.add_argument("--reps", type=_positive, default=1,
                    help="replications per parameter set, seeds SEED, SEED+1, ... (default 1)")
    bt.add_argument("--vary", action="append", metavar="NAME=LO:HI",
                    help="vary this factor instead of the scenario's declared ranges "
                         "(repeat for more)")
    bt.add_argument("--workers", type=_positive, default=os.cpu_count() or 1,
                    help="local worker processes (default: one per core)")
    bt.add_argument("--backend", choices=("local", "dask"), default="local")
    bt.add_argument("--scheduler", metavar="ADDRESS", help="the Dask scheduler (with --backend "
                                                           "dask)")
    bt.add_argument("--out", required=True, metavar="DIR", help="the batch folder")
    bt.set_defaults(run=_batch)

    sn = sub.add_parser("sensitivity", help="which factors decide each outcome of a batch")
    sn.add_argument("folder", help="a batch folder (wargame batch --out)")
    sn.add_argument("--metric", action="append", help="outcome(s) for the tornado chart "
                                                      "(default: the objectives' days met)")
    sn.set_defaults(run=_sensitivity)

    pr = sub.add_parser("print", help="a printable tabletop kit (PDF): map board, counters, "
                                      "combat results table, turn track, rules")
    pr.add_argument("scenario", help="scenario YAML file")
    pr.add_argument("--out", required=True, metavar="FILE.pdf")
    pr.set_defaults(run=cmd_print)

    mp = sub.add_parser("map", help="pictures of a saved game: a day's map, the animation, "
                                    "the HTML viewer")
    mp.add_argument("game", help="a saved game (wargame play)")
    mp.add_argument("--day", metavar="DAY", help="the day of --out (date or number; default "
                                                 "the last played)")
    mp.add_argument("--out", metavar="FILE", help="the day's map: .png, .svg or .pdf")
    mp.add_argument("--animate", metavar="FILE", help="a GIF of the game, a frame a day")
    mp.add_argument("--html", metavar="FILE", help="the game in the HTML replay viewer")
    mp.set_defaults(run=cmd_map)

    b = sub.add_parser("bench", help="time AI-against-AI campaigns and turns on big theatres")
    b.add_argument("scenario", nargs="?",
                   help="scenario YAML file (default: the first in ./scenarios)")
    b.add_argument("--runs", type=_positive, default=20, help="campaigns to time (default 20)")
    b.add_argument("--turns", type=_positive, default=10,
                   help="turns per synthetic campaign (default 10)")
    b.set_defaults(run=_bench)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except WargameError as exc:
        return _complain(str(exc))
    except BrokenPipeError:  # the reader went away (piped into head): not an error
        _quiet_stdout()
        return 0
    except OSError as exc:  # standard output could not be written (a full disk, /dev/full)
        _quiet_stdout()
        return _complain(f"cannot write the output: {exc.strerror or exc}")
    except KeyboardInterrupt:
        return 130


def _complain(message: str) -> int:
    """Report on standard error; exit status 2 even if nobody is left to read it."""
    try:
        print(message, file=sys.stderr)
        sys.stderr.flush()
    except OSError:
        pass
    return 2


def _quiet_stdout() -> None:
    """Point standard output at /dev/null so that flushing it at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
