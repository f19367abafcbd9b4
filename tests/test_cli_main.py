"""The ``wargame`` command end to end: output, exit status, no tracebacks, no half files."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from engine.cli.main import main

from helpers import ALEPPO, ROOT, SEED, SMALL, run


def test_validate_ok(capsys):
    code, out, _ = run(capsys, "validate", str(ALEPPO))
    assert code == 0
    assert out.startswith("OK: aleppo_2013: 48 places, 62 roads, 4 routes, 2 sides")
    assert "citations checked, 62 turns" in out


def test_validate_reports_every_problem_with_exit_2(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL.read_text().replace("terrain: fortified", "terain: fortified")
                   .replace("strength: 900", "strength: -900"))
    code, out, err = run(capsys, "validate", str(bad))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith(f"{bad}:") for line in lines)
    assert "Traceback" not in err


@pytest.mark.parametrize("args", [["validate", "no/such.yaml"], ["show", "no/such.yaml"],
                                  ["extract", "no/such.txt"]])
def test_missing_input_is_exit_2(capsys, args):
    code, _, err = run(capsys, *args)
    assert code == 2 and "no such file" in err


def test_show_tables_and_json(capsys):
    code, out, _ = run(capsys, "show", str(ALEPPO))
    assert code == 0 and "FORCES OF GOVERNMENT" in out and "ground total 7,000" in out
    code, out, _ = run(capsys, "show", str(ALEPPO), "--json")
    assert code == 0 and json.loads(out)["totals"]["turns"] == 62


def test_show_writes_map_and_geojson(capsys, tmp_path):
    code, out, err = run(capsys, "show", str(SMALL), "--map", str(tmp_path / "m.png"),
                         "--geojson", str(tmp_path / "t.geojson"))
    assert code == 0 and "written" not in out      # the report alone on standard output
    assert err.splitlines() == [f"written: {tmp_path / 'm.png'}",
                                f"written: {tmp_path / 't.geojson'}"]
    assert (tmp_path / "m.png").read_bytes()[:4] == b"\x89PNG"
    assert json.loads((tmp_path / "t.geojson").read_text())["type"] == "FeatureCollection"


def test_failed_run_leaves_existing_output_untouched(capsys, tmp_path):
    target = tmp_path / "m.png"
    target.write_bytes(b"previous map")
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenario: [\n")
    code, _, err = run(capsys, "show", str(bad), "--map", str(target))
    assert code == 2 and "not valid YAML" in err
    assert target.read_bytes() == b"previous map"
    code, _, err = run(capsys, "show", str(SMALL), "--map", str(tmp_path / "no" / "m.png"))
    assert code == 2 and "does not exist" in err
    # a good map and a bad GeoJSON path: nothing at all is written
    code, _, err = run(capsys, "show", str(SMALL), "--map", str(tmp_path / "new.png"),
                       "--geojson", str(tmp_path / "no" / "t.geojson"))
    assert code == 2 and not (tmp_path / "new.png").exists()


def test_extract_to_file(capsys, tmp_path):
    out_file = tmp_path / "x.yaml"
    code, out, err = run(capsys, "extract", str(SEED), "--out", str(out_file))
    assert code == 0 and out == "" and err == f"written: {out_file}\n"
    data = yaml.safe_load(out_file.read_text())
    assert data["infobox"]["sides"][1]["strength"][0]["value"] == 7000


def test_bad_arguments_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["show"])
    assert exc.value.code == 2


def test_python_dash_m_is_the_same_program():
    done = subprocess.run([sys.executable, "-m", "engine", "validate", str(SMALL)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("OK: river_crossing")


def test_unwritable_standard_output_is_a_clear_error():
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "engine", "show", str(SMALL)],
                              stdout=full, stderr=subprocess.PIPE, text=True, check=False)
    assert done.returncode == 2 and "No space left" in done.stderr
    assert "Traceback" not in done.stderr


def test_errors_into_a_closed_pipe_still_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenario: [\n")
    proc = subprocess.Popen([sys.executable, "-m", "engine", "validate", str(bad)],
                            stderr=subprocess.PIPE)
    proc.stderr.close()  # nobody reads the error
    assert proc.wait() == 2


def test_validate_json_gives_the_counts_or_every_problem(capsys, tmp_path):
    code, out, _ = run(capsys, "validate", str(ALEPPO), "--json")
    verdict = json.loads(out)
    assert code == 0 and verdict["ok"] and verdict["scenario"] == "aleppo_2013"
    assert verdict["places"] == 48 and verdict["replay"]["id"] == "aleppo_2013_historical"
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenario: [\n")
    code, out, err = run(capsys, "validate", str(bad), "--json")
    verdict = json.loads(out)
    assert code == 2 and verdict["ok"] is False and err == ""
    assert verdict["problems"][0]["file"] == str(bad) and verdict["problems"][0]["line"] == 2
    assert "not valid YAML" in verdict["problems"][0]["message"]


def test_every_command_s_help_has_an_example_and_every_option_says_its_default():
    """The example under each command's --help parses, and with the placeholders standing
    for the project's own battle it runs on files that exist (or the saved game and batch
    folder the examples make); every option says what it does and, where it has one, its
    default."""
    import argparse
    import shlex

    from engine.cli.main import EXAMPLES, parser

    ours = {"BATTLE": "aleppo_2013", "ARTICLE": "aleppo_offensive_2013",
            "WHAT_IF": "aleppo_2013_no_radwan", "SIDE": "rebels"}
    made = ("aleppo_2013-seed1.yaml", "runs/sobol")
    sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert set(sub.choices) == set(EXAMPLES)
    for name, command in sub.choices.items():
        assert f"example:\n  {EXAMPLES[name]}" in command.format_help(), name
        words = shlex.split(EXAMPLES[name])[1:]
        for placeholder, value in ours.items():
            words = [w.replace(placeholder, value) for w in words]
        assert callable(parser().parse_args(words).run)
        for word in words:
            if word.endswith((".yaml", ".txt")) and word not in made:
                assert (ROOT / word).exists(), f"{name}'s example names {word}"
        for action in command._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            assert action.help, f"{name} {action.dest}: no description"
            if action.option_strings and action.default not in (None, False):
                assert "default" in action.help, f"{name} {action.dest}: no default said"
