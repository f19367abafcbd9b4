"""The scenario commands: ``validate``, ``show`` and ``extract``."""

from __future__ import annotations

import argparse
import sys

from engine.cli.args import told_written
from engine.errors import Problem, ScenarioError, WargameError
from engine.util.atomic import Payload, check_not_input, check_suffix, write_all, write_atomic
from engine.util.canonical import readable


def add_commands(sub: argparse._SubParsersAction) -> None:
    """The commands of this group, on the ``wargame`` parser."""
    v = sub.add_parser("validate", help="check a scenario file and report every problem")
    v.add_argument("scenario", help="scenario YAML file")
    v.add_argument("--json", action="store_true",
                   help="print the verdict as JSON: the counts, or every problem with its file "
                        "and line (exit status 2 all the same)")
    v.set_defaults(run=cmd_validate)
    s = sub.add_parser("show", help="tables of places and forces; optionally a map or GeoJSON")
    s.add_argument("scenario", help="scenario YAML file")
    s.add_argument("--json", action="store_true", help="print JSON instead of tables")
    s.add_argument("--map", metavar="FILE", help="draw the theatre to FILE (.png, .svg, .pdf)")
    s.add_argument("--geojson", metavar="FILE", help="write places and roads as GeoJSON")
    s.set_defaults(run=cmd_show)
    e = sub.add_parser("extract", help="draft facts from a seed article: infobox and timeline")
    e.add_argument("seed", help="the article as plain text")
    e.add_argument("--format", choices=("yaml", "json"), default="yaml",
                   help="the draft's format (default yaml)")
    e.add_argument("--places", metavar="SCENARIO",
                   help="a scenario whose place names and aliases the timeline should recognise")
    e.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    e.set_defaults(run=cmd_extract)
    d = sub.add_parser("draft", help="write a scenario skeleton (and a replay skeleton) from a "
                                     "seed article: facts cited, gaps marked TODO")
    d.add_argument("seed", help="the article as plain text")
    d.add_argument("--out", metavar="FILE", required=True,
                   help="the scenario to write (scenarios/NAME.yaml; its name is the id)")
    d.add_argument("--replay", metavar="FILE", nargs="?", const="",
                   help="also draft the historical replay's events, to FILE (default: "
                        "replays/NAME_historical.yaml beside scenarios/, else beside --out)")
    d.add_argument("--gazetteer", metavar="CSV",
                   help="coordinates for the places (columns canonical_name, "
                        "alternative_spellings, lat, lon, type, source, confidence)")
    d.add_argument("--force", action="store_true",
                   help="write over files that exist (a draft replaces hand edits)")
    d.set_defaults(run=cmd_draft)
    c = sub.add_parser("cite", help="where a seed article says a phrase: the line and the exact "
                                    "quote to cite it with")
    c.add_argument("seed", help="the article as plain text")
    c.add_argument("phrase", help="the words to find (case, accents and punctuation folded, as "
                                  "a citation's quote is checked)")
    c.add_argument("--json", action="store_true", help="print the lines and quotes as JSON")
    c.set_defaults(run=cmd_cite)


def cmd_validate(args: argparse.Namespace) -> int:
    from engine.play.replayfile import load_replay_file
    from engine.scenario.loader import load_scenario
    from engine.sim.game import build_game

    try:
        s = load_scenario(args.scenario)
        build_game(s)  # what the turn engine cannot play (more than two sides) is refused too
        rf = load_replay_file(s.replay, s) if s.replay else None  # the named replay must play
    except WargameError as exc:
        if not args.json:
            raise
        problems = exc.problems if isinstance(exc, ScenarioError) else \
            (Problem(args.scenario, None, str(exc)),)
        sys.stdout.write(readable({"ok": False, "problems": [
            {"file": p.file, "line": p.line, "message": p.message} for p in problems]}))
        return 2
    counts = {"places": len(s.places), "roads": len(s.roads), "routes": len(s.routes),
              "sides": len(s.sides), "formations": len(s.formations), "units": len(s.units),
              "commanders": len(s.commanders), "objectives": len(s.objectives),
              "citations checked": len(s.citations), "turns": s.calendar.turns}
    if args.json:
        sys.stdout.write(readable({"ok": True, "scenario": s.id, **{
            k.replace(" ", "_"): v for k, v in counts.items()}, "replay": None if rf is None
            else {"id": rf.id, "events": len(rf.events), "orders": len(rf.tasks)}}))
        return 0
    replay = f", replay {rf.id}: {len(rf.events)} events, {len(rf.tasks)} orders" if rf else ""
    print(f"OK: {s.id}: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + replay)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
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
        check_suffix(args.geojson, (".geojson", ".json"), "GeoJSON")
        outputs.append((args.geojson, lambda: dumps(scenario)))
    write_all(outputs)  # every destination checked before anything is drawn or written
    if args.json:
        sys.stdout.write(readable(scenario_json(scenario)))
    else:
        sys.stdout.write(format_scenario(scenario))
    told_written(*(path for path, _ in outputs))
    return 0


def cmd_cite(args: argparse.Namespace) -> int:
    from engine.seed.cite import cite, nearest

    try:
        with open(args.seed, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise WargameError(f"{args.seed}: cannot read the article "
                           f"({getattr(exc, 'strerror', None) or exc})") from None
    found = cite(lines, args.phrase)
    if not found:
        near = nearest(lines, args.phrase)
        raise WargameError(f"{args.seed}: no line says '{args.phrase}'" + (
            f"; the lines with most of its words: {', '.join(map(str, near))}" if near else
            "") + "; if the article does not say it, give the fact an assumption: instead")
    if args.json:
        sys.stdout.write(readable([{"line": q.line, "quote": q.quote} for q in found]))
        return 0
    for q in found:
        print(f"{q.line}: {q.source()}")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from engine.seed.extract import extract_file, render

    if args.out:
        check_not_input(args.out, args.seed, args.places)
    text = render(extract_file(args.seed, args.places), args.format)
    if args.out:
        write_atomic(args.out, text)
        told_written(args.out)
    else:
        sys.stdout.write(text)
    return 0


def cmd_draft(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    from engine.scenario.yamlsrc import dump_yaml, read_text
    from engine.seed.draft import Drafter, read_gazetteer, slug

    out = Path(args.out)
    check_suffix(args.out, (".yaml", ".yml"), "scenario")
    replay: Path | None = None
    if args.replay is not None:
        name = f"{out.stem}_historical.yaml"
        replay = Path(args.replay) if args.replay else (
            out.parent.parent / "replays" / name if out.parent.name == "scenarios"
            else out.parent / name)
        check_suffix(str(replay), (".yaml", ".yml"), "replay")
    if replay is not None and replay.resolve() == out.resolve():
        raise WargameError(f"{replay}: is the scenario --out names: give the replay another "
                           "file")
    for path in (out, replay):
        if path is not None:
            check_not_input(path, args.seed, args.gazetteer)
            if path.exists() and not args.force:
                raise WargameError(f"{path}: exists; a draft would replace it: write to another "
                                   "file, or give --force")
    text = read_text(args.seed)
    rows = read_gazetteer(args.gazetteer) if args.gazetteer else None
    drafter = Drafter(
        text, seed=os.path.relpath(args.seed, out.parent.resolve()), scenario_id=slug(out.stem),
        gazetteer=rows,
        replay=os.path.relpath(replay.resolve(), out.parent.resolve()) if replay else None,
        scenario_from_replay=os.path.relpath(out.resolve(), replay.parent.resolve())
        if replay else None)
    scenario = drafter.scenario()
    head = (f"# Drafted by wargame draft from {args.seed}. Every source: was found on its line; "
            "every\n# TODO: is a gap to fill (wargame validate lists them by line).\n\n")
    outputs: list[tuple[str, Payload]] = [(str(out), head + dump_yaml(scenario))]
    if replay is not None:
        outputs.append((str(replay), head + dump_yaml(drafter.replay_skeleton())))
    write_all(outputs)
    told_written(*(p for p, _ in outputs))
    if not drafter.article.infobox:
        sys.stderr.write(f"note: {args.seed} has no infobox (an 'Infobox' line followed by "
                         "'- Key: value' lines): the sides, forces and calendar are all gaps\n")
    t = drafter.tally
    facts = ", ".join(f"{n} {k}" for k, n in sorted(t.facts.items()))
    print(f"drafted {out.stem}: {t.cited} citations ({facts}); {t.gaps} gaps marked TODO")
    print(f"next: fill the gaps, then wargame validate {out}")
    return 0
