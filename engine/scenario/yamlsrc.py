"""YAML that remembers where each value came from.

Values are loaded with ``yaml.safe_load`` only. The same text is also composed (parsed into
nodes, never constructed into objects) so that every key and list item knows its line: that
is what lets validation say ``scenario.yaml:42: unknown key 'strenght'`` instead of a vague
complaint. Composing also catches duplicate keys, which ``safe_load`` silently overwrites.
"""

from __future__ import annotations

import os
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from engine.errors import Problem, ScenarioError

Path_ = tuple[Hashable, ...]
#: Composing only builds nodes (never objects), so libyaml's fast parser is safe to use for
#: the line numbers; the values themselves always come from ``yaml.safe_load``.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    if isinstance(node, yaml.MappingNode):
        first: dict[Hashable, int] = {}
        for key_node, value_node in node.value:
            key = _key(key_node)
            line = key_node.start_mark.line + 1
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


def parse_yaml(text: str, file: str) -> Document:
    """Parse YAML text; raise :class:`ScenarioError` naming the line of any syntax error."""
    problems: list[Problem] = []
    lines: dict[Path_, int] = {}
    try:
        root = yaml.compose(text, Loader=_COMPOSER)
        if root is not None:
            _walk(root, (), lines, problems, file, set())
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        what = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError([Problem(file, line, f"not valid YAML: {what}")]) from None
    if problems:
        raise ScenarioError(problems)
    return Document(file, data, lines)


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
    rel = top.data[EXTENDS]
    if not isinstance(rel, str) or not rel.strip():
        raise ScenarioError([Problem(str(path), top.line((EXTENDS,)),
                                     "extends: must name the base file, relative to this one")])
    base = load_overlaid(os.path.normpath(Path(path).parent / rel), (*_seen, name))
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


def read_text(path: str | Path) -> str:
    """Read a UTF-8 text file or raise a :class:`ScenarioError` saying why not."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([Problem(str(path), None, "no such file")]) from None
    except IsADirectoryError:
        raise ScenarioError([Problem(str(path), None, "is a directory, not a file")]) from None
    except UnicodeDecodeError as exc:
        raise ScenarioError([Problem(str(path), None, f"not UTF-8 text ({exc.reason})")]) from None
    except OSError as exc:
        raise ScenarioError([Problem(str(path), None, f"cannot be read: {exc.strerror}")]) from None


def dump_yaml(data: Any) -> str:
    """YAML text in a stable form (insertion order kept, unicode kept)."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


__all__ = ["Document", "dump_yaml", "load_overlaid", "load_yaml", "parse_yaml", "read_text"]
