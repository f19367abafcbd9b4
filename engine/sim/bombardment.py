"""Phase 3, bombardment by air and artillery.

Casualties among the enemy troops in the place and a loss of their readiness (with no
recovery that day), civilians killed (a heavy-tailed count: :func:`strike_toll`) and people
fleeing in populated places, and support for the firing side's assault there the next day.
Each (place, firing side) draws from its own chance stream.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine.scenario.rules import AIR
from engine.sim.chance import BOMBARDMENT, HIT, Force, Outcome, poisson_at_most, stream
from engine.sim.engagement import apply_losses, capped, casualties
from engine.sim.events import Log
from engine.sim.game import Game
from engine.sim.orders import Order
from engine.sim.queries import present
from engine.sim.state import NOWHERE, State
from engine.sim.verbs import VERBS


def strike_toll(rng: np.random.Generator, expected: float, people: int, dispersion: float
                ) -> int:
    """Civilians killed by a day's strikes on a place: a gamma-Poisson (negative binomial)
    count with mean ``expected`` and shape ``dispersion``. Most days kill few; now and then a
    strike on a market or a queue kills dozens, as the record's tolls show."""
    if expected <= 0 or people <= 0:
        return 0
    rate = float(rng.gamma(dispersion, expected / dispersion))
    return poisson_at_most(rng, rate, people)


def bombardment(game: Game, st: State, orders: dict[int, Order], key: int,
                forced: Mapping[tuple, Force], log: Log) -> list[Outcome]:
    """Fire every bombard order: each (place, firing side) pools its units' volume and draws
    its losses, civilians and flight from its own stream; return the outcomes."""
    rules = game.rules
    fire: dict[tuple[int, int], float] = {}
    firing: dict[tuple[int, int], list[int]] = {}
    for u, order in sorted(orders.items()):
        if not VERBS[order.verb].fires or st.strength[u] <= 0:
            continue
        volume = st.strength[u] * st.readiness[u]
        if game.unit_type[u] != AIR:
            volume *= rules["artillery_fire"]
        target = (game.theatre.index[order.place], game.unit_side[u])
        fire[target] = fire.get(target, 0.0) + volume
        firing.setdefault(target, []).append(u)
    st.bombarded_by = [NOWHERE] * len(game.places)
    at = present(game, st)
    outcomes = []
    for (p, side), volume in sorted(fire.items()):
        rng = stream(key, st.day, game.place_key[p], BOMBARDMENT, side)
        force = forced.get((st.day, BOMBARDMENT, game.places[p], game.sides[side]), Force())
        targets = [u for u in at.get(p, []) if game.unit_side[u] != side]
        enemy = game.unit_side[targets[0]] if targets else (1 - side)
        strength = sum(st.strength[u] for u in targets)
        expected = volume * rules["sortie_casualties"] * rules["loss_scale"] if targets else 0.0
        losses = casualties(rng, expected, strength, rules["killed_share"])
        if force.losses is not None:
            losses = capped(force.losses.get(game.sides[enemy], losses), strength)
        apply_losses(st, targets, *losses)
        for u in targets:
            if st.strength[u] > 0:
                hit = rules["suppression"] * volume * 100 / max(strength, 1)
                st.readiness[u] = round(max(rules["readiness_floor"], st.readiness[u] - hit), 6)
        people = st.population[p]
        dense = min(1.0, people / rules["population_reference"])
        civilians = strike_toll(rng, volume * rules["sortie_civilians"] * dense, people,
                                rules["civilian_dispersion"])
        if force.civilians is not None:
            civilians = min(force.civilians, people)
        fled = int(rng.binomial(people - civilians, rules["flight_rate"])) if people else 0
        if force.displaced is not None:
            fled = min(force.displaced, people - civilians)
        st.population[p] -= civilians + fled
        st.civilians_killed[p] += civilians
        st.displaced[p] += fled
        st.bombarded_by[p] = side
        outcomes.append(Outcome(st.day, BOMBARDMENT, game.places[p], game.sides[side], HIT,
                                (), ((game.sides[enemy], *losses),), civilians, fled))
        log("bombardment", p, f"{game.sides[side]} bombard {game.places[p]} ({volume:.0f} "
            f"sorties): killed {losses[0]} {game.sides[enemy]}, {civilians} civilians; {fled} "
            "people flee", firing[(p, side)])
    return outcomes
