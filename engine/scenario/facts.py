"""The smallest values of a scenario: where a fact comes from, a number with its
uncertainty, and a citation to check. Everything that reads a scenario builds on these."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Provenance:
    """Where a fact comes from: a seed line, an outside reference, or an assumption."""

    line: int | None = None
    quote: str | None = None
    reference: str | None = None
    assumption: str | None = None
    note: str | None = None

    def __bool__(self) -> bool:
        return bool(self.line or self.reference or self.assumption)

    def describe(self) -> str:
        """A short human form: ``line 27``, ``ref: ...`` or ``assumed: ...``."""
        parts = []
        if self.line:
            parts.append(f"line {self.line}")
        if self.reference:
            parts.append(f"ref: {self.reference}")
        if self.assumption:
            parts.append(f"assumed: {self.assumption}")
        return "; ".join(parts) or "no source"


@dataclass(frozen=True)
class Fact:
    """A number with its uncertainty and provenance.

    ``low``/``high`` bound what batch runs may vary (equal to ``value`` when certain);
    ``at_least`` marks a figure the source gives as a lower bound ("125+ killed").
    """

    value: float
    low: float
    high: float
    at_least: bool = False
    provenance: Provenance = Provenance()

    @property
    def uncertain(self) -> bool:
        return self.low != self.high


@dataclass(frozen=True)
class Citation:
    """A cited seed line and what it must mention for the citation to be honest."""

    line: int
    quote: str | None
    mentions: tuple[str, ...]
    subject: str
    where: str
