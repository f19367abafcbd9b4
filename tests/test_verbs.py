"""The table of order verbs: what each does, and that each refuses what it must."""

from __future__ import annotations

import pytest

from engine.sim.orders import Order, check_order
from engine.sim.state import initial_state
from engine.sim.verbs import ATTACK, BOMBARD, HOLD, MOVE, VERBS, WITHDRAW

from helpers import valley_game


def test_the_table() -> None:
    assert list(VERBS) == ["move", "attack", "bombard", "hold", "withdraw"]
    assert [v.name for v in VERBS.values() if v.marches] == ["move", "attack", "withdraw"]
    assert [v.name for v in VERBS.values() if v.fires] == ["bombard"]
    assert [v.name for v in VERBS.values() if v.one_day] == ["bombard", "hold"]
    assert [v.name for v in VERBS.values() if v.assaults] == ["move", "attack"]
    assert all(v.text for v in VERBS.values())


@pytest.mark.parametrize("verb, legal, illegal, why", [
    (MOVE, "armd orchard", "air orchard", "does not move"),
    (ATTACK, "armd mill", "armd ford", "held by your side and not contested"),
    (BOMBARD, "guns market", "armd market", "not an air or artillery unit"),
    (HOLD, "armd ford", "armd port", "can hold only where it stands"),
    (WITHDRAW, "armd port", "armd mill", "is not held by your side"),
])
def test_each_verb_has_its_own_check(verb, legal, illegal, why) -> None:
    g = valley_game()
    s = initial_state(g)
    assert check_order(g, s, 0, Order(verb.name, *legal.split())) is None
    reason = verb.check(g, s, 0, g.unit_index[illegal.split()[0]],
                        g.theatre.index[illegal.split()[1]])
    assert reason is not None and why in reason


def test_a_unit_may_withdraw_into_a_contested_place_its_side_still_holds() -> None:
    g = valley_game()
    s = initial_state(g)
    armd, port = g.unit_index["armd"], g.theatre.index["port"]
    s.contested[port] = True                            # its side's, under attack
    assert WITHDRAW.check(g, s, 0, armd, port) is None
    s.holder[port] = 1                                  # the enemy's, contested
    reason = WITHDRAW.check(g, s, 0, armd, port)
    assert reason is not None and "is not held by your side" in reason
