"""The second battle, Qalamoun 2013, played with everything as it is for Aleppo: it loads,
its record replays with every dated capture, its recorded engagements are judged by odds fitted
elsewhere (an out-of-sample test the model must pass better than a uniform guess), and the
commanders play it AI against AI, the same way twice."""

from __future__ import annotations

from functools import cache

from engine.history.fidelity import record_log_score
from engine.history.replay import Replay, days_json, play_replay
from engine.play.campaign import play_campaign
from engine.play.commanders import commanders
from engine.play.replayfile import ReplayFile, default_replay, load_replay_file
from engine.scenario.loader import load_scenario
from engine.sim.game import Game, build_game

from helpers import ALEPPO, ROOT

QALAMOUN = ROOT / "scenarios" / "qalamoun_2013.yaml"


@cache
def game() -> Game:
    return build_game(load_scenario(QALAMOUN))


@cache
def replay_file() -> ReplayFile:
    return load_replay_file(default_replay(game().scenario), game().scenario)


@cache
def recorded() -> Replay:
    return play_replay(game(), replay_file())


def test_it_plays_aleppo_s_fitted_rates_unchanged() -> None:
    here, there = load_scenario(QALAMOUN).rules, load_scenario(ALEPPO).rules
    assert here.values == there.values   # provenance differs: it names where they were fitted


def test_the_recorded_replay_makes_every_dated_capture() -> None:
    days = days_json(game(), recorded())
    captures = [(e.last, p, s) for e in replay_file().events for p, s in e.captures.items()]
    assert len(captures) == 5
    for day, place, side in captures:
        assert days[day]["holders"][place] == side, (day, place)
    # and nothing off the record: the orders bring every fight the record fixes, and no
    # place changes hands on a day the record does not say
    assert [v.text for v in recorded().violations] == []
    final = days[-1]["holders"]
    assert (final["qara"], final["deir_attiyeh"], final["an_nabk"], final["maaloula"]) == (
        "government", "government", "government", "rebels")


def test_the_recorded_engagements_beat_a_uniform_guess_out_of_sample() -> None:
    score = record_log_score(recorded(), replay_file())
    assert score["days"] >= 6
    assert score["per_engagement"] > score["uniform"]
    assert score["under_5_percent"] == 0


def test_the_commanders_play_it_the_same_way_twice() -> None:
    g = game()
    for kind in ("historical", "heuristic"):
        first = play_campaign(g, 7, commanders(g, [kind, kind]))
        again = play_campaign(g, 7, commanders(g, [kind, kind]))
        assert first.final == again.final and len(first.states) == g.scenario.calendar.turns + 1
        assert first.outcomes, kind   # the commanders fight


def test_the_historical_commanders_take_qara_first() -> None:
    g = game()
    qara = g.theatre.index["qara"]
    government = g.sides.index("government")
    taken = 0
    for seed in (1, 2, 3):
        h = play_campaign(g, seed, commanders(g))
        taken += any(s.holder[qara] == government for s in h.states[:8])
    assert taken >= 2


def test_it_prints_its_kit_and_viewer(tmp_path) -> None:
    from engine.cli.main import main
    kit, view = tmp_path / "kit.pdf", tmp_path / "view.html"
    assert main(["print", str(QALAMOUN), "--out", str(kit)]) == 0
    assert main(["replay", str(QALAMOUN), "--html", str(view)]) == 0
    assert kit.read_bytes().startswith(b"%PDF") and b"Maaloula" in view.read_bytes()
