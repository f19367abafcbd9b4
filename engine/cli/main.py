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


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="wargame", description="Historical wargame scenario engine.")
    p.add_argument("--version", action="version", version=f"wargame {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in GROUPS:
        group.add_commands(sub)
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
