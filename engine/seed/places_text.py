"""Finding place names in narrative text, without a gazetteer or with one.

With a gazetteer (the names and aliases of a scenario's places) known names are found
wherever they occur. Without one, a capitalised phrase counts as a place when the text cues
it as one: a preposition or a verb of movement before it ("in", "near", "captured"), a place
noun before or in it ("the town of", "Airbase", "Province"), or a list it shares with a cued
place. Organisations, people and demonyms are left out, as are names after "called" or
"according to". Definite references ("the town", "the base") are resolved to the place they
most recently named, so "By 1 March, the army captured the town" names Fortville when
Fortville was the town last named.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from engine.scenario.provenance import fold
from engine.seed.dates import MONTHS

_PARTICLE = r"(?:al|el|ash|as|ad|at|ar|an|az|wal|ibn|bin|abu|bani|de|du|la|le)-"
_WORD = rf"(?:{_PARTICLE})?[A-Z'’][\w'’]*(?:-[\w'’]+)*"
_NAME = re.compile(rf"(?<![\w-])(?:{_WORD}|{_PARTICLE}[A-Z'’][\w'’]*(?:-[\w'’]+)*)"
                   rf"(?:\s+(?:{_WORD}|{_PARTICLE}[\w'’-]+|\d+(?![\d,])))*")
#: Lower-case nouns after a name that belong to it ("al-Qasr air base", "Signal hill").
_FACILITY = re.compile(r"(?:['’]s)?\s+((?:military\s+|international\s+|industrial\s+|central\s+|"
                       r"main\s+)?(?:air\s?base|"
                       r"airport|mountain|hill|market|prison|road|highway|industrial\s+(?:zone|"
                       r"area|district)|zone))\b")
PLACE_NOUNS = {"town", "towns", "village", "villages", "city", "cities", "district", "districts",
               "province", "governorate", "base", "airbase", "airport", "mountain", "hill",
               "area", "market", "prison", "road", "highway", "zone", "neighbourhood",
               "neighborhood", "neighbourhoods", "neighborhoods", "suburb", "suburbs",
               "outskirts", "region", "camp", "bridge", "square", "port", "island", "river",
               "valley", "county", "municipality", "factory", "factories"}
CUES = {"in", "at", "near", "of", "to", "into", "from", "towards", "toward", "around",
        "outside", "inside", "against", "captured", "recaptured", "took", "entered",
        "penetrated", "like", "targeted", "attacked", "seized", "reached", "besieged",
        "between", "within", "across", "through", "via", "beyond", "north", "south", "east",
        "west", "northeast", "northwest", "southeast", "southwest", "over", "above", "below",
        "shelling", "bombed", "stormed", "overran", "liberated", "encircled", "surrounded",
        "visited"}
NOT_AFTER = ("according to", "called", "named", "operation", "dubbed", "codenamed")
ORG_WORDS = {"army", "brigade", "brigades", "front", "force", "forces", "movement", "council",
             "division", "regiment", "corps", "government", "tv", "party", "committee",
             "observatory", "battalion", "battalions", "militia", "militias", "guard", "agency",
             "news", "state", "coalition", "group", "ministry",
             "reuters", "times", "post", "press", "network", "radio", "command", "unit",
             "units", "navy", "police", "intelligence", "battle", "offensive", "war",
             "newsdesk", "channel", "newspaper", "daily", "television", "magazine", "website"}
#: Words of a title or office: a name that holds one is a person ("Agriculture Minister Hussein
#: Hassan"), not a place.
PERSON_WORDS = {"minister", "president", "general", "spokesman", "spokesperson", "spokeswoman",
                "commander", "leader", "chief", "caretaker", "colonel", "emir",
                "king", "prince", "mufti", "patriarch", "bishop", "pope", "secretary",
                "ambassador", "envoy", "mr", "mrs", "dr"}
#: Words that begin Arabic place names ("Bani X", "Wadi X", "Sheikh X", "Tell X"): such a first
#: word is never a demonym or a title.
TOPONYM_HEADS = {"bani", "beni", "wadi", "qadi", "sheikh", "shaykh", "tell", "tal", "tall",
                 "deir", "dayr", "kafr", "kfar", "ain", "ayn", "jabal", "jebel", "ras", "beit",
                 "bayt", "bir", "khan", "umm", "abu", "marj", "qasr", "nahr", "jisr", "hayy"}
#: Names of faiths and sects, used as adjectives ("Catholic", "Sunni"), never places.
FAITHS = {"catholic", "orthodox", "christian", "muslim", "sunni", "shia", "shiite", "alawite",
          "druze", "ismaili", "jewish", "protestant", "islamic"}
STOP = {"on", "in", "by", "at", "from", "the", "a", "an", "after", "before", "during", "later",
        "however", "meanwhile", "according", "elsewhere", "some", "most", "one", "another",
        "days", "subsequently", "soon", "that", "this", "these", "those", "many", "several",
        "it", "he", "she", "his", "her", "their", "they", "we", "rebels", "rebel", "opposition",
        "government", "pro", "if", "when", "while", "as", "also", "both", "all", "two", "three",
        "four", "five", "six", "seven", "eight", "nine", "ten", "fifteen", "twenty", "then",
        "and", "or", "but", "with", "of", "to", "for", "there", "here", "since", "until",
        "following", "despite", "among", "other", "others", "its", "no", "not", "more", "over"}
MONTH_WORDS = set(MONTHS) | {day.lower() for day in calendar.day_name}
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ish|ian|ese|ean|ani|i)$")
_REFERENCE = re.compile(r"\b[Tt]he\s+(town|city|village|base|airbase|airport|district|factories|"
                        r"factory\s+area)(?:'s|’s)?"
                        r"(?!\s+(?:of\b|[A-Z]|al-|el-|as-|ash-))\b")
SETTLEMENT_NOUNS = {"town", "city", "village"}


@dataclass(frozen=True)
class Mention:
    """A place named (or referred to) at a position of a paragraph."""

    name: str
    start: int
    end: int
    descriptor: str | None = None  # the place noun that describes it: town, base, ...
    via: str = "name"  # name, gazetteer, learned or reference
    id: str | None = None
    landmark: bool = False  # named only to locate something else ("south of Fortville")


class Gazetteer:
    """Known place names (folded) with their canonical name and id."""

    def __init__(self, entries: Iterable[tuple[str, str, Iterable[str]]] = ()) -> None:
        self.names: dict[str, tuple[str, str]] = {}
        for pid, name, aliases in entries:
            for n in (name, *aliases):
                if fold(n):
                    self.names.setdefault(fold(n), (pid, name))
        # longest first, so "Fortville International Airport" wins over "Fortville"
        self.order = sorted(self.names, key=len, reverse=True)

    def find(self, text: str) -> list[Mention]:
        folded, index = _fold_with_index(text)
        taken: list[tuple[int, int]] = []
        out = []
        for key in self.order:
            for m in re.finditer(rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])", folded):
                s, e = index[m.start()], index[m.end() - 1] + 1
                if any(s < b and a < e for a, b in taken):
                    continue
                taken.append((s, e))
                pid, name = self.names[key]
                out.append(Mention(name, s, e, _descriptor(text, s, e), "gazetteer", pid))
        return sorted(out, key=lambda m: m.start)


def _fold_with_index(text: str) -> tuple[str, list[int]]:
    """``fold`` of each character, with the original position of every folded character."""
    chars, index = [], []
    for i, c in enumerate(text):
        f = fold(c) or " "
        for ch in f:
            chars.append(ch)
            index.append(i)
    return "".join(chars), index


def _descriptor(text: str, start: int, end: int) -> str | None:
    words = re.findall(r"[A-Za-z]+", text[start:end].lower())
    after = re.match(r"\s+([a-z]+)", text[end:end + 20])
    if after and after.group(1) in SETTLEMENT_NOUNS:
        words.append(after.group(1))
    for w in reversed(words):
        if w in PLACE_NOUNS:
            return "base" if w in ("airbase",) else w
    before = re.findall(r"[A-Za-z]+", text[max(0, start - 30):start].lower())[-3:]
    for w in reversed(before):
        if w in PLACE_NOUNS:
            return w.rstrip("s") if w.endswith("s") and w[:-1] in PLACE_NOUNS else w
    return None


def _cued(text: str, start: int) -> bool:
    """Does the text just before ``start`` introduce a place?"""
    window = text[max(0, start - 60):start]
    cut = max(window.rfind(","), window.rfind("."), window.rfind("("))
    semi = max(window.rfind(";"), window.rfind(":"))
    if semi > cut:  # "other villages; Al-Qasr": a place noun before the colon cues the list
        head = re.findall(r"[a-z]+", window[:semi].lower())
        if head and head[-1] in PLACE_NOUNS:
            return True
        cut = semi
    words = re.findall(r"[a-z]+(?:-[a-z]+)*", window[cut + 1:].lower())
    recent = " ".join(words[-4:])
    if any(recent.endswith(bad) or f"{bad} " in recent for bad in NOT_AFTER):
        return False
    return any(w in CUES or w in PLACE_NOUNS for w in words[-4:])


_LANDMARK = re.compile(r"\b(?:(?:north|south|east|west|northeast|northwest|southeast|southwest)"
                       r"(?:ern)?\s+(?:of|edge\s+of|outskirts\s+of)|near(?:\s+of)?|outskirts\s+of|"
                       r"edge\s+of|part\s+of)\s+(?:the\s+)?$", re.I)


def find_places(text: str, *, gazetteer: Gazetteer | None = None, exclude: Iterable[str] = (),
                learned: Iterable[str] = (), earlier: Iterable[Mention] = ()) -> list[Mention]:
    """Place mentions in ``text`` (a paragraph), in order.

    ``learned`` names are places already recognised elsewhere in the same document;
    ``earlier`` are the mentions of the paragraph before, which "the town" may refer back to.
    """
    excluded = {fold(x) for x in exclude if fold(x)}
    learned_names = {fold(x) for x in learned}
    known = gazetteer.find(text) if gazetteer else []
    found: list[Mention] = list(known)
    candidates: list[tuple[Mention, bool]] = []
    for m in _NAME.finditer(text):
        words = m.group(0).split()
        start = m.start()
        while words and (words[0].lower().strip("'’") in STOP or words[0].lower() in MONTH_WORDS):
            start += len(words[0]) + 1
            words = words[1:]
        if not words or (not words[0][0].isalpha() and not words[0].startswith(("'", "’"))):
            continue
        name = re.sub(r"['’]s$", "", " ".join(words))
        end = start + len(name)
        facility = _FACILITY.match(text, end)
        if facility:
            name, end = name + facility.group(0), facility.end()
        lowered = [w.lower().strip("'’") for w in name.split()]
        key = fold(name)
        toponym = lowered[0] in TOPONYM_HEADS
        if (any(w in ORG_WORDS or (w in PERSON_WORDS and not toponym) for w in lowered)
                or lowered[0] in MONTH_WORDS or lowered[0] in FAITHS
                or (not toponym and _DEMONYM.match(name.split()[0]))
                or (len(words) == 1 and words[0].isupper())
                or key in excluded or (len(key) > 6 and any(key in x for x in excluded))):
            continue
        if any(start < k.end and k.start < end for k in known):
            continue
        has_noun = any(w in PLACE_NOUNS for w in lowered)
        landmark = bool(_LANDMARK.search(text[max(0, start - 30):start]))
        via = "name" if has_noun or _cued(text, start) else "learned"
        candidates.append((Mention(name, start, end, _descriptor(text, start, end), via,
                                   landmark=landmark),
                           via == "name" or key in learned_names))
    accepted = _spread_through_lists(text, candidates)
    found += [c for c, ok in zip((c for c, _ in candidates), accepted, strict=True) if ok]
    before = [replace(m, start=-1, end=-1) for m in earlier if m.via != "reference"]
    found += _references(text, sorted(found, key=lambda x: x.start), before)
    return sorted(found, key=lambda x: x.start)


def _spread_through_lists(text: str, candidates: list[tuple[Mention, bool]]) -> list[bool]:
    """A name listed with a place ("A, B and C") is a place too."""
    ok = [c[1] for c in candidates]
    for _ in range(2):
        for i in range(len(candidates) - 1):
            gap = text[candidates[i][0].end:candidates[i + 1][0].start]
            listed = re.fullmatch(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", gap)
            if listed and (ok[i] or ok[i + 1]):
                ok[i] = ok[i + 1] = True
    return ok


def _references(text: str, named: list[Mention], earlier: list[Mention]) -> list[Mention]:
    """"the town", "the base" → the place it refers back to.

    Walking back from the reference, most recent first: the first place whose describing
    noun is the same ("the town of X", "X city", "Base 12") or, for a town, city or village,
    not known; landmarks ("south of Fortville") only when nothing else fits; then the same on
    the paragraph before.
    """
    out = []
    for m in _REFERENCE.finditer(text):
        noun = re.sub(r"\s+", " ", m.group(1).lower())
        nouns = {"base", "airbase"} if noun in ("base", "airbase") else \
            {"factories", "factory"} if noun.startswith("factor") else {noun}
        here = [x for x in named if x.end <= m.start()]

        def fits(x: Mention, nouns: set[str] = nouns, noun: str = noun) -> bool:
            return x.descriptor in nouns or (noun in SETTLEMENT_NOUNS and x.descriptor is None)

        match = next((x for pool in (here, earlier)
                      for landmarks in (False, True)
                      for x in reversed(pool) if x.landmark == landmarks and fits(x)), None)
        if match is not None:
            out.append(Mention(match.name, m.start(), m.end(), noun, "reference", match.id,
                               match.landmark))
    return out
