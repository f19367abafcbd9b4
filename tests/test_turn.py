"""One turn as a whole: refused orders change nothing, the given state is never changed, and
what happened is in the turn, not in the state. (Each phase has its own test file.)"""

from __future__ import annotations

from engine.sim.chance import campaign_key
from engine.sim.state import initial_state
from engine.sim.turn import play_turn

from helpers import orders, small_game, valley_game

KEY = campaign_key(1)


def test_rejected_orders_change_nothing() -> None:
    g = small_game()
    s0 = initial_state(g)
    bad = play_turn(g, s0, orders("hold ss_btn depot", "bombard armd far_bank",
                                  "move ghost depot"), KEY)
    assert len(bad.rejected) == 3 and not bad.orders
    assert bad.state.digest(g) == play_turn(g, s0, [], KEY).state.digest(g)
    assert s0 == initial_state(g)  # the state given is never changed


def test_the_turn_returns_its_events_and_the_state_carries_none() -> None:
    g = valley_game()
    turn = play_turn(g, initial_state(g), orders("move armd orchard"), KEY)
    assert turn.events and all(e.day == 0 for e in turn.events)
    assert "log" not in turn.state.to_json(g) and not hasattr(turn.state, "log")
    assert [str(o) for o in turn.orders] == ["move armd orchard"]

