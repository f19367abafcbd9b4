"""YAML with line numbers: every key and item knows its line; duplicates are caught."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from engine.errors import ScenarioError
from engine.scenario.yamlsrc import dump_yaml, load_yaml, parse_yaml

TEXT = """\
a: 1
b:
  c: [1, 2]
  d:
    - x: 1
    - x: 2
"""


def test_lines_of_keys_and_items():
    doc = parse_yaml(TEXT, "t.yaml")
    assert doc.data == {"a": 1, "b": {"c": [1, 2], "d": [{"x": 1}, {"x": 2}]}}
    assert doc.line(("a",)) == 1 and doc.line(("b", "c")) == 3
    assert doc.line(("b", "d", 1, "x")) == 6
    assert doc.line(("b", "d", 1, "missing")) == 6  # nearest known ancestor
    assert str(doc.problem(("b", "c"), "bad")) == "t.yaml:3: bad"


def test_duplicate_keys_name_both_lines():
    with pytest.raises(ScenarioError) as err:
        parse_yaml("a: 1\nb: 2\na: 3\n", "t.yaml")
    assert str(err.value) == "t.yaml:3: duplicate key 'a' (first given at line 1); keep only one"


def test_syntax_error_has_a_line():
    with pytest.raises(ScenarioError) as err:
        parse_yaml("a: 1\nb: [1, 2\nc: 3\n", "t.yaml")
    [problem] = err.value.problems
    assert problem.line is not None and "not valid YAML" in problem.message


def test_python_tags_are_refused_and_never_run(tmp_path):
    marker = tmp_path / "ran"
    with pytest.raises(ScenarioError):
        parse_yaml(f"a: !!python/object/apply:os.system ['touch {marker}']\n", "t.yaml")
    assert not marker.exists()


def laughs(levels: int) -> str:
    """Each level a list of ten aliases of the one before: 10**levels values in all."""
    out = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, levels):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        out.append(f"{cur}: &{cur} [{', '.join([f'*{prev}'] * 10)}]")
    return "\n".join(out) + "\n"


def test_aliases_are_walked_once():
    doc = parse_yaml(laughs(5), "t.yaml")   # 10**5 values: allowed, and walked once
    assert len(doc.lines) < 200 and doc.data["e"][9][9][9][9][9] == "x"


@pytest.mark.parametrize(("text", "line", "message"), [
    ("&a [*a]\n", 1, "inside its own anchor"),                    # a list that holds itself
    ("x:\n  y: &a {z: [1, *a]}\n", 2, "inside its own anchor"),
    (laughs(9), 6, "more than 1,000,000 values"),                 # 10**9 if expanded
    ("a: " + "[" * 200 + "]" * 200 + "\n", 1, "more than 64 levels deep"),
    ("".join("  " * i + "- \n" for i in range(100)), 65, "more than 64 levels deep"),
    ("when: 2013-02-30\n", 1, "'2013-02-30' is not a possible date"),
    ("2013-13-01: [x]\n", 1, "'2013-13-01' is not a possible date"),
    ("a: 1\nb: \"x\0y\"\n", 2, "not valid YAML"),
    ("a: 1\nb: x\x00y\n", 2, "not valid YAML"),
])
def test_what_cannot_be_loaded_is_refused_at_its_line(text, line, message):
    with pytest.raises(ScenarioError) as err:
        parse_yaml(text, "t.yaml")
    assert f"t.yaml:{line}: " in str(err.value) and message in str(err.value)


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: None, "no such file"),
    (lambda p: p.mkdir(), "is a directory"),
    (lambda p: p.write_bytes(b"a: \xff\xfe\n"), "not UTF-8"),
    (lambda p: p.write_bytes(b"a: 1\nb: 2\nc: \xff\n"), ":3: not UTF-8"),
])
def test_unreadable_files(tmp_path, make, message):
    path = tmp_path / "x.yaml"
    make(path)
    with pytest.raises(ScenarioError) as err:
        load_yaml(path)
    assert message in str(err.value) and str(path) in str(err.value)


KEYS = st.text(alphabet="abcdefghij_", min_size=1, max_size=6)
# Text as it can occur inside one line: seeds are split with str.splitlines(), which breaks at
# every Unicode line break (NEL, U+2028, ...), characters PyYAML would not keep on a round trip.
LINE_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=10)
DATA = st.recursive(
    st.one_of(st.integers(), LINE_TEXT, st.booleans(), st.none()),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=20)


def key_paths(node, prefix=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield prefix + (k,)
            yield from key_paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield prefix + (i,)
            yield from key_paths(v, prefix + (i,))


@given(st.dictionaries(KEYS, DATA, min_size=1, max_size=5))
def test_round_trip_and_every_path_has_a_line(data):
    text = dump_yaml(data)
    doc = parse_yaml(text, "t.yaml")
    assert doc.data == data == yaml.safe_load(text)
    n = text.count("\n") + 1
    for path in key_paths(data):
        assert 1 <= doc.line(path) <= n


def test_an_overlay_merges_removes_and_keeps_each_entry_s_file_and_line(tmp_path) -> None:
    from engine.scenario.yamlsrc import load_overlaid

    (tmp_path / "sub").mkdir()
    base = tmp_path / "base.yaml"
    base.write_text("a: 1\nb:\n  c: 2\n  d: 3\nlist: [1, 2]\ngone: 4\n", encoding="utf-8")
    top = tmp_path / "sub" / "top.yaml"
    top.write_text("extends: ../base.yaml\nb:\n  d: 30\n  e: 5\nlist: [9]\ngone: ~\n",
                   encoding="utf-8")
    doc = load_overlaid(top)
    assert doc.data == {"a": 1, "b": {"c": 2, "d": 30, "e": 5}, "list": [9]}
    assert (doc.file(("a",)), doc.line(("a",))) == (str(base), 1)
    assert (doc.file(("b", "c")), doc.line(("b", "c"))) == (str(base), 3)
    assert (doc.file(("b", "d")), doc.line(("b", "d"))) == (str(top), 3)
    assert (doc.file(("list", 0)), doc.line(("list", 0))) == (str(top), 5)
    assert str(doc.problem(("b", "e"), "bad")) == f"{top}:4: bad"


def test_an_overlay_that_extends_itself_is_refused(tmp_path) -> None:
    from engine.scenario.yamlsrc import load_overlaid

    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("extends: b.yaml\nx: 1\n", encoding="utf-8")
    b.write_text("extends: a.yaml\ny: 2\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"a.yaml:1: extends: goes round in a circle"):
        load_overlaid(a)
    a.write_text("extends: [b.yaml]\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="extends: must name the base file"):
        load_overlaid(a)
