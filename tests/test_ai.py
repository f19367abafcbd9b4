"""The heuristic commander: legal, deterministic, pure, and true to its side's doctrine."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from engine.play.ai import Heuristic, ai_orders
from engine.play.campaign import play_campaign
from engine.scenario.loader import load_scenario
from engine.sim.game import build_game
from engine.sim.orders import check_order
from engine.sim.queries import hostile
from engine.sim.state import NOWHERE, initial_state
from engine.sim.turn import play_turn

from helpers import SMALL, VALLEY, idx, small_game, unit, valley_game


def overlay(tmp_path: Path, base: Path, text: str) -> Path:
    """A scenario laid over ``base`` (``extends:``) with ``text`` added."""
    path = tmp_path / "over.yaml"
    path.write_text(f"extends: {base}\n" + textwrap.dedent(text))
    return path


@pytest.mark.parametrize("game", [small_game, valley_game])
def test_ai_orders_are_legal_all_campaign(game) -> None:
    g = game()
    h = play_campaign(g, 1, [Heuristic()] * len(g.sides))
    assert not [t.rejected for t in h.turns if t.rejected]
    for state in h.states[:-1]:
        for side in range(len(g.sides)):
            for order in ai_orders(g, state, side):
                assert check_order(g, state, side, order) is None


@pytest.mark.parametrize("path", [SMALL, VALLEY])
def test_the_same_state_gives_the_same_orders_whatever_came_before(path) -> None:
    """A fresh game (empty path caches) and one that has played a whole campaign give the
    same orders on every day, and asking changes no state."""
    fresh, used = build_game(load_scenario(path)), build_game(load_scenario(path))
    play_campaign(used, 9, [Heuristic()] * len(used.sides))
    h = play_campaign(fresh, 4, [Heuristic()] * len(fresh.sides))
    for state in h.states:
        before = state.digest(fresh)
        for side in range(len(fresh.sides)):
            assert ai_orders(fresh, state, side) == ai_orders(used, state, side)
        assert state.digest(fresh) == before


@pytest.mark.parametrize("game", [small_game, valley_game])
def test_fire_units_never_march_into_enemy_ground(game) -> None:
    g = game()
    h = play_campaign(g, 3, [Heuristic()] * len(g.sides))
    for state in h.states[:-1]:
        for side in range(2):
            for o in ai_orders(g, state, side):
                u = g.unit_index[o.unit]
                if g.unit_fires[u]:
                    assert o.verb in ("bombard", "hold", "move", "withdraw")
                    if o.verb == "move":
                        assert not hostile(g, state, g.theatre.index[o.place], side)


def test_guns_fire_where_the_enemy_is() -> None:
    g = valley_game()
    orders = ai_orders(g, initial_state(g), 0)
    fire = [o for o in orders if o.verb == "bombard"]
    assert fire and all(g.unit_fires[g.unit_index[o.unit]] for o in fire)


def test_civilian_weight_spares_a_crowded_place(tmp_path: Path) -> None:
    """The same guns fire on a crowded place held by a few enemy only when the doctrine
    weighs civilians lightly."""
    base = valley_game()
    fired = {o.place for o in ai_orders(base, initial_state(base), 0) if o.verb == "bombard"}
    assert fired
    crowded = sorted(fired)[0]
    text = f"""
    places:
      {crowded}:
        population: {{value: 500000, assumption: a crowded place for this test}}
    doctrine:
      {base.sides[0]}:
        civilian_weight: {{value: WEIGHT, assumption: a test of the weight of civilian lives}}
    """
    for weight, expect in (("0.0", True), ("1000", False)):
        path = overlay(tmp_path, VALLEY, text.replace("WEIGHT", weight))
        g = build_game(load_scenario(path))
        places = {o.place for o in ai_orders(g, initial_state(g), 0) if o.verb == "bombard"}
        assert (crowded in places) is expect


def test_an_outnumbered_defender_does_not_abandon_its_objective(tmp_path: Path) -> None:
    """Red's objective holder faces a far stronger enemy next door: it stands (delays), and
    does not walk away on the first turn."""
    g = small_game()
    st = initial_state(g)
    red = unit(g, "ss_btn")
    bridge = idx(g, "bridge_town")
    # put the red battalion in the bridge town and blue's brigade next to it
    st.holder[bridge], st.contested[bridge] = 1, False
    st.place[red] = bridge
    st.place[unit(g, "para")] = idx(g, "hill_12")
    orders = Heuristic()(g, st, 1)
    mine = [o for o in orders if o.unit == "ss_btn"]
    assert mine and mine[0].verb == "hold" and mine[0].place == "bridge_town"


def test_reserves_wait_until_called(tmp_path: Path) -> None:
    path = overlay(tmp_path, SMALL, """
    doctrine:
      blue:
        reserves:
          - {units: [armd], commit: lost, places: [crossroads]}
    """)
    g = build_game(load_scenario(path))
    st = initial_state(g)
    armd = unit(g, "armd")
    held = [o for o in Heuristic()(g, st, 0) if o.unit == "armd"]
    assert held and held[0].verb == "hold"
    st.holder[idx(g, "crossroads")] = 1   # the crossroads are lost: the reserve goes in
    moved = [o for o in Heuristic()(g, st, 0) if o.unit == "armd"]
    assert moved and moved[0].verb in ("move", "attack") and moved[0].place == "crossroads"
    assert st.place[armd] != NOWHERE


def test_defensive_commander_opens_no_assault() -> None:
    """On the defensive, a side attacks only where it is already in contact, and marches
    into no enemy place."""
    g = valley_game()
    h = play_campaign(g, 2, [Heuristic(offensive=False)] * 2)
    seen = 0
    for before, t in zip(h.states, h.turns, strict=False):
        for o in t.orders:
            p, u = g.theatre.index[o.place], g.unit_index[o.unit]
            side = g.unit_side[u]
            seen += 1
            if o.verb == "attack":
                assert before.contested[p] and before.place[u] == p
            if o.verb == "move":
                assert not hostile(g, before, p, side)
    assert seen


def test_a_turn_of_heuristic_orders_changes_nothing_it_was_given() -> None:
    g = valley_game()
    st = initial_state(g)
    before = st.digest(g)
    orders = [o for s in range(2) for o in Heuristic(attack_odds=0.1)(g, st, s)]
    play_turn(g, st, orders, 1)
    assert st.digest(g) == before


def test_guns_in_a_contested_place_fire_rather_than_assault() -> None:
    g = valley_game()
    st = initial_state(g)
    guns = g.unit_index["guns"]
    enemy = next(u for u in range(len(g.units)) if g.unit_side[u] == 1 and g.unit_ground[u]
                 and not g.unit_fires[u])
    p = st.place[enemy]
    st.place[guns], st.contested[p] = p, True
    orders = [o for o in Heuristic()(g, st, 0) if o.unit == "guns"]
    assert all(o.verb == "bombard" for o in orders)
