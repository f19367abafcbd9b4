"""Argument types shared by the command groups."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from engine.errors import WargameError

#: Seeds are 64-bit, as a saved game stores them.
MAX_SEED = 2**64 - 1


def told_written(*paths: str) -> None:
    """Say what a command wrote, a line per file, on standard error, as every command does:
    standard output keeps the report (or the JSON) alone."""
    for path in paths:
        print(f"written: {path}", file=sys.stderr)


def seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"a seed is a whole number from 0 to 2^64-1, not "
                                         f"{text[:40]!r}")
    return value


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"give a whole number of 1 or more, not {text[:40]!r}")
    return value


def at_most(limit: int) -> Callable[[str], int]:
    """A whole number from 1 to ``limit``: a count past any real use is a slip, refused
    before anything is allocated or played."""
    def count(text: str) -> int:
        value = positive(text)
        if value > limit:
            raise argparse.ArgumentTypeError(f"give a whole number from 1 to {limit:,}, not "
                                             f"{text[:40]!r}")
        return value
    return count


def days_within(days: int | None, turns: int) -> int | None:
    """``--days``, which must fit the scenario's calendar of ``turns`` days."""
    if days is not None and not 1 <= days <= turns:
        raise WargameError(f"--days must be between 1 and {turns}, the scenario's calendar, "
                           f"not {days}")
    return days


def scenario_and_replay(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="scenario YAML file")
    p.add_argument("replay", nargs="?",
                   help="replay file (default: the scenario's historical replay)")


def ai_option(p: argparse.ArgumentParser, who: str = "every side",
              default: str = "historical where the scenario has a plan, else heuristic"
              ) -> None:
    """``--ai KIND|SIDE=KIND``, repeatable: the commander of ``who``. Checked against the
    scenario once it is loaded (:func:`engine.play.commanders.parse_ai`), since the sides
    and whether there is a plan are the scenario's."""
    p.add_argument("--ai", action="append", metavar="KIND|SIDE=KIND",
                   help=f"the commander of {who}: historical (the scenario's plan, doctrine "
                        "where it no longer applies), heuristic (doctrine and objectives) or "
                        "search (plans tried by rollouts); KIND for every side or SIDE=KIND "
                        f"for one (repeat for more); default: {default}")
