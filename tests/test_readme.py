"""The README's examples: every `wargame` command in it parses and names files that exist (or
that an earlier example writes), every Python example runs as written, and its test command is
the one CI runs."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest

from engine.batch.spec import MAX_RUNS
from engine.cli.main import parser
from engine.scenario import model, yamlsrc
from engine.scenario.loader import load_scenario

from helpers import ALEPPO, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
INPUTS = ("scenarios/", "replays/", "seeds/", "tests/")


def commands() -> list[str]:
    """Each command of the README's ``sh`` blocks, continuation lines joined, comments out."""
    out = []
    for block in re.findall(r"```sh\n(.*?)```", README, flags=re.S):
        text = block.replace("\\\n", " ")
        for line in text.splitlines():
            line = line.split(" #")[0].strip()
            if line and not line.startswith("#"):
                out.append(line)
    return out


def wargame_commands() -> list[list[str]]:
    out = []
    for line in commands():
        for part in line.split("&&"):
            words = shlex.split(part)
            if words and words[0].endswith("bin/wargame"):
                if ">" in words:
                    words = words[:words.index(">")]
                out.append(words[1:])
    return out


def test_the_readme_has_examples_of_every_command() -> None:
    used = {words[0] for words in wargame_commands()}
    sub = next(a for a in parser()._actions if a.dest == "command")
    assert set(sub.choices) <= used, f"commands without an example: {set(sub.choices) - used}"


@pytest.mark.parametrize("words", wargame_commands(), ids=lambda w: " ".join(w)[:60])
def test_each_example_parses_and_names_files_that_exist(words: list[str]) -> None:
    try:
        args = parser().parse_args(words)
    except SystemExit as stop:  # argparse's own message is on stderr
        pytest.fail(f"the README's `wargame {' '.join(words)}` does not parse ({stop})")
    assert callable(args.run)
    saved_game = f"{load_scenario(ALEPPO).id}-seed1.yaml"   # what `play --seed 1` writes
    for word in words:
        if word.startswith(INPUTS) and word.endswith((".yaml", ".txt")):
            assert (ROOT / word).exists(), f"the README names {word}, which does not exist"
        elif word.endswith(".yaml") and "-seed" in word:
            assert word == saved_game, f"{word}: the README's `play --seed 1` saves {saved_game}"


def test_the_readme_test_command_is_what_ci_runs() -> None:
    assert "scripts/test" in commands()
    run = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
           if line and not line.startswith(("#", "set ", "cd "))]
    assert run == ["scripts/test"]
    script = (ROOT / "scripts" / "test").read_text(encoding="utf-8")
    for step in ("apt-get install", "pip install -q -e '.[test]'", "ruff check .",
                 "mypy engine", ".venv/bin/pytest"):
        assert step in script
    main = next(c for c in commands() if c.startswith("python3 -m venv"))
    assert main.endswith("wargame replay scenarios/aleppo_2013.yaml")


def test_the_python_examples_run_as_written() -> None:
    """Every ``python`` block, in order, in one fresh interpreter, from the project's folder."""
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    assert len(blocks) >= 4
    program = "\n".join(blocks)
    done = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "places where the rules and the record part" in done.stdout
    assert "killed.rebels" in done.stdout   # the DataFrame's columns


def test_the_limits_the_readme_states_are_the_engines() -> None:
    table = README.split("## Bad input", 1)[1].split("\n## ", 1)[0]
    for stated in (f"| {yamlsrc.MAX_BYTES // 2**20} MB |", f"| {yamlsrc.MAX_DEPTH} levels |",
                   f"| {yamlsrc.MAX_VALUES:,} |", f"| {yamlsrc.MAX_EXTENDS} |",
                   f"| {model.MAX_PEOPLE:,} |", f"| {model.MAX_POPULATION:,} |",
                   f"| {model.MAX_QUALITY:g}; {model.MAX_POINTS:,.0f} |", f"| {MAX_RUNS:,} |"):
        assert stated in table, stated
