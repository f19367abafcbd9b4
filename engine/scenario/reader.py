"""Checked reading of YAML data: every problem is collected with its line, none raised.

A :class:`Reader` walks a :class:`~engine.yamlsrc.Document` the way a proof-reader would:
it notes every unknown key (with a "did you mean"), every missing or mistyped value and
every citation, and keeps going, so that one run of ``wargame validate`` shows everything
that needs fixing.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from engine.errors import Problem
from engine.scenario.facts import Citation, Fact, Provenance
from engine.scenario.yamlsrc import Document, Path_, path_problem
from engine.util.text import closest, kind_of, suggest

#: Keys any item may carry to say where it comes from.
PROVENANCE_KEYS = frozenset({"source", "reference", "assumption", "note"})
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]*$")
MISSING = object()
#: The largest figure read where no tighter bound is given: past any count or measure a
#: scenario states, and small enough to stay exact as a float and to fit a 64-bit integer.
LARGEST = 1e15


def number_forms(*values: float | None) -> tuple[str, ...]:
    """How a figure may be written in a text: ``7000``, ``7,000``, ``0.5``."""
    forms: list[str] = []
    for v in values:
        if v is None:
            continue
        if float(v).is_integer():
            forms += [f"{int(v):,}", str(int(v))]
        else:
            forms.append(f"{v:g}")
    return tuple(dict.fromkeys(forms))


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _span(part: tuple[float, float]) -> str:
    return f"{part[0]:g}" if part[0] == part[1] else f"{part[0]:g}–{part[1]:g}"


class Reader:
    """Reads values out of a document, noting each problem at its line."""

    def __init__(self, doc: Document, seed_lines: list[str] | None = None) -> None:
        self.doc = doc
        self.seed_lines = seed_lines
        #: The file names a seed (even one that could not be read): provenance is required.
        self.seed_named = seed_lines is not None
        self.problems: list[Problem] = []
        self.citations: list[Citation] = []
        #: (section, id) of entries kept despite a bad field, so others may refer to them.
        self.broken: set[tuple[str, str]] = set()
        #: Paths of required keys already reported missing (or misspelt).
        self.reported_missing: set[Path_] = set()

    # -- reporting -------------------------------------------------------------------------
    def bad(self, path: Path_, message: str) -> None:
        if tuple(path) in self.reported_missing:
            return  # the missing key was reported once; its absence is not news
        self.problems.append(self.doc.problem(path, message))

    def where(self, path: Path_) -> str:
        return f"{self.doc.file(path)}:{self.doc.line(path)}"

    # -- shapes ----------------------------------------------------------------------------
    def mapping(self, path: Path_, value: Any, allowed: Iterable[str],
                required: Iterable[str] = (), what: str = "this entry") -> dict | None:
        """A mapping whose keys are all known and whose required keys are all there."""
        if not isinstance(value, dict):
            self.bad(path, f"{what} must be a mapping of key: value lines, not {kind_of(value)}")
            return None
        allowed = set(allowed)
        meant = set()
        for key in value:
            if str(key) not in allowed:
                self.bad(path + (str(key),), f"unknown key '{key}' in {what}"
                                             f"{suggest(str(key), allowed)}")
                meant.add(closest(str(key), allowed))
        for key in required:
            if key not in value:
                if key not in meant:  # a misspelt key already pointed at it
                    self.bad(path, f"{what} is missing '{key}'")
                self.reported_missing.add(tuple(path) + (key,))
        return value

    def table(self, path: Path_, value: Any, what: str) -> dict[str, Any]:
        """A mapping from ids to entries; each id must be usable in typed orders."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.bad(path, f"{what} must be a mapping from ids to entries, not {kind_of(value)}")
            return {}
        out: dict[str, Any] = {}
        for key, entry in value.items():
            if not isinstance(key, str) or not ID_PATTERN.match(key):
                self.bad(path + (str(key),), f"id '{key}' in {what}: ids are lowercase letters, "
                                             "digits and _ (they are typed in orders); rename it")
                continue
            out[key] = entry
        return out

    def items(self, path: Path_, value: Any, what: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.bad(path, f"{what} must be a list, not {kind_of(value)}")
            return []
        return value

    # -- scalars ---------------------------------------------------------------------------
    def text(self, path: Path_, value: Any, what: str, required: bool = True) -> str | None:
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            self.bad(path, f"{what} must be non-empty text, not {kind_of(value)}")
            return None
        return value.strip()

    def file_path(self, path: Path_, value: Any, what: str) -> str | None:
        """The path of another file, written relative to the file that names it."""
        problem = path_problem(value, what)
        if problem:
            self.bad(path, f"{problem}; give its path relative to this file")
            return None
        return os.path.normpath(Path(self.doc.file(path)).parent / value.strip())

    def texts(self, path: Path_, value: Any, what: str) -> tuple[str, ...]:
        out = []
        for i, item in enumerate(self.items(path, value, what)):
            t = self.text(path + (i,), item, f"each of {what}")
            if t:
                out.append(t)
        return tuple(out)

    def number(self, path: Path_, value: Any, what: str, minimum: float | None = 0.0,
               maximum: float | None = None, above: float | None = None,
               integer: bool = False) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            hint = ""
            if isinstance(value, str) and re.fullmatch(r"[-+]?\d+(\.\d*)?[eE][-+]?\d+", value):
                hint = f" (YAML reads {value} as text; write it with a point and a sign: " \
                       f"{float(value):.1e})"
            self.bad(path, f"{what} must be a number, not {kind_of(value)} {value!r}{hint}")
            return None
        if isinstance(value, int) and abs(value) > 2**63:  # past any float check's reach
            self.bad(path, f"{what} must be a number of a sensible size, not one of "
                           f"{len(str(abs(value)))} digits")
            return None
        if not math.isfinite(value):
            self.bad(path, f"{what} must be a finite number, not {value}")
            return None
        if integer and not float(value).is_integer():
            self.bad(path, f"{what} must be a whole number, not {value}")
            return None
        if above is not None and value <= above:
            self.bad(path, f"{what} must be more than {above:g}, not {value:g}")
            return None
        if minimum is not None and value < minimum:
            self.bad(path, f"{what} must be at least {minimum:g}, not {value:g}")
            return None
        if maximum is None:
            maximum = LARGEST
        if value > maximum:
            self.bad(path, f"{what} must be at most {maximum:g}, not {value:g}")
            return None
        return float(value)

    def choice(self, path: Path_, value: Any, options: Iterable[str], what: str) -> str | None:
        options = tuple(options)
        if value not in options:
            self.bad(path, f"{what} '{value}' is not known{suggest(str(value), options)}")
            return None
        return value

    def ref(self, path: Path_, value: Any, known: Iterable[str], what: str) -> str | None:
        """An id that must name something already defined."""
        known = tuple(known)
        if not isinstance(value, str):
            self.bad(path, f"{what} must be an id, not {kind_of(value)}")
            return None
        if value not in known:
            self.bad(path, f"{what} '{value}' is not defined{suggest(value, known)}")
            return None
        return value

    def date(self, path: Path_, value: Any, what: str) -> dt.date | None:
        if isinstance(value, dt.datetime):  # a time of day would never match a turn's date
            self.bad(path, f"{what} must be a date written YYYY-MM-DD, without a time of day, "
                           f"not {value.isoformat(' ')}")
            return None
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.bad(path, f"{what} must be a date written YYYY-MM-DD, not {value!r}")
        return None

    def flag(self, path: Path_, value: Any, what: str) -> bool:
        if value is MISSING or value is None:
            return False
        if not isinstance(value, bool):
            self.bad(path, f"{what} must be true or false, not {value!r}")
            return False
        return value

    # -- provenance and facts --------------------------------------------------------------
    def provenance(self, path: Path_, entry: dict, subject: str,
                   mentions: Iterable[str] = ()) -> Provenance:
        """The ``source``/``reference``/``assumption``/``note`` keys of an entry."""
        line: int | None = None
        quote: str | None = None
        source = entry.get("source")
        if source is not None:
            src = self.mapping(path + ("source",), source, {"line", "quote"}, {"line"},
                               "a source (source: {line: N, quote: ...})")
            if src and "line" in src:
                number = self.number(path + ("source", "line"), src["line"], "a source line",
                                     minimum=1, integer=True)
                line = int(number) if number is not None else None
                quote = self.text(path + ("source", "quote"), src.get("quote"), "a quote",
                                  required=False)
            if line is not None:
                if self.seed_lines is None:
                    if not self.seed_named:  # an unreadable seed was reported once already
                        self.bad(path + ("source",), f"{subject} cites seed line {line} but "
                                                     "the scenario names no seed: add "
                                                     "scenario: seed:")
                elif line > len(self.seed_lines):
                    self.bad(path + ("source",), f"{subject} cites line {line}, past the end of "
                                                 f"the seed ({len(self.seed_lines)} lines)")
                else:
                    self.citations.append(Citation(line, quote, tuple(mentions), subject,
                                                   self.where(path + ("source",))))
        reference = self.text(path + ("reference",), entry.get("reference"), "a reference",
                              required=False)
        assumption = self.text(path + ("assumption",), entry.get("assumption"),
                               "an assumption", required=False)
        if assumption is not None and len(assumption.split()) < 4:
            self.bad(path + ("assumption",), f"the assumption for {subject} must say why it was "
                                             f"made, in a sentence, not {assumption!r}")
        note = self.text(path + ("note",), entry.get("note"), "a note", required=False)
        return Provenance(line, quote, reference, assumption, note)

    def require_provenance(self, path: Path_, prov: Provenance, subject: str) -> None:
        """With a seed, every fact must say where it comes from."""
        if self.seed_named and not prov:
            self.bad(path, f"{subject} has no provenance: cite the seed with source: {{line: N}}, "
                           "give a reference:, or say why in assumption:")

    def _parts(self, path: Path_, entry: dict, subject: str, v: float | None,
               low: float | None, high: float | None) -> list[tuple[float, float]] | None:
        """The figures a fact adds up (``parts: [A, B]``, or ``[[A1, A2], [B1, B2]]`` for
        ranges): an article that gives two forces or a toll by parts is cited part by part,
        and the parts' sum must be the value (lows and highs the range's ends)."""
        raw = entry["parts"]
        where = path + ("parts",)
        if not isinstance(raw, list) or len(raw) < 2:
            self.bad(where, f"the parts of {subject} must be a list of two or more figures "
                            "(a figure, or [low, high] for a range), as the cited line gives them")
            return None
        parts: list[tuple[float, float]] = []
        for item in raw:
            ends = item if isinstance(item, list) and len(item) == 2 else [item, item]
            lo = self.number(where, ends[0], f"a part of {subject}")
            hi = self.number(where, ends[1], f"a part of {subject}")
            if lo is None or hi is None:
                return None
            if lo > hi:
                self.bad(where, f"a part of {subject} runs from {lo:g} down to {hi:g}: give "
                                "[low, high]")
                return None
            parts.append((lo, hi))
        lows, highs = sum(p[0] for p in parts), sum(p[1] for p in parts)
        if v is not None and low is not None and high is not None and (
                not _close(lows, low if low != high else v) or
                not _close(highs, high if low != high else v)):
            want = f"{low:g}–{high:g}" if low != high else f"{v:g}"
            have = f"{lows:g}–{highs:g}" if lows != highs else f"{lows:g}"
            self.bad(where, f"the parts of {subject} add up to {have}, not {want}: the value "
                            "(and range) must be the parts' sum")
            return None
        return parts

    def fact(self, path: Path_, value: Any, subject: str, *, minimum: float | None = 0.0,
             maximum: float | None = None, above: float | None = None,
             integer: bool = False) -> Fact | None:
        """A number, plain or as ``{value, range: [lo, hi], at_least, source...}``."""
        limits: dict[str, Any] = {"minimum": minimum, "maximum": maximum, "above": above,
                                  "integer": integer}
        if not isinstance(value, dict):
            v = self.number(path, value, subject, **limits)
            if v is not None:
                self.require_provenance(path, Provenance(), subject)
                return Fact(v, v, v)
            return None
        entry = self.mapping(path, value,
                             {"value", "range", "at_least", "parts"} | PROVENANCE_KEYS,
                             {"value"}, subject)
        if entry is None or "value" not in entry:
            return None
        v = self.number(path + ("value",), entry["value"], subject, **limits)
        low = high = v
        if "range" in entry:
            bounds = entry["range"]
            if (not isinstance(bounds, list) or len(bounds) != 2):
                self.bad(path + ("range",), f"the range of {subject} must be [low, high]")
            else:
                lo = self.number(path + ("range",), bounds[0], f"the low end of {subject}",
                                 **limits)
                hi = self.number(path + ("range",), bounds[1], f"the high end of {subject}",
                                 **limits)
                if lo is not None and hi is not None and v is not None and not lo <= v <= hi:
                    self.bad(path + ("range",), f"the range [{lo:g}, {hi:g}] of {subject} must "
                                                f"contain its value {v:g}")
                elif lo is not None and hi is not None:
                    low, high = lo, hi
        at_least = self.flag(path + ("at_least",), entry.get("at_least", MISSING), "at_least")
        parts = self._parts(path, entry, subject, v, low, high) if "parts" in entry else None
        cited = len(self.citations)
        prov = self.provenance(path, entry, subject,
                               () if parts is not None else
                               number_forms(v, low if low != v else None,
                                            high if high != v else None))
        if parts is not None and len(self.citations) > cited:
            whole = self.citations[-1]   # its quote is checked; the line must give each part
            self.citations += [replace(whole, quote=None, mentions=number_forms(end),
                                       subject=f"{subject} (part {i} of its sum, {_span(part)})")
                               for i, part in enumerate(parts, start=1)
                               for end in dict.fromkeys(part)]
        self.require_provenance(path, prov, subject)
        if v is None or low is None or high is None:
            return None
        return Fact(v, low, high, at_least, prov)


def entry_names(r: Reader, path: tuple, e: dict, fallback: str) -> tuple[str, tuple[str, ...]]:
    """An entry's name (its id if the name is bad, which is reported) and its aliases."""
    name = r.text(path + ("name",), e.get("name"), "a name") or fallback
    return name, r.texts(path + ("aliases",), e.get("aliases"), "aliases")
