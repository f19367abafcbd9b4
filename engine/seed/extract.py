"""``wargame extract``: draft facts from a seed article, for a person to curate.

The infobox becomes sides, commanders, units, strengths, casualties, result and territory;
the narrative becomes a timeline of dated statements with the places each names. Given a
scenario (``--places``), the timeline also recognises that scenario's place names and
aliases and gives their ids. Nothing here is specific to one article.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from engine.scenario.loader import load_scenario
from engine.scenario.yamlsrc import dump_yaml, read_text
from engine.seed.article import Article, parse_article
from engine.seed.infobox import campaign_year, parse_infobox
from engine.seed.places_text import Gazetteer
from engine.seed.timeline import build_timeline
from engine.util.canonical import readable


def extract(text: str, *, gazetteer: Gazetteer | None = None, source: str = "",
            article: Article | None = None) -> dict[str, Any]:
    """Infobox and timeline of an article's text (``article``: the text already parsed), as
    plain data."""
    article = article or parse_article(text)
    box = parse_infobox(article)
    year = campaign_year(box, article)
    # people and organisations the infobox names are never places
    exclude = [c["name"] for side in box["sides"] for c in side.get("commanders", [])]
    exclude += [name for side in box["sides"] for name in side.get("combatants", [])]
    dates = box.get("date", {})
    campaign = ((dt.date.fromisoformat(dates["start"]), dt.date.fromisoformat(dates["end"]))
                if "start" in dates else None)
    entries = build_timeline(article, year, gazetteer=gazetteer, exclude=tuple(exclude),
                             campaign=campaign)
    return {"source": {"file": source, "title": article.title, "lines": len(article.lines)},
            "campaign_year": year, "infobox": box,
            "timeline": [e.plain() for e in entries]}


def gazetteer_from_scenario(path: str | Path) -> Gazetteer:
    """The place names and aliases of a scenario, for the timeline to recognise."""
    scenario = load_scenario(path)
    return Gazetteer((p.id, p.name, p.aliases) for p in scenario.places.values())


def extract_file(seed: str | Path, places: str | Path | None = None) -> dict[str, Any]:
    gazetteer = gazetteer_from_scenario(places) if places else None
    return extract(read_text(seed), gazetteer=gazetteer, source=str(seed))


def render(data: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return readable(data)
    return dump_yaml(data)
