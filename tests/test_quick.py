"""A campaign played in the kernel's loop for its outcome reaches the states of the same
campaign played in full, by the compiled rules and by the readable ones, every day."""

from __future__ import annotations

import glob

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.batch.run import outcome, play_chunk
from engine.play.ai import Heuristic
from engine.play.campaign import History, play_campaign
from engine.play.commanders import players
from engine.play.metrics import outcome_metrics, run_metrics
from engine.play.player import Scripted
from engine.play.quick import Played, play_quick, quick
from engine.play.search import Search
from engine.scenario.loader import load_scenario
from engine.scenario.synthetic import synthetic_scenario
from engine.sim.game import Game, build_game
from engine.sim.kernel.turn import KERNEL, REFERENCE, chosen, compiled

from helpers import ROOT

ALEPPO = ROOT / "scenarios" / "aleppo_2013.yaml"
ALTERNATES = sorted(glob.glob(str(ROOT / "scenarios" / "alternates" / "*.yaml")))
pytestmark = pytest.mark.skipif(not compiled(), reason="the kernel is not built")


def same_campaign(game: Game, played: Played, history: History) -> None:
    """Each day's holders and contests, and the last state, as the full campaign's."""
    assert len(played.standings) == len(history.turns)
    for day, (standing, turn) in enumerate(zip(played.standings, history.turns, strict=True)):
        assert list(standing.holder) == turn.state.holder, f"day {day}"
        assert [bool(c) for c in standing.contested] == turn.state.contested, f"day {day}"
    assert played.final == history.final
    assert played.final.digest(game) == history.final.digest(game)
    assert played.start == history.start
    assert outcome_metrics(game, played.standings, played.final) == \
        run_metrics(game, history.states)


@pytest.mark.parametrize("kinds", [["heuristic"] * 2, ["historical"] * 2,
                                   ["historical", "heuristic"], ["heuristic", "historical"]])
@pytest.mark.parametrize("seed", [1, 7])
def test_aleppo_played_for_its_outcome_is_the_campaign_played_in_full(kinds, seed) -> None:
    game = build_game(load_scenario(ALEPPO))
    ps = players(game, kinds, seed)
    assert quick(ps)
    same_campaign(game, play_quick(game, seed, ps),
                  play_campaign(game, seed, players(game, kinds, seed)))


@pytest.mark.parametrize("path", ALTERNATES)
def test_each_alternate_played_for_its_outcome_is_the_campaign_played_in_full(path) -> None:
    game = build_game(load_scenario(path))
    for kinds in (["historical"] * 2, ["heuristic"] * 2):
        same_campaign(game, play_quick(game, 3, players(game, kinds, 3)),
                      play_campaign(game, 3, players(game, kinds, 3)))


def test_the_outcome_is_the_readable_rules_outcome() -> None:
    """Against the readable rules themselves, not only the compiled full campaign."""
    game = build_game(load_scenario(ALEPPO))
    for kinds in (["heuristic"] * 2, ["historical"] * 2):
        with chosen(REFERENCE):
            full = play_campaign(game, 5, players(game, kinds, 5))
        same_campaign(game, play_quick(game, 5, players(game, kinds, 5)), full)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(places=st.integers(3, 60), units=st.integers(2, 24), seed=st.integers(0, 2**16),
       days=st.integers(1, 15), focus=st.sampled_from([None, 0, 1, 2]),
       offensive=st.booleans(), defend=st.booleans())
def test_generated_theatres_played_for_their_outcome(places, units, seed, days, focus,
                                                      offensive, defend) -> None:
    game = build_game(synthetic_scenario(places, units, seed, days=days))
    plans = [Heuristic(focus=focus, offensive=offensive, defend=defend), Heuristic()]
    same_campaign(game, play_quick(game, seed, plans), play_campaign(game, seed, plans))


def test_days_stop_the_campaign_early() -> None:
    game = build_game(load_scenario(ALEPPO))
    played = play_quick(game, 2, players(game, ["heuristic"] * 2), days=5)
    assert len(played.standings) == 5 and played.final.day == played.start.day + 5
    same_campaign(game, played, play_campaign(game, 2, players(game, ["heuristic"] * 2),
                                              days=5))


def test_players_the_loop_cannot_play_are_refused() -> None:
    game = build_game(load_scenario(ALEPPO))
    for others in ([Search(game, 0, 1), Heuristic()], [Scripted({}), Heuristic()],
                   [Heuristic(focus=-1), Heuristic()]):
        assert not quick(others)
        with pytest.raises(ValueError, match="play_campaign"):
            play_quick(game, 1, others)
    with pytest.raises(ValueError, match="2 sides"):
        play_quick(game, 1, [Heuristic()])
    with chosen(REFERENCE):      # the readable rules chosen: the loop stands aside
        assert not quick([Heuristic(), Heuristic()])
    with chosen(KERNEL):
        assert quick([Heuristic(), Heuristic()])


def test_a_batch_row_is_the_full_campaign_s_metrics() -> None:
    """A batch plays in the loop where it can, else in full: the rows are the same."""
    scenario = load_scenario(ALEPPO)
    values = {"rules.take_ratio": 2.5, "unit.ahrar.strength": 900}
    row = play_chunk(scenario, [(0, 0, 0, 11, values)], [("government", "heuristic")])[0]
    from engine.batch.factors import apply
    game = apply(scenario, values, build_game(scenario))
    kinds = ["heuristic", "historical"]
    full = run_metrics(game, play_campaign(game, 11, players(game, kinds, 11)).states)
    assert {k: row[k] for k in full} == full
    searched = [Search(game, 0, 11), *players(game, kinds, 11)[1:]]
    assert outcome(game, 11, searched) == run_metrics(
        game, play_campaign(game, 11, [Search(game, 0, 11), *players(game, kinds, 11)[1:]])
        .states)


def test_the_search_commander_s_rollouts_choose_alike_in_the_loop(monkeypatch) -> None:
    """Rollouts played in the kernel's loop reach the states the full turn reaches, so the
    search commander makes the same choices and the campaign the same states."""
    import engine.play.search as search

    game = build_game(load_scenario(ALEPPO))
    quick_side = players(game, ["search", "heuristic"], 3)
    looped = play_campaign(game, 3, quick_side, days=6)
    monkeypatch.setattr(search, "quick", lambda _players: False)
    full_side = players(game, ["search", "heuristic"], 3)
    full = play_campaign(game, 3, full_side, days=6)
    assert quick_side[0].choices == full_side[0].choices    # type: ignore[attr-defined]
    assert [t.state for t in looped.turns] == [t.state for t in full.turns]


def test_playing_on_from_a_state_is_the_campaign_from_that_state() -> None:
    from engine.play.quick import play_on_quick
    from engine.sim.chance import campaign_key

    game = build_game(load_scenario(ALEPPO))
    full = play_campaign(game, 9, [Heuristic(), Heuristic()], days=12)
    middle = full.states[5]
    standings, end = play_on_quick(game, middle, campaign_key(9), [Heuristic(), Heuristic()],
                                   12)
    assert end == full.final and len(standings) == 7
    assert play_on_quick(game, middle, campaign_key(9), [Heuristic(), Heuristic()], 5) == \
        ([], middle)


def test_a_commander_changed_by_a_subclass_is_played_in_full(monkeypatch) -> None:
    class Bolder(Heuristic):
        def __call__(self, game, state, side):  # type: ignore[no-untyped-def]
            return super().__call__(game, state, side)

    assert not quick([Bolder(), Heuristic()])
    monkeypatch.setenv("WARGAME_TURN", "kernal")
    from engine.errors import WargameError
    with pytest.raises(WargameError, match="WARGAME_TURN=kernal"):
        quick([Heuristic(), Heuristic()])


def test_the_board_letting_paths_go_changes_nothing(monkeypatch) -> None:
    """With room for one destination's paths at a time, every path is fetched again and
    let go over and over: the states are still the campaign's."""
    import engine.sim.game

    game = build_game(load_scenario(ALEPPO))
    monkeypatch.setattr(engine.sim.game, "PATH_CACHE_PLACES", len(game.places))
    for kinds in (["heuristic"] * 2, ["historical"] * 2):
        same_campaign(game, play_quick(game, 6, players(game, kinds, 6)),
                      play_campaign(game, 6, players(game, kinds, 6)))
