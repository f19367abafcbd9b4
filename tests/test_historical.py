"""The historical commander: the record's orders as a plan, adapted where they no longer fit."""

from __future__ import annotations

import textwrap
from pathlib import Path

from engine.play.campaign import play_campaign
from engine.play.commanders import HISTORICAL, players
from engine.play.historical import Historical, adapt, load_plan
from engine.scenario.loader import load_scenario
from engine.sim.game import build_game
from engine.sim.orders import Order, check_order
from engine.sim.state import initial_state

from helpers import VALLEY, aleppo_game, idx, unit, valley_game


def test_the_plan_is_the_replay_s_orders() -> None:
    g = valley_game()
    plan = load_plan(g)
    assert plan.tasks and all(t.order.unit in g.unit_index for t in plan.tasks)
    assert plan.units == frozenset(g.units)


def test_its_orders_are_legal_and_follow_the_plan_on_the_first_day() -> None:
    g = valley_game()
    h = play_campaign(g, 1, players(g, [HISTORICAL] * 2))
    assert not [t.rejected for t in h.turns if t.rejected]
    first = {str(o) for o in h.turns[0].orders}
    assert {"move armd orchard", "move inf pass"} <= first


def test_the_same_seed_gives_the_same_campaign() -> None:
    g = valley_game()
    a = play_campaign(g, 5, players(g, [HISTORICAL] * 2))
    b = play_campaign(g, 5, players(g, [HISTORICAL] * 2))
    assert a.digest(g) == b.digest(g)


def test_a_planned_withdrawal_waits_until_holding_is_hopeless() -> None:
    """The record's rebels leave Khanasir on the day the town fell; in the engine they leave
    only when the doctrine gives the place up."""
    g = aleppo_game()
    st = initial_state(g)
    k, jm = idx(g, "khanasir"), unit(g, "jaysh_mohammad")
    st.contested[k] = True
    st.place[unit(g, "radwan")] = k          # a weak attacker in the town: holding is fine
    order = Order("withdraw", "jaysh_mohammad", "al_qurbatiy")
    kept = adapt(g, st, 1, jm, order)
    assert kept is not None and kept.verb == "hold"
    for u in ("35sf", "127sf", "403armd", "corps3"):   # the whole army in the town: hopeless
        st.place[unit(g, u)] = k
    gone = adapt(g, st, 1, jm, order)
    assert gone is not None and gone.verb == "withdraw"


def test_an_attack_out_of_reach_closes_the_distance() -> None:
    g = valley_game()
    st = initial_state(g)
    u = g.unit_index["armd"]
    far = Order("attack", "armd", "market")
    assert check_order(g, st, 0, far) is not None
    got = adapt(g, st, 0, u, far)
    assert got is not None and got.verb == "move" and got.place == "market"


def test_an_alternate_s_new_force_is_commanded_by_the_doctrine(tmp_path: Path) -> None:
    """An alternate plays its base's plan; a unit the plan's scenario lacks attacks on its
    own, and orders naming units the alternate removed are left out."""
    path = tmp_path / "alt.yaml"
    path.write_text(f"extends: {VALLEY}\n" + textwrap.dedent(f"""
    scenario:
      id: valley_alt
      replay: ~
      plan: {VALLEY.parent / 'valley_replay.yaml'}
    sides:
      north:
        strength: {{value: 4600, source: ~, assumption: the side with the new force of this test}}
    units:
      extra:
        name: Extra battalion
        side: north
        type: infantry
        place: {{id: port, assumption: a new force for this test of alternates}}
        strength: {{value: 900, assumption: a new force for this test of alternates}}
        quality: {{value: 1.0, assumption: a new force for this test of alternates}}
        assumption: a new force for this test of alternates
    """))
    g = build_game(load_scenario(path))
    commander = Historical(g, load_plan(g))
    assert g.unit_index["extra"] in commander.newcomers
    assert not commander.newcomers - {g.unit_index["extra"]}
    h = play_campaign(g, 1, players(g, [HISTORICAL] * 2))
    assert any(o.unit == "extra" and o.verb in ("move", "attack") for t in h.turns
               for o in t.orders)


def test_a_stale_order_gives_way_to_the_next_once_it_is_due() -> None:
    from engine.play.plan import Plan, Task

    g = valley_game()
    u = g.unit_index["armd"]
    tasks = [Task(0, Order("move", "armd", "market"), None, None, "t:1"),
             Task(3, Order("move", "armd", "orchard"), None, None, "t:2")]
    plan = Plan(g, tasks)
    assert not plan.give_up(u, 2) and plan.at[u] == 0
    assert plan.give_up(u, 3) and plan.at[u] == 1
    assert not plan.give_up(u, 9)          # no task after the last


def test_an_alternate_s_new_force_joins_the_plan_s_attack() -> None:
    """Aleppo's reinforced counter-attack: the new force joins the recorded counter-attack
    near Khanasir instead of standing at Al-Bouz."""
    from helpers import ROOT

    path = ROOT / "scenarios" / "alternates" / "aleppo_2013_counterattack_reinforced.yaml"
    g = build_game(load_scenario(path))
    h = play_campaign(g, 1, players(g, [HISTORICAL] * 2))
    moves = [o for t in h.turns for o in t.orders if o.unit == "dabha_reserve"
             and o.verb in ("move", "attack")]
    assert moves


def test_a_resumed_game_goes_on_as_if_never_interrupted() -> None:
    """The plan's progress is rebuilt from the days already played: a campaign stopped and
    taken up again with fresh commanders ends where the one played straight through does."""
    from engine.play.campaign import History, catch_up, play_on

    g = valley_game()
    straight = play_campaign(g, 5, players(g, [HISTORICAL] * 2, 5))
    first = play_campaign(g, 5, players(g, [HISTORICAL] * 2, 5), days=4)
    resumed = History(first.seed, first.start, list(first.turns))
    again = players(g, [HISTORICAL] * 2, 5)
    catch_up(g, resumed, dict(enumerate(again)))
    play_on(g, resumed, again)
    assert resumed.digest(g) == straight.digest(g)


def test_a_stale_order_is_dropped_through_the_commander() -> None:
    """A planned march the commander cannot make gives way to the unit's next order."""
    from engine.play.historical import HistoricalPlan
    from engine.play.plan import Task

    g = valley_game()
    plan = HistoricalPlan((Task(0, Order("withdraw", "armd", "citadel"), None, None, "t:1"),
                           Task(0, Order("move", "armd", "orchard"), None, None, "t:2")),
                          frozenset(g.units))
    commander = Historical(g, plan)
    orders = commander(g, initial_state(g), 0)
    assert any(str(o) == "move armd orchard" for o in orders)


def test_a_plan_for_another_theatre_is_refused(tmp_path: Path) -> None:
    import pytest

    from engine.errors import WargameError
    from engine.play.historical import HistoricalPlan
    from engine.play.plan import Task

    g = valley_game()
    alien = HistoricalPlan((Task(0, Order("move", "35sf", "khanasir"), None, None, "t:1"),),
                           frozenset({"35sf"}))
    with pytest.raises(WargameError, match="another theatre"):
        Historical(g, alien)
