"""The ``wargame`` command (also ``python -m engine``).

Every mistake in what the user hands in ends as ``file:line: what is wrong and how to fix
it`` on standard error with exit status 2, never a traceback; files are written whole or
not at all.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from engine._version import __version__
from engine.cli import batch, battle, campaign, pictures, play, replay, scenario
from engine.errors import WargameError

GROUPS = (scenario, campaign, replay, battle, play, batch, pictures)


#: An example of each command, shown under its ``--help``: BATTLE, ARTICLE, WHAT_IF and SIDE
#: stand for a scenario, its seed article, an alternate of it and one of its sides.
EXAMPLES = {
    "validate": "wargame validate scenarios/BATTLE.yaml --json",
    "show": "wargame show scenarios/BATTLE.yaml --map battle.png",
    "extract": "wargame extract seeds/ARTICLE.txt --format json --out extract.json",
    "cite": "wargame cite seeds/ARTICLE.txt 'killed'",
    "draft": "wargame draft seeds/ARTICLE.txt --out scenarios/BATTLE.yaml --replay",
    "run": "wargame run scenarios/BATTLE.yaml --seed 1 --ai heuristic",
    "bench": "wargame bench scenarios/BATTLE.yaml --runs 10 --scales 1,10",
    "replay": "wargame replay scenarios/BATTLE.yaml --mode adjudicated --runs 100",
    "duel": "wargame duel scenarios/BATTLE.yaml --ai search --against heuristic --runs 4",
    "calibrate": "wargame calibrate scenarios/BATTLE.yaml --odds-only",
    "battle": "wargame battle --attacker 3000 --defender 800 --posture prepared "
              "--terrain urban --days 7",
    "compare": "wargame compare scenarios/BATTLE.yaml scenarios/alternates/WHAT_IF.yaml "
               "--runs 20",
    "map": "wargame map BATTLE-seed1.yaml --day 3 --out game.png --html game.html",
    "print": "wargame print scenarios/BATTLE.yaml --out kit.pdf --paper letter",
    "play": "wargame play scenarios/BATTLE.yaml --as SIDE --seed 1",
    "verify": "wargame verify BATTLE-seed1.yaml --json",
    "batch": "wargame batch scenarios/BATTLE.yaml --design sobol --runs 256 --workers 2 "
             "--out runs/sobol",
    "sensitivity": "wargame sensitivity runs/sobol --metric civilians_killed",
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="wargame", description="Historical wargame scenario engine.")
    p.add_argument("--version", action="version", version=f"wargame {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in GROUPS:
        group.add_commands(sub)
    for name, command in sub.choices.items():
        command.formatter_class = argparse.RawDescriptionHelpFormatter
        command.epilog = f"example:\n  {EXAMPLES[name]}" if name in EXAMPLES else None
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
