"""The umpire of a recorded replay: where the engine's rules and the record part, each day.

After each turn it reports, citing the event's seed line: an order the rules refuse, an
attack out of supply, a unit too slow for its next order, a recorded result the engine gives
less than :data:`UNLIKELY` of a chance, a recorded engagement or bombardment the engine never
saw, figures larger than the people left in a place, a capture the engine did not make or one
the record does not have. Then the record wins: a recorded capture is imposed, and recorded
losses the engine's outcomes could not carry are applied to the units the event names, so
the replay always ends where the source says the campaign ended.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from engine.history.record import recorded_fields, target
from engine.play.plan import Plan, Task
from engine.play.replayfile import RecordedEvent, ReplayFile
from engine.sim.chance import BOMBARDMENT, ENGAGEMENT
from engine.sim.combat import OUTCOMES
from engine.sim.control import impose_capture
from engine.sim.engagement import apply_losses
from engine.sim.events import Log
from engine.sim.game import Game
from engine.sim.state import State
from engine.sim.turn import Turn
from engine.sim.verbs import ATTACK
from engine.util.text import article

#: A recorded result the engine gives less than this chance is reported.
UNLIKELY = 0.05


@dataclass(frozen=True)
class Violation:
    """Where the engine's rules and the record part ways, on one day."""

    day: int
    text: str
    cite: str                 # the event's seed line, or the replay file's line

    def __str__(self) -> str:
        return f"{self.text} ({self.cite})"


class Referee:
    """Checks each day of a recorded replay against its record and makes the record win;
    the violations found so far are in :attr:`violations`."""

    def __init__(self, rf: ReplayFile, plan: Plan) -> None:
        self.rf, self.plan = rf, plan
        self.fields = recorded_fields(rf)
        self.violations: list[Violation] = []
        self._reported: set[tuple[str, str]] = set()   # shortfalls already reported

    def __call__(self, game: Game, before: State, turn: Turn) -> Turn:
        st = turn.state.copy()
        log = Log(game, before.day)
        self.violations += self._check(game, before, st, turn, log)
        return replace(turn, state=st, events=turn.events + tuple(log.events))

    def _cite(self, task: Task) -> str:
        e = self.rf.event(task.event)
        return e.cite() if e else task.where

    def _check(self, game: Game, before: State, st: State, turn: Turn, log: Log
               ) -> list[Violation]:
        rf, day, out = self.rf, before.day, []
        task_of = self.plan.today
        unit_order = game.unit_index.get
        for order, why in sorted(turn.rejected, key=lambda r: unit_order(r[0].unit, -1)):
            out.append(Violation(day, f"the rules refuse '{order}': {why}",
                                 self._cite(task_of[order])))
        for order in turn.orders:
            u = game.unit_index[order.unit]
            if order.verb == ATTACK.name and not before.supplied[u]:
                out.append(Violation(day, f"{order.unit} attacks {order.place} out of supply",
                                     self._cite(task_of[order])))
        late = [task for late_day, task in self.plan.late if late_day == day]
        for task in sorted(late, key=lambda t: game.unit_index[t.order.unit]):
            out.append(Violation(day, f"{task.order.unit} has not carried out '{task.order}' "
                                      "when its next order is due (it is slower than the "
                                      "record)", self._cite(task)))
        fought = {o.key: o for o in turn.outcomes}
        for key, f in sorted(self.fields.items()):
            if key[0] != day:
                continue
            e = f["events"][0]
            o = fought.get(key)
            if o is None:
                out.append(Violation(day, f"the record has {article(key[1])} {key[1]} of {key[2]} "
                                          f"by {key[3]} "
                                          "that the engine did not see (no unit there or in "
                                          "range)", e.cite()))
                _apply_figures(game, st, f, e, key[2])
                continue
            if key[1] == ENGAGEMENT and f.get("result"):
                p = o.odds[OUTCOMES.index(f["result"])]
                if p < UNLIKELY:
                    out.append(Violation(day, f"the rules give '{f['result']}' at {key[2]} a "
                                              f"chance of {p:.1%} only", e.cite()))
            # dead the outcome could not carry (nobody of that side was there) still count
            got = {side: k for side, k, _ in o.losses}
            short = {name: n - got.get(name.split(":", 1)[1], 0) for name, n in f.items()
                     if name.startswith("killed:") and n > got.get(name.split(":", 1)[1], 0)}
            _apply_figures(game, st, short, e, key[2])
            if key[1] == BOMBARDMENT:
                for name, got_n in (("civilians", o.civilians), ("displaced", o.displaced)):
                    if f.get(name) is not None and got_n < f[name] and \
                            (e.id, name) not in self._reported:
                        self._reported.add((e.id, name))
                        out.append(Violation(day, f"the record's {name} in {key[2]} ({f[name]} "
                                                  f"on this day) exceed the people the engine "
                                                  f"has left there ({got_n})", e.cite()))
        recorded_today: dict[str, tuple[str, RecordedEvent]] = {
            place: (side, e) for e in rf.events if e.last == day
            for place, side in e.captures.items()}
        for place, (side, e) in sorted(recorded_today.items()):
            p, s = game.theatre.index[place], game.sides.index(side)
            if st.holder[p] != s or st.contested[p]:
                out.append(Violation(day, f"the engine does not give {place} to {side} as the "
                                          "record does; imposed", e.cite()))
                impose_capture(game, st, p, s, f"as recorded, {e.cite()}", log)
        for p, place in enumerate(game.places):
            if st.holder[p] != before.holder[p] and place not in recorded_today:
                out.append(Violation(day, f"the engine gives {place} to "
                                          f"{game.sides[st.holder[p]]}, which the record does "
                                          "not", rf.path))
        for e in rf.events:
            if e.last == day and e.killed and target(e) is None:
                _apply_figures(game, st, {f"killed:{s}": n for s, n in e.killed.items()}, e)
        return out


def _apply_figures(game: Game, st: State, f: Mapping[str, Any], e: RecordedEvent,
                   place: str | None = None) -> None:
    """Losses and civilians the record gives where the engine has no outcome to carry them:
    killed go to the event's units of that side, civilians to ``place`` (default: the
    event's first place)."""
    for name, n in sorted(f.items()):
        if name.startswith("killed:") and n:
            side = game.sides.index(name.split(":", 1)[1])
            units = [game.unit_index[u] for u in e.units
                     if game.unit_side[game.unit_index[u]] == side
                     and st.strength[game.unit_index[u]] > 0]
            apply_losses(st, units, n, 0)
    people = f.get("civilians")
    place = place or (e.places[0] if e.places else None)
    if people and place:
        p = game.theatre.index[place]
        n = min(people, st.population[p])
        st.population[p] -= n
        st.civilians_killed[p] += n
