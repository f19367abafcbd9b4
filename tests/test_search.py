"""The search commander: deterministic, bounded, never peeking at the campaign's dice."""

from __future__ import annotations

from engine.play.ai import Heuristic
from engine.play.campaign import play_campaign
from engine.play.search import CANDIDATES, Search, value
from engine.sim.orders import check_order
from engine.sim.state import initial_state

from helpers import valley_game


def test_value_counts_objectives_for_and_against() -> None:
    g = valley_game()
    st = initial_state(g)
    assert value(g, st, st, 0) == -value(g, st, st, 1)


def test_its_orders_are_legal_and_reproducible() -> None:
    g = valley_game()
    runs = []
    for _ in range(2):
        players = [Search(g, 0, seed=3, horizon=3, rollouts=2), Heuristic()]
        h = play_campaign(g, 7, players, days=4)
        runs.append((h.digest(g), [c[:2] for c in players[0].choices]))
        for before, t in zip(h.states, h.turns, strict=False):
            assert all(check_order(g, before, g.unit_side[g.unit_index[o.unit]], o) is None
                       for o in t.orders)
    assert runs[0] == runs[1]
    assert len(runs[0][1]) == 4 and all(0 <= c < len(CANDIDATES) for _, c in runs[0][1])


def test_its_rollouts_do_not_use_the_campaign_s_draws(monkeypatch) -> None:
    """Every rollout turn is keyed by the commander's own seed, never the campaign's: the
    keys differ from the campaign's key and change with the commander's seed."""
    import engine.play.search as search
    from engine.sim.chance import campaign_key

    keys: list[int] = []
    real = search.play_days
    monkeypatch.setattr(search, "play_days",
                        lambda g, st, players, key, end: keys.append(key) or real(
                            g, st, players, key, end))
    g = valley_game()
    players = [Search(g, 0, seed=1, horizon=2, rollouts=2), Heuristic()]
    play_campaign(g, 7, players, days=2)
    first = set(keys)
    assert first and campaign_key(7) not in first
    keys.clear()
    play_campaign(g, 7, [Search(g, 0, seed=2, horizon=2, rollouts=2), Heuristic()], days=2)
    assert set(keys) and not set(keys) & first


def test_it_is_bounded_by_candidates_rollouts_and_horizon(monkeypatch) -> None:
    import engine.play.search as search

    days = []
    real = search.play_days

    def spy(g, st, players, key, end):  # type: ignore[no-untyped-def]
        reached = real(g, st, players, key, end)
        days.append(reached.day - st.day)
        return reached

    monkeypatch.setattr(search, "play_days", spy)
    g = valley_game()
    s = Search(g, 0, seed=1, horizon=2, rollouts=3)
    s(g, initial_state(g), 0)
    assert days == [2] * (len(CANDIDATES) * 3)
