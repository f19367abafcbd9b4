"""``wargame draft``: every citation it writes passes validation, every gap is a TODO the
validator reports at its line, and a draft whose gaps are filled validates and replays."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml

from engine.cli.main import main
from engine.errors import ScenarioError, WargameError
from engine.play.replayfile import load_replay_file
from engine.scenario.loader import load_scenario
from engine.seed.draft import Drafter, read_gazetteer, skeleton, slug

from helpers import run

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "seeds").glob("*.txt"))

INVENTED = """= Battle of Fortville =

Infobox
- Conflict: Battle of Fortville
- Date: 1 March – 20 March 1999
- Place: Fortville, Ruritania
- Result: Northern Army victory, * Northern Army captures Fortville and Southgate
- Combatant1: Northern Army
- Combatant2: Southern Militia
- Commander1: Gen. Anna Berg
- Commander2: Karl OstKIA (militia leader)
- Units1: 1st Brigade, 2nd Brigade
- Units2: Fortville Militia
- Strength1: 5,000 soldiers and 1,000 gunners
- Strength2: 2,000–3,000 fighters
- Casualties1: 120 killed
- Casualties2: 300 killed

== Battle ==
On 1 March, the Northern Army attacked the town of Fortville from the village of Northgate.
On 3 March, artillery shelled Fortville. The next day, the army captured the town.
On 10 March, militiamen retreated from Southgate towards the town of Eastport.
"""


def _draft(tmp_path: Path, text: str, name: str = "battle") -> tuple[Path, Path, Drafter]:
    (tmp_path / "seeds").mkdir(exist_ok=True)
    (tmp_path / "scenarios").mkdir(exist_ok=True)
    (tmp_path / "replays").mkdir(exist_ok=True)
    seed = tmp_path / "seeds" / f"{name}.txt"
    seed.write_text(text, encoding="utf-8")
    out = tmp_path / "scenarios" / f"{name}.yaml"
    replay = tmp_path / "replays" / f"{name}_historical.yaml"
    assert main(["draft", str(seed), "--out", str(out), "--replay"]) == 0
    drafter = Drafter(text, seed=f"../seeds/{name}.txt", scenario_id=name,
                      replay=f"../replays/{name}_historical.yaml")
    drafter.scenario()
    drafter.replay_skeleton()
    return out, replay, drafter


def _problems(path: Path) -> list[str]:
    try:
        load_scenario(path)
    except ScenarioError as exc:
        return [str(p) for p in exc.problems]
    return []


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_a_draft_of_a_shipped_article_is_its_gaps_and_nothing_else(tmp_path: Path,
                                                                   article: Path) -> None:
    out, _, drafter = _draft(tmp_path, article.read_text(encoding="utf-8"), article.stem)
    problems = _problems(out)
    assert problems, "a draft has gaps"
    wrong = [p for p in problems if "TODO" not in p]
    assert wrong == [], "every citation the draft wrote passes, every other problem is a gap"
    scenario_gaps = yaml.safe_dump(yaml.safe_load(out.read_text())).count("TODO")
    assert len(problems) == scenario_gaps
    assert all(f"{out}:" in p for p in problems)   # each at its line of the draft
    assert drafter.tally.cited > 50


def _fill(value: Any, filler: Any) -> Any:
    return filler if isinstance(value, str) and value.startswith("TODO") else value


def _fill_scenario(data: dict[str, Any]) -> dict[str, Any]:
    """What an author would give, in the simplest form that validates."""
    sides = list(data["sides"])
    places = list(data["places"])
    why = "Filled by the test as an author would, for a reason."
    data["scenario"]["description"] = "A drafted battle."
    for sid, side in data["sides"].items():
        side["supply_sources"] = [{"place": places[sides.index(sid) % len(places)],
                                   "assumption": why}]
    for i, place in enumerate(data["places"].values()):
        place["type"] = _fill(place["type"], "town")
        place["terrain"] = "open"
        place["coords"] = _fill(place["coords"], {"lat": 30 + i / 100, "lon": 30.0,
                                                  "confidence": "estimated", "assumption": why})
        place["holder"] = {"side": sides[i % 2], "assumption": why}
    data["roads"] = [{"from": a, "to": b, "class": "track", "assumption": why}
                     for a, b in pairwise(places)]
    for sid, side in data["sides"].items():
        own = [u for u in data["units"].values() if u["side"] == sid]
        total = side.get("strength", {}).get("value")
        total = int(total or 1000 * len(own))
        for i, u in enumerate(own):
            u["type"] = "infantry"
            u["place"] = {"id": places[sides.index(sid) % len(places)], "assumption": why}
            share = total // len(own) + (total % len(own) if i == 0 else 0)
            u["strength"] = {"value": share, "assumption": why}
        if not own:
            side.pop("strength", None)
    chosen = {sid: next(iter(k for k, v in {**data.get("formations", {}),
                                           **data["units"]}.items() if v["side"] == sid), None)
              for sid in sides}
    for c in data.get("commanders", {}).values():
        c["unit"] = chosen[c["side"]]
        if "fate_date" in c:
            c["fate_date"] = data["calendar"]["start"]
    for oid in list(data.get("objectives", {})):
        o = data["objectives"][oid]
        if str(o["side"]).startswith("TODO"):
            o["side"] = sides[0]
        if str(o["kind"]).startswith("TODO"):
            o.update(kind="hold", place=places[0])
    return data


def _fill_replay(data: dict[str, Any], sides: list[str]) -> dict[str, Any]:
    for e in data["events"]:
        e["sides"] = [sides[0]]
        e.pop("killed", None)
        if "captures" in e:
            e["captures"] = {k: sides[0] for k in e["captures"]}
    data.pop("orders")
    return data


@pytest.mark.parametrize("article", ["invented", *ARTICLES], ids=lambda p: getattr(p, "stem", p))
def test_a_draft_with_its_gaps_filled_validates_and_replays(tmp_path: Path,
                                                            article: Any) -> None:
    text = INVENTED if article == "invented" else article.read_text(encoding="utf-8")
    out, replay, _ = _draft(tmp_path, text)
    data = _fill_scenario(yaml.safe_load(out.read_text(encoding="utf-8")))
    out.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    scenario = load_scenario(out)
    assert scenario.citations and scenario.places
    events = _fill_replay(yaml.safe_load(replay.read_text(encoding="utf-8")), list(data["sides"]))
    replay.write_text(yaml.safe_dump(events, sort_keys=False, allow_unicode=True),
                      encoding="utf-8")
    assert load_replay_file(replay, scenario).events


def test_the_invented_article_is_read_fact_by_fact(tmp_path: Path) -> None:
    out, replay, drafter = _draft(tmp_path, INVENTED)
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert list(data["sides"]) == ["northern_army", "southern_militia"]
    north, south = data["sides"].values()
    assert north["strength"]["value"] == 6000 and north["strength"]["parts"] == [5000, 1000]
    assert south["strength"] == {"value": 2500, "range": [2000, 3000],
                                 "source": {"line": 15, "quote": "2,000–3,000 fighters"}}
    assert {"fortville", "northgate", "southgate", "eastport"} <= set(data["places"])
    assert data["places"]["fortville"]["type"] == "town"
    assert data["commanders"]["karl_ost"]["fate"] == "killed"
    assert {o["place"] for o in data["objectives"].values()} >= {"fortville", "southgate"}
    assert all(o["side"] == "northern_army" for o in data["objectives"].values())
    assert data["record"]["killed"]["southern_militia"]["value"] == 300
    kinds = {e["date"]: e["kind"] for e in yaml.safe_load(replay.read_text())["events"]}
    assert kinds["1999-03-03"] == "bombardment" and kinds["1999-03-04"] == "capture"
    assert kinds["1999-03-10"] == "withdrawal"
    assert drafter.tally.facts["strength"] == 2


def test_a_gazetteer_places_the_places_it_knows(tmp_path: Path) -> None:
    csv = tmp_path / "g.csv"
    csv.write_text("canonical_name,alternative_spellings,lat,lon,type,source,confidence\n"
                   "Fort Ville,Fortville; Fortvile,10.5,20.25,town,an atlas,medium\n"
                   "Nowhere,,,,town,none,low\n", encoding="utf-8")
    rows = read_gazetteer(str(csv))
    assert {r.name for r in rows} == {"Fort Ville", "Fortville", "Fortvile"}
    d = Drafter(INVENTED, seed="s.txt", scenario_id="x", gazetteer=rows)
    coords = d.scenario()["places"]["fortville"]["coords"]
    assert coords == {"lat": 10.5, "lon": 20.25, "confidence": "medium",
                      "reference": "an atlas"}


@pytest.mark.parametrize(("text", "fragment"), [
    ("canonical_name,lat\nA,1\n", "no column lon"),
    ("canonical_name,lat,lon\nA,north,1\n", ":2: lat and lon must be numbers"),
    ("canonical_name,lat,lon\nA,95,1\n", ":2: lat 95.0 or lon 1.0 is off the globe"),
    ("lat,lon,canonical_name\n34.1,36.7\n", ":2: the row has no canonical_name"),
    ('canonical_name,lat,lon\nA,1,2\n"B,3,4\nC,5,6\n', ":3: not a CSV row"),
])
def test_a_bad_gazetteer_is_refused_with_its_line(tmp_path: Path, text: str,
                                                  fragment: str) -> None:
    csv = tmp_path / "g.csv"
    csv.write_text(text, encoding="utf-8")
    with pytest.raises(WargameError, match=fragment):
        read_gazetteer(str(csv))


def test_a_draft_never_replaces_a_file_without_force(tmp_path: Path, capsys) -> None:
    seed = tmp_path / "a.txt"
    seed.write_text(INVENTED, encoding="utf-8")
    out = tmp_path / "a.yaml"
    out.write_text("hand edits\n", encoding="utf-8")
    code, _, err = run(capsys, "draft", str(seed), "--out", str(out))
    assert code == 2 and "exists" in err and "--force" in err
    assert out.read_text() == "hand edits\n"
    assert run(capsys, "draft", str(seed), "--out", str(out), "--force")[0] == 0
    assert "TODO" in out.read_text()


def test_names_ids_and_spellings() -> None:
    assert slug("Deir Attiyeh") == "deir_attiyeh" and slug("Liwa'a Zulfiqar") == "liwaa_zulfiqar"
    assert slug("80th Base") == "x_80th_base"
    assert skeleton("Yabrud") == skeleton("Yabroud") and skeleton("An-Nabk") == skeleton("Nabek")
    assert skeleton("Qara") != skeleton("Qusayr")



def test_a_spreadsheet_s_byte_order_mark_is_read(tmp_path: Path) -> None:
    csv = tmp_path / "g.csv"
    csv.write_bytes("canonical_name,lat,lon\nFortville,1,2\n".encode("utf-8-sig"))
    assert [r.name for r in read_gazetteer(str(csv))] == ["Fortville"]


def test_a_spelling_is_matched_only_when_it_differs_by_a_vowel(tmp_path: Path) -> None:
    from engine.seed.draft import _located
    rows = [read_gazetteer_row("Aziziya"), read_gazetteer_row("Yabroud")]
    assert _located(rows, ["Aziza"]) is None
    found = _located(rows, ["Yabrud"])
    assert found is not None and found.name == "Yabroud" and "by its spelling" in found.source


def read_gazetteer_row(name: str):
    from engine.seed.draft import GazetteerRow
    return GazetteerRow(name, 1.0, 2.0, "high", "an atlas", "town")


def test_the_replay_may_not_be_the_scenario(tmp_path: Path, capsys) -> None:
    seed = tmp_path / "a.txt"
    seed.write_text(INVENTED, encoding="utf-8")
    out = tmp_path / "a.yaml"
    code, _, err = run(capsys, "draft", str(seed), "--out", str(out), "--replay", str(out))
    assert code == 2 and "give the replay another file" in err and not out.exists()
