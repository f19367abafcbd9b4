"""Errors a user can fix, each naming the file and line that needs the fix.

Every error the engine raises for bad input subclasses :class:`WargameError` (and so
``ValueError``); the command line turns them into ``file:line: message`` and exit status 2
instead of a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class WargameError(ValueError):
    """Bad input: a message the user can act on, never a bug in the engine."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, at one line (``None`` when the whole file is meant)."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


class ScenarioError(WargameError):
    """Every problem found in a scenario (or another input file), reported together."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.message)))
        super().__init__("\n".join(str(p) for p in self.problems))
