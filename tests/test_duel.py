"""``wargame duel``: paired bouts, seat by seat."""

from __future__ import annotations

from engine.batch.duel import Bout, bout, duel, margin, summarise
from engine.play.campaign import play_campaign
from engine.play.commanders import players
from engine.scenario.synthetic import synthetic_scenario
from engine.sim.game import build_game

from helpers import VALLEY, run


def test_a_commander_against_itself_ties_every_seed() -> None:
    """The same commander in the same seat with the same seed plays the same campaign."""
    s = synthetic_scenario(12, 4, 3, days=4)
    for side in (0, 1):
        b = bout(s, 3, side, "heuristic", "heuristic")
        assert b.trial == b.baseline and b.ms_per_turn >= 0


def test_margin_is_points_for_less_points_against() -> None:
    g = build_game(synthetic_scenario(12, 4, 2, days=3))
    h = play_campaign(g, 2, players(g, ["heuristic"] * 2))
    assert margin(g, h.states, 0) == -margin(g, h.states, 1)


def test_summary_counts_each_seat() -> None:
    bouts = [Bout(1, "a", 0, 1, 5.0), Bout(2, "a", 1, 1, 7.0), Bout(3, "a", 2, -1, 6.0),
             Bout(1, "b", -1, 0, 1.0)]
    s = summarise(bouts)
    assert (s["a"]["beats_baseline"], s["a"]["ties"], s["a"]["worse"]) == (1, 1, 1)
    assert s["a"]["wins"] == 2 and s["a"]["baseline_wins"] == 2 and s["a"]["ms_per_turn"] == 6.0
    assert s["b"]["beats_baseline"] == 1 and s["b"]["wins"] == 0


def test_duel_plays_every_seat_and_seed() -> None:
    bouts = duel((10, 4, 3), [0, 1], "heuristic", "heuristic", runs=2, seed=5)
    assert sorted((b.side, b.seed) for b in bouts) == [("blue", 5), ("blue", 6), ("red", 5),
                                                        ("red", 6)]


def test_cli_duel_and_its_mistakes(capsys) -> None:
    code, out, _ = run(capsys, "duel", str(VALLEY), "--ai", "heuristic", "--runs", "1",
                       "--side", "north")
    assert code == 0 and "playing north" in out
    for args in (["duel"], ["duel", "--synthetic", "4x4"], ["duel", str(VALLEY), "--side", "east"],
                 ["duel", "--synthetic", "2:1:1"]):
        code, _, err = run(capsys, *args)
        assert code == 2 and "Traceback" not in err and err.strip()


def test_a_duel_tells_its_progress_bout_by_bout() -> None:
    ticks: list[tuple[int, int]] = []
    duel((12, 4, 3), [0, 1], "heuristic", "heuristic", 2,
         progress=lambda done, total: ticks.append((done, total)))
    assert ticks == [(1, 4), (2, 4), (3, 4), (4, 4)]
