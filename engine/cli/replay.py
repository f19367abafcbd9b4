"""The record's commands: ``replay``, ``calibrate`` and ``compare``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import replace
from typing import TYPE_CHECKING

from engine.cli.args import ai_option, at_most, scenario_and_replay, seed
from engine.cli.pictures import replay_pictures
from engine.errors import WargameError
from engine.util.canonical import readable
from engine.util.progress import progress

if TYPE_CHECKING:
    from engine.play.replayfile import ReplayFile
    from engine.sim.game import Game


def add_commands(sub: argparse._SubParsersAction) -> None:
    """The commands of this group, on the ``wargame`` parser."""
    rp = sub.add_parser("replay", help="play the historical replay: as recorded, or adjudicated "
                                       "by the engine and compared with the record")
    scenario_and_replay(rp)
    rp.add_argument("--mode", choices=("recorded", "adjudicated", "commanders"),
                    default="recorded",
                    help="recorded: outcomes forced to the record (default); adjudicated: the "
                         "replay's orders, the engine draws the outcomes; commanders: AI "
                         "against AI under --ai (default: the historical commanders), "
                         "compared with the record")
    ai_option(rp, "each side in --mode commanders")
    rp.add_argument("--runs", type=at_most(100_000), default=100,
                    help="adjudicated or commanded runs (default 100)")
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
    c = sub.add_parser("calibrate", help="fit the combat model to battles and the record, then "
                                         "the rates by simulation; report in and out of sample")
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
    c.add_argument("--battles", metavar="CSV",
                   help="the battles table the odds and losses are fitted to (default: the "
                        "CDB90 table shipped with the engine, engine/data/cdb90_pre1900.csv)")
    c.add_argument("--odds-only", action="store_true",
                   help="fit only the combat model to the battles and the record's "
                        "engagements (seconds), not the loss and bombardment rates by "
                        "simulation (minutes)")
    c.add_argument("--odds", choices=("period", "table"), default="period",
                   help="the combat odds the simulation plays with: period, those fitted on "
                        "the calibration period alone, so that everything after it is out of "
                        "sample (default); table, those in force (the rules table's, fitted on "
                        "the whole record), to fit the rates a scenario ships")
    c.add_argument("--doctrine", action="store_true",
                   help="only the odds at which each side opened its recorded assaults (its "
                        "chance of carrying the place within 3 days), the evidence for a "
                        "doctrine's attack_odds")
    c.add_argument("--json", action="store_true", help="print the fits as JSON")
    c.set_defaults(run=cmd_calibrate)
    cp = sub.add_parser("compare", help="play two scenarios with common random numbers and "
                                        "report the differences with confidence intervals")
    cp.add_argument("scenario", help="scenario A (the baseline)")
    cp.add_argument("other", help="scenario B (the alternate)")
    cp.add_argument("--runs", type=at_most(100_000), default=50, help="paired runs (default 50)")
    cp.add_argument("--seed", type=seed, default=1, help="first seed (default 1)")
    cp.add_argument("--mode", choices=("ai", "replay"), default="ai",
                    help="ai: AI against AI (default), under the historical and the heuristic "
                         "commander, marking outcomes whose effect differs in sign between "
                         "them; replay: each scenario's historical replay orders, adjudicated")
    ai_option(cp, "each side in both scenarios (--mode ai)",
              "both the historical and the heuristic, or heuristic alone where a scenario "
              "has no plan; a side not named takes historical where the scenario has a plan, "
              "else heuristic")
    cp.add_argument("--json", action="store_true", help="print the comparison as JSON")
    cp.set_defaults(run=cmd_compare)


def load_replay(args: argparse.Namespace) -> tuple[Game, ReplayFile]:
    from engine.play.replayfile import default_replay, load_replay_file
    from engine.scenario.loader import load_scenario
    from engine.sim.game import build_game

    scenario = load_scenario(args.scenario)
    game = build_game(scenario)
    rf = load_replay_file(args.replay or default_replay(scenario), scenario)
    return game, rf


def cmd_replay(args: argparse.Namespace) -> int:
    from engine.history.fidelity import fidelity
    from engine.history.replay import play_commanded, play_replay, play_runs
    from engine.play.activity import conduct
    from engine.play.commanders import parse_ai
    from engine.reports.replay import (
        format_fidelity,
        format_recorded,
        outcomes_json,
        recorded_json,
    )

    game, rf = load_replay(args)
    recorded = play_replay(game, rf)
    if replay_pictures(args, game, rf, recorded):
        return 0
    if args.mode == "recorded" and args.from_day is None:
        if args.json:
            sys.stdout.write(readable(recorded_json(game, recorded)))
        else:
            sys.stdout.write(format_recorded(game, recorded))
        return 0
    first = 0 if args.from_day is None else game.scenario.calendar.day_of(args.from_day)
    seed = rf.seed if args.seed is None else args.seed
    if args.mode == "commanders":
        kinds = parse_ai(game, args.ai)
        with progress("campaigns") as tick:
            runs = play_commanded(game, rf, kinds, args.runs, seed, recorded, first, tick)
    else:
        if args.ai:
            raise WargameError("--ai chooses the commanders of --mode commanders; the "
                               f"{args.mode} mode plays the replay's own orders")
        kinds = []
        with progress("adjudicated runs") as tick:
            runs = play_runs(game, rf, args.runs, seed, recorded, first, progress=tick)
    report = fidelity(game, rf, recorded, runs, first=first)
    report["mode"] = args.mode
    if kinds:
        report["commanders"] = dict(zip(game.sides, kinds, strict=True))
    report["conduct"] = conduct(game, [r.history for r in runs])
    if args.json:
        report["outcomes"] = [{**o, "seed": r.seed} for r in runs
                              for o in outcomes_json(game, r)]
        sys.stdout.write(readable(report))
    else:
        when = f", the record kept up to {game.scenario.calendar.date_of(first)}" if first else ""
        sys.stdout.write(format_fidelity(game, report, f"{rf.title}{when}"))
    return 0


def doctrine_odds(game: Game, rf: ReplayFile, as_json: bool) -> int:
    """``wargame calibrate --doctrine``."""
    from engine.history.doctrinefit import assault_openings, side_odds
    from engine.history.replay import play_replay
    from engine.reports.replay import format_doctrine_odds

    openings = assault_openings(game, play_replay(game, rf))
    sides = side_odds(openings)
    if as_json:
        sys.stdout.write(readable({"openings": openings, "sides": sides}))
    else:
        sys.stdout.write(format_doctrine_odds(openings, sides, rf.title))
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    from engine.history.calibrate import SPACE, check, search
    from engine.reports.evidence import format_evidence
    from engine.reports.replay import format_fit

    game, rf = load_replay(args)
    if args.doctrine:
        return doctrine_odds(game, rf, args.json)
    cal = game.scenario.calendar
    if args.fit_until is None:  # the campaign's first calendar month
        nxt = cal.start.replace(day=28) + dt.timedelta(days=4)
        last = min((nxt.replace(day=1) - cal.start).days - 1, cal.turns - 2)
    else:
        last = game.scenario.calendar.day_of(args.fit_until, "--fit-until")
        if last >= cal.turns - 1:
            raise WargameError("--fit-until must leave days after it to test the fit on")
    evidence = fit_evidence(game, rf, last, args.battles)
    out: dict[str, object] = {"evidence": evidence}
    if not args.json:
        sys.stdout.write(format_evidence(evidence, f"{rf.title}, calibration period "
                                                   f"{cal.start} to {cal.date_of(last)}"))
    if args.odds_only:
        if args.json:
            sys.stdout.write(readable(out))
        return 0

    # by default the simulation plays with the odds fitted on the calibration period alone,
    # so what it reports after the period is out of sample for every fitted number
    scenario = game.scenario
    if args.odds == "period":
        odds = evidence["odds"]["period_rules"]  # type: ignore[index]
        scenario = replace(scenario, rules=scenario.rules.replace(odds))
    with progress("calibration", "candidate") as tick:
        tried = search(scenario, rf, SPACE, points=args.points, rounds=args.rounds,
                       runs=args.runs, seed=args.seed, last=last, progress=tick)
    best = tried[0]
    reports = check(scenario, rf, best.params, args.check_runs, args.seed,
                    [("in sample", 0, last), ("out of sample", last + 1, cal.turns - 1),
                     ("whole campaign", 0, cal.turns - 1)])
    if args.json:
        out["simulation"] = {"odds": args.odds, "best": dict(best.params),
                             "distance": best.distance, "reports": reports}
        sys.stdout.write(readable(out))
        return 0
    which = ("fitted on the calibration period alone (the 'period fit' column)"
             if args.odds == "period" else "in force (the 'in force' column)")
    sys.stdout.write(f"\nThe simulation below plays with the combat odds {which}.\n\n"
                     + format_fit(game, tried, reports, args))
    return 0


def fit_evidence(game: Game, rf: ReplayFile, last: int, battles: str | None
                 ) -> dict[str, object]:
    """The combat model's fit to the battles table and the record's engagements."""
    from engine.history.evidence import read_battles, record_fights
    from engine.history.oddsfit import evidence_report, toll_spans
    from engine.history.replay import play_replay

    recorded = play_replay(game, rf)
    spans = toll_spans(rf, last)
    later = toll_spans(rf)
    for s in spans:   # what is left after the period's tolls
        if s in later:
            later.remove(s)
    return evidence_report(record_fights(game, rf, recorded), read_battles(battles), last,
                           spans, later, dict(game.rules.values))


def cmd_compare(args: argparse.Namespace) -> int:
    from engine.history.compare import compare
    from engine.reports.compare import format_compare
    from engine.scenario.loader import load_scenario
    from engine.sim.game import build_game

    a = build_game(load_scenario(args.scenario))
    b = build_game(load_scenario(args.other))
    if args.ai and args.mode != "ai":
        raise WargameError("--ai chooses the commanders of --mode ai; a replay plays the "
                           "record's orders")
    with progress("paired runs") as tick:
        result = compare(a, b, args.runs, args.seed, args.mode, args.ai, progress=tick)
    if args.json:
        sys.stdout.write(readable(result))
        return 0
    sys.stdout.write(format_compare(result))
    return 0
