"""One turn (one day): both sides' orders resolved at once, in a fixed order of phases.

1. movement (:mod:`engine.sim.movement`), 2. engagements (:mod:`engine.sim.engagement`),
3. bombardment (:mod:`engine.sim.bombardment`), 4. supply (:mod:`engine.sim.supply`),
5. control, arrivals and the calendar (:mod:`engine.sim.control`).

Units are always taken in id order and places in id order, so a turn is deterministic. The
state given is never changed: the turn works on a copy and returns it with what happened.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from engine.sim.bombardment import bombardment
from engine.sim.chance import Force, Outcome
from engine.sim.control import arrivals, control
from engine.sim.engagement import engagements
from engine.sim.events import Event, Log
from engine.sim.game import Game
from engine.sim.movement import movement
from engine.sim.orders import Order, check_orders
from engine.sim.state import State
from engine.sim.supply import supply


@dataclass(frozen=True)
class Turn:
    """One day played: the state it ended in, the orders carried out and those refused (with
    the reason), what chance (or the record) decided, and what happened, in words."""

    state: State
    orders: tuple[Order, ...]
    rejected: tuple[tuple[Order, str], ...]
    outcomes: tuple[Outcome, ...]
    events: tuple[Event, ...] = ()


def play_turn(game: Game, state: State, orders: Iterable[Order], key: int,
              forced: Mapping[tuple, Force] | None = None) -> Turn:
    """Resolve one day. ``key`` is the campaign's chance key (:func:`campaign_key`);
    ``forced`` maps an outcome key ``(day, kind, place, side)`` to what must happen."""
    forced = forced or {}
    st = state.copy()
    log = Log(game, st.day)
    ok, rejected = check_orders(game, state, None, orders)
    accepted = {game.unit_index[o.unit]: o for o in ok}
    origin = st.place[:]
    passed = movement(game, st, accepted, log)
    outcomes, thrown = engagements(game, st, origin, key, forced, log)
    outcomes += bombardment(game, st, accepted, key, forced, log)
    supply(game, st, log)
    control(game, st, passed, thrown, log)
    st.day = log.day = st.day + 1
    arrivals(game, st, log)
    return Turn(st, tuple(accepted[u] for u in sorted(accepted)), tuple(rejected),
                tuple(outcomes), tuple(log.events))
