"""``wargame extract`` on the seed article, and on an article it has never seen."""

from __future__ import annotations

import json

import pytest
import yaml

from engine.seed.extract import extract, extract_file, render

from helpers import ALEPPO, SEED


@pytest.fixture(scope="module")
def data():
    return extract_file(SEED)


def entries_on(data, day: str) -> list[dict]:
    return [e for e in data["timeline"] if e["date"] == day]


def test_infobox_strength_and_casualties(data):
    box = data["infobox"]
    assert box["sides"][1]["strength"][0]["value"] == 7000
    assert box["sides"][0]["strength"][0]["known"] is False
    lows = [box["sides"][0]["casualties"][0], box["sides"][1]["casualties"][0],
            box["other_casualties"][0]]
    assert [(f["value"], f.get("at_least")) for f in lows] == [(125, True), (105, True), (97, True)]
    assert "civilians" in lows[2]["what"]


def test_infobox_structure(data):
    box = data["infobox"]
    assert box["date"] == {"text": "1 October – 1 December 2013, ()", "start": "2013-10-01",
                           "end": "2013-12-01"}
    assert box["result"] == "Syrian government victory"
    assert box["territory"]["captures"][:5] == ["Khanasir", "Al-Safira", "Tell Aran",
                                                "Tell Hassel", "Base 80"]
    assert box["territory"]["captures"][5] == {"count": 20, "of": "smaller villages and towns"}
    killed = {c["name"]: c.get("fate") for c in box["sides"][0]["commanders"]}
    assert killed["Abdul Qader Saleh"] == "killed" and killed["Abou al-Tayyeb"] == "killed"
    assert killed["Abdul Jabbar al-Oqaidi"] == "resigned"
    assert box["sides"][0]["commanders"][-1]["group"] == 1  # ISIL, after the ---- separator
    division = box["sides"][1]["units"][0]["children"][0]["children"][1]
    assert division["name"] == "15th Special Forces Division"
    assert [c["name"] for c in division["children"]] == [
        "35th Special Forces Regiment", "127th Special Forces Regiment", "403rd Armored Regiment"]
    assert box["sides"][1]["units"][1]["name"] is None  # the lost Hezbollah flag
    assert box["sides"][1]["commanders"][0]["rank"] == "Brig. Gen."


def test_khanasir_taken_on_3_october(data):
    assert any("Khanasir" in e["places"] and "took back control" in e["text"]
               for e in entries_on(data, "2013-10-03"))


def test_al_safira_captured_on_1_november(data):
    [entry] = [e for e in entries_on(data, "2013-11-01") if "captured the town" in e["text"]]
    assert "al-Safira" in entry["places"]
    assert entry["references"] == {"town": "al-Safira"}  # "the town", resolved
    assert entry["qualifier"] == "by" and entry["approximate"]  # "By the morning of": or before


def test_rebel_recapture_of_base_80_on_9_november(data):
    [entry] = [e for e in entries_on(data, "2013-11-09") if "recapture" in e["text"]]
    assert "Base 80" in entry["places"] and entry["basis"] == "relative"
    assert entry["line"] == 68


@pytest.mark.parametrize(("fragment", "date", "end", "approximate"), [
    ("76 people had been killed", "2013-10-08", "2013-10-25", False),   # From 8 to 25 October
    ("heavy Army shelling of the rebel-held Kurdish", "2013-10-17", "2013-10-18", False),
    ("the helicopters once again attacked the town", "2013-12-01", None, False),  # The next day
    ("died of his wounds in Turkey", "2013-11-14", None, False),  # That night
    ("captured al-Naqqarin and was advancing", "2013-12-01", "2013-12-10", True),
    ("rebels started a counter-attack", "2013-11-24", None, True),  # A few days later
    ("the Army recaptured the six villages", "2013-11-28", None, True),  # Days later
    ("the Army secured the town by the next day", "2013-11-11", None, True),  # a bound
    ("More than 130,000 people fled the city", "2013-10-08", "2013-10-25", False),  # inherits
    ("However, increased rebel pressure in Homs Province", "2013-06-01", "2013-06-30", True),
    ("To reopen supply lines to Aleppo city", "2013-09-20", "2013-09-25", True),  # new paragraph
    ("broke the siege of Aleppo's central prison", "2014-05-22", None, False),  # next year
    ("Menagh Airbase in the north", "2013-08-05", None, False),  # split from "In late July"
    ("The town had been captured from Kurdish militants", "2013-07-01", "2013-07-31", True),
    ("Fifteen government militiamen", "2013-11-21", None, False),  # date at the sentence end
])
def test_dates_resolved_from_context(data, fragment, date, end, approximate):
    [entry] = [e for e in data["timeline"] if fragment in e["text"]]
    assert entry["date"] == date
    assert entry.get("end") == end
    assert entry["approximate"] is approximate


def test_a_look_back_does_not_move_the_story(data):
    # "earlier in July" (line 54) is followed by "From 8 to 25 October", not dated from July
    july = next(i for i, e in enumerate(data["timeline"]) if "earlier in July" in e["text"])
    assert data["timeline"][july + 1]["date"] == "2013-10-08"


def test_every_entry_has_a_line_and_a_section(data):
    lines = SEED.read_text(encoding="utf-8").splitlines()
    for e in data["timeline"]:
        assert e["text"] in lines[e["line"] - 1] or e["text"].rstrip(".") in lines[e["line"] - 1]
        assert e["section"]
    assert not any(e["section"] == "See also" for e in data["timeline"])


def test_known_places_from_a_scenario_give_ids():
    from engine.seed.extract import gazetteer_from_scenario

    data = extract(SEED.read_text(encoding="utf-8"), gazetteer=gazetteer_from_scenario(ALEPPO))
    [entry] = [e for e in data["timeline"] if "blew up a bridge" in e["text"]]
    assert entry["place_ids"] == ["tell_hassel", "tell_hassel_factories"]


def test_figures_in_the_timeline(data):
    [entry] = [e for e in data["timeline"] if "63 rebels" in e["text"]]
    values = {(f["value"], f["what"]) for f in entry["figures"]}
    assert {(63, "rebels"), (32, "soldiers")} <= values
    assert any(f["value"] == 11 and f.get("at_least") for f in entry["figures"])


ANOTHER = """= Siege of Fortville (1870) =

Infobox
- Conflict: Siege of Fortville
- Date: 3 March – 9 April 1870
- Result: Northern victory
- Territory: Northern Army captures Fortville, Bridgeham and 4 villages
- Combatant1: Northland
- Combatant2: , * Southland, * Free Companies
- Commander1: Gen. Anna Holt
- Commander2: Col. Piet MarsKIA, ---- Jonas Wren, (militia leader)
- Units1: Northern Army, * 1st Corps, ** 3rd Rifles, * Siege Train
- Strength1: 12,000 men
- Strength2: 4,000–5,000 men
- Casualties1: 800 killed, 1,500 wounded
- Casualties2: 2,000+ killed
- Casualties3: 300 civilians killed

== Background ==
In January 1870, Southland seized the town of Fortville.

== The siege ==
On 3 March, the 1st Corps reached Bridgeham. The next day, guns shelled Fortville, killing 40 civilians.
From 10 to 12 March, fighting raged near the old mill of Greystone. Days later, the garrison of Fortville made a sortie.
At the end of March, the Northern Army captured the town. That night, Col. Piet Mars died.
On 9 April, the last Southland troops surrendered at Bridgeham.

== Aftermath ==
On 2 February, a treaty was signed in Capital City.
"""


def test_a_different_article_is_read_the_same_way():
    data = extract(ANOTHER, source="another.txt")
    box = data["infobox"]
    assert data["campaign_year"] == 1870
    assert box["date"]["start"] == "1870-03-03" and box["date"]["end"] == "1870-04-09"
    assert box["sides"][0]["strength"][0]["value"] == 12000
    assert box["sides"][1]["strength"][0] == {"value": 4000, "high": 5000, "what": "men",
                                             "text": "4,000–5,000 men"}
    assert [f["value"] for f in box["sides"][0]["casualties"]] == [800, 1500]
    assert box["other_casualties"][0]["value"] == 300
    assert box["sides"][1]["commanders"][0] == {"group": 0, "fate": "killed", "rank": "Col.",
                                                "name": "Piet Mars"}
    assert box["sides"][0]["units"][0]["children"][0]["children"][0]["name"] == "3rd Rifles"
    t = {e["text"]: e for e in data["timeline"]}
    assert t["On 3 March, the 1st Corps reached Bridgeham."]["places"] == ["Bridgeham"]
    shelled = t["The next day, guns shelled Fortville, killing 40 civilians."]
    assert shelled["date"] == "1870-03-04" and shelled["figures"][0]["value"] == 40
    assert t["From 10 to 12 March, fighting raged near the old mill of Greystone."]["end"] == \
        "1870-03-12"
    assert t["Days later, the garrison of Fortville made a sortie."]["approximate"]
    captured = t["At the end of March, the Northern Army captured the town."]
    assert captured["date"] == "1870-03-21" and captured["places"] == ["Fortville"]
    assert t["That night, Col. Piet Mars died."]["date"] == "1870-03-21"
    assert t["On 2 February, a treaty was signed in Capital City."]["date"] == "1871-02-02"
    assert t["In January 1870, Southland seized the town of Fortville."]["precision"] == "month"


def test_render_yaml_and_json_round_trip(data):
    assert yaml.safe_load(render(data, "yaml")) == data
    assert json.loads(render(data, "json")) == data


def test_impossible_dates_and_yearless_articles_do_not_crash():
    bad = ("= T =\n\nInfobox\n- Date: 1 October – 1 December 2013\n\n== A ==\n"
           "On 0 May, x. On 31 February, z. From 30 to 2 October, w. On 2 October, real.\n")
    data = extract(bad)
    assert [e["date"] for e in data["timeline"]] == ["2013-10-02"]
    plain_text = extract("just some text\nwith no dates\n")
    assert plain_text["campaign_year"] is None and plain_text["timeline"] == []


def test_a_clause_continuing_its_subject_keeps_its_places(data):
    [entry] = [e for e in data["timeline"] if e["text"].startswith("controlled by the rebels since")]
    assert entry["date"] == "2013-02-01" and "Base 80" in entry["places"]


def test_the_factory_area_refers_back_with_a_gazetteer():
    from engine.seed.extract import gazetteer_from_scenario

    data = extract(SEED.read_text(encoding="utf-8"), gazetteer=gazetteer_from_scenario(ALEPPO))
    [entry] = [e for e in data["timeline"] if "capture the factory area" in e["text"]]
    assert entry["place_ids"] == ["tell_hassel_factories"]
