"""Phase 2, engagements: in every place where both sides now stand, the holder defends.

Odds come from the force ratio (:mod:`engine.sim.combat`), with the foothold of the days the
assault has gone on and any surprise the record or scenario marks; one outcome is drawn from
the place's chance stream, or forced (a replay's record, a game played again). Each side's
casualties are a Poisson count around its daily loss fraction. A place that ends the day
contested carries its assault on to the next day; any other place's count starts again.
Defenders of a place taken fall back to a neighbouring place of theirs (or are lost,
dispersed, if they have none); repulsed attackers fall back to where they came from.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine.sim import combat
from engine.sim.chance import ENGAGEMENT, Force, Outcome, pick, poisson_at_most, stream
from engine.sim.events import Log
from engine.sim.game import Game
from engine.sim.queries import (
    engagement_odds,
    fighting_power,
    fights,
    nearest_friendly,
    surprised,
)
from engine.sim.state import MOVING, NOWHERE, PREPARED, State


def engagements(game: Game, st: State, origin: list[int], key: int,
                forced: Mapping[tuple, Force], log: Log) -> tuple[list[Outcome], set[int]]:
    """Fight every engagement; return the outcomes and the units thrown back or dispersed."""
    outcomes, thrown = [], set()
    rules = game.rules
    fought = set()
    for p, attackers, defenders in fights(game, st):
        holder = st.holder[p]
        att_side = game.unit_side[attackers[0]]
        rng = stream(key, st.day, game.place_key[p], ENGAGEMENT)
        okey = (st.day, ENGAGEMENT, game.places[p], game.sides[att_side])
        force = forced.get(okey, Force())
        surprise = surprised(game, st, defenders, force.surprise)
        att_power, def_power, *odds = engagement_odds(game, st, p, attackers, defenders,
                                                      surprise)
        draw = combat.OUTCOMES[pick(tuple(odds), rng.random())]
        result = force.result or draw
        n_att = sum(st.strength[u] for u in attackers)
        n_def = sum(st.strength[u] for u in defenders)
        sheltered = sum(st.strength[u] for u in defenders if st.posture[u] == PREPARED)
        f_att, f_def = combat.loss_fractions(
            fighting_power(game, st, attackers), fighting_power(game, st, defenders), rules,
            sheltered / n_def if n_def else 0.0, st.assault[p])
        exp_att, exp_def = f_att * n_att, f_def * n_def
        drawn = {att_side: casualties(rng, exp_att, n_att, rules["killed_share"]),
                 holder: casualties(rng, exp_def, n_def, rules["killed_share"])}
        if force.losses is not None:
            drawn = {s: capped(force.losses.get(game.sides[s], drawn[s]), n)
                     for s, n in ((att_side, n_att), (holder, n_def))}
        apply_losses(st, attackers, *drawn[att_side])
        apply_losses(st, defenders, *drawn[holder])
        name = game.places[p]
        outcomes.append(Outcome(st.day, ENGAGEMENT, name, game.sides[att_side], result,
                                tuple(round(x, 6) for x in odds),
                                tuple((game.sides[s], *drawn[s]) for s in (att_side, holder))))
        ratio = att_power / def_power if def_power else float("inf")
        fought.add(p)
        st.assault[p] = st.assault[p] + 1 if result == "stalemate" else 0
        how = " by surprise" if surprise else ""
        log("engagement", p, f"{game.sides[att_side]} attack {name}{how} at {ratio:.1f}:1: "
            f"{result}; "
            f"killed {drawn[att_side][0]} {game.sides[att_side]}, {drawn[holder][0]} "
            f"{game.sides[holder]}", attackers + defenders)
        if result == "taken":
            thrown |= fall_back(game, st, [u for u in defenders if st.strength[u] > 0], p, None,
                                log)
        elif result == "repulsed":
            thrown |= fall_back(game, st, [u for u in attackers if st.strength[u] > 0], p,
                                origin, log)
    for p, days in enumerate(st.assault):   # an assault not pressed today starts again
        if days and p not in fought:
            st.assault[p] = 0
    return outcomes, thrown


def casualties(rng: np.random.Generator, expected: float, strength: int, killed_share: float
               ) -> tuple[int, int]:
    """(killed, wounded): a Poisson count of casualties, at most ``strength``, each killed
    with probability ``killed_share``."""
    n = poisson_at_most(rng, expected, strength)
    killed = int(rng.binomial(n, killed_share)) if n else 0
    return killed, n - killed


def capped(losses: tuple[int, int], strength: int) -> tuple[int, int]:
    """Forced (killed, wounded) cut to the people there are."""
    killed = min(losses[0], strength)
    return killed, min(losses[1], strength - killed)


def apply_losses(st: State, units: list[int], killed: int, wounded: int) -> None:
    """Share losses among units in proportion to strength (largest remainder, id order);
    no unit loses more than it has."""
    for total, ledger in ((killed, st.killed), (wounded, st.wounded)):
        shares = _shares(total, [st.strength[u] for u in units])
        for u, n in zip(units, shares, strict=True):
            st.strength[u] -= n
            ledger[u] += n


def _shares(total: int, weights: list[int]) -> list[int]:
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    exact = [total * w / whole for w in weights]
    out = [min(int(x), w) for x, w in zip(exact, weights, strict=True)]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - int(exact[i])), i))
    left = total - sum(out)
    while left > 0:
        moved = False
        for i in order:
            if left and out[i] < weights[i]:
                out[i] += 1
                left -= 1
                moved = True
        if not moved:
            break
    return out


def fall_back(game: Game, st: State, units: list[int], place: int, origin: list[int] | None,
              log: Log) -> set[int]:
    """Units leave ``place``: to where they came from (attackers) or to the nearest
    neighbouring place their side holds uncontested; with nowhere to go they are lost.
    Returns the units, all of which have left."""
    for u in units:
        side = game.unit_side[u]
        back = origin[u] if origin is not None and origin[u] != place else None
        if back is None or back == NOWHERE or st.holder[back] != side or st.contested[back] \
                or game.road_cost(place, back) == float("inf"):
            back = nearest_friendly(game, st, side, place)
        if back is None:
            st.dispersed[u] += st.strength[u]
            log("dispersed", place, f"{game.units[u]} is cut off in {game.places[place]} and "
                f"dispersed ({st.strength[u]} lost)", (u,))
            st.strength[u] = 0
            continue
        st.place[u], st.next[u], st.progress[u], st.posture[u] = back, NOWHERE, 0.0, MOVING
        log("fall_back", back, f"{game.units[u]} falls back from {game.places[place]} to "
            f"{game.places[back]}", (u,))
    return set(units)
