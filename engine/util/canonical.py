"""Plain data (dicts, lists, strings, numbers) from the engine's dataclasses, for JSON/YAML."""

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


def to_json(obj: Any) -> str:
    """Canonical JSON: sorted keys, fixed separators, one trailing newline."""
    return json.dumps(plain(obj), sort_keys=True, ensure_ascii=False, indent=1) + "\n"
