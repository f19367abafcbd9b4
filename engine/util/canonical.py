"""JSON the engine writes: plain data from its dataclasses, one canonical text for digests and
one readable text for people and tools."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from typing import Any


def plain(obj: Any) -> Any:
    """Recursively turn dataclasses, mappings, tuples and dates into JSON-ready values.

    Fields that are ``None`` or empty are left out, so the output stays readable.
    """
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {}
        for f in dataclasses.fields(obj):
            value = plain(getattr(obj, f.name))
            if value not in (None, (), [], {}, ""):
                out[f.name] = value
        return out
    if isinstance(obj, Mapping):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [plain(v) for v in obj]
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, float) and obj.is_integer():
        return int(obj)
    return obj


def canonical(data: Any) -> str:
    """JSON with sorted keys and no spaces: one text for one value, on every machine (what a
    digest is taken of)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def readable(data: Any) -> str:
    """JSON for people and tools: indented, unicode kept, one trailing newline (the ``--json``
    of every command and every JSON file the engine writes)."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
