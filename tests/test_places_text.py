"""Place names in narrative text."""

from __future__ import annotations

from engine.seed.places_text import Gazetteer, find_places


def names(text: str, **kw) -> list[str]:
    return [m.name for m in find_places(text, **kw)]


def test_cued_names_are_places_and_organisations_are_not():
    text = ("On 2 October, according to SOHR, the Syrian Army progressed in Khanasir while "
            "the Al-Tawhid Brigade retreated to the village of Jub al-Ghaws near Aleppo city.")
    assert names(text) == ["Khanasir", "Jub al-Ghaws", "Aleppo"]


def test_facility_nouns_and_lists():
    text = "hit in the province; al-Atareb, Khan al-A'sal, Kafrnaha and Minnegh military airport."
    assert names(text) == ["al-Atareb", "Khan al-A'sal", "Kafrnaha", "Minnegh military airport"]


def test_names_after_called_or_according_to_are_not_places():
    text = "an offensive called Northern Storm in Aleppo Province, according to Al-Jazeera."
    assert names(text) == ["Aleppo Province"]


def test_demonyms_and_capitals_are_not_places():
    assert names("Kurdish militants fired GRAD rockets from Tell Aran.") == ["Tell Aran"]


def test_references_resolve_to_the_described_place():
    text = ("The Army penetrated the town of al-Naqqarin in the eastern outskirts of Aleppo "
            "city. Forces inside the city advanced. Helicopters bombed Tell Hassel, south of "
            "Aleppo, while the military advanced toward the town.")
    refs = [(m.descriptor, m.name) for m in find_places(text) if m.via == "reference"]
    assert refs == [("city", "Aleppo"), ("town", "Tell Hassel")]


def test_a_reference_may_reach_the_paragraph_before():
    earlier = find_places("The garrison of Fortville made a sortie.")
    [ref] = [m for m in find_places("The army captured the town.", earlier=earlier)
             if m.via == "reference"]
    assert ref.name == "Fortville"


def test_learned_names_are_places_anywhere():
    assert names("Khanasir, captured in August, was the objective.") == []
    assert names("Khanasir, captured in August, was the objective.",
                 learned={"Khanasir"}) == ["Khanasir"]


def test_gazetteer_longest_match_with_ids():
    g = Gazetteer([("airport", "Aleppo International Airport", ["the airport"]),
                   ("aleppo", "Aleppo", [])])
    found = find_places("west of the airport and near Aleppo International Airport",
                        gazetteer=g)
    assert [(m.id, m.via) for m in found] == [("airport", "gazetteer"), ("airport", "gazetteer")]


def test_people_outlets_faiths_and_nationalities_are_not_places() -> None:
    # sentences of the shipped Qalamoun article (lines 42, 104) and invented ones
    text = ("Four fighters were killed in Qara, one of them the nephew of the Lebanese Caretaker "
            "Agriculture Minister Hussein Hajj Hassan. Iraqi al-Nusra fighters fled to Yabrud. "
            "Catholic priests stayed near Rima. Syria Newsdesk reported from Homs. The "
            "President Bashar al-Assad visited Maaloula.")
    names = [m.name for m in find_places(text)]
    assert names == ["Qara", "Yabrud", "Rima", "Homs", "Maaloula"]


def test_arabic_place_names_that_look_like_demonyms_or_titles_are_places() -> None:
    # the shipped Aleppo article (line 76) and invented sentences
    text = ("The Army took the northern Ashrafieh and Bani Zeid districts. Rebels fled to "
            "Sheikh Najjar and Wadi Barada, near Qadi Askar.")
    names = [m.name for m in find_places(text)]
    assert names == ["Ashrafieh", "Bani Zeid", "Sheikh Najjar", "Wadi Barada", "Qadi Askar"]
