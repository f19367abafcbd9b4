"""Bad input found by adversarial runs, each case as it was found: exit status 2 and a message
naming the file and line, never a traceback, a hang or a half-written file."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from engine.batch.spec import BatchSpec
from engine.batch.store import DAMAGED, STORE, locked
from engine.cli import batch as batch_cli
from engine.errors import WargameError
from engine.sim.chance import poisson_at_most

from helpers import DATA, ROOT, run, session, valley_game


@pytest.fixture()
def valley(tmp_path: Path) -> Path:
    """A folder holding the valley theatre, its seed and its replay."""
    for name in ("valley.yaml", "valley.txt", "valley_replay.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


def edit(folder: Path, name: str, old: str, new: str, to: str = "") -> Path:
    """A copy of ``name`` with ``old`` replaced (it must be there)."""
    text = (folder / name).read_text(encoding="utf-8")
    assert old in text, old
    out = folder / (to or f"bad-{name}")
    out.write_text(text.replace(old, new, 1), encoding="utf-8")
    return out


def refused(capsys, *args: str | Path) -> str:
    code, _, err = run(capsys, *map(str, args))
    assert code == 2 and "Traceback" not in err, err
    return err


# -- 1. impossible dates written unquoted -------------------------------------------------
@pytest.mark.parametrize(("old", "new", "message"), [
    ("fate_date: 1900-05-05", "fate_date: 1900-02-30", "'1900-02-30' is not a possible date"),
    ("start: 1900-05-01", "start: 1900-13-01", "'1900-13-01' is not a possible date"),
    ("fate_date: 1900-05-05", "fate_date: 1900-05-05 12:00:00", "without a time of day"),
])
def test_impossible_dates_in_a_scenario(capsys, valley, old, new, message) -> None:
    bad = edit(valley, "valley.yaml", old, new)
    line = next(i for i, t in enumerate(bad.read_text().splitlines(), 1) if new in t)
    assert f"{bad}:{line}: " in refused(capsys, "validate", bad) and message in \
        refused(capsys, "validate", bad)


@pytest.mark.parametrize("key", ["1900-00-10", "0000-01-01"])
def test_impossible_dates_in_an_orders_file(capsys, valley, key) -> None:
    orders = valley / "orders.yaml"
    orders.write_text(f"1900-05-01: [move armd orchard]\n{key}:\n  - hold inf port\n")
    err = refused(capsys, "play", valley / "valley.yaml", "--as", "both", "--orders", orders,
                  "--save", valley / "g.yaml")
    assert f"{orders}:2: '{key}' is not a possible date" in err
    assert not (valley / "g.yaml").exists()


# -- 2. control characters in a path written in a file ------------------------------------
@pytest.mark.parametrize(("old", "new"), [
    ("seed: valley.txt", 'seed: "valley\\0.txt"'),
    ("replay: valley_replay.yaml", 'replay: "valley\\0replay.yaml"'),
])
def test_a_nul_in_a_path_of_a_scenario(capsys, valley, old, new) -> None:
    bad = edit(valley, "valley.yaml", old, new)
    line = next(i for i, t in enumerate(bad.read_text().splitlines(), 1) if new in t)
    for command in ("validate", "replay"):
        err = refused(capsys, command, bad)
        assert f"{bad}:{line}: " in err and "control character" in err


def test_a_nul_in_extends_and_in_a_saved_games_scenario(capsys, valley) -> None:
    overlay = valley / "o.yaml"
    overlay.write_text('extends: "valley\\0.yaml"\n')
    assert f"{overlay}:1: extends: must name the base file" in refused(capsys, "validate",
                                                                          overlay)
    game = valley / "g.yaml"
    assert run(capsys, "play", str(valley / "valley.yaml"), "--as", "none", "--days", "1",
               "--save", str(game))[0] == 0
    bad = edit(valley, "g.yaml", "scenario: valley.yaml", 'scenario: "valley\\0.yaml"')
    assert f"{bad}:3: the scenario " in refused(capsys, "verify", bad)


# -- 3. nesting, and long chains of overlays -----------------------------------------------
@pytest.mark.parametrize("depth", [500, 900])
def test_deep_nesting(capsys, valley, depth) -> None:
    scenario = valley / "valley.yaml"
    deep = valley / "deep.yaml"
    deep.write_text(scenario.read_text() + "extra: " + "[" * depth + "]" * depth + "\n")
    assert "more than 64 levels deep" in refused(capsys, "validate", deep)
    game = valley / "g.yaml"
    assert run(capsys, "play", str(scenario), "--as", "none", "--days", "1", "--save",
               str(game))[0] == 0
    nested = valley / "nested.yaml"
    nested.write_text(game.read_text() + "".join("  " * i + "- \n" for i in range(depth)))
    assert "more than 64 levels deep" in refused(capsys, "verify", nested)


def test_a_chain_of_overlays(capsys, valley) -> None:
    previous = "valley.yaml"
    for i in range(1100):
        (valley / f"o{i}.yaml").write_text(f"extends: {previous}\n")
        previous = f"o{i}.yaml"
    assert "more than 32 overlays deep" in refused(capsys, "validate", valley / previous)


# -- 4. a replay order without its order ---------------------------------------------------
def test_a_replay_order_without_order(capsys, valley) -> None:
    bad = edit(valley, "valley_replay.yaml", "- {order: move armd orchard, event: column_march}",
               "- {event: column_march}")
    line = next(i for i, t in enumerate(bad.read_text().splitlines(), 1)
                if "{event: column_march}" in t)
    assert f"{bad}:{line}: an order is missing 'order'" in refused(
        capsys, "replay", valley / "valley.yaml", bad)


# -- 5. rates the engine cannot sample ------------------------------------------------------
def test_rules_past_their_bounds(capsys, valley) -> None:
    text = (valley / "valley.yaml").read_text()
    bad = valley / "rules.yaml"
    for rule in ("loss_scale: 1.0e+30", "kill_rate: 1.0e+308", "speed: {armour: 1.0e+300}"):
        bad.write_text(text + f"\nrules:\n  {rule}\n")
        assert "must be at most" in refused(capsys, "validate", bad)
    bad.write_text(text + "\nrules:\n  loss_scale: 1e30\n")   # YAML 1.1 reads this as text
    assert "write it with a point and a sign: 1.0e+30" in refused(capsys, "validate", bad)
    assert "must stay within [0, 100]" in refused(
        capsys, "batch", valley / "valley.yaml", "--vary", "rules.loss_scale=0:inf", "--out",
        valley / "b")
    assert not (valley / "b").exists()


def test_a_poisson_count_far_past_its_cap_is_the_cap() -> None:
    rng = np.random.default_rng(1)
    assert poisson_at_most(rng, 1e30, 500) == 500 and poisson_at_most(rng, 0.0, 5) == 0
    assert 0 <= poisson_at_most(rng, 20.0, 500) <= 500


def test_points_past_their_bound(capsys, valley) -> None:
    bad = edit(valley, "valley.yaml", "points: 2,", "points: 1.0e+308,")
    assert "points must be at most 1000" in refused(capsys, "validate", bad)


# -- 6. sizes ------------------------------------------------------------------------------
def test_sizes_past_their_limits(capsys, valley) -> None:
    vary = ["--vary", "rules.loss_scale=0.2:1"]
    assert "from 1 to 1,000,000" in refused(capsys, "batch", valley / "valley.yaml", *vary,
                                            "--runs", "1000000000000", "--out", valley / "b")
    assert "would play 10,000,000 runs" in refused(
        capsys, "batch", valley / "valley.yaml", *vary, "--runs", "100000", "--reps", "100",
        "--out", valley / "b")
    start = time.perf_counter()
    assert "/dev/zero: is not a regular file" in refused(capsys, "run", "/dev/zero")
    fifo = valley / "pipe.yaml"
    os.mkfifo(fifo)                                        # no writer: open() would wait
    assert "pipe.yaml: is not a regular file" in refused(capsys, "validate", fifo)
    huge = valley / "huge.yaml"
    with open(huge, "wb") as f:                            # sparse: nothing is really written
        f.truncate(17 * 2**20)
    assert "huge.yaml: is larger than 16 MB" in refused(capsys, "validate", huge)
    assert time.perf_counter() - start < 10
    assert "between 1 and 10" in refused(capsys, "play", valley / "valley.yaml", "--as", "none",
                                         "--days", "100000", "--save", valley / "g.yaml")


def test_workers_are_capped_with_a_message(capsys, valley) -> None:
    code, out, err = run(capsys, "batch", str(valley / "valley.yaml"), "--vary",
                         "rules.loss_scale=0.2:1", "--runs", "2", "--workers", "1000000",
                         "--out", str(valley / "b"))
    assert code == 0 and "--workers 1000000: this machine gives" in err
    assert "2 runs in" in out


# -- 7. a damaged batch store ---------------------------------------------------------------
def damage_truncated(store: Path) -> None:
    store.write_bytes(store.read_bytes()[:700])


def damage_random(store: Path) -> None:
    store.write_bytes(np.random.default_rng(3).bytes(4096))


def damage_table(store: Path) -> None:
    with sqlite3.connect(store) as db:
        db.execute("DROP TABLE runs")
        db.execute("CREATE TABLE runs (a, b, c)")


def damage_row(store: Path) -> None:
    with sqlite3.connect(store) as db:
        db.execute("UPDATE runs SET row = '{not json' WHERE run_id = 1")


def damage_folder(store: Path) -> None:
    store.unlink()
    store.mkdir()


@pytest.mark.parametrize("damage", [damage_truncated, damage_random, damage_table, damage_row,
                                    damage_folder])
def test_a_damaged_store_is_named_and_repaired(capsys, valley, damage) -> None:
    command = ["batch", str(valley / "valley.yaml"), "--vary", "rules.loss_scale=0.2:1",
               "--runs", "4", "--workers", "1", "--out", str(valley / "b")]
    assert run(capsys, *command)[0] == 0
    store = valley / "b" / STORE
    for extra in ("-wal", "-shm"):
        Path(f"{store}{extra}").unlink(missing_ok=True)
    damage(store)
    for err in (refused(capsys, "sensitivity", valley / "b"), refused(capsys, *command)):
        assert f"{store}: the batch store is damaged" in err and "--repair" in err
    code, out, _ = run(capsys, *command, "--repair")
    assert code == 0 and "4 runs in" in out
    if damage is damage_row:
        assert "(1 played now" in out                # the three intact rows were kept
    assert (valley / "b" / DAMAGED).exists()
    assert run(capsys, "sensitivity", str(valley / "b"))[0] == 0


def test_a_damaged_batch_description(capsys, valley) -> None:
    (valley / "b").mkdir()
    good = {"scenario": "s", "design": "lhs", "runs": 4, "seed": 1, "reps": 1,
            "factors": [{"name": "rules.loss_scale", "low": 0.2, "high": 1.0}]}
    for text in ("[1", "[]", '{"runs": 4}', json.dumps({**good, "runs": -4}),
                 json.dumps(good).replace("0.2", "1" + "0" * 400),
                 json.dumps(good).replace("0.2", "NaN")):
        (valley / "b" / "batch.json").write_text(text)
        assert "batch.json: not a batch description" in refused(capsys, "sensitivity",
                                                                 valley / "b")


def test_one_batch_at_a_time_writes_a_folder(capsys, valley) -> None:
    folder = valley / "b"
    command = ["batch", str(valley / "valley.yaml"), "--vary", "rules.loss_scale=0.2:1",
               "--runs", "2", "--workers", "1", "--out", str(folder)]
    assert run(capsys, *command)[0] == 0
    with locked(folder):       # this process holds it
        assert "another batch is writing this folder" in refused(capsys, *command)
    holder = subprocess.Popen(  # another process holds it
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from engine.batch.store import locked\n"
         f"with locked(Path({str(folder)!r})):\n    print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert "another batch is writing this folder" in refused(capsys, *command)
    finally:
        holder.kill()
        holder.wait()
    assert run(capsys, *command)[0] == 0     # released when its holder ended


# -- accepted but wrong ---------------------------------------------------------------------
def test_validate_checks_the_replay(capsys, valley) -> None:
    edit(valley, "valley_replay.yaml", "move armd orchard", "move armd nowhere",
         to="valley_replay.yaml")
    err = refused(capsys, "validate", valley / "valley.yaml")
    assert "valley_replay.yaml:" in err and "'nowhere' is not defined" in err


def test_a_saved_game_is_checked_key_by_key(capsys, valley) -> None:
    game = valley / "g.yaml"
    assert run(capsys, "play", str(valley / "valley.yaml"), "--as", "none", "--days", "2",
               "--save", str(game))[0] == 0
    text = game.read_text()
    for old, new, message in (
            ("seed: 1\n", "seed: 1\ncheat: true\n", "unknown key 'cheat'"),
            ("- date: '1900-05-02'", "- date: 'yesterday'", "date: must be written YYYY-MM-DD"),
            ("kind: engagement", "kind: [engagement]", "not a recorded outcome"),
            ("  north: historical\n", "  north: robot\n", "players: maps each side")):
        if old not in text:
            continue
        bad = game.with_name("bad.yaml")
        bad.write_text(text.replace(old, new, 1))
        line = next(i for i, t in enumerate(bad.read_text().splitlines(), 1)
                    if new.splitlines()[-1].strip() in t or new.strip() in t)
        err = refused(capsys, "verify", bad)
        assert message in err and f"{bad}:" in err, err
        assert abs(int(err.split(f"{bad}:")[1].split(":")[0]) - line) <= 2, (err, line)
    swapped = game.with_name("dated.yaml")
    swapped.write_text(text.replace("- date: '1900-05-02'", "- date: '1900-05-09'", 1))
    code, out, _ = run(capsys, "verify", str(swapped))
    assert code == 1 and "the file dates this day 1900-05-09" in out


def test_the_kit_and_the_viewer_are_written_under_their_own_names(capsys, valley) -> None:
    assert "the kit (a PDF) is written as .pdf" in refused(capsys, "print", valley / "valley.yaml",
                                                           "--out", valley / "kit.png")
    assert not (valley / "kit.png").exists()
    assert "the viewer is written as .html" in refused(
        capsys, "replay", valley / "valley.yaml", "--html", valley / "viewer.png")


# -- messages ------------------------------------------------------------------------------
def test_a_nul_character_and_bytes_that_are_not_utf8_are_named_by_line(capsys, valley) -> None:
    scenario = valley / "valley.yaml"
    lines = scenario.read_bytes().splitlines(keepends=True)
    for junk, message in ((b"\x00", "not valid YAML"), (b"\xff", "not UTF-8")):
        bad = valley / "bytes.yaml"
        bad.write_bytes(b"".join(lines[:11] + [b"# " + junk + b"\n"] + lines[11:]))
        assert f"{bad}:12: {message}" in refused(capsys, "validate", bad)


def test_batch_out_onto_a_file_names_it(capsys, valley) -> None:
    (valley / "taken").write_text("x")
    err = refused(capsys, "batch", valley / "valley.yaml", "--vary", "rules.loss_scale=0.2:1",
                  "--out", valley / "taken")
    assert f"{valley / 'taken'}: is a file" in err


def test_an_unreachable_scheduler_is_named(capsys, valley, monkeypatch) -> None:
    pytest.importorskip("dask.distributed")
    monkeypatch.setattr(batch_cli, "SCHEDULER_TIMEOUT", "2s")
    err = refused(capsys, "batch", valley / "valley.yaml", "--vary", "rules.loss_scale=0.2:1",
                  "--backend", "dask", "--scheduler", "tcp://127.0.0.1:9", "--out", valley / "b")
    assert "--scheduler tcp://127.0.0.1:9: cannot reach the Dask scheduler" in err


def test_a_batch_spec_refuses_what_it_cannot_play() -> None:
    with pytest.raises(WargameError, match="unknown design"):
        BatchSpec("s.yaml", "random", 4, 1, 1, ())
    with pytest.raises(WargameError, match="--reps must be"):
        BatchSpec("s.yaml", "lhs", 4, 1, 0, ())


def test_a_file_named_inside_another_that_cannot_be_read_is_that_lines_mistake(
        capsys, valley) -> None:
    bad = edit(valley, "valley.yaml", "replay: valley_replay.yaml", "replay: gone.yaml")
    assert f"{bad}:8: the historical replay " in refused(capsys, "validate", bad)
    game = valley / "g.yaml"
    game.write_text("format: wargame-game/3\nscenario: valley.yaml\n  !!python/object:os.system"
                    " [ls]\nseed: 1\nplayers: {}\ndays: []\n")
    assert f"{game}:2: the scenario " in refused(capsys, "verify", game)
    overlay = valley / "o.yaml"
    overlay.write_text("# an overlay\nextends: gone.yaml\n")
    assert f"{overlay}:2: extends: the base file " in refused(capsys, "validate", overlay)


def test_places_at_one_point_are_refused_not_looped_over(capsys, valley) -> None:
    text = (valley / "valley.yaml").read_text()
    bad = valley / "close.yaml"
    bad.write_text(text.replace("coords: {lat: 45.08, lon: 10.14,",     # mill onto ford
                                "coords: {lat: 45.0500001, lon: 10.08,", 1))
    assert "are 0 m apart: places closer than 100 m are one place" in refused(
        capsys, "validate", bad)


def test_the_strongest_rules_allowed_do_not_overflow(capsys, valley) -> None:
    fact = "{value: %s, assumption: the strongest the rules allow}"
    rules = {"kill_rate": 1.0, "loss_scale": 100, "posture: {moving": 10, "terrain: {open": 10}
    text = (valley / "valley.yaml").read_text() + "rules:\n" + "".join(
        f"  {k}: {fact % v}{'}' if '{' in k else ''}\n" for k, v in rules.items())
    (valley / "strong.yaml").write_text(text)
    code, _, err = run(capsys, "run", str(valley / "strong.yaml"))
    assert code == 0, err


@pytest.mark.parametrize("change", [
    lambda row: {"run_id": row["run_id"]},
    lambda row: {**row, "killed.north": "lots"},
    lambda row: {**row, "point": 999},
    lambda row: {**row, "civilians_killed": float("inf")},
    lambda row: {**row, "killed.north": 10**400},
    lambda row: {**row, "rules.loss_scale": 7.0},
])
def test_a_row_that_is_not_its_runs_is_damage(capsys, valley, change) -> None:
    command = ["batch", str(valley / "valley.yaml"), "--vary", "rules.loss_scale=0.2:1",
               "--runs", "4", "--workers", "1", "--out", str(valley / "b")]
    assert run(capsys, *command)[0] == 0
    store = valley / "b" / STORE
    with sqlite3.connect(store) as db:
        [(text,)] = db.execute("SELECT row FROM runs WHERE run_id = 2")
        db.execute("UPDATE runs SET row = ? WHERE run_id = 2",
                   (json.dumps(change(json.loads(text))),))
    assert "the batch store is damaged" in refused(capsys, "sensitivity", valley / "b")
    code, out, _ = run(capsys, *command, "--repair")
    assert code == 0 and "(1 played now" in out
    assert run(capsys, "sensitivity", str(valley / "b"))[0] == 0


def test_a_batch_where_nothing_varies_still_has_its_report(capsys, valley) -> None:
    assert run(capsys, "batch", str(valley / "valley.yaml"), "--vary",
               "rules.take_ratio=0.01:0.02", "--runs", "4", "--workers", "1", "--out",
               str(valley / "b"))[0] == 0
    code, _, err = run(capsys, "sensitivity", str(valley / "b"))
    assert code == 0, err
    assert (valley / "b" / "tornado.png").read_bytes()[:4] == b"\x89PNG"
    assert (valley / "b" / "sensitivity.json").exists()


def test_counts_past_any_use_are_refused(capsys, valley) -> None:
    scenario = str(valley / "valley.yaml")
    for args in (["bench", scenario, "--turns", "3000000"], ["replay", scenario, "--runs",
                 "1000000000000"], ["calibrate", scenario, "--rounds", "55"],
                 ["compare", scenario, scenario, "--runs", "1000000"]):
        with pytest.raises(SystemExit) as exit_:
            run(capsys, *args)
        assert exit_.value.code == 2
        assert "give a whole number from 1 to" in capsys.readouterr().err


def test_nothing_the_command_reads_is_written_over(capsys, valley) -> None:
    seed = valley / "valley.txt"
    before = seed.read_text()
    assert "an input of this command" in refused(capsys, "extract", seed, "--out", seed)
    scenario = valley / "valley.yaml"
    text = scenario.read_text()
    s, out = session(valley_game(), [f"save {scenario}", "quit"])
    s.play()
    assert "refused" in out.getvalue() and "is not a saved game" in out.getvalue()
    game = valley / "g.yaml"
    assert run(capsys, "play", str(scenario), "--as", "none", "--days", "1", "--save",
               str(game))[0] == 0
    assert "is not a saved game" in refused(capsys, "play", "--load", game, "--save", scenario,
                                            "--days", "1")
    assert scenario.read_text() == text and seed.read_text() == before


def test_an_overlay_that_removes_a_section_is_blamed(capsys, valley) -> None:
    overlay = valley / "o.yaml"
    overlay.write_text("extends: valley.yaml\nunits: ~\n")
    assert f"{overlay}:1: a scenario file is missing 'units'" in refused(capsys, "validate",
                                                                          overlay)


def test_a_saved_game_names_its_lines(capsys, valley) -> None:
    game = valley / "g.yaml"
    assert run(capsys, "play", str(valley / "valley.yaml"), "--as", "none", "--days", "3",
               "--save", str(game))[0] == 0
    text = game.read_text()
    day3 = next(i for i, t in enumerate(text.splitlines(), 1) if t == "- date: '1900-05-03'")
    digest = text.split("digest: ")[-1].split("\n")[0]
    bad = valley / "changed.yaml"
    bad.write_text(text.replace(digest, "f" * 64))
    assert f"{bad}:{day3}: the saved game does not play again the same" in refused(
        capsys, "play", "--load", bad, "--days", "1", "--as", "none")
    code, out, _ = run(capsys, "verify", str(bad))
    assert code == 1 and f"({bad}:{day3})" in out
    odd = valley / "odd.yaml"
    odd.write_text(text.replace("  south: historical\n", "  south: historical\n  east: ai\n"))
    assert f"{odd}:6: players: 'east' is not a side" in refused(capsys, "verify", odd)


def test_sensitivity_of_an_outcome_the_batch_has_not(capsys, valley) -> None:
    assert run(capsys, "batch", str(valley / "valley.yaml"), "--vary",
               "rules.loss_scale=0.2:1", "--runs", "4", "--workers", "1", "--out",
               str(valley / "b"))[0] == 0
    assert "--metric killed.nort: the batch has no such outcome (did you mean" in refused(
        capsys, "sensitivity", valley / "b", "--metric", "killed.nort")


def test_charts_onto_a_file_name_it_and_make_no_folder(capsys, valley) -> None:
    (valley / "taken").write_text("x")
    assert "--charts " in refused(capsys, "replay", valley / "valley.yaml", "--charts",
                                  valley / "taken")
    refused(capsys, "replay", valley / "valley.yaml", "--charts", valley / "new", "--map",
            valley / "nowhere" / "x.png")
    assert not (valley / "new").exists()


def test_play_options_that_do_not_go_together(capsys, valley) -> None:
    scenario = valley / "valley.yaml"
    game = valley / "g.yaml"
    assert run(capsys, "play", str(scenario), "--as", "none", "--days", "1", "--save",
               str(game))[0] == 0
    assert "give no scenario" in refused(capsys, "play", scenario, "--load", game)
    assert "--day is the day to branch from" in refused(capsys, "play", scenario, "--day", "3",
                                                        "--save", valley / "h.yaml")


def test_validate_refuses_what_the_engine_cannot_play(capsys, valley) -> None:
    text = (valley / "valley.yaml").read_text()
    third = ("  east:\n    name: Eastern Host\n    colour: \"#2ca02c\"\n"
             "    assumption: a third side to test the two-sided engine\n")
    bad = valley / "three.yaml"
    bad.write_text(text.replace("\nplaces:\n", f"{third}\nplaces:\n", 1))
    assert "plays two sides" in refused(capsys, "validate", bad)
