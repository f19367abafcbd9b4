"""The picture commands: a replay's ``--map``, ``--animate``, ``--html`` and ``--charts``,
and ``print`` (the tabletop kit)."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from engine.cli.args import told_written
from engine.errors import WargameError
from engine.util.atomic import Payload, check_suffix, check_writable, write_all, write_atomic
from engine.util.progress import progress

#: The names a viewer page may have.
HTML = (".html", ".htm")

if TYPE_CHECKING:
    from engine.history.replay import Replay
    from engine.play.campaign import History
    from engine.play.replayfile import ReplayFile
    from engine.sim.game import Game



def add_commands(sub: argparse._SubParsersAction) -> None:
    """The commands of this group, on the ``wargame`` parser."""
    pr = sub.add_parser("print", help="a printable tabletop kit (PDF): map board, counters, "
                                      "combat results table, turn track, rules")
    pr.add_argument("scenario", help="scenario YAML file")
    pr.add_argument("--out", required=True, metavar="FILE.pdf",
                    help="the kit, one PDF: map board, counters, tables, turn track, rules")
    pr.add_argument("--paper", choices=("a4", "letter"), default="a4",
                    help="the paper every page is laid out on: ISO A4 or US Letter "
                         "(default a4)")
    pr.set_defaults(run=cmd_print)


def played_pictures(game: Game, title: str, history: History, where: str,
                    day_text: str | None, map_path: str | None, animate_path: str | None
                    ) -> list[tuple[str, Payload]]:
    """A day's map (default the last played) and the animation of a played campaign (or a
    stretch of one: a branched game starts part-way), as outputs to write."""
    cal = game.scenario.calendar
    outputs: list[tuple[str, Payload]] = []
    if map_path:
        from engine.pictures.daymap import render_day
        from engine.pictures.mapdraw import map_format
        turns = history.turns
        first, last = history.start.day, history.start.day + len(turns) - 1
        day = last if day_text is None else cal.day_of(day_text, "--day")
        if not first <= day <= last:
            raise WargameError(f"--day {day_text}: {where} has the days from "
                               f"{cal.date_of(first)} to {cal.date_of(last)}")
        j = day - first
        fmt = map_format(map_path)
        outputs.append((map_path, lambda: render_day(game, turns[j].state, turns[j].outcomes,
                                                     cal.date_of(day), fmt, title)))
    if animate_path:
        from engine.pictures.daymap import render_animation
        check_suffix(animate_path, (".gif",), "the animation")
        workers = os.cpu_count() or 1

        def gif() -> bytes:
            with progress("animation", "frame") as tick:
                return render_animation(game, history, title, workers=workers, progress=tick)
        outputs.append((animate_path, gif))
    return outputs


def replay_pictures(args: argparse.Namespace, game: Game, rf: ReplayFile,
                    recorded: Replay) -> bool:
    """The replay's pictures: a day's map, the animation, the HTML viewer, the charts.
    Returns whether any was asked for (the command then prints only what it wrote)."""
    outputs = played_pictures(game, rf.title, recorded.history, rf.path, args.day, args.map,
                              args.animate)
    if args.html:
        from engine.history.replay import play_runs
        from engine.pictures.viewer import band, frames, viewer_data, viewer_html
        check_suffix(args.html, HTML, "the viewer")

        def page() -> str:
            seed = rf.seed if args.seed is None else args.seed
            with progress("adjudicated runs") as tick:
                runs = play_runs(game, rf, args.runs, seed, progress=tick)
            name = f"adjudicated ({args.runs} runs)"
            return viewer_html(viewer_data(game, rf.title, {
                "recorded": frames(game, recorded.history, rf),
                name: frames(game, runs[0].history)},
                {name: band(game, [r.history for r in runs])}))
        outputs.append((args.html, page))
    if args.charts:
        from engine.history.replay import play_runs
        from engine.pictures.charts import capture_chart, losses_chart

        cache: dict[str, list] = {}

        def runs() -> list:
            if "runs" not in cache:
                seed = rf.seed if args.seed is None else args.seed
                with progress("adjudicated runs") as tick:
                    cache["runs"] = play_runs(game, rf, args.runs, seed, progress=tick)
            return cache["runs"]
        for path, _ in outputs:  # the others first: a refused command makes no folder
            check_writable(path)
        if os.path.exists(args.charts) and not os.path.isdir(args.charts):
            raise WargameError(f"--charts {args.charts}: is a file; --charts names a folder")
        try:
            os.makedirs(args.charts, exist_ok=True)
        except OSError as exc:
            raise WargameError(f"--charts {args.charts}: cannot make the folder: "
                               f"{exc.strerror or exc}") from None
        outputs.append((os.path.join(args.charts, "captures.png"),
                        lambda: capture_chart(game, rf, runs())))
        outputs.append((os.path.join(args.charts, "losses.png"),
                        lambda: losses_chart(game, recorded, runs())))
    write_all(outputs)
    told_written(*(path for path, _ in outputs))
    return bool(outputs)


def cmd_print(args: argparse.Namespace) -> int:
    """``wargame print``: the scenario's tabletop kit as one PDF."""
    from engine.pictures.kit import render_kit
    from engine.play.replayfile import load_replay_file
    from engine.scenario.loader import load_scenario
    from engine.sim.game import build_game

    check_suffix(args.out, (".pdf",), "the kit (a PDF)")
    scenario = load_scenario(args.scenario)
    game = build_game(scenario)
    rf = load_replay_file(scenario.replay, scenario) if scenario.replay else None
    write_atomic(args.out, render_kit(game, rf, args.paper))
    told_written(args.out)
    return 0
