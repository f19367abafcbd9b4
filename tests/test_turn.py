"""One turn, phase by phase, on the small test scenario and on Aleppo."""

from __future__ import annotations

import pytest

from engine.sim.chance import BOMBARDMENT, ENGAGEMENT, Force, campaign_key
from engine.sim.game import build_game
from engine.sim.orders import parse_order
from engine.sim.state import NOWHERE, initial_state
from engine.sim.turn import play_turn
from tests.engine_helpers import aleppo_game, idx, small_game, unit

KEY = campaign_key(1)


def orders(*texts: str):
    return [parse_order(t) for t in texts]


def test_a_long_road_takes_more_than_a_day() -> None:
    g = aleppo_game()
    s = play_turn(g, initial_state(g), orders("move 35sf khanasir"), KEY).state
    u = unit(g, "35sf")
    assert s.place[u] == idx(g, "ithriya") and s.next[u] == idx(g, "khanasir")
    assert s.progress[u] == pytest.approx(g.unit_speed[u])
    assert g.sides[s.holder[idx(g, "khanasir")]] == "rebels"


def test_assault_from_the_road_and_a_forced_result() -> None:
    g = aleppo_game()
    s = play_turn(g, initial_state(g), orders("move 35sf khanasir", "move 127sf khanasir"),
                  KEY).state
    key = (1, ENGAGEMENT, "khanasir", "government")
    result = play_turn(g, s, orders("attack 35sf khanasir", "attack 127sf khanasir"), KEY,
                       {key: Force("taken", {"rebels": (25, 40)})})
    (fight,) = [o for o in result.outcomes if o.kind == ENGAGEMENT]
    assert fight.result == "taken" and ("rebels", 25, 40) in fight.losses
    assert sum(fight.odds) == pytest.approx(1.0)
    after = result.state
    k = idx(g, "khanasir")
    assert g.sides[after.holder[k]] == "government" and not after.contested[k]
    jm = unit(g, "jaysh_mohammad")
    assert after.place[jm] != k and after.killed[jm] == 25 and after.wounded[jm] == 40
    assert after.strength[jm] == 400 - 65


def test_repulsed_attackers_go_back() -> None:
    g = aleppo_game()
    s = play_turn(g, initial_state(g), orders("move 35sf khanasir"), KEY).state
    key = (1, ENGAGEMENT, "khanasir", "government")
    after = play_turn(g, s, orders("attack 35sf khanasir"), KEY, {key: Force("repulsed")}).state
    assert after.place[unit(g, "35sf")] == idx(g, "ithriya")
    assert g.sides[after.holder[idx(g, "khanasir")]] == "rebels"


def test_stalemate_leaves_the_place_contested() -> None:
    g = aleppo_game()
    s = play_turn(g, initial_state(g), orders("move 35sf khanasir"), KEY).state
    key = (1, ENGAGEMENT, "khanasir", "government")
    after = play_turn(g, s, orders("attack 35sf khanasir"), KEY, {key: Force("stalemate")}).state
    k = idx(g, "khanasir")
    assert after.contested[k] and g.sides[after.holder[k]] == "rebels"
    assert after.place[unit(g, "35sf")] == k


def test_empty_enemy_place_is_occupied() -> None:
    g = aleppo_game()
    result = play_turn(g, initial_state(g), orders("move corps3 barzanieh"), KEY)
    b = idx(g, "barzanieh")
    assert g.sides[result.state.holder[b]] == "government"
    assert not [o for o in result.outcomes if o.kind == ENGAGEMENT]
    assert any(e.kind == "captured" and e.place == "barzanieh" for e in result.state.log)


def test_bombardment_harms_and_displaces() -> None:
    g = aleppo_game()
    s0 = initial_state(g)
    result = play_turn(g, s0, orders("bombard air al_safira"), KEY)
    s = result.state
    p = idx(g, "al_safira")
    (hit,) = result.outcomes
    assert hit.kind == BOMBARDMENT and hit.place == "al_safira"
    assert s.population[p] == s0.population[p] - s.civilians_killed[p] - s.displaced[p]
    assert s.displaced[p] > 0 and s.bombarded_by[p] == 0
    assert s.readiness[unit(g, "ahrar")] < 1.0
    forced = play_turn(g, s0, orders("bombard air al_safira"), KEY,
                       {(0, BOMBARDMENT, "al_safira", "government"):
                        Force(civilians=17, displaced=1000)}).state
    assert forced.civilians_killed[p] == 17 and forced.displaced[p] == 1000


def test_supply_and_siege_at_the_start_of_the_campaign() -> None:
    g = aleppo_game()
    s = play_turn(g, initial_state(g), [], KEY).state
    assert s.besieged[idx(g, "aleppo")] and not s.besieged[idx(g, "salamiyah")]
    assert not s.supplied[unit(g, "ndf")] and s.supplied[unit(g, "35sf")]
    assert s.readiness[unit(g, "ndf")] == pytest.approx(1.0 - g.rules["readiness_loss"])
    assert s.supplied[unit(g, "air")]  # supplied by air while its base is held


def test_rejected_orders_change_nothing() -> None:
    g = small_game()
    s0 = initial_state(g)
    bad = play_turn(g, s0, orders("hold ss_btn depot", "bombard armd far_bank",
                                  "move ghost depot"), KEY)
    assert len(bad.rejected) == 3 and not bad.orders
    assert bad.state.digest(g) == play_turn(g, s0, [], KEY).state.digest(g)
    assert s0 == initial_state(g)  # the state given is never changed


def test_a_lone_unit_takes_the_place_it_stands_in() -> None:
    g = small_game()
    s = play_turn(g, initial_state(g), [], KEY).state
    b = idx(g, "bridge_town")
    assert g.sides[s.holder[b]] == "blue" and not s.contested[b]


def test_meeting_in_a_place_is_an_engagement() -> None:
    g = small_game()
    result = play_turn(g, initial_state(g), orders("attack ss_btn bridge_town"), KEY)
    (fight,) = [o for o in result.outcomes if o.kind == ENGAGEMENT]
    assert fight.place == "bridge_town" and fight.side == "blue"  # red holds: blue attacks


def test_reinforcements_arrive_on_their_day(load_variant) -> None:
    from tests.conftest import SMALL
    text = SMALL.read_text(encoding="utf-8").replace(
        "  ss_btn:\n", "  reserve:\n    name: Reserve\n    side: red\n    type: infantry\n"
        "    place: far_bank\n    strength: 500\n    quality: 1.0\n    arrives: 1944-09-19\n"
        "  ss_btn:\n")
    s = load_variant(text)
    g = build_game(s)
    u = g.unit_index["reserve"]
    state = initial_state(g)
    assert state.place[u] == NOWHERE and state.strength[u] == 0
    for _ in range(2):
        state = play_turn(g, state, [], KEY).state
    assert state.day == 2 and state.place[u] == idx(g, "far_bank")
    assert state.strength[u] == 500
    assert any(e.kind == "arrival" for e in state.log)


def test_air_unit_leaves_a_lost_base() -> None:
    g = small_game()
    s = initial_state(g)
    depot = idx(g, "depot")
    s.place[unit(g, "armd")] = idx(g, "crossroads")
    s.place[unit(g, "ss_btn")] = depot  # red walks into an empty blue depot
    s.contested[depot] = True
    after = play_turn(g, s, [], KEY).state
    assert g.sides[after.holder[depot]] == "red"
    assert after.place[unit(g, "guns")] == idx(g, "crossroads")


def test_empty_enemy_villages_are_taken_on_the_march_and_a_defended_one_stops_a_column(
) -> None:
    g = aleppo_game()
    s = initial_state(g)
    u = unit(g, "corps3")
    result = play_turn(g, s, orders("move corps3 zarraa"), KEY)
    after = result.state
    assert after.place[u] == idx(g, "zarraa")
    for place in ("barzanieh", "zarraa"):  # barzanieh was passed, zarraa reached
        assert g.sides[after.holder[idx(g, place)]] == "government"
    assert any(e.kind == "captured" and e.place == "barzanieh" and "on the march" in e.text
               for e in after.log)
    # al-Safira has Ahrar al-Sham in it: a column bound beyond it stops there and fights
    s2 = play_turn(g, s, orders("move corps3 aziziyeh"), KEY,
                   {(0, ENGAGEMENT, "al_safira", "government"): Force("stalemate")}).state
    assert s2.place[u] == idx(g, "al_safira") and s2.contested[idx(g, "al_safira")]
    assert g.sides[s2.holder[idx(g, "aziziyeh")]] == "rebels"


def test_a_column_thrown_back_does_not_keep_the_places_it_marched_through() -> None:
    g = aleppo_game()
    s = initial_state(g)
    # Ahrar marches from al-Safira by the al-Safira road to the city; the air base and the
    # airport on the way hold only aircraft. Thrown back from Aleppo, it takes neither.
    forced = {(0, ENGAGEMENT, p, "rebels"): Force("repulsed") for p in g.places}
    after = play_turn(g, s, orders("move ahrar aleppo"), KEY, forced).state
    marched = [e.place for e in after.log if "on the march" in e.text]
    assert after.place[unit(g, "ahrar")] != idx(g, "aleppo")
    for place in ("al_nairab_air_base", "aleppo_airport"):
        assert place not in marched
        assert g.sides[after.holder[idx(g, place)]] == "government"
