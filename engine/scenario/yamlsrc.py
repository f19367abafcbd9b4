"""YAML that remembers where each value came from.

Values are built by YAML's safe constructor only (what ``yaml.safe_load`` uses: plain
scalars, lists and mappings, never objects), from nodes composed by libyaml's parser where
it is installed (about ten times faster than the pure-Python one). The nodes are walked
first so that every key and list item knows its line: that is what lets validation say
``scenario.yaml:42: unknown key 'strenght'`` instead of a vague complaint. The walk also
catches duplicate keys, which the constructor silently overwrites.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from engine.errors import Problem, ScenarioError

Path_ = tuple[Hashable, ...]
#: The safe loader, with libyaml's parser where it is installed.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: The largest input file read, in bytes. The biggest file the engine writes (a saved game of a
#: long campaign on a large theatre) is a few megabytes; the cap stops a wrong file from
#: filling memory, and bounds the time YAML takes to read one (about 0.7 s a megabyte).
MAX_BYTES = 16 * 2**20
#: The deepest nesting of mappings and lists read. Scenarios, replays and saved games nest
#: fewer than ten levels; the cap keeps the recursive YAML composer and every walk over the
#: data far from Python's recursion limit.
MAX_DEPTH = 64
#: The most values (scalars, mappings and lists, each alias counted as what it stands for) a
#: file may hold. The largest scenario shipped holds about 4,500 and a 10,000-place theatre
#: about 300,000; the cap refuses an alias "bomb", whose few lines stand for billions of
#: values, before anything walks them, and bounds the time to load a file (about 35 µs a
#: value).
MAX_VALUES = 1_000_000
#: The longest chain of overlays (``extends:``) followed.
MAX_EXTENDS = 32
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


@dataclass(frozen=True)
class Document:
    """A loaded YAML file: its data and the line of every key and list item.

    A document made from an overlay (``extends:``) has entries from more than one file;
    ``files`` names the file of every entry that is not from ``path``."""

    path: str
    data: Any
    lines: dict[Path_, int] = field(repr=False)
    files: dict[Path_, str] = field(default_factory=dict, repr=False)

    def _located(self, path: Path_) -> Path_:
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return path

    def line(self, path: Path_) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        return self.lines.get(self._located(path))

    def file(self, path: Path_) -> str:
        """The file that wrote ``path`` (or its nearest ancestor with a line)."""
        return self.files.get(self._located(path), self.path)

    def problem(self, path: Path_, message: str) -> Problem:
        return Problem(self.file(path), self.line(path), message)


def _key(node: yaml.Node) -> Hashable:
    """A mapping key as the path element both the composer and the loader agree on."""
    return node.value if isinstance(node, yaml.ScalarNode) else repr(node.value)


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int], problems: list[Problem],
          file: str, seen: set[int]) -> None:
    """Record the line of every key and item below ``node``.

    An alias (``*name``) is the very node of its anchor; it is walked once, at the anchor,
    so a self-referring or deeply nested alias costs nothing. Below a later use of the alias
    no line is recorded, so a problem there is reported at the line that uses the alias.
    """
    lines.setdefault(path, node.start_mark.line + 1)
    if id(node) in seen:
        return
    seen.add(id(node))
    _check_scalar(node, problems, file)
    if isinstance(node, yaml.MappingNode):
        first: dict[Hashable, int] = {}
        for key_node, value_node in node.value:
            key = _key(key_node)
            line = key_node.start_mark.line + 1
            _check_scalar(key_node, problems, file)
            if key == "<<":  # merge key: its entries belong to this mapping
                _walk(value_node, path, lines, problems, file, seen)
                continue
            if key in first:
                problems.append(Problem(file, line, f"duplicate key '{key}' (first given at "
                                                    f"line {first[key]}); keep only one"))
                continue
            first[key] = line
            lines[path + (key,)] = line
            _walk(value_node, path + (key,), lines, problems, file, seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), lines, problems, file, seen)


def _check_scalar(node: yaml.Node, problems: list[Problem], file: str) -> None:
    if isinstance(node, yaml.ScalarNode) and node.tag == _TIMESTAMP:
        problem = _timestamp_problem(node)
        if problem:
            problems.append(Problem(file, node.start_mark.line + 1, problem))


def _timestamp_problem(node: yaml.ScalarNode) -> str | None:
    """Why an unquoted date cannot be read (``2013-02-30``), or None.

    The YAML loader turns such text into a date and fails outright on an impossible one;
    checked here, the mistake is reported at its line like any other."""
    try:
        value = yaml.SafeLoader.construct_yaml_timestamp(yaml.SafeLoader(""), node)
    except (ValueError, OverflowError) as exc:
        return f"'{node.value}' is not a possible date ({exc}): write it YYYY-MM-DD"
    assert isinstance(value, dt.date)
    return None


def _shape(text: str, file: str) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` and more than :data:`MAX_VALUES` values.

    The events are read with the parser alone (no composing), which keeps no Python stack
    per level, and reading stops at the first value too deep or too many."""
    stack: list[list] = [[0, None]]          # per open collection: [values, its anchor]
    sizes: dict[str, int] = {}                # anchor -> the values it stands for
    too_many = (f"holds more than {MAX_VALUES:,} values (counting what each alias stands "
                "for): too big to be an input of the engine")
    for event in yaml.parse(text, Loader=_COMPOSER):
        if isinstance(event, yaml.CollectionStartEvent):
            if len(stack) > MAX_DEPTH:
                raise ScenarioError([Problem(file, _mark_line(event.start_mark),
                                             f"nested more than {MAX_DEPTH} levels deep: no "
                                             "input of the engine needs that; check the "
                                             "brackets and the indentation")])
            stack.append([1, event.anchor])
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            size, anchor = stack.pop()
        elif isinstance(event, yaml.AliasEvent):
            if any(event.anchor == open_anchor for _, open_anchor in stack):
                raise ScenarioError([Problem(file, _mark_line(event.start_mark),
                                             f"*{event.anchor} is inside its own anchor "
                                             f"&{event.anchor}: a value cannot hold itself")])
            size, anchor = sizes.get(event.anchor or "", 1), None
        elif isinstance(event, yaml.ScalarEvent):
            size, anchor = 1, event.anchor
        else:
            continue
        if anchor:
            sizes[anchor] = size
        stack[-1][0] += size
        if stack[-1][0] > MAX_VALUES:
            raise ScenarioError([Problem(file, _mark_line(event.start_mark), too_many)])


def _mark_line(mark: Any) -> int | None:
    return int(mark.line) + 1 if mark is not None else None


def parse_yaml(text: str, file: str) -> Document:
    """Parse YAML text; raise :class:`ScenarioError` naming the line of any syntax error."""
    problems: list[Problem] = []
    lines: dict[Path_, int] = {}
    try:
        _shape(text, file)
        loader = _COMPOSER(text)
        try:
            root = loader.get_single_node()
            if root is not None:
                _walk(root, (), lines, problems, file, set())
            # the safe constructor only, built from the nodes already composed
            data = loader.construct_document(root) if root is not None and not problems \
                else None
        finally:
            loader.dispose()
    except ScenarioError:
        raise
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem(file, _error_line(exc, text),
                                     f"not valid YAML: {_error_text(exc)}")]) from None
    except (ValueError, OverflowError, RecursionError) as exc:  # a value YAML cannot build
        raise ScenarioError([Problem(file, None, f"a value cannot be read ({exc}); quote it "
                                                 "if it is meant as text")]) from None
    if problems:
        raise ScenarioError(problems)
    return Document(file, data, lines)


def _error_line(exc: yaml.YAMLError, text: str) -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        return int(mark.line) + 1
    position = getattr(exc, "position", None)  # the reader's errors: a bad character
    if isinstance(position, int):
        return text.count("\n", 0, position) + 1
    return None


def _error_text(exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.reader.ReaderError):
        return (f"the character {exc.character!r} (#x{ord(exc.character):04x}) is not allowed"
                if isinstance(exc.character, str) else str(exc.reason))
    return str(getattr(exc, "problem", None) or exc)


def load_yaml(path: str | Path) -> Document:
    """Read and parse a YAML file, with a clear error if it cannot be read."""
    return parse_yaml(read_text(path), str(path))


EXTENDS = "extends"


def load_overlaid(path: str | Path, _seen: tuple[str, ...] = ()) -> Document:
    """Load a YAML file; if it says ``extends: BASE``, lay it over BASE (itself loaded the
    same way, relative to this file). Mappings merge key by key, anything else replaces,
    and a key set to null (``~``) is removed. Every entry keeps the file and line it was
    written at, so problems are reported where they can be fixed."""
    top = load_yaml(path)
    if not isinstance(top.data, dict) or EXTENDS not in top.data:
        return top
    name = os.path.realpath(path)
    if name in _seen:
        raise ScenarioError([Problem(str(path), top.line((EXTENDS,)),
                                     "extends: goes round in a circle back to this file")])
    if len(_seen) >= MAX_EXTENDS:
        raise ScenarioError([Problem(str(path), top.line((EXTENDS,)),
                                     f"extends: more than {MAX_EXTENDS} overlays deep: lay "
                                     "this overlay on a scenario nearer the base")])
    rel = top.data[EXTENDS]
    problem = path_problem(rel, "the path")
    if problem:
        raise ScenarioError([Problem(str(path), top.line((EXTENDS,)),
                                     "extends: must name the base file, relative to this one "
                                     f"({problem})")])
    base_path = os.path.normpath(Path(path).parent / rel)
    try:
        base = load_overlaid(base_path, (*_seen, name))
    except ScenarioError as exc:  # a base that cannot be read is this line's mistake
        why = unreadable(exc, base_path)
        if why:
            raise ScenarioError([Problem(str(path), top.line((EXTENDS,)),
                                         f"extends: the base file {base_path} cannot be read "
                                         f"({why}); give its path relative to this file")]
                                ) from None
        raise
    data, from_top = _merge(base.data, {k: v for k, v in top.data.items() if k != EXTENDS}, ())
    lines: dict[Path_, int] = {}
    files: dict[Path_, str] = {}
    for p, line in base.lines.items():
        if _exists(data, p) and not any(p[:i] in from_top for i in range(len(p) + 1)):
            lines[p], files[p] = line, base.file(p)
    for p, line in top.lines.items():
        if p and p[0] != EXTENDS and _exists(data, p):
            lines[p] = line
            files.pop(p, None)
    lines[()] = top.lines.get((), 1)  # the document as a whole is the overlay's
    files.pop((), None)
    return Document(str(path), data, lines, files)


def _merge(base: Any, top: Any, path: Path_) -> tuple[Any, set[Path_]]:
    """``top`` laid over ``base``, and the paths whose whole value comes from ``top``."""
    if not isinstance(base, dict) or not isinstance(top, dict):
        return top, {path}
    out, from_top = dict(base), set()
    for key, value in top.items():
        if value is None:
            out.pop(key, None)
            from_top.add(path + (key,))
        elif key in base:
            out[key], more = _merge(base[key], value, path + (key,))
            from_top |= more
        else:
            out[key] = value
            from_top.add(path + (key,))
    return out, from_top


def _exists(data: Any, path: Path_) -> bool:
    for key in path:
        found = (key in data) if isinstance(data, dict) else (
            isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data))
        if not found:
            return False
        data = data[key]
    return True


def unreadable(exc: ScenarioError, path: str | Path) -> str | None:
    """Why the file at ``path`` itself could not be read, if that is what ``exc`` says.

    A file named inside another (a base, a seed, a saved game's scenario) that cannot be read
    is the naming line's mistake, and is reported there."""
    return next((p.message for p in exc.problems if p.file == str(path) and p.line is None),
                None)


def path_problem(value: object, what: str = "a path") -> str | None:
    """Why ``value``, written in a file as the path of another file, cannot be one; or None.

    Checked where the path is read, so the mistake is reported at the line that wrote it."""
    if not isinstance(value, str) or not value.strip():
        return f"{what} must be a file's path, not {'empty text' if value == '' else repr(value)}"
    bad = next((c for c in value if ord(c) < 32 or ord(c) == 127), None)
    if bad is not None:
        return f"{what} {value!r} holds the control character {bad!r}, which no path can"
    if len(value) > 4096:
        return f"{what} is {len(value):,} characters long, longer than any path"
    return None


def read_text(path: str | Path) -> str:
    """Read a UTF-8 text file of at most :data:`MAX_BYTES`, or raise a
    :class:`ScenarioError` saying why not (with the line of a byte that is not UTF-8)."""
    name = str(path)
    problem = path_problem(name, "the path")
    if problem:
        raise ScenarioError([Problem(repr(name), None, problem)])
    try:  # opened without waiting: a pipe with no writer would keep open() waiting forever
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise ScenarioError([Problem(name, None, "is not a regular file (a pipe, a "
                                                         "socket or a device): give a file")])
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ScenarioError([Problem(name, None, "no such file")]) from None
    except IsADirectoryError:
        raise ScenarioError([Problem(name, None, "is a directory, not a file")]) from None
    except OSError as exc:
        raise ScenarioError([Problem(name, None, f"cannot be read: {exc.strerror}")]) from None
    if len(data) > MAX_BYTES:
        raise ScenarioError([Problem(name, None, f"is larger than {MAX_BYTES // 2**20} MB, "
                                                 "more than any input of the engine: is it "
                                                 "the right file?")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ScenarioError([Problem(name, line, f"not UTF-8 text ({exc.reason} at byte "
                                                 f"{exc.start}): save the file as UTF-8")]) \
            from None


def dump_yaml(data: Any) -> str:
    """YAML text in a stable form (insertion order kept, unicode kept)."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_VALUES", "Document", "dump_yaml", "load_overlaid",
           "load_yaml", "parse_yaml", "path_problem", "read_text", "unreadable"]
