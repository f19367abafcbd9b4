"""Phase 2, engagements: odds, forced results, losses shared, falling back."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.sim.chance import ENGAGEMENT, Force, campaign_key
from engine.sim.engagement import _shares, apply_losses, capped, casualties
from engine.sim.state import initial_state
from engine.sim.turn import play_turn

from helpers import idx, orders, small_game, unit, valley_game

KEY = campaign_key(1)


def _at_orchard():
    g = valley_game()
    return g, play_turn(g, initial_state(g), orders("move armd orchard"), KEY).state


def test_a_forced_result_and_forced_losses() -> None:
    g, s = _at_orchard()
    key = (1, ENGAGEMENT, "market", "north")
    turn = play_turn(g, s, orders("attack armd market"), KEY,
                     {key: Force("taken", {"south": (25, 40)})})
    (fight,) = turn.outcomes
    assert fight.result == "taken" and ("south", 25, 40) in fight.losses
    assert sum(fight.odds) == pytest.approx(1.0)
    after = turn.state
    m, mil = idx(g, "market"), unit(g, "militia")
    assert g.sides[after.holder[m]] == "north" and not after.contested[m]
    assert after.place[mil] == idx(g, "citadel")    # the defenders fall back to their own
    assert after.killed[mil] == 25 and after.wounded[mil] == 40
    assert after.strength[mil] == 600 - 65


def test_repulsed_attackers_go_back_where_they_came_from() -> None:
    g, s = _at_orchard()
    turn = play_turn(g, s, orders("attack armd market"), KEY,
                     {(1, ENGAGEMENT, "market", "north"): Force("repulsed")})
    assert turn.state.place[unit(g, "armd")] == idx(g, "orchard")
    assert g.sides[turn.state.holder[idx(g, "market")]] == "south"
    assert any(e.kind == "fall_back" and e.units == ("armd",) for e in turn.events)


def test_a_stalemate_leaves_the_place_contested() -> None:
    g, s = _at_orchard()
    after = play_turn(g, s, orders("attack armd market"), KEY,
                      {(1, ENGAGEMENT, "market", "north"): Force("stalemate")}).state
    m = idx(g, "market")
    assert after.contested[m] and g.sides[after.holder[m]] == "south"
    assert after.place[unit(g, "armd")] == m


def test_meeting_in_a_place_is_an_engagement_the_holder_defends() -> None:
    g = small_game()
    turn = play_turn(g, initial_state(g), orders("attack ss_btn bridge_town"), KEY)
    (fight,) = turn.outcomes
    assert fight.kind == ENGAGEMENT and fight.place == "bridge_town"
    assert fight.side == "blue"  # red holds the town, so blue is the attacker


def test_defenders_with_nowhere_to_go_are_dispersed() -> None:
    g = valley_game()
    s = initial_state(g)
    s.place[unit(g, "armd")] = idx(g, "outpost")   # the garrison's only road leads north
    s.contested[idx(g, "outpost")] = True
    after = play_turn(g, s, [], KEY, {(0, ENGAGEMENT, "outpost", "north"): Force("taken")}).state
    post = unit(g, "post")
    assert after.strength[post] == 0 and after.dispersed[post] > 0


@given(st.integers(0, 500), st.lists(st.integers(0, 300), min_size=1, max_size=6))
def test_losses_are_shared_whole_and_never_exceed_a_unit(total: int, weights: list[int]) -> None:
    shares = _shares(total, weights)
    assert all(0 <= s <= w for s, w in zip(shares, weights, strict=True))
    assert sum(shares) == min(total, sum(weights))


def test_apply_losses_moves_people_into_the_ledgers() -> None:
    g = valley_game()
    s = initial_state(g)
    units = [unit(g, "armd"), unit(g, "inf")]
    apply_losses(s, units, 28, 7)
    assert [s.killed[u] for u in units] == [8, 20] and sum(s.wounded[u] for u in units) == 7
    assert s.strength[units[0]] + s.killed[units[0]] + s.wounded[units[0]] == 800


def test_casualties_are_drawn_within_strength() -> None:
    rng = np.random.Generator(np.random.Philox(1))
    assert casualties(rng, 0.0, 100, 0.25) == (0, 0)
    killed, wounded = casualties(rng, 1e6, 50, 0.25)
    assert killed + wounded == 50
    assert capped((30, 40), 50) == (30, 20)


def test_an_assault_carries_its_foothold_from_day_to_day() -> None:
    """A day that ends contested counts towards the next day's foothold; a day not fought
    starts the count again."""
    g, s = _at_orchard()
    m = idx(g, "market")
    key = (1, ENGAGEMENT, "market", "north")
    day1 = play_turn(g, s, orders("attack armd market"), KEY, {key: Force("stalemate")})
    assert day1.state.assault[m] == 1
    nxt = (2, ENGAGEMENT, "market", "north")
    day2 = play_turn(g, day1.state, [], KEY, {nxt: Force("stalemate")})
    assert day2.state.assault[m] == 2
    # the same fight on the second day has better odds of taking: the foothold
    assert day2.outcomes[0].odds[0] > day1.outcomes[0].odds[0]
    taken = play_turn(g, day2.state, [], KEY, {(3, ENGAGEMENT, "market", "north"):
                                               Force("taken")})
    assert taken.state.assault[m] == 0


def test_surprise_is_a_condition_that_raises_the_odds() -> None:
    g, s = _at_orchard()
    key = (1, ENGAGEMENT, "market", "north")
    plain = play_turn(g, s, orders("attack armd market"), KEY, {key: Force("stalemate")})
    caught = play_turn(g, s, orders("attack armd market"), KEY,
                       {key: Force("stalemate", surprise=True)})
    assert caught.outcomes[0].odds[0] > plain.outcomes[0].odds[0]
    assert any("by surprise" in e.text for e in caught.events)
    # only a condition: with nothing else forced the day is still drawn
    drawn = play_turn(g, s, orders("attack armd market"), KEY, {key: Force(surprise=True)})
    assert drawn.outcomes[0].result in ("taken", "stalemate", "repulsed")


def test_a_unit_the_scenario_marks_surprised_and_worn(tmp_path) -> None:
    """Scenario data, not a replay's: the militia is surprised on 3 May and starts the
    campaign at half readiness."""
    from engine.scenario.loader import load_scenario
    from engine.sim.game import build_game

    from helpers import DATA
    text = (DATA / "valley.yaml").read_text(encoding="utf-8")
    old = "    quality: {value: 0.8, assumption: *fic}\n    source: {line: 23}\n"
    assert old in text
    marked = text.replace(old, old.replace("    source:", "    readiness: {value: 0.5, "
                                           "assumption: *fic}\n    surprised: {dates: "
                                           "[1900-05-03], assumption: *fic}\n    source:"))
    for name in ("valley.txt", "valley_replay.yaml"):
        (tmp_path / name).write_text((DATA / name).read_text(encoding="utf-8"))
    (tmp_path / "valley.yaml").write_text(marked, encoding="utf-8")
    g = build_game(load_scenario(tmp_path / "valley.yaml"))
    mil = unit(g, "militia")
    assert initial_state(g).readiness[mil] == 0.5 and g.unit_surprised[mil] == {2}
    plain, s = _at_orchard()
    ours = play_turn(g, play_turn(g, initial_state(g), orders("move armd orchard"), KEY).state,
                     [], KEY)
    assert ours.state.day == 2
    key = (2, ENGAGEMENT, "market", "north")
    theirs = play_turn(plain, play_turn(plain, s, [], KEY).state, orders("attack armd market"),
                       KEY, {key: Force("stalemate")})
    caught = play_turn(g, ours.state, orders("attack armd market"), KEY,
                       {key: Force("stalemate")})
    assert any("by surprise" in e.text for e in caught.events)
    assert caught.outcomes[0].odds[0] > theirs.outcomes[0].odds[0]
