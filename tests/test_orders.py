"""Orders: one notation that parses back to itself, checked against the state."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.errors import WargameError
from engine.sim.orders import Order, check_order, check_orders, legal_orders, parse_order
from engine.sim.state import initial_state
from engine.sim.verbs import VERBS

from helpers import small_game, valley_game

WORD = st.from_regex(r"[a-z0-9][a-z0-9_]{0,12}", fullmatch=True)


@given(st.sampled_from(tuple(VERBS)), WORD, WORD)
def test_text_form_parses_back(verb: str, unit: str, place: str) -> None:
    order = Order(verb, unit, place)
    assert parse_order(str(order)) == order
    assert parse_order(f"  {order}  ") == order
    assert repr(order).startswith("Order(")


@pytest.mark.parametrize("text", ["", "move", "move 35sf", "fly 35sf khanasir",
                                  "move 35sf khanasir now"])
def test_bad_text_is_explained(text: str) -> None:
    with pytest.raises(WargameError, match="VERB UNIT PLACE"):
        parse_order(text)


BLUE, RED = 0, 1


@pytest.mark.parametrize("text, side, reason", [
    ("move ghost depot", BLUE, "there is no unit 'ghost'"),
    ("move armd nowhere", BLUE, "there is no place 'nowhere'"),
    ("move ss_btn bridge_town", BLUE, "belongs to red"),
    ("move armd depot", BLUE, "already in depot; use hold"),
    ("move para crossroads", BLUE, "in contact in bridge_town"),
    ("hold armd crossroads", BLUE, "can hold only where it stands"),
    ("bombard armd far_bank", BLUE, "not an air or artillery unit"),
    ("bombard guns crossroads", BLUE, "held by your side and has no enemy"),
    ("move guns crossroads", BLUE, "does not move"),
    ("attack armd crossroads", BLUE, "held by your side and not contested"),
    ("attack armd far_bank", BLUE, "not next to armd"),
    ("withdraw ss_btn crossroads", RED, "not next to ss_btn"),
    ("withdraw para far_bank", BLUE, "is not held by your side"),
])
def test_illegal_orders_say_why(text: str, side: int, reason: str) -> None:
    g = small_game()
    why = check_order(g, initial_state(g), side, parse_order(text))
    assert why is not None and reason in why


@pytest.mark.parametrize("text, side", [
    ("move armd far_bank", BLUE), ("attack para bridge_town", BLUE),
    ("bombard guns bridge_town", BLUE), ("hold armd depot", BLUE),
    ("withdraw para crossroads", BLUE), ("attack ss_btn bridge_town", RED),
])
def test_legal_orders_pass(text: str, side: int) -> None:
    g = small_game()
    assert check_order(g, initial_state(g), side, parse_order(text)) is None


def test_out_of_reach_attack_is_refused() -> None:
    g = valley_game()
    why = check_order(g, initial_state(g), 0, parse_order("attack inf pass"))
    assert why is not None and "out of reach" in why and "move closer first" in why


def test_one_order_per_unit() -> None:
    g = small_game()
    ok, bad = check_orders(g, initial_state(g), BLUE, [parse_order("hold armd depot"),
                                                       parse_order("move armd crossroads")])
    assert [str(o) for o in ok] == ["hold armd depot"]
    assert "already has an order" in bad[0][1]


def test_legal_orders_are_all_legal_and_cover_the_verbs() -> None:
    g = small_game()
    s = initial_state(g)
    orders = legal_orders(g, s, BLUE)
    assert orders == sorted(orders)
    assert all(check_order(g, s, BLUE, o) is None for o in orders)
    assert {o.verb for o in orders} == set(VERBS)
    assert all(o.unit in ("para", "armd", "guns") for o in orders)
    assert legal_orders(g, s, BLUE, unit="guns") == [o for o in orders if o.unit == "guns"]
