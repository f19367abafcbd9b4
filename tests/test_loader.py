"""Loading and validating scenarios: every rule has a bad scenario that breaks it."""

from __future__ import annotations

import pytest

from engine.errors import ScenarioError
from engine.scenario.model import Scenario

from helpers import ALEPPO, line_of


def problems_of(result) -> list[str]:
    assert isinstance(result, ScenarioError), f"expected a ScenarioError, got {result!r}"
    return [str(p) for p in result.problems]


def assert_problem(result, text: str, needle: str, fragment: str, occurrence: int = 1) -> None:
    """Some problem names the line of ``needle`` in ``text`` and says ``fragment``."""
    line = line_of(text, needle, occurrence)
    found = problems_of(result)
    assert any(f":{line}: " in p and fragment in p for p in found), \
        f"no problem at line {line} saying {fragment!r}; got:\n" + "\n".join(found)


def test_small_scenario_loads(load_variant, small_text):
    s = load_variant(small_text)
    assert isinstance(s, Scenario)
    assert s.id == "river_crossing" and s.seed is None
    assert list(s.places) == sorted(s.places)  # id order, whatever the file order
    assert s.calendar.turns == 9
    assert s.ground_strength("blue") == 3000
    road = next(r for r in s.roads if {r.a, r.b} == {"crossroads", "bridge_town"})
    assert road.length_km == 7.5
    computed = next(r for r in s.roads if {r.a, r.b} == {"depot", "crossroads"})
    assert "winding factor 1.2" in computed.length.provenance.assumption
    assert s.places["bridge_town"].holder.contested
    assert s.units["para"].parent == "corps"
    assert s.commanders["frost"].fate == "captured"


def test_aleppo_scenario_loads():
    from engine.scenario.loader import load_scenario

    s = load_scenario(ALEPPO)
    assert len(s.places) >= 45 and len(s.units) >= 14


@pytest.mark.parametrize(("old", "new", "needle", "fragment"), [
    # unknown keys, with a suggestion
    ("    terrain: fortified\n", "    terain: fortified\n", "terain:", "did you mean 'terrain'"),
    ("  title: River", "  titel: River", "titel:", "did you mean 'title'"),
    # dangling references
    ("    place: far_bank\n", "    place: far_banks\n", "far_banks", "did you mean 'far_bank'"),
    ("{from: bridge_town, to: hill_12", "{from: bridge_town, to: hill_13", "hill_13",
     "'hill_13' is not defined"),
    ("    parent: corps\n    type: armour", "    parent: korps\n    type: armour", "korps",
     "parent 'korps' is not defined"),
    ("waypoints: [depot, crossroads, bridge_town, far_bank]",
     "waypoints: [depot, crossroads, nowhere, far_bank]", "nowhere", "'nowhere' is not defined"),
    ("kind: open_route, route: corridor", "kind: open_route, route: coridor", "coridor",
     "did you mean 'corridor'"),
    ("    supply_sources: [depot]", "    supply_sources: [dépôt]", "dépôt", "is not defined"),
    # wrong values: negative, non-numeric, out of range
    ("    strength: 1200\n", "    strength: -1200\n", "strength: -1200", "more than 0"),
    ("    strength: 900\n", "    strength: many\n", "strength: many", "must be a number"),
    ("population: {value: 12000", "population: {value: -5", "population", "at least 0"),
    ("{lat: 51.86, lon: 5.88", "{lat: 91.86, lon: 5.88", "91.86", "latitude must be at most 90"),
    ("{lat: 51.70, lon: 5.80", "{lat: 51.70, lon: 185.80", "185.80", "at most 180"),
    ("length_km: 7.5}", "length_km: 0}", "length_km: 0", "at least 0.1"),
    ("length_km: 7.5}", "length_km: 1.0}", "length_km: 1.0", "shorter than the straight line"),
    ("range: [8000, 15000]", "range: [13000, 15000]", "13000", "must contain its value"),
    ("    quality: 1.3\n", "    quality: true\n", "quality: true", "must be a number"),
    ("    terrain: fortified\n", "    terrain: open\n    fortified: yes please\n",
     "fortified: yes", "fortified must be true or false"),
    # enumerations
    ("    type: hill\n", "    type: hil\n", "type: hil", "did you mean 'hill'"),
    ("class: track}", "class: trak}", "trak", "did you mean 'track'"),
    ("confidence: medium", "confidence: certain", "certain", "coordinate confidence"),
    ('colour: "#1f77b4"', 'colour: blue', "colour: blue", "#rrggbb"),
    # dates outside the calendar
    ("fate_date: 1944-09-21", "fate_date: 1944-10-21", "1944-10-21", "outside the calendar"),
    ("  end: 1944-09-25", "  end: 1944-09-01", "end: 1944-09-01", "ends (1944-09-01) before"),
    ("holder: {side: red, contested: true}", "holder: {side: red, since: 1944-09-20}",
     "since: 1944-09-20", "after the calendar starts"),
    ("fate_date: 1944-09-21", "fate_date: 21 Sept", "21 Sept", "YYYY-MM-DD"),
    # structure
    ("{from: bridge_town, to: hill_12, class: track}", "{from: hill_12, to: hill_12, class: track}",
     "from: hill_12, to: hill_12", "two different places"),
    ("  - {from: crossroads, to: hill_12, class: local_road}",
     "  - {from: crossroads, to: hill_12, class: local_road}\n"
     "  - {from: hill_12, to: crossroads, class: track}", "from: hill_12, to: crossroads",
     "a second road between"),
    ("waypoints: [depot, crossroads, bridge_town, far_bank]",
     "waypoints: [depot, bridge_town, far_bank]", "waypoints: [depot, bridge_town",
     "no road joins 'depot' and 'bridge_town'"),
    ("    strength: {value: 1800, range: [1500, 2200]}", "    strength: {value: 1700}",
     "strength: 3000", "add up to 2,900, not the side's strength 3,000"),
    ("  corps:\n    name: Blue Corps\n    side: blue\n",
     "  corps:\n    name: Blue Corps\n    side: blue\n    parent: corps\n", "parent: corps", "own ancestor"),
    ("kind: hold, place: bridge_town, points: 3", "kind: hold, route: corridor, points: 3",
     "hold_bridge:", "it needs a place"),
    ("  hill_12:\n", "  Hill-12:\n", "Hill-12:", "ids are lowercase"),
    ("    parent: corps\n    type: armour", "    parent: ss_btn\n    type: armour",
     "parent: ss_btn", "belongs to side 'red', not 'blue'"),
    ("  frost:\n    name: John Frost\n    side: blue\n    unit: para",
     "  frost:\n    name: John Frost\n    side: red\n    unit: para  # of the other side",
     "# of the other side", "belongs to side 'blue', not 'red'"),
    ("    fate: captured\n    fate_date: 1944-09-21", "    fate_date: 1944-09-21",
     "fate_date: 1944-09-21", "needs a fate"),
    ("open_corridor: {side: blue, kind: open_route, route: corridor}",
     "open_corridor: {side: blue, kind: cut_route}", "open_corridor:", "it needs a route"),
    ("waypoints: [depot, crossroads, bridge_town, far_bank]",
     "waypoints: [depot, crossroads, depot]", "waypoints: [depot, crossroads, depot]",
     "passes 'depot' twice"),
    ("waypoints: [depot, crossroads, bridge_town, far_bank]", "waypoints: [depot]",
     "waypoints: [depot]", "at least two waypoints"),
    ("    blue: {value: 1500, at_least: true}", "    green: {value: 1500, at_least: true}",
     "green:", "whose losses 'green' is not defined"),
    ("coords: {lat: 51.78, lon: 5.95, confidence: estimated, assumption: \"placed east of the bridge by the map sketch\"}",
     "coords: {lat: 51.78, lon: 5.95, confidence: estimated}", "confidence: estimated",
     "say how they were placed"),
])
def test_each_rule_has_a_failing_scenario(load_variant, small_text, old, new, needle, fragment):
    assert old in small_text, old
    bad = small_text.replace(old, new, 1)
    result = load_variant(bad)
    assert_problem(result, bad, needle.split("\n")[0], fragment)


def test_unit_at_enemy_place_points_at_the_unit(load_variant, small_text):
    bad = small_text.replace("    place: far_bank\n    strength: 900", "    place: depot\n    strength: 900")
    result = load_variant(bad)
    assert any("unit 'ss_btn' starts at 'depot'" in p for p in problems_of(result))


def test_a_reinforcement_may_arrive_in_a_place_the_enemy_holds_at_the_start(load_variant,
                                                                            small_text):
    moved = small_text.replace("    place: far_bank\n    strength: 900",
                               "    place: depot\n    arrives: 1944-09-20\n    strength: 900")
    result = load_variant(moved)
    assert not isinstance(result, ScenarioError), result     # it loads
    assert result.units["ss_btn"].place == "depot"


def test_duplicate_ids_are_reported_with_both_lines(load_variant, small_text):
    bad = small_text.replace("  far_bank:\n", "  depot:\n", 1)
    result = load_variant(bad)
    first = line_of(bad, "  depot:")
    second = line_of(bad, "  depot:", 2)
    assert any(f":{second}: duplicate key 'depot' (first given at line {first})" in p
               for p in problems_of(result))


def test_disconnected_network_is_reported(load_variant, small_text):
    bad = (small_text.replace("  - {from: bridge_town, to: far_bank, class: main_road}\n", "")
           .replace("waypoints: [depot, crossroads, bridge_town, far_bank]",
                    "waypoints: [depot, crossroads, bridge_town]"))
    result = load_variant(bad)
    assert any("road network is in 2 pieces: far_bank cannot be reached" in p
               for p in problems_of(result))


@pytest.mark.parametrize(("old", "new"), [
    ("    terrain: rough\n", "    terrain: swamp\n"),
    ("coords: {lat: 51.78, lon: 5.95, confidence: estimated",
     "coords: {lat: 151.78, lon: 5.95, confidence: estimated"),
    ("    place: far_bank\n", "    place: [far_bank]\n"),
])
def test_one_bad_field_is_one_problem(load_variant, small_text, old, new):
    """A place or unit with one bad field is still known: nothing that names it is blamed."""
    found = problems_of(load_variant(small_text.replace(old, new, 1)))
    assert len(found) == 1, found


def test_every_problem_is_reported_at_once(load_variant, small_text):
    bad = (small_text.replace("    terrain: fortified\n", "    terain: fortified\n")
           .replace("    strength: 900\n", "    strength: -900\n")
           .replace("fate_date: 1944-09-21", "fate_date: 1945-01-01")
           .replace("class: track}", "class: trak}"))
    found = problems_of(load_variant(bad))
    for fragment in ("unknown key 'terain'", "more than 0", "outside the calendar", "'trak'"):
        assert any(fragment in p for p in found), fragment


def test_yaml_syntax_error_names_the_line(load_variant, small_text):
    bad = small_text.replace("    holder: blue\n", "    holder: [blue\n", 1)
    found = problems_of(load_variant(bad))
    assert len(found) == 1 and "not valid YAML" in found[0]


def test_top_level_must_be_a_mapping(load_variant):
    found = problems_of(load_variant("- just\n- a list\n"))
    assert "a scenario file must be a mapping" in found[0]


def test_missing_sections_are_named(load_variant):
    found = problems_of(load_variant("scenario: {id: x, title: y}\n"))
    for section in ("calendar", "sides", "places", "roads", "units"):
        assert any(f"missing '{section}'" in p for p in found), section


@pytest.mark.parametrize(("old", "new", "fragment"), [
    # a citation of a line that does not mention the place
    ("    source: {line: 34, quote: \"Khanasir, captured by rebels in August, was the first major objective of the Army\"}",
     "    source: {line: 42}", "line 42 of"),
    # a quote not on the cited line
    ("source: {line: 54, quote: \"the rebel-held Kurdish town of Tell Aran\"}",
     "source: {line: 54, quote: \"the rebel-held Kurdish city of Tell Aran\"}", "the quote for place 'tell_aran'"),
    # a line past the end of the seed
    ("source: {line: 78, quote: \"rebel positions in Tell Hassel, south of Aleppo\"}",
     "source: {line: 780}", "past the end of the seed"),
    # an assumption that does not say why
    ("      assumption: A village of the Aleppo countryside; the article gives no figure, so an order of magnitude only.",
     "      assumption: guess", "must say why"),
    # a fact with no provenance at all, once the scenario names a seed
    ("      value: 2397\n      range: [1500, 4000]\n      reference: \"2004 census: 2,397 (pl.wikipedia Chanasir, via defzone.net mirror)\"\n      assumption: The range allows for flight during the August fighting and for displaced people arriving.\n",
     "      value: 2397\n", "has no provenance"),
    # a figure cited to a line that does not give it
    ("      source: {line: 17, quote: \"7,000 soldiers\"}", "      source: {line: 16}", "does not give the strength"),
])
def test_provenance_rules(load_variant, old, new, fragment):
    text = ALEPPO.read_text(encoding="utf-8")
    assert old in text, old
    found = problems_of(load_variant(text.replace(old, new, 1)))
    assert any(fragment in p for p in found), "\n".join(found)


def test_a_source_line_without_a_seed_is_an_error(load_variant, small_text):
    bad = small_text.replace("    name: Depot\n", "    name: Depot\n    source: {line: 3}\n")
    assert any("names no seed" in p for p in problems_of(load_variant(bad)))


def test_missing_seed_file_is_reported(load_variant, small_text):
    bad = small_text.replace("  title: River Crossing (test scenario)",
                             "  title: River Crossing (test scenario)\n  seed: ../seeds/none.txt")
    assert any("cannot be read" in p for p in problems_of(load_variant(bad)))


def test_unsafe_yaml_tags_are_refused_not_run(load_variant, small_text, tmp_path):
    marker = tmp_path / "ran"
    bad = small_text.replace("  id: river_crossing",
                             f"  id: !!python/object/apply:os.system ['touch {marker}']")
    found = problems_of(load_variant(bad))
    assert "not valid YAML" in found[0] and not marker.exists()


def test_an_unreadable_seed_is_one_problem(load_variant):
    text = ALEPPO.read_text(encoding="utf-8").replace(
        "seed: ../seeds/aleppo_offensive_2013.txt", "seed: ../seeds")
    [problem] = problems_of(load_variant(text))
    assert "cannot be read (is a directory" in problem


def test_a_unit_with_a_formation_id_is_one_problem(load_variant, small_text):
    [problem] = problems_of(load_variant(small_text.replace("  armd:\n", "  corps:\n")))
    assert "'corps' is both a unit and a formation" in problem


def test_a_scenario_needs_two_sides_and_a_place(load_variant):
    found = problems_of(load_variant(
        "scenario: {id: x, title: y}\ncalendar: {start: 2000-01-01, end: 2000-01-02}\n"
        "sides:\n  blue: {name: B, colour: '#000000'}\nplaces: {}\nroads: []\nunits: {}\n"))
    assert any("at least two sides, found 1" in p for p in found)
    assert any("at least one place" in p for p in found)


def test_works_on_a_terrain(load_variant, small_text):
    """``fortified: true`` marks works on a described ground; the terrain ``fortified``
    is works on ground the source leaves undescribed (open ground's factor)."""
    s = load_variant(small_text.replace("    terrain: fortified\n",
                                        "    terrain: urban\n    fortified: true\n"))
    depot = s.places["depot"]
    assert depot.terrain == "urban" and depot.works
    plain = load_variant(small_text)
    assert plain.places["depot"].works and not plain.places["crossroads"].works


def test_readiness_and_surprise_days_are_checked(load_variant, small_text):
    unit_line = "    quality: 1.3\n"
    assert unit_line in small_text
    for extra, fragment in (("    readiness: 1.5\n", "at most 1"),
                            ("    surprised: {dates: [2099-01-01]}\n", "outside the calendar"),
                            ("    surprised: [2099-01-01]\n", "must be a mapping"),
                            ("    surprised: {dates: [soon]}\n", "must be a date")):
        result = load_variant(small_text.replace(unit_line, unit_line + extra, 1))
        assert isinstance(result, ScenarioError) and fragment in str(result), (extra, result)


def test_fate_after_must_name_a_place_and_have_a_fate(tmp_path) -> None:
    import textwrap

    import pytest

    from engine.errors import ScenarioError
    from engine.scenario.loader import load_scenario

    from helpers import SMALL

    path = tmp_path / "fate.yaml"
    path.write_text(f"extends: {SMALL}\n" + textwrap.dedent("""
    commanders:
      urquhart:
        fate_after: bridge_twn
      frost:
        fate: ~
        fate_date: ~
        fate_after: bridge_town
    """))
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    text = str(err.value)
    assert "did you mean 'bridge_town'" in text and "a fate_after needs a fate" in text


def test_an_arrival_may_say_where_its_date_comes_from(tmp_path) -> None:
    """``arrives: {date, source}`` is cited and checked like any fact; a plain date still
    loads; a bad one is named at its own line."""
    from engine.scenario.loader import load_scenario

    def overlay(arrives: str):
        path = tmp_path / "late.yaml"
        path.write_text(f"extends: {ALEPPO}\nunits:\n  radwan:\n    arrives: {arrives}\n",
                        encoding="utf-8")
        try:
            return load_scenario(path)
        except ScenarioError as exc:
            return exc

    cited = overlay('{date: 2013-11-02, source: {line: 60, quote: "Hezbollah officers"}}')
    assert isinstance(cited, Scenario)
    radwan = cited.units["radwan"]
    assert str(radwan.arrives) == "2013-11-02" and radwan.arrives_provenance.line == 60
    plain = overlay("2013-11-02")
    assert isinstance(plain, Scenario) and str(plain.units["radwan"].arrives) == "2013-11-02"
    for arrives, fragment in (
            ('{date: 2013-11-02, source: {line: 61, quote: "Hezbollah officers"}}',
             "the quote for the arrival of 'radwan' is not on line 61"),
            ("{date: 2013-11-02}", "the arrival of 'radwan'"),
            ("{date: 2099-01-01, assumption: Late.}", "arrives on 2099-01-01, outside the "
                                                      "calendar"),
            ("{when: 2013-11-02, assumption: Late.}", "when")):
        result = overlay(arrives)
        assert isinstance(result, ScenarioError) and fragment in str(result), (arrives, result)
