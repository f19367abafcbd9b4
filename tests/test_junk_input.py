"""Junk at every kind of input ends in a clean acceptance or in exit status 2 with a message
that names the file (and its line, where it has one): never a traceback and never a hang.

Each input kind starts from a valid file of the fictional valley theatre and is mutated
(structurally, on its data, and as text) before the command that reads it is run in this
process. ``HYPOTHESIS_PROFILE=fuzz`` runs many more examples of each kind than the default.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from engine.cli.main import main

from helpers import DATA, paths

settings.register_profile("fuzz", max_examples=1000, deadline=None,
                          suppress_health_check=list(HealthCheck))
EXAMPLES = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz":
    EXAMPLES = settings(settings.get_profile("fuzz"))
#: Seconds one command may take before it counts as a hang.
HANG = 120

JUNK_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 1e308, -1e308, 1e30, 2**63, 10**400, "", " ", "nan", "-inf",
                     "1900-02-30", "1900-13-01", "0000-01-01", "1900-05-02 12:00:00",
                     "a\x00b", "../../../etc/passwd", "/dev/zero", "/", "\u202e", "é" * 300,
                     "move armd market", "attack nobody nowhere", "x" * 5000]),
    st.text(max_size=30),
    st.lists(st.integers(-5, 5), max_size=3),
    st.dictionaries(st.text(max_size=6), st.integers(), max_size=3),
)

#: Lines that break YAML or the engine's expectations in known ways, inserted as text.
JUNK_LINES = [
    "fate_date: 1900-02-30", "since: 1900-13-01", "1900-00-10:", "0000-01-01: [x]",
    "  - {event: storm}", "  - {order: move}", "- &a [*a]", "x: &b {y: *b}", ": :", "\t- x",
    "key: [[[[[[[[", "]]]]", "\"unterminated", "seed: \"a\\0b\"", "extends: \"x\\0y\"",
    "replay: \"\\x01\"", "scenario: \"\\0\"", "!!python/object:os.system [ls]",
    "!!binary aGVsbG8=", "when: 1900-05-02 12:00:00", "loss_scale: 1e30", "points: 1e308",
    "strength: -5", "---", "...", "%YAML 1.1", "<<: *nowhere", "a: " + "[" * 300 + "]" * 300,
    "".join("  " * i + "- \n" for i in range(80)), "\x00", "\ufeffkey: v", "\x85",
]


def _parent(doc: Any, path: tuple) -> Any:
    for key in path[:-1]:
        doc = doc[key]
    return doc


@st.composite
def structural(draw: st.DrawFn, doc: Any) -> Any:
    """``doc`` (a copy) with one to three mutations at random places in its tree."""
    doc = yaml.safe_load(yaml.safe_dump(doc))
    for _ in range(draw(st.integers(1, 3))):
        found = [p for p in paths(doc) if p]
        if not found:
            return draw(JUNK_VALUES)
        path = draw(st.sampled_from(found))
        parent, key = _parent(doc, path), path[-1]
        how = draw(st.sampled_from(["drop", "junk", "wrap", "rename", "nest", "extra"]))
        if how == "drop":
            del parent[key]
        elif how == "junk":
            parent[key] = draw(JUNK_VALUES)
        elif how == "wrap":
            parent[key] = [parent[key]]
        elif how == "rename" and isinstance(parent, dict):
            parent[f"{key}{draw(st.sampled_from(['x', '_', 's']))}"] = parent.pop(key)
        elif how == "nest":
            value = parent[key]
            for _ in range(draw(st.integers(1, 120))):
                value = {"a": value}
            parent[key] = value
        elif how == "extra" and isinstance(parent[key], dict):
            parent[key][draw(st.text(min_size=1, max_size=8))] = draw(JUNK_VALUES)
    return doc


@st.composite
def textual(draw: st.DrawFn, text: str) -> str:
    """``text`` with lines deleted, doubled, replaced by junk, or the file cut short."""
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        how = draw(st.sampled_from(["delete", "double", "insert", "replace", "cut", "chars"]))
        if how == "delete" and lines:
            del lines[i]
        elif how == "double" and lines:
            lines.insert(i, lines[i])
        elif how in ("insert", "replace"):
            indent = " " * draw(st.sampled_from([0, 2, 4, 6]))
            junk = indent + draw(st.sampled_from(JUNK_LINES))
            if how == "replace" and lines:
                lines[i] = junk
            else:
                lines.insert(i, junk)
        elif how == "cut":
            lines = lines[:i]
        elif how == "chars" and lines:
            j = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:j] + draw(st.text(max_size=4)) + lines[i][j:]
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail a command that runs longer than ``seconds``: a hang, not a slow machine."""
    def hang(signum: int, frame: Any) -> None:
        raise TimeoutError(f"no answer in {seconds} s: a hang")
    old = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def cli(where: Path, *args: str, typed: str = "") -> tuple[int, str]:
    """Run ``wargame ARGS`` in ``where`` with ``typed`` piped in: its exit status and
    standard error. (A prompt that reads past ``typed`` meets the end of input.)"""
    out, err = io.StringIO(), io.StringIO()
    old, stdin = os.getcwd(), sys.stdin
    os.chdir(where)
    sys.stdin = io.StringIO(typed)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), deadline(HANG):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse's own usage errors
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        os.chdir(old)
        sys.stdin = stdin
    return code, err.getvalue()


def clean(code: int, err: str, *files: str) -> None:
    """Accepted, or refused with exit status 2 and a first line that names one of ``files``
    (with its line where it has one)."""
    assert "Traceback" not in err
    assert code in (0, 2), (code, err)
    event(f"exit status {code}")    # shown by --hypothesis-show-statistics
    if code == 2:
        first = err.strip().splitlines()[0] if err.strip() else ""
        names = "|".join(re.escape(f) for f in files if not f.startswith("--"))
        options = tuple(f"{f} " for f in files if f.startswith("--"))   # a bad option value
        assert re.match(rf"^(\S*/)?({names})(:\d+)?: \S", first) or \
            first.startswith(("usage:", *options)), err


@pytest.fixture(scope="module")
def valley(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the valley theatre, its seed and replay, an overlay of it, an orders
    file and a saved game of three days."""
    where = tmp_path_factory.mktemp("junk")
    for name in ("valley.yaml", "valley.txt", "valley_replay.yaml"):
        shutil.copy(DATA / name, where / name)
    (where / "overlay.yaml").write_text(
        "extends: valley.yaml\nscenario: {id: valley_overlay, title: An overlay}\n"
        "rules:\n  loss_scale: {value: 0.5, range: [0.2, 1.0], assumption: lighter fighting "
        "than the classic rates}\n", encoding="utf-8")
    (where / "orders.yaml").write_text(
        "1900-05-01:\n  - move armd orchard\n  - bombard guns market\n"
        "1900-05-02:\n  - move inf pass\n", encoding="utf-8")
    code, err = cli(where, "play", "valley.yaml", "--as", "none", "--days", "3",
                    "--save", "game.yaml")
    assert code == 0, err
    return where


def mutated(where: Path, name: str, data: st.DataObject) -> str:
    """Write a mutation of ``name`` to ``junk-NAME`` and return its name."""
    text = (where / name).read_text(encoding="utf-8")
    if data.draw(st.booleans(), label="structural"):
        new = yaml.safe_dump(data.draw(structural(yaml.safe_load(text))), allow_unicode=True)
    else:
        new = data.draw(textual(text))
    out = f"junk-{name}"
    (where / out).write_text(new, encoding="utf-8", errors="surrogatepass")
    return out


@pytest.mark.parametrize("name", ["valley.yaml", "overlay.yaml"])
@EXAMPLES
@given(data=st.data())
def test_junk_scenarios_and_overlays(valley: Path, name: str, data: st.DataObject) -> None:
    f = mutated(valley, name, data)
    code, err = cli(valley, "validate", f)
    clean(code, err, f, "valley.yaml", "valley.txt", "valley_replay.yaml")
    if code == 0:
        clean(*cli(valley, "run", f, "--days", "4"), f)


@EXAMPLES
@given(data=st.data())
def test_junk_replay_files(valley: Path, data: st.DataObject) -> None:
    f = mutated(valley, "valley_replay.yaml", data)
    clean(*cli(valley, "replay", "valley.yaml", f), f)
    clean(*cli(valley, "replay", "valley.yaml", f, "--mode", "adjudicated", "--runs", "2"), f)


@EXAMPLES
@given(data=st.data())
def test_junk_saved_games(valley: Path, data: st.DataObject) -> None:
    f = mutated(valley, "game.yaml", data)
    code, err = cli(valley, "verify", f)
    assert code in (0, 1, 2), err     # 1: read well, but it does not play again the same
    if code != 1:
        clean(code, err, f)
    clean(*cli(valley, "play", "--load", f, "--days", "1", "--as", "none", "--save",
               "resumed.yaml"), f)


@EXAMPLES
@given(data=st.data())
def test_junk_orders_files(valley: Path, data: st.DataObject) -> None:
    f = mutated(valley, "orders.yaml", data)
    clean(*cli(valley, "play", "valley.yaml", "--as", "both", "--orders", f, "--days", "3",
               "--save", "scripted.yaml"), f)
    (valley / "scripted.yaml").unlink(missing_ok=True)


@EXAMPLES
@given(data=st.data())
def test_junk_branch_sources(valley: Path, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(["game.yaml", "valley_replay.yaml"]))
    f = mutated(valley, name, data)
    day = data.draw(st.sampled_from(["1", "2", "3", "0", "99", "1900-05-02", "x"]))
    clean(*cli(valley, "play", "valley.yaml", "--from", f, "--day", day, "--as", "none",
               "--days", "1", "--save", "branched.yaml"), f, "--day")
    (valley / "branched.yaml").unlink(missing_ok=True)


#: What a player might type at the prompt, good and bad.
TYPED = ["help", "end", "undo", "list armd", "list", "odds attack armd mill", "odds",
         "odds move", "move armd orchard", "attack armd mill", "bombard guns mill",
         "hold inf port", "withdraw inf port", "move armd", "move nobody nowhere", "save",
         "save /dev/full", "save /", "save out.yaml", "map", "map x.txt", "map /dev/full",
         "map out.png", "# a comment", "", "   ", "quit"]


@EXAMPLES
@given(lines=st.lists(st.one_of(st.sampled_from(TYPED), st.text(max_size=40)), max_size=25))
def test_junk_typed_at_the_prompt(valley: Path, lines: list[str]) -> None:
    typed = "\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines) + "\n"
    code, err = cli(valley, "play", "valley.yaml", "--as", "both", "--days", "2", "--save",
                    "typed.yaml", typed=typed)
    assert code == 0 and "Traceback" not in err, err
    (valley / "typed.yaml").unlink(missing_ok=True)


#: The vocabulary of generated command lines: commands, their options, and values good and bad.
COMMANDS = ["validate", "show", "extract", "run", "replay", "compare", "play", "verify",
            "batch", "sensitivity", "print", "map", "battle"]
OPTIONS = ["--days", "--seed", "--runs", "--reps", "--workers", "--vary", "--design", "--out",
           "--mode", "--day", "--as", "--load", "--from", "--orders", "--save", "--json",
           "--format", "--places", "--metric", "--from-day", "--repair", "--backend",
           "--scheduler", "--attacker", "--defender", "--posture", "--terrain", "--batch",
           "--rules", "--surprise"]
VALUES = ["valley.yaml", "overlay.yaml", "valley_replay.yaml", "game.yaml", "orders.yaml",
          "valley.txt", "missing.yaml", "/dev/null", "/dev/zero", "/dev/full", ".", "/",
          "out", "out.png", "out.pdf", "out.txt", "0", "1", "2", "-1", "3", "1000000000000", "1e9", "nan", "inf", "-inf", "", " ", "1900-05-02", "1900-02-30",
          "north", "south", "both", "none", "lhs", "grid", "sobol", "morris",
          "rules.loss_scale=0.2:1", "rules.loss_scale=0:inf", "unit.air.strength=-4:2",
          "unit.inf.quality=0:1", "x=1:2", "recorded", "adjudicated", "yaml", "json",
          "dask", "local", "tcp://127.0.0.1:1", "é", "--", "-", "\u202e"]


WORDS = st.one_of(st.sampled_from(VALUES), st.text(max_size=8).filter(lambda t: "\x00" not in t))


@settings(EXAMPLES, max_examples=EXAMPLES.max_examples * 2)
@given(command=st.sampled_from(COMMANDS),
       files=st.lists(st.sampled_from(VALUES[:8]), min_size=0, max_size=2),
       options=st.lists(st.tuples(st.sampled_from(OPTIONS), WORDS), max_size=4),
       stray=st.lists(WORDS, max_size=1))
def test_junk_command_lines(valley: Path, command: str, files: list[str],
                            options: list[tuple[str, str]], stray: list[str]) -> None:
    args = [command, *files, *(w for pair in options for w in pair), *stray]
    if command == "batch" and "--workers" not in args:
        args += ["--workers", "1"]
    code, err = cli(valley, *args)
    event(f"exit status {code}")
    assert "Traceback" not in err
    assert code in (0, 1, 2), (code, err)
    if code == 2:
        assert err.strip() and len(err.strip().splitlines()[0]) < 2000, err


ASSAULTS = ("id,attacker,defender,posture,terrain,days,surprise\n"
            "a,1000,1000,hasty,open,1,0\nb,3000,800,fortified,urban,7,1\n")


@EXAMPLES
@given(data=st.data())
def test_junk_assault_tables(valley: Path, data: st.DataObject) -> None:
    text = data.draw(textual(ASSAULTS))
    (valley / "assaults.csv").write_text(text, encoding="utf-8", errors="surrogatepass")
    code, err = cli(valley, "battle", "--batch", "assaults.csv", "--out", "odds.csv")
    clean(code, err, "assaults.csv")


def test_the_mutations_reach_the_engine(valley: Path) -> None:
    """The strategies above are not all refused at the door: a valid file survives a
    harmless mutation, so acceptance is exercised too."""
    text = (valley / "valley.yaml").read_text(encoding="utf-8")
    (valley / "junk-valley.yaml").write_text(text + "\n# a comment\n", encoding="utf-8")
    assert cli(valley, "validate", "junk-valley.yaml")[0] == 0
