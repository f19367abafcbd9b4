"""The picture commands: a replay's ``--map``, ``--animate``, ``--html`` and ``--charts``,
and ``print`` (the tabletop kit)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from engine.atomic import Payload, write_all, write_atomic

if TYPE_CHECKING:
    from engine.game import Game
    from engine.replay import Replay
    from engine.replayfile import ReplayFile


def replay_pictures(args: argparse.Namespace, game: Game, rf: ReplayFile,
                    recorded: Replay) -> None:
    """The replay's pictures: a day's map, the animation, the HTML viewer, the charts."""
    outputs: list[tuple[str, Payload]] = []
    cal = game.scenario.calendar
    outcomes = [list(t.outcomes) for t in recorded.turns]
    if args.map:
        from engine.daymap import render_day
        from engine.mapdraw import map_format
        day = cal.turns - 1 if args.day is None else cal.day_of(args.day, "--day")
        fmt = map_format(args.map)
        outputs.append((args.map, lambda: render_day(game, recorded.states[day + 1],
                                                     outcomes[day], cal.date_of(day), fmt,
                                                     rf.title)))
    if args.animate:
        from engine.daymap import render_animation
        workers = os.cpu_count() or 1
        outputs.append((args.animate, lambda: render_animation(
            game, recorded.states, outcomes, rf.title, workers=workers)))
    if args.html:
        from engine.replay import ADJUDICATED, play_replay
        from engine.viewer import frames, viewer_data, viewer_html

        def page() -> str:
            seed = rf.seed if args.seed is None else args.seed
            run = play_replay(game, rf, ADJUDICATED, seed)
            return viewer_html(viewer_data(game, rf.title, {
                "recorded": frames(game, recorded.states, outcomes, rf),
                f"adjudicated (seed {seed})": frames(game, run.states,
                                                     [list(t.outcomes) for t in run.turns])}))
        outputs.append((args.html, page))
    if args.charts:
        from engine.charts import capture_chart, losses_chart
        from engine.replay import play_runs

        cache: dict[str, list] = {}

        def runs() -> list:
            if "runs" not in cache:
                seed = rf.seed if args.seed is None else args.seed
                cache["runs"] = play_runs(game, rf, args.runs, seed)
            return cache["runs"]
        os.makedirs(args.charts, exist_ok=True)
        outputs.append((os.path.join(args.charts, "captures.png"),
                        lambda: capture_chart(game, rf, runs())))
        outputs.append((os.path.join(args.charts, "losses.png"),
                        lambda: losses_chart(game, recorded, runs())))
    write_all(outputs)
    for path, _ in outputs:
        print(f"written: {path}", file=sys.stderr)


def cmd_print(args: argparse.Namespace) -> int:
    """``wargame print``: the scenario's tabletop kit as one PDF."""
    from engine.game import build_game
    from engine.kit import render_kit
    from engine.replayfile import load_replay_file
    from engine.scenario import load_scenario

    scenario = load_scenario(args.scenario)
    game = build_game(scenario)
    rf = load_replay_file(scenario.replay, scenario) if scenario.replay else None
    write_atomic(args.out, render_kit(game, rf))
    print(f"kit written to {args.out}")
    return 0
