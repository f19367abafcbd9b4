"""Text helpers: "did you mean", the kind of a value, tables."""

from __future__ import annotations

from engine.util.text import closest, kind_of, suggest, table


def test_did_you_mean() -> None:
    assert closest("strenght", ["strength", "quality"]) == "strength"
    assert closest("zzz", ["strength"]) is None
    assert suggest("strenght", ["strength", "quality"]) == " (did you mean 'strength'?)"
    assert suggest("zzz", ["b", "a"]) == " (expected one of: a, b)"
    assert suggest("zzz", [f"x{i}" for i in range(20)]) == ""


def test_kind_of_names_a_value_for_people() -> None:
    assert [kind_of(v) for v in ({}, [], "x", True, None, 3.5)] == [
        "a mapping", "a list", "text", "true/false", "empty", "float"]


def test_a_table_lines_up_its_columns() -> None:
    text = table(("id", "name"), [("a", "Alpha"), ("bb", "B")])
    assert text.splitlines() == ["id  name", "--  -----", "a   Alpha", "bb  B"]


def test_the_article_before_a_word() -> None:
    from engine.util.text import article

    assert [article(w) for w in ("engagement", "bombardment", "attack", "", "Ambush")] == \
        ["an", "a", "an", "a", "an"]
