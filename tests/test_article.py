"""The structure of a plain-text article."""

from __future__ import annotations

from engine.seed.article import parse_article

TEXT = """= Title Here =

Infobox
- Conflict: A war
- Strength1: 5 men

Lead paragraph.

== Background ==
First paragraph.

=== Detail ===
Second paragraph.

== See also ==

- Another battle
- Yet another
"""


def test_parse_article():
    a = parse_article(TEXT)
    assert a.title == "Title Here"
    assert a.infobox == (("Conflict", "A war", 4), ("Strength1", "5 men", 5))
    assert a.field("strength1") == ("5 men", 5) and a.field("missing") is None
    assert [(p.line, p.text, p.section, p.chapter) for p in a.paragraphs] == [
        (7, "Lead paragraph.", "lead", "lead"),
        (10, "First paragraph.", "Background", "Background"),
        (13, "Second paragraph.", "Detail", "Background"),
    ]
    assert len(a.lines) == 18
