"""A military-conflict infobox as structured data.

Plain-text dumps flatten the infobox's lists: ``Units2: Armed Forces, * Army:, ** 3rd Corps``
keeps the nesting only as leading stars; flags and images leave empty
entries or ``20px`` behind; the {{KIA}} mark is glued to a name (``SmithKIA``); ``----``
separates co-belligerents. This module reads all of that back into sides with combatants,
commanders, a unit hierarchy, strengths and casualties, and the result and territory lines.
"""

from __future__ import annotations

import re
from typing import Any

from engine.seed.article import Article
from engine.seed.dates import find_dates, resolve

_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_FIGURE = re.compile(rf"(?P<approx>~|about |around |c\. ?)?(?P<low>{_NUMBER})"
                     rf"(?:\s*(?:–|-|to)\s*(?P<high>{_NUMBER}))?(?P<plus>\+)?\s*(?P<what>[^,;(]*)")
_RANKS = re.compile(r"^((?:(?:Lt|Lieut|Brig|Maj|Gen|Col|Capt|Cpt|Adm|Sgt|Lt\.? Gen|Brig\.? Gen|"
                    r"Maj\.? Gen)\.?\s+)+)")
_IMAGE = re.compile(r"\b\d+px\b")
_KIA = re.compile(r"(?<=[a-z])\s*(KIA|POW|WIA)\b")
_SIDE_KEY = re.compile(r"^(combatant|commander|units|strength|casualties)(\d+)$", re.I)


def number(text: str) -> float:
    value = float(text.replace(",", ""))
    return int(value) if value.is_integer() else value


def figures(text: str) -> list[dict[str, Any]]:
    """``7,000 soldiers`` → value 7000; ``125+ killed`` → at least 125; ``Unknown`` → none."""
    out = []
    for part in re.split(r"[;,]\s+(?=[~\d])", text):
        part = part.strip()
        m = _FIGURE.search(part)
        if not m:
            if part:
                out.append({"value": None, "known": False, "text": part})
            continue
        fig: dict[str, Any] = {"value": number(m.group("low")), "text": part}
        if m.group("high"):
            fig["high"] = number(m.group("high"))
        if m.group("plus"):
            fig["at_least"] = True
        if m.group("approx"):
            fig["approximate"] = True
        what = m.group("what").strip()
        if what:
            fig["what"] = what
        out.append(fig)
    return out


def _items(value: str) -> list[tuple[int, str]]:
    """``A, * B, ** C`` → [(0, A), (1, B), (2, C)]; empty entries kept as ``""``."""
    out = []
    for piece in value.split(","):
        m = re.match(r"\s*(\**)\s*(.*)", piece)
        assert m is not None  # both groups may be empty: it matches any text
        stars, text = m.group(1), m.group(2)
        text = _IMAGE.sub("", text).strip().rstrip(":").strip()
        if not re.search(r"\w", text):
            text = ""
        out.append((len(stars), text))
    if out and out[-1] == (0, ""):
        out.pop()
    return out


def hierarchy(value: str) -> list[dict[str, Any]]:
    """A nested list from the starred items; an unnamed entry (a lost flag) is ``None``."""
    roots: list[dict[str, Any]] = []
    stack: list[tuple[int, dict[str, Any]]] = []
    for level, text in _items(value):
        node: dict[str, Any] = {"name": text or None, "level": level}
        while stack and stack[-1][0] >= level:
            stack.pop()
        (stack[-1][1].setdefault("children", []) if stack else roots).append(node)
        stack.append((level, node))
    return roots


def _flatten(nodes: list[dict[str, Any]]) -> list[str]:
    out = []
    for node in nodes:
        if node["name"]:
            out.append(node["name"])
        out += _flatten(node.get("children", []))
    return out


def commanders(value: str) -> list[dict[str, Any]]:
    """Names with rank, role (the parenthesis after them), fate and allegiance group."""
    out: list[dict[str, Any]] = []
    group = 0
    for chunk in re.split(r"(\([^)]*\))", value):
        if chunk.startswith("("):
            if out:
                role = chunk[1:-1].strip()
                out[-1]["role"] = role
                if re.search(r"\bresign", role, re.I):
                    out[-1]["fate"] = "resigned"
            continue
        for piece in chunk.split(","):
            piece = piece.strip()
            if piece.startswith("----"):
                group += 1
                piece = piece.lstrip("- ").strip()
            if not re.search(r"[A-Za-z]", piece):
                continue
            entry: dict[str, Any] = {"group": group}
            kia = _KIA.search(piece)
            if kia:
                entry["fate"] = {"KIA": "killed", "POW": "captured", "WIA": "wounded"}[kia.group(1)]
                piece = _KIA.sub("", piece).strip()
            rank = _RANKS.match(piece)
            if rank:
                entry["rank"] = rank.group(1).strip()
                piece = piece[rank.end():].strip()
            entry["name"] = piece
            out.append(entry)
    return out


def territory(value: str) -> dict[str, Any]:
    """``X captures A, B and 20 smaller villages and reopens the highway`` → its parts."""
    out: dict[str, Any] = {"text": value}
    m = re.search(r"\b(captures?|captured|takes?|took|seizes?|seized|gains?|gained)\s+(.*)", value)
    if not m:
        return out
    out["actor"] = value[:m.start()].strip() or None
    rest = m.group(2)
    more = re.split(r"\s+and\s+(?=(?:reopens?|opens?|secures?|breaks?|cuts?|lifts?)\b)", rest)
    parts = re.split(r",\s*|\s+and\s+(?=\d|[A-Z])", more[0])
    gains: list[Any] = []
    for part in (p.strip() for p in parts if p.strip()):
        count = re.match(r"(\d+)\s+(.*)", part)
        gains.append({"count": int(count.group(1)), "of": count.group(2)} if count else part)
    out["captures"] = gains
    if len(more) > 1:
        out["also"] = [s.strip() for s in more[1:]]
    return out


def parse_infobox(article: Article) -> dict[str, Any]:
    """The infobox of ``article`` as plain data, each field with its line number."""
    out: dict[str, Any] = {"lines": {}}
    sides: dict[int, dict[str, Any]] = {}
    other: list[dict[str, Any]] = []
    for key, value, line in article.infobox:
        out["lines"][key] = line
        side_key = _SIDE_KEY.match(key)
        if side_key:
            field, n = side_key.group(1).lower(), int(side_key.group(2))
            if field == "casualties" and n > 2 and f"Combatant{n}" not in out["lines"]:
                other += [dict(f, line=line) for f in figures(value)]
                continue
            side = sides.setdefault(n, {"index": n})
            if field == "combatant":
                side["combatants"] = _flatten(hierarchy(value))
            elif field == "commander":
                side["commanders"] = commanders(value)
            elif field == "units":
                side["units"] = hierarchy(value)
            elif field == "strength":
                side["strength"] = figures(value)
            else:
                side["casualties"] = figures(value)
            side.setdefault("lines", {})[field] = line
        elif key.lower() == "date":
            out["date"] = _campaign_dates(value)
        elif key.lower() == "territory":
            out["territory"] = territory(value)
        else:
            out[key.lower()] = value
    out["sides"] = [sides[n] for n in sorted(sides)]
    if other:
        out["other_casualties"] = other
    return out


def _campaign_dates(value: str) -> dict[str, Any]:
    exprs = find_dates(value)
    out: dict[str, Any] = {"text": value}
    if exprs:
        years = [int(y) for y in re.findall(r"\b(\d{4})\b", value)]
        when = resolve(exprs[0], years[-1] if years else None, None)
        if when:
            out["start"] = when.date.isoformat()
            out["end"] = (when.end or when.date).isoformat()
    return out


def campaign_year(box: dict[str, Any], article: Article) -> int | None:
    """The year the narrative's year-less dates belong to: the infobox's, else the year the
    article names most often (the earliest of equals), else unknown."""
    if "start" in box.get("date", {}):
        return int(box["date"]["start"][:4])
    years = re.findall(r"\b(1[5-9]\d\d|20\d\d)\b", "\n".join(article.lines))
    return int(max(sorted(set(years)), key=years.count)) if years else None
