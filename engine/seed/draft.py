"""``wargame draft``: a scenario skeleton (and a replay skeleton) written from an article.

Whatever the article says is written with its citation already made: ``source: {line,
quote}``, the quote copied from the line as it is written there (engine.seed.cite), so it
passes validation as it stands. Whatever the article cannot say (coordinates without a
gazetteer, a unit's strength, the roads) is a ``TODO:`` text that validation reports at its
line (engine.scenario.gaps). The author's work is then to fill the gaps and to prune.

The draft is a start, not a scenario: it cannot tell a unit from a formation beyond the
infobox's nesting, nor a place of the fighting from one named in passing. It therefore keeps
everything the campaign's dated narrative names and leaves the choice to the author.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from engine.scenario import model as m
from engine.scenario.provenance import fold
from engine.seed.article import parse_article
from engine.seed.cite import cite
from engine.seed.extract import extract
from engine.seed.infobox import flatten

PALETTE = ("#2e7d32", "#c0392b", "#1f4e9c", "#8e44ad")
_TYPE_OF_NOUN = {"city": "city", "town": "town", "village": "village", "district": "district",
                 "neighbourhood": "district", "neighborhood": "district", "base": "base",
                 "airbase": "airbase", "airport": "airbase", "hill": "hill", "prison": "prison"}
_COUNTRIES = {"syria", "lebanon", "iraq", "iran", "turkey", "jordan", "israel", "kuwait", "qatar",
              "saudi arabia", "egypt", "russia", "united states", "france", "united kingdom"}
#: The words of a sentence that make it a replay event, by kind, strongest first.
EVENT_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("recapture", re.compile(r"\brecaptur\w*|\bretook\b|\bretake\w*", re.I)),
    ("capture", re.compile(r"\bcaptur\w*|\btook (?:full )?control\b|\btook\b|\bseiz\w*|"
                           r"\boverr[au]n\b|\bfell\b|\btaken\b", re.I)),
    ("withdrawal", re.compile(r"\bretreat\w*|\bwithdr[ae]w\w*|\bfled\b|\bpulled out\b", re.I)),
    ("bombardment", re.compile(r"\bshell\w*|\bair ?strikes?\b|\bairstrikes?\b|\bbomb\w*|"
                               r"\bartillery\b|\braids?\b", re.I)),
    ("counter_attack", re.compile(r"\bcounter-?attack\w*", re.I)),
    ("attack", re.compile(r"\battack\w*|\bassault\w*|\bstorm\w*|\boffensive\b|\badvanc\w*|"
                          r"\bentered\b|\bpush\w*", re.I)),
    ("clash", re.compile(r"\bfight\w*|\bclash\w*|\bambush\w*|\bkilled\b", re.I)),
)


@dataclass
class Tally:
    """What the draft did: facts it cited, and the gaps it left (each a ``TODO:``)."""

    cited: int = 0
    gaps: int = 0
    facts: Counter[str] = field(default_factory=Counter)

    def source(self, what: str, line: int, quote: str) -> dict[str, Any]:
        self.cited += 1
        self.facts[what] += 1
        return {"line": line, "quote": quote}

    def gap(self, text: str) -> str:
        self.gaps += 1
        return f"TODO: {text}"


def slug(name: str) -> str:
    """An id from a name: ASCII lower case, words joined by ``_``."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’‘`]", "", text)
    out = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    return out if out and out[0].isalpha() else f"x_{out}"


def skeleton(name: str) -> str:
    """A name's consonants, without an Arabic article: how spellings of one place agree
    ("Tadmur" and "Tadmour", "Al-Qasr" and "Al-Qaser")."""
    return re.sub(r"[aeiouy ]", "", _bare(name))


def _quote(lines: list[str], line: int, phrase: str) -> str | None:
    """``phrase`` as line ``line`` writes it, or None when the line does not say it."""
    if not 1 <= line <= len(lines):
        return None
    found = cite([lines[line - 1]], phrase)
    return found[0].quote if found else None


@dataclass(frozen=True)
class GazetteerRow:
    name: str
    lat: float
    lon: float
    confidence: str
    source: str
    kind: str


def read_gazetteer(path: str) -> list[GazetteerRow]:
    """The rows of a gazetteer CSV (the columns of the project's gazetteer: canonical_name,
    alternative_spellings, lat, lon, type, source, confidence), each spelling a key. A row
    without lat and lon is a place the gazetteer could not locate, and is skipped."""
    from engine.errors import WargameError
    from engine.scenario.yamlsrc import read_text

    text = read_text(path).removeprefix("\ufeff")   # a spreadsheet's byte-order mark
    rows: list[GazetteerRow] = []
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    last = 1
    try:
        missing = {"canonical_name", "lat", "lon"} - set(reader.fieldnames or ())
        if missing:
            raise WargameError(f"{path}:1: the gazetteer has no column "
                               f"{', '.join(sorted(missing))}: give canonical_name, "
                               "alternative_spellings, lat, lon, type, source, confidence")
        for row in reader:
            n = last = reader.line_num
            cell = {k: (v or "").strip() for k, v in row.items() if isinstance(k, str)}
            if not cell.get("lat") and not cell.get("lon"):
                continue
            if not cell.get("canonical_name"):
                raise WargameError(f"{path}:{n}: the row has no canonical_name: give the "
                                   "place's name, or delete the row")
            try:
                lat, lon = float(cell["lat"]), float(cell["lon"])
            except (KeyError, ValueError):
                raise WargameError(f"{path}:{n}: lat and lon must be numbers, not "
                                   f"{cell.get('lat')!r}, {cell.get('lon')!r}") from None
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise WargameError(f"{path}:{n}: lat {lat} or lon {lon} is off the globe")
            confidence = cell.get("confidence", "").lower()
            for name in [cell["canonical_name"], *cell.get("alternative_spellings",
                                                           "").split(";")]:
                if name.strip():
                    rows.append(GazetteerRow(
                        name.strip(), lat, lon,
                        confidence if confidence in ("high", "medium", "low") else "low",
                        cell.get("source") or path, cell.get("type", "")))
    except csv.Error as exc:
        raise WargameError(f"{path}:{last + 1}: not a CSV row ({exc}): check its "
                           "quotes") from None
    return rows


def _bare(name: str) -> str:
    return re.sub(r"^(?:al|el|an|ar|as|ash|ad|at|az) ", "", fold(name))


def _located(rows: list[GazetteerRow], names: Iterable[str]) -> GazetteerRow | None:
    """The gazetteer's row for a place: by a spelling it lists, else by a spelling that
    differs from one of them only in a vowel or so (the same consonants, at least three, and
    nearly the same length: "Tadmur" and "Tadmour", never "Karma" and "Karamiya"); such a
    match says so in its source."""
    names = list(names)
    by_fold = {fold(r.name): r for r in reversed(rows)}
    for n in names:
        if fold(n) in by_fold:
            return by_fold[fold(n)]
    for n in names:
        key, bare = skeleton(n), _bare(n)
        for r in rows:
            other = _bare(r.name)
            if len(key) >= 3 and skeleton(r.name) == key and \
                    abs(len(other) - len(bare)) <= max(1, len(bare) // 6):
                return replace(r, source=f"{r.source} (the gazetteer's '{r.name}', taken for "
                                         f"'{n}' by its spelling)")
    return None


@dataclass
class _Place:
    name: str
    line: int
    quote: str
    mentions: int = 0
    aliases: list[str] = field(default_factory=list)
    noun: str | None = None


def _in_campaign(entry: dict[str, Any], start: str | None, end: str | None) -> bool:
    if start is None or end is None:
        return True
    return start <= entry["date"] <= end and entry.get("end", entry["date"]) <= end


class Drafter:
    """Builds the scenario and replay skeletons of one article."""

    def __init__(self, text: str, *, seed: str, scenario_id: str,
                 gazetteer: list[GazetteerRow] | None = None,
                 replay: str | None = None, scenario_from_replay: str | None = None) -> None:
        self.lines = text.splitlines()
        self.article = parse_article(text)
        self.data = extract(text, article=self.article)
        self.box = self.data["infobox"]
        self.seed, self.id, self.rows, self.replay = seed, scenario_id, gazetteer, replay
        self.scenario_from_replay = scenario_from_replay or f"../scenarios/{scenario_id}.yaml"
        self.tally = Tally()
        dates = self.box.get("date", {})
        self.start, self.end = dates.get("start"), dates.get("end")
        self.side_ids: list[str] = []
        self.places: dict[str, _Place] = {}

    # -- the scenario ------------------------------------------------------------------------
    def scenario(self) -> dict[str, Any]:
        out: dict[str, Any] = {"scenario": self._meta(), "calendar": self._calendar(),
                               "sides": self._sides() or self.tally.gap(
                                   "two sides: {ID: {name, colour, source: or assumption:}}")}
        out["places"] = self._places()
        out["roads"] = [self.tally.gap("join the places by roads: {from: ID, to: ID, class: "
                                       f"{'|'.join(m.ROAD_CLASSES)}, source: or reference: or "
                                       "assumption:}")]
        formations, units = self._forces()
        if formations:
            out["formations"] = formations
        out["units"] = units or self.tally.gap("the units: {ID: {name, side, type, place, "
                                               "strength, quality, source: or assumption:}}")
        commanders = self._commanders(units, formations)
        if commanders:
            out["commanders"] = commanders
        objectives = self._objectives()
        if objectives:
            out["objectives"] = objectives
        out["record"] = self._record()
        return out

    def _meta(self) -> dict[str, Any]:
        meta: dict[str, Any] = {"id": self.id, "title": self.article.title or self.id,
                                "seed": self.seed}
        if self.replay:
            meta["replay"] = self.replay
        meta["description"] = self.tally.gap("a paragraph on what the scenario plays")
        return meta

    def _calendar(self) -> dict[str, Any]:
        field_ = self.article.field("Date")
        if not (self.start and self.end and field_):
            return {"start": self.tally.gap("the first day, YYYY-MM-DD"),
                    "end": self.tally.gap("the last day, YYYY-MM-DD"),
                    "assumption": self.tally.gap("the infobox gives no dates: say where they "
                                                 "come from")}
        value, line = field_
        phrase = re.split(r"\s*[(,]", value)[0]
        quote = _quote(self.lines, line, phrase)
        out: dict[str, Any] = {"start": self.start, "end": self.end}
        if quote:
            out["source"] = self.tally.source("calendar", line, quote)
        if len(re.findall(r"\(", value)) > 1:
            out["note"] = ("The infobox gives more than one phase; the draft plays the first. "
                           "Change start and end to play another.")
        return out

    def _sides(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for n, side in enumerate(self.box["sides"]):
            names = side.get("combatants") or []
            sid = "_".join(slug(names[0]).split("_")[:3]) if names else f"side{side['index']}"
            while sid in out:
                sid += "_"
            self.side_ids.append(sid)
            entry: dict[str, Any] = {"name": names[0] if names else
                                     self.tally.gap("the side's name"),
                                     "combatants": names, "colour": PALETTE[n % len(PALETTE)]}
            line = side.get("lines", {}).get("combatant")
            quote = _quote(self.lines, line, names[0]) if line and names else None
            if quote:
                entry["source"] = self.tally.source("side", line, quote)
            else:
                entry["assumption"] = self.tally.gap("where the side comes from")
            strength = self._strength(side)
            if strength is not None:
                entry["strength"] = strength
            entry["supply_sources"] = [self.tally.gap("the places the side is supplied from: "
                                                      "{place: ID, source: or assumption:}")]
            out[sid] = entry
        return out

    def _strength(self, side: dict[str, Any]) -> dict[str, Any] | None:
        line = side.get("lines", {}).get("strength")
        known = [f for f in side.get("strength", []) if f.get("value") is not None]
        if not line or not known:
            return None
        unknown = [f["text"] for f in side.get("strength", []) if f.get("value") is None]
        quotes = [_quote(self.lines, line, str(f["text"]).split(" (")[0]) for f in known]
        lows = [f["value"] for f in known]
        highs = [f.get("high", f["value"]) for f in known]
        value = round(sum(lows) + (sum(highs) - sum(lows)) / 2)
        out: dict[str, Any] = {"value": value}
        if sum(highs) != sum(lows):
            out["range"] = [sum(lows), sum(highs)]
        if len(known) > 1:
            out["parts"] = [lo if lo == hi else [lo, hi]
                            for lo, hi in zip(lows, highs, strict=True)]
        if all(quotes):
            whole = quotes[0] if len(quotes) == 1 else \
                str(self.lines[line - 1]).split(":", 1)[-1].strip()
            out["source"] = self.tally.source("strength", line, str(whole))
        notes = [f"{f['text']}" for f in known if f.get("claim") or f.get("note")]
        if notes or unknown:
            out["note"] = "; ".join(
                [f"as the infobox gives it: {', '.join(notes)}" if notes else "",
                 f"not counted, no figure: {', '.join(unknown)}" if unknown else ""]).strip("; ")
        return out

    def _places(self) -> dict[str, Any]:
        exclude = {fold(n) for s in self.box["sides"] for n in s.get("combatants", [])}
        exclude |= {fold(c["name"]) for s in self.box["sides"] for c in s.get("commanders", [])}
        seen: dict[str, _Place] = {}
        for entry in self.data["timeline"]:
            if not _in_campaign(entry, self.start, self.end):
                continue
            refs = set((entry.get("references") or {}).values())
            for name in entry["places"]:
                if fold(name) in exclude or fold(name) in _COUNTRIES or name in refs:
                    continue
                key = skeleton(name)
                place = seen.get(key)
                if place is None:
                    quote = _quote(self.lines, entry["line"], name)
                    if quote is None:
                        continue
                    place = seen[key] = _Place(name, entry["line"], quote)
                elif name != place.name and name not in place.aliases:
                    place.aliases.append(name)
                place.mentions += 1
                nouns = "|".join(_TYPE_OF_NOUN)
                noun = re.search(rf"\b({nouns})s? of (?:[\w'’-]+(?: [\w'’-]+)?,? and )?"
                                 rf"{re.escape(name)}\b|\b{re.escape(name)} ({nouns})\b",
                                 entry["text"], re.I)
                word = next((g for g in (noun.groups() if noun else ()) if g), None)
                if word and place.noun is None:
                    place.noun = _TYPE_OF_NOUN[word.lower()]
        out: dict[str, Any] = {}
        for place in sorted(seen.values(), key=lambda p: (-p.mentions, p.line)):
            pid = slug(place.name)
            while pid in out:
                pid += "_"
            self.places[pid] = place
            row = _located(self.rows, [place.name, *place.aliases]) if self.rows else None
            entry = {"name": place.name}
            if place.aliases:
                entry["aliases"] = place.aliases
            kind = place.noun or (row.kind if row and row.kind in _TYPE_OF_NOUN.values()
                                  else None)
            entry["type"] = kind or self.tally.gap(_one_of(m.PLACE_TYPES))
            entry["terrain"] = self.tally.gap(_one_of(m.TERRAINS))
            entry["source"] = self.tally.source("place", place.line, place.quote)
            if row:
                entry["coords"] = {"lat": row.lat, "lon": row.lon, "confidence": row.confidence,
                                   "reference": row.source}
                self.tally.facts["coordinates"] += 1
            else:
                entry["coords"] = self.tally.gap("{lat: N, lon: E, confidence: high|medium|"
                                                 "low|estimated, reference: the source}")
            first = self.start or "the first day"
            entry["holder"] = self.tally.gap(f"the side holding it on {first}: "
                                             f"{{side: {'|'.join(self.side_ids)}, source: or "
                                             "assumption:}")
            entry["note"] = f"Named {place.mentions} times in the campaign's narrative."
            out[pid] = entry
        return out

    def _forces(self) -> tuple[dict[str, Any], dict[str, Any]]:
        formations: dict[str, Any] = {}
        units: dict[str, Any] = {}

        def walk(nodes: list[dict[str, Any]], sid: str, line: int, parent: str | None) -> None:
            for node in nodes:
                name = node.get("name")
                children = node.get("children") or []
                if not name:   # an entry whose name was lost (a flag): its children go up
                    walk(children, sid, line, parent)
                    continue
                quote = _quote(self.lines, line, name)
                entry: dict[str, Any] = {"name": name, "side": sid}
                if parent:
                    entry["parent"] = parent
                if quote:
                    entry["source"] = self.tally.source("force", line, quote)
                else:
                    entry["assumption"] = self.tally.gap("where the article names it")
                if children:
                    fid = _fresh(slug(name), formations, units)
                    formations[fid] = entry
                    walk(children, sid, line, fid)
                    continue
                uid = _fresh(slug(name), formations, units)
                entry.update({
                    "type": self.tally.gap(_one_of(m.UNIT_TYPES)),
                    "place": self.tally.gap("{id: PLACE, source: or assumption:} where it "
                                            "stands on the first day"),
                    "strength": self.tally.gap("{value: N, range: [LOW, HIGH], source: or "
                                               "assumption:}; the side's units add up to its "
                                               "strength"),
                    "quality": {"value": 1.0, "range": [0.7, 1.3],
                                "assumption": "Regular line infantry until the author rates it "
                                              "from what the article says of it."}})
                units[uid] = entry

        for side, sid in zip(self.box["sides"], self.side_ids, strict=True):
            line = side.get("lines", {}).get("units")
            if line:
                walk(side.get("units") or [], sid, line, None)
        return formations, units

    def _commanders(self, units: dict[str, Any], formations: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for side, sid in zip(self.box["sides"], self.side_ids, strict=True):
            line = side.get("lines", {}).get("commander")
            for c in side.get("commanders") or []:
                quote = _quote(self.lines, line, c["name"]) if line else None
                if not quote:
                    continue
                entry: dict[str, Any] = {"name": c["name"]}
                if c.get("rank"):
                    entry["rank"] = c["rank"]
                entry["side"] = sid
                options = ", ".join(_of_side(units, formations, sid)[:6])
                entry["unit"] = self.tally.gap(f"the unit or formation commanded: one of {options}")
                if c.get("role"):
                    entry["role"] = c["role"]
                if c.get("fate"):
                    entry["fate"] = c["fate"]
                    entry["fate_date"] = self.tally.gap("the day of the fate, YYYY-MM-DD")
                entry["source"] = self.tally.source("commander", line, quote)
                out[_fresh(slug(c["name"]), out)] = entry
        return out

    def _winner(self) -> str | None:
        result = self.article.field("Result")
        if not result:
            return None
        text = f" {fold(result[0])} "
        scores = []
        for side, sid in zip(self.box["sides"], self.side_ids, strict=True):
            names = list(side.get("combatants") or [])
            names += flatten(side.get("units") or [])
            scores.append((sum(f" {fold(n)} " in text for n in names if fold(n)), sid))
        best = max(scores, default=(0, None))
        return best[1] if best[0] and [s for s, _ in scores].count(best[0]) == 1 else None

    def _objectives(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        winner = self._winner()
        for key in ("Territory", "Result"):
            field_ = self.article.field(key)
            if not field_:
                continue
            line = field_[1]
            for pid, place in self.places.items():
                for name in [place.name, *place.aliases]:
                    quote = _quote(self.lines, line, name)
                    if quote and f"take_{pid}" not in out:
                        out[f"take_{pid}"] = {
                            "side": winner or self.tally.gap(f"the side: "
                                                             f"{'|'.join(self.side_ids)}"),
                            "kind": "hold", "place": pid,
                            "source": self.tally.source("objective", line, quote)}
                        break
            also = self.box.get("territory", {}).get("also", []) if key == "Territory" else []
            for i, what in enumerate(also, start=1):
                quote = _quote(self.lines, line, what)
                if quote:
                    out[f"aim_{i}"] = {
                        "side": winner or self.tally.gap("the side"),
                        "kind": self.tally.gap("open_route or cut_route, with route: ID (a "
                                               "route of routes:)"),
                        "source": self.tally.source("objective", line, quote)}
        return out

    def _record(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        result = self.article.field("Result")
        if result:
            value, line = result
            quote = _quote(self.lines, line, re.split(r"\s*[,*]", value)[0])
            if quote:
                out["result"] = {"text": re.split(r"\s*[,*]", value)[0],
                                 "source": self.tally.source("result", line, quote)}
        killed: dict[str, Any] = {}
        phase = _first_phase(self.box)
        for side, sid in zip(self.box["sides"], self.side_ids, strict=True):
            line = side.get("lines", {}).get("casualties")
            for f in side.get("casualties") or []:
                if f.get("value") is None or "kill" not in str(f.get("what", "")):
                    continue
                if phase and f.get("phase") and f["phase"] != phase:
                    continue
                quote = _quote(self.lines, line, str(f["text"]).split(" (")[0]) if line else None
                if not quote:
                    continue
                entry: dict[str, Any] = {"value": f["value"]}
                if f.get("at_least"):
                    entry["at_least"] = True
                entry["source"] = self.tally.source("casualties", line, quote)
                if f.get("what") != "killed" or f.get("claim"):
                    entry["note"] = f"The infobox gives '{f['text']}'."
                killed[sid] = entry
                break
        if killed:
            out["killed"] = killed
        return out

    # -- the replay --------------------------------------------------------------------------
    def replay_skeleton(self) -> dict[str, Any]:
        names = {fold(n): pid for pid, p in self.places.items() for n in [p.name, *p.aliases]}
        events: list[dict[str, Any]] = []
        used: set[str] = set()
        for entry in self.data["timeline"]:
            if not _in_campaign(entry, self.start, self.end) or entry.get("qualifier") == "before":
                continue   # background ("had been digging in for months") is not an event
            kind = next((k for k, cue in EVENT_CUES if cue.search(entry["text"])), None)
            if kind is None:
                continue
            places = list(dict.fromkeys(names[fold(n)] for n in entry["places"]
                                        if fold(n) in names))
            quote = _quote(self.lines, entry["line"], entry["text"])
            if quote is None:
                continue
            eid = _fresh(f"{kind}_{places[0] if places else 'day'}_{entry['date'][5:]}"
                         .replace("-", "_"), used)
            used.add(eid)
            event: dict[str, Any] = {"id": eid, "date": entry["date"], "kind": kind,
                                     "text": entry["text"]}
            event["sides"] = [self.tally.gap(f"the sides in it: {', '.join(self.side_ids)}")]
            if places:
                event["places"] = places
            if kind in ("capture", "recapture") and places:
                event["captures"] = {places[0]: self.tally.gap(
                    f"the side that takes it: {'|'.join(self.side_ids)}")}
            if any("kill" in str(f.get("what", "")) or f.get("what") in
                   ("rebels", "soldiers", "fighters", "civilians", "people")
                   for f in entry.get("figures", [])):
                event["killed"] = self.tally.gap("{SIDE: N} from the figures of the sentence, "
                                                 "with units: that lost them")
            event["source"] = self.tally.source("event", entry["line"], quote)
            if entry.get("basis") in ("context", "vague"):
                event["note"] = ("Dated by the sentences before it (no date of its own): check "
                                 "the day.")
            events.append(event)
        out: dict[str, Any] = {
            "replay": {"id": f"{self.id}_historical", "title": f"{self.article.title or self.id}"
                       " as recorded", "scenario": self.scenario_from_replay, "seed": 1},
            "events": events}
        if self.start:
            out["orders"] = {self.start: [
                {"order": self.tally.gap("the orders that play the record, by date: move UNIT "
                                         "PLACE, attack UNIT PLACE, bombard UNIT PLACE, "
                                         "withdraw UNIT PLACE"),
                 "why": "the draft cannot tell who was ordered where"}]}
        return out


def _one_of(words: Iterable[str]) -> str:
    *head, last = words
    return f"{', '.join(head)} or {last}"


def _fresh(base: str, *tables: Iterable[str]) -> str:
    out = base
    while any(out in t for t in tables):
        out += "_"
    return out


def _of_side(units: dict[str, Any], formations: dict[str, Any], sid: str) -> list[str]:
    return [k for k, v in {**formations, **units}.items() if v.get("side") == sid]


def _first_phase(box: dict[str, Any]) -> str | None:
    phases = re.findall(r"\(([^)]*phase[^)]*)\)", box.get("date", {}).get("text", ""), re.I)
    return phases[0] if phases else None
