"""The Aleppo 2013 scenario against its seed article."""

from __future__ import annotations

import re

import networkx as nx
import pytest

from engine.scenario.loader import load_scenario
from engine.scenario.provenance import fold
from engine.seed.extract import extract_file
from engine.sim.theatre import build_theatre

from helpers import ALEPPO, SEED


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(ALEPPO)


@pytest.fixture(scope="module")
def infobox():
    return extract_file(SEED)["infobox"]


@pytest.fixture(scope="module")
def seed_lines():
    return SEED.read_text(encoding="utf-8").splitlines()


def test_government_strengths_add_up_to_the_infobox(scenario, infobox):
    government = next(s for s in infobox["sides"] if "Hezbollah" in s["combatants"])
    assert government["strength"][0]["value"] == 7000
    assert scenario.ground_strength("government") == government["strength"][0]["value"]
    assert scenario.sides["government"].strength.provenance.line == government["lines"]["strength"]


def test_rebel_strength_is_an_assumption_with_a_range(scenario, infobox):
    rebels = next(s for s in infobox["sides"] if "Al-Nusra Front" in s["combatants"])
    assert rebels["strength"][0]["known"] is False  # "Unknown" in the article
    strength = scenario.sides["rebels"].strength
    assert strength.provenance.assumption and not strength.provenance.line
    assert strength.low < strength.value < strength.high
    assert scenario.ground_strength("rebels") == strength.value


def test_recorded_losses_match_the_infobox_lower_bounds(scenario, infobox):
    by_side = {"rebels": infobox["sides"][0]["casualties"][0],
               "government": infobox["sides"][1]["casualties"][0],
               "civilians": infobox["other_casualties"][0]}
    for who, figure in by_side.items():
        recorded = scenario.record.killed[who]
        assert figure["at_least"] and recorded.at_least
        assert recorded.value == figure["value"]
    assert [by_side[k]["value"] for k in ("rebels", "government", "civilians")] == [125, 105, 97]


def test_objectives_are_the_infobox_territory(scenario, infobox):
    captured = [c for c in infobox["territory"]["captures"] if isinstance(c, str)]
    held = {scenario.places[o.place].name.lower() for o in scenario.objectives.values()
            if o.side == "government" and o.kind == "hold"}
    assert {fold(c) for c in captured} == {fold(n) for n in held}
    assert any(o.kind == "open_route" and o.route == "desert_road" and o.side == "government"
               for o in scenario.objectives.values())


def test_order_of_battle_follows_the_infobox(scenario, infobox):
    names = set()
    for side in infobox["sides"]:
        stack = list(side["units"])
        while stack:
            node = stack.pop()
            if node["name"]:
                names.add(fold(node["name"]))
            stack += node.get("children", [])
    modelled = {fold(n) for x in (*scenario.units.values(), *scenario.formations.values())
                for n in (x.name, *x.aliases)}
    missing = [n for n in names if not any(n in m or m in n for m in modelled)]
    assert not missing, missing
    parents = {u.id: u.parent for u in scenario.units.values()}
    assert parents["35sf"] == parents["127sf"] == parents["403armd"] == "sf15_division"
    assert parents["tawhid"] == "rmc_aleppo" and parents["radwan"] == "hezbollah"
    assert {u.type for u in scenario.units.values()} >= {"infantry", "armour",
                                                         "special_forces", "militia", "air"}


def test_commanders_and_their_fates(scenario):
    c = scenario.commanders
    assert c["abdul_qader_saleh"].fate == "killed" and c["abou_al_tayyeb"].fate == "killed"
    assert c["abdul_jabbar_al_oqaidi"].fate == "resigned"
    assert str(c["abdul_jabbar_al_oqaidi"].fate_date) == "2013-11-04"
    assert c["mahmoud_ramadan"].unit == "35sf"


@pytest.mark.parametrize(("place", "holder"), [
    ("khanasir", "rebels"), ("base_80", "rebels"), ("al_safira", "rebels"),
    ("tell_aran", "rebels"), ("tell_hassel", "rebels"), ("aleppo", "government"),
    ("aleppo_airport", "government"), ("defence_factories", "government"),
    ("salamiyah", "government"), ("al_bab", "rebels"), ("menagh", "rebels"),
])
def test_holders_on_1_october(scenario, place, holder):
    assert scenario.places[place].holder.side == holder


def test_named_routes(scenario):
    r = scenario.routes
    assert r["desert_road"].waypoints[0] == "salamiyah" and r["desert_road"].waypoints[-1] == "aleppo"
    assert "khanasir" in r["desert_road"].waypoints
    assert r["safira_road"].waypoints[-1] == "defence_factories"
    assert r["al_bab_highway"].waypoints[-1] == "al_bab"
    assert "aleppo_airport" in r["airport_road"].waypoints


def _government_can_reach(scenario, holders: dict[str, str]) -> bool:
    graph = build_theatre(scenario).graph
    friendly = graph.subgraph(p for p in graph if holders[p] == "government")
    return nx.has_path(friendly, "salamiyah", "aleppo") if "aleppo" in friendly else False


def test_the_network_reproduces_the_siege_and_its_breaking(scenario):
    """Aleppo is cut off on 1 October (line 27) and the route opens once Khanasir (line 40)
    and the villages of 7 October (line 44) change hands, as the article records."""
    holders = {pid: p.holder.side for pid, p in scenario.places.items()}
    assert not _government_can_reach(scenario, holders)
    holders["khanasir"] = "government"
    assert not _government_can_reach(scenario, holders)
    for village in ("rasm_okeiresh", "rasm_al_helou", "al_wawiyeh", "rasm_al_safa", "barzanieh",
                    "zarraa", "kafar_akkad"):
        holders[village] = "government"
    assert _government_can_reach(scenario, holders)


#: Words by which a line ties a place to a side: held by it, or taken from it by the enemy.
HOLDING_CUES = {
    "rebels": r"\b(rebels?|opposition|jihadist|captured?|recaptured|retreat\w*|took|entered|"
              r"penetrated|control)\b",
    "government": r"\b(government|army|siege|besieged|convoy|military)\b",
}


def test_holder_citations_say_who_held_the_place(scenario):
    """A starting holder cited to a line, with no assumption to explain an inference, must
    quote the words that tie the place to that side; naming the place is not enough."""
    for p in scenario.places.values():
        prov = p.holder.provenance
        assert prov, p.id
        if prov.line and not prov.assumption:
            assert prov.quote and re.search(HOLDING_CUES[p.holder.side], prov.quote, re.I), p.id


def test_holdings_since_a_date(scenario):
    since = {pid: p.holder.since for pid, p in scenario.places.items() if p.holder.since}
    assert since == {"khanasir": "2013-08-26", "menagh": "2013-08-05", "base_80": "2013-02",
                     "tell_aran": "2013-07"}


def test_the_airport_garrison_starts_where_line_29_sends_it(scenario):
    assert scenario.units["corps3"].place == "defence_factories"


def test_places_cite_lines_that_name_them(scenario, seed_lines):
    """Independent of the loader: the cited line contains the place's name or an alias."""
    for p in scenario.places.values():
        if p.provenance.line:
            line = fold(seed_lines[p.provenance.line - 1])
            assert any(fold(n) in line for n in p.names), p.id


def test_about_45_places_with_gazetteer_coordinates(scenario):
    assert 44 <= len(scenario.places) <= 55
    confidences = {p.coords.confidence for p in scenario.places.values()}
    assert confidences == {"high", "medium", "low", "estimated"}
    assert scenario.places["khanasir"].coords.lat == pytest.approx(35.78333)
