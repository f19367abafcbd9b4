"""Standing orders: each unit's orders in turn, each standing until done."""

from __future__ import annotations

from engine.play.plan import Plan, Task
from engine.sim.orders import parse_order
from engine.sim.state import initial_state

from helpers import valley_game, valley_recorded, valley_replay_file


def _task(day: int, text: str, until: int | None = None) -> Task:
    return Task(day, parse_order(text), until, None, f"test:{day}")


def test_a_move_stands_until_the_unit_holds_the_place() -> None:
    g, rec = valley_game(), valley_recorded()
    plan = Plan(g, valley_replay_file().tasks)
    assert [str(o) for o in plan(g, rec.states[0], 0)] == ["move armd orchard",
                                                            "move inf pass"]
    # the infantry is still on its three days' march; the armour holds Orchard: done
    assert [str(o) for o in plan(g, rec.states[1], 0)] == ["move inf pass"]
    assert plan.late == []


def test_a_unit_s_next_order_waits_and_lateness_is_noted() -> None:
    g = valley_game()
    plan = Plan(g, [_task(0, "move inf pass"), _task(1, "move inf citadel")])
    s = initial_state(g)
    assert [str(o) for o in plan(g, s, 0)] == ["move inf pass"]
    s.day = 1
    assert [str(o) for o in plan(g, s, 0)] == ["move inf pass"]   # still marching
    assert [(d, str(t.order)) for d, t in plan.late] == [(1, "move inf pass")]


def test_orders_of_one_day_end_with_their_day_or_their_until() -> None:
    g = valley_game()
    plan = Plan(g, [_task(0, "bombard guns market"), _task(0, "bombard air market", until=2)])
    s = initial_state(g)
    for day, expected in ((0, ["bombard air market", "bombard guns market"]),
                          (1, ["bombard air market"]), (2, ["bombard air market"]), (3, [])):
        s.day = day
        assert sorted(str(o) for o in plan(g, s, 0)) == expected


def test_a_march_into_a_place_the_unit_stands_in_is_an_attack() -> None:
    g = valley_game()
    s = initial_state(g)
    s.place[g.unit_index["armd"]] = g.theatre.index["market"]
    s.contested[g.theatre.index["market"]] = True
    plan = Plan(g, [_task(0, "move armd market")])
    (order, task) = plan.orders(g, s, 0)[0]
    assert str(order) == "attack armd market" and str(task.order) == "move armd market"
    assert plan.today == {order: task}


def test_each_side_is_given_its_own_units_and_copies_go_their_own_way() -> None:
    g = valley_game()
    plan = Plan(g, [_task(0, "move armd orchard"), _task(0, "hold militia market")])
    s = initial_state(g)
    assert [str(o) for o in plan(g, s, 1)] == ["hold militia market"]
    copy = plan.copy()
    s.day = 1
    plan(g, s, 1)
    assert copy.at != plan.at
