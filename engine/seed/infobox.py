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
#: A flag's image file left in a plain-text infobox ("Syria-flag 1932-58 1961-63.svg Name").
_IMAGE_FILE = re.compile(r"^.*?\.(?:svg|png|jpe?g|gif)\b\s*", re.I)
_KIA = re.compile(r"(?<=[a-z])\s*(KIA|POW|WIA)\b")
_SIDE_KEY = re.compile(r"^(combatant|commander|units|strength|casualties)(\d+)$", re.I)


def number(text: str) -> float:
    value = float(text.replace(",", ""))
    return int(value) if value.is_integer() else value


#: A claim's label in parentheses after a figure: "(opposition claim)", "(47 fighters; Army
#: claim)" → "Army claim".
_CLAIM = re.compile(r"([\w-]+(?:\s+[\w-]+)?\s+claims?)\b", re.I)
#: A phase's label before its figures: "First phase:", "Second phase:".
_PHASE = re.compile(r"\b([\w-]+\s+phase)\s*:", re.I)
#: Where a figure's words end: an opening parenthesis, a list's comma or semicolon, a phase's
#: label, or "and" before the next figure ("35 killed and 80 wounded").
_WHAT_END = re.compile(r"[(,;]|\s+and\s+(?=[~\d])|\b[\w-]+\s+phase\s*:", re.I)


def figures(text: str) -> list[dict[str, Any]]:
    """Every figure of an infobox value, in order: ``7,000 soldiers`` → value 7000;
    ``125+ killed`` → at least 125; ``4,000–5,000`` → a range; ``Unknown`` → none. Each keeps
    its own words (``what``), the claim its source makes (``claim``: "opposition claim"), the
    phase it belongs to (``phase``), and what the parentheses after it add (``note``). A
    figure inside parentheses belongs to the one before it (a breakdown), not to the list."""
    out: list[dict[str, Any]] = []
    i, phase = 0, None
    while i < len(text):
        c = text[i]
        if c == "(":
            close = _closing(text, i)
            inside = text[i + 1:close].strip()
            if out:
                last = out[-1]
                last["note"] = f"{last['note']}; {inside}" if "note" in last else inside
                claim = _CLAIM.search(inside)
                if claim and "claim" not in last:
                    last["claim"] = claim.group(1)
                last["text"] = (last["text"] + " (" + inside + ")").strip()
            i = close + 1
            continue
        label = _PHASE.match(text, i)
        if label:
            phase = label.group(1)
            i = label.end()
            continue
        m = _FIGURE.match(text, i) if (c.isdigit() or c == "~" or text[i:i + 6].lower() in (
            "about ", "around") or text[i:i + 2].lower() == "c.") else None
        if m and (i == 0 or not text[i - 1].isalnum()):
            stop = _WHAT_END.search(text, m.start("what"))
            what_end = stop.start() if stop else len(text)
            what = text[m.start("what"):what_end].strip()
            fig: dict[str, Any] = {"value": number(m.group("low"))}
            if m.group("high"):
                fig["high"] = number(m.group("high"))
            if m.group("plus") or text[max(0, i - 9):i].lower() == "at least ":
                fig["at_least"] = True
            if m.group("approx"):
                fig["approximate"] = True
            if what:
                fig["what"] = what
            if phase:
                fig["phase"] = phase
            fig["text"] = text[i:what_end].strip()
            out.append(fig)
            i = max(what_end, i + 1)
            continue
        if c.isalpha() and not text[i - 1:i].isalnum():
            # words that are no figure: "Unknown", "Several hundred" militiamen
            stop = _WHAT_END.search(text, i)
            words_end = stop.start() if stop else len(text)
            chunk = text[i:words_end].replace('"', "").strip()
            next_figure = re.search(r"[~\d]", text[i:words_end])
            if chunk and not next_figure:
                entry: dict[str, Any] = {"value": None, "known": False, "text": chunk}
                if phase:
                    entry["phase"] = phase
                out.append(entry)
                i = max(words_end, i + 1)
                continue
        i += 1
    return out


def _closing(text: str, at: int) -> int:
    """The index of the parenthesis closing the one at ``at`` (the text's end if none)."""
    depth = 0
    for j in range(at, len(text)):
        depth += {"(": 1, ")": -1}.get(text[j], 0)
        if depth == 0:
            return j
    return len(text)


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


def flatten(nodes: list[dict[str, Any]]) -> list[str]:
    """Every name of a parsed list and its nesting, in order (an entry whose name was lost
    to a flag image is skipped, its children kept)."""
    out = []
    for node in nodes:
        if node["name"]:
            out.append(node["name"])
        out += flatten(node.get("children", []))
    return out


def _parenthesised(value: str) -> list[str]:
    """``value`` cut into text and top-level parentheses ("(head of the Guard (Syria))" is one);
    a parenthesis left open ends at the next closing one, as the text's writer meant."""
    out, depth, start = [], 0, 0
    unclosed = value.count("(") > value.count(")")
    for i, c in enumerate(value):
        if c == "(":
            if depth == 0:
                out.append(value[start:i])
                start = i
            depth += 1
        elif c == ")" and depth:
            depth -= 1
            if depth == 0 or unclosed:
                out.append(value[start:i + 1])
                start, depth = i + 1, 0
    out.append(value[start:])
    return [chunk for chunk in out if chunk]


def commanders(value: str) -> list[dict[str, Any]]:
    """Names with rank, role (the parenthesis after them), fate and allegiance group."""
    out: list[dict[str, Any]] = []
    group = 0
    unclosed = value.count("(") > value.count(")")
    for chunk in _parenthesised(value):
        if chunk.startswith("("):
            inner = chunk[1:-1]
            named = re.match(r"^(.*\b[a-z][\w.-]*)\s+([A-Z][^,(]*?),?\s*\((.*)$", inner) \
                if unclosed else None
            if out and named:   # "(deputy commander Name, (role)": a parenthesis left open
                out[-1]["role"] = named.group(1).strip()
                out.append({"group": group, "name": named.group(2).strip(),
                            "role": named.group(3).strip()})
                continue
            if out:
                role = inner.strip()
                out[-1]["role"] = role
                if re.search(r"\bresign", role, re.I):
                    out[-1]["fate"] = "resigned"
            continue
        for piece in chunk.split(","):
            piece = _IMAGE_FILE.sub(" ", piece).strip()
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
                side["combatants"] = flatten(hierarchy(value))
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
