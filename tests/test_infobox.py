"""Reading a flattened military-conflict infobox."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from engine.seed.infobox import commanders, figures, hierarchy, territory


def test_figures():
    assert figures("7,000 soldiers") == [{"value": 7000, "what": "soldiers",
                                          "text": "7,000 soldiers"}]
    assert figures("125+ killed")[0]["at_least"] is True
    assert figures("Unknown") == [{"value": None, "known": False, "text": "Unknown"}]
    both = figures("300 killed, 500 wounded")
    assert [(f["value"], f["what"]) for f in both] == [(300, "killed"), (500, "wounded")]
    assert figures("~2,000 men")[0]["approximate"] is True
    assert figures("4,000–5,000")[0] == {"value": 4000, "high": 5000, "text": "4,000–5,000"}


def test_hierarchy_keeps_nesting_and_lost_entries():
    tree = hierarchy("Armed Forces, * Army:, ** 20px 3rd Corps, * Militia, , * Special unit")
    assert tree[0]["name"] == "Armed Forces"
    assert [c["name"] for c in tree[0]["children"]] == ["Army", "Militia"]
    assert tree[0]["children"][0]["children"][0]["name"] == "3rd Corps"
    assert tree[1] == {"name": None, "level": 0,
                       "children": [{"name": "Special unit", "level": 1}]}


def test_commanders():
    got = commanders("Brig. Gen. A Bee, Maj. Gen. C Dee (5th Regiment), E EffKIA, "
                     "(chief), ---- G Gee, (leader, resigned in May)")
    assert got == [
        {"group": 0, "rank": "Brig. Gen.", "name": "A Bee"},
        {"group": 0, "rank": "Maj. Gen.", "name": "C Dee", "role": "5th Regiment"},
        {"group": 0, "fate": "killed", "name": "E Eff", "role": "chief"},
        {"group": 1, "name": "G Gee", "role": "leader, resigned in May", "fate": "resigned"},
    ]


def test_territory():
    t = territory("Army captures A, B-town, Base 8 and 12 villages and reopens the road")
    assert t["actor"] == "Army"
    assert t["captures"] == ["A", "B-town", "Base 8", {"count": 12, "of": "villages"}]
    assert t["also"] == ["reopens the road"]
    assert "captures" not in territory("Stalemate")


NAMES = st.text(alphabet="ABCDEFGHabcdefgh ", min_size=1, max_size=12).filter(
    lambda s: s.strip() and s == s.strip())


@given(st.lists(st.tuples(st.integers(0, 3), NAMES), min_size=1, max_size=10))
def test_hierarchy_preserves_order_and_levels(items):
    # levels may only deepen one step at a time, as an infobox writes them
    fixed, level = [], -1
    for want, name in items:
        level = min(want, level + 1)
        fixed.append((level, name))
    text = ", ".join("*" * lv + (" " if lv else "") + name for lv, name in fixed)

    def walk(nodes):
        for node in nodes:
            yield node["level"], node["name"]
            yield from walk(node.get("children", []))

    assert list(walk(hierarchy(text))) == fixed


@given(st.integers(0, 10**9))
def test_figures_read_any_grouped_number(n):
    assert figures(f"{n:,} troops")[0]["value"] == n
    assert figures(f"{n:,}+ killed")[0]["at_least"] is True


def test_every_figure_of_a_casualty_line_with_its_claim_and_phase():
    line = ("First phase: Unknown Second phase: 180 killed (47 Hezbollah fighters; Army claim) "
            "1,800 killed and injured (140 Hezbollah fighters; opposition claim)")
    found = figures(line)
    assert [(f["value"], f.get("what"), f.get("claim"), f.get("phase")) for f in found] == [
        (None, None, None, "First phase"), (180, "killed", "Army claim", "Second phase"),
        (1800, "killed and injured", "opposition claim", "Second phase")]
    assert found[1]["note"] == "47 Hezbollah fighters; Army claim"
    assert found[1]["text"] == "180 killed (47 Hezbollah fighters; Army claim)"


def test_killed_and_wounded_are_two_figures_and_words_are_kept():
    assert [(f["value"], f["what"]) for f in figures("35 killed and 80 wounded")] == [
        (35, "killed"), (80, "wounded")]
    strength = figures('~10,000 Syrian Army troops (deployed for the assault on Yabrud), '
                       '15,000 Hezbollah fighters (opposition claim), "Several hundred" '
                       'Christian militiamen')
    assert [f["value"] for f in strength] == [10000, 15000, None]
    assert strength[0]["approximate"] and strength[1]["claim"] == "opposition claim"
    assert strength[2]["text"] == "Several hundred Christian militiamen"
    ranged = figures("120–150+ killed (opposition claim)")[0]
    assert (ranged["value"], ranged["high"], ranged["at_least"], ranged["claim"]) == (
        120, 150, True, "opposition claim")
    assert figures("1,479 killed, including at least 13 commanders")[1]["at_least"] is True


@given(st.lists(st.tuples(st.integers(1, 10**6), st.sampled_from(["killed", "wounded",
                                                                   "captured", "fighters"]),
                          st.sampled_from([None, "Army claim", "opposition claim"])),
                min_size=1, max_size=5))
def test_a_list_of_figures_is_read_whole(items):
    text = ", ".join(f"{n:,} {what}" + (f" ({claim})" if claim else "")
                     for n, what, claim in items)
    found = figures(text)
    assert [(f["value"], f["what"], f.get("claim")) for f in found] == list(items)


def test_commanders_behind_flag_files_and_a_parenthesis_left_open() -> None:
    # the shipped Qalamoun article's Commander2 line (line 12), as written
    value = ("Abu Malek al-Tallah (Qalamoun commander) Abu Azzam Al-Kuwaiti (Qalamoun deputy "
             "commander Ahmed al-Assir, (Lebanon commander), Abu Ayman al-Iraq, Syria-flag "
             "1932-58 1961-63.svg Ahmad Nawaf Durra (Qalamoun commander)")
    got = [(c["name"], c.get("role")) for c in commanders(value)]
    assert got == [("Abu Malek al-Tallah", "Qalamoun commander"),
                   ("Abu Azzam Al-Kuwaiti", "Qalamoun deputy commander"),
                   ("Ahmed al-Assir", "Lebanon commander"),
                   ("Abu Ayman al-Iraq", None),
                   ("Ahmad Nawaf Durra", "Qalamoun commander")]


def test_balanced_parentheses_and_a_flag_file_name_of_several_words() -> None:
    got = commanders("Abu Omar (head of the Republican Guard (Syria)), Flag of Syria.svg "
                     "Bashar al-Assad (President)")
    assert [c["name"] for c in got][:1] == ["Abu Omar"]
    assert "Bashar al-Assad" in [c["name"] for c in got]
    assert not any("Flag" in c["name"] or c["name"] == "Republican Guard" for c in got)
