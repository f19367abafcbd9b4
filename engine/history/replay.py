"""Playing a replay file: recorded (outcomes forced to the record) or adjudicated (drawn).

**Recorded.** Each day the replay's standing orders are given; every engagement or
bombardment the record fixes is forced to the record (result, and the figures it gives; what
it leaves open is drawn from the replay's seed). After the turn the record is checked against
the engine: an order the rules refuse, an attack out of supply, a unit late for its next
order, a recorded engagement the engine never fought, a capture the engine did not make or
one the record does not have. Each is a :class:`Violation` citing the event's seed line; the
record then wins (a recorded capture is imposed, recorded losses are applied to the units
the event names), so the replay always ends where the source says the campaign ended.

**Adjudicated.** The same standing orders, nothing forced or imposed: the engine decides.
``from_day`` plays the record up to a day and lets the engine decide from there.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from engine.history.replayfile import RecordedEvent, ReplayFile, Task
from engine.sim.chance import BOMBARDMENT, ENGAGEMENT, Force, Outcome, campaign_key
from engine.sim.combat import OUTCOMES
from engine.sim.game import Game
from engine.sim.orders import Order, hostile
from engine.sim.state import NOWHERE, State, initial_state
from engine.sim.turn import TurnResult, apply_losses, impose_capture, play_turn

RECORDED, ADJUDICATED = "recorded", "adjudicated"


@dataclass(frozen=True)
class Violation:
    """Where the engine's rules and the record part ways, on one day."""

    day: int
    text: str
    cite: str                 # the event's seed line, or the replay file's line

    def __str__(self) -> str:
        return f"{self.text} ({self.cite})"


@dataclass(frozen=True)
class Replay:
    file: ReplayFile
    mode: str
    seed: int
    states: tuple[State, ...]            # the first morning, then the state after each turn
    turns: tuple[TurnResult, ...]
    violations: tuple[Violation, ...] = ()
    plans: tuple[Plan, ...] = ()         # the plan at each morning (recorded mode)

    @property
    def final(self) -> State:
        return self.states[-1]


# -- standing orders ---------------------------------------------------------------------

class Plan:
    """Each unit's orders in sequence and which one it is carrying out."""

    def __init__(self, game: Game, tasks: tuple[Task, ...]) -> None:
        self.queue: dict[int, list[Task]] = {}
        for t in tasks:
            self.queue.setdefault(game.unit_index[t.order.unit], []).append(t)
        self.at = dict.fromkeys(self.queue, 0)
        self.late: list[tuple[int, Task]] = []
        self.reported: set[tuple[str, str]] = set()   # shortfalls already reported

    def copy(self) -> Plan:
        new = Plan.__new__(Plan)
        new.queue, new.at, new.late = self.queue, dict(self.at), list(self.late)
        new.reported = set(self.reported)
        return new

    def orders(self, game: Game, state: State) -> list[tuple[Order, Task]]:
        """Today's orders: each unit's current task, once its date has come."""
        day, out = state.day, []
        for u in sorted(self.queue):
            q, i = self.queue[u], self.at[u]
            while i < len(q) and q[i].first <= day:
                nxt = q[i + 1] if i + 1 < len(q) else None
                due = nxt is not None and q[i].first < nxt.first <= day
                if _done(game, state, u, q[i]) or (due and q[i].order.verb in ("bombard",
                                                                                  "hold")):
                    i += 1
                    continue
                if due and all(t is not q[i] for _, t in self.late):
                    self.late.append((day, q[i]))
                break
            self.at[u] = i
            if i < len(q) and q[i].first <= day and state.strength[u] > 0 \
                    and state.place[u] != NOWHERE:
                out.append((_order(game, state, u, q[i].order), q[i]))
        return out


def _done(game: Game, st: State, u: int, task: Task) -> bool:
    if task.until is not None and st.day > task.until:
        return True
    if task.order.verb in ("bombard", "hold"):
        return st.day > task.first and task.until is None
    if st.strength[u] <= 0:
        return True
    p = game.theatre.index[task.order.place]
    return (st.place[u] == p and st.next[u] == NOWHERE and st.holder[p] == game.unit_side[u]
            and not st.contested[p])


def _order(game: Game, st: State, u: int, order: Order) -> Order:
    """A move into a place the unit already stands in but does not hold is an attack."""
    p = game.theatre.index[order.place]
    if order.verb in ("move", "withdraw") and st.place[u] == p and st.next[u] == NOWHERE \
            and hostile(game, st, p, game.unit_side[u]):
        return Order("attack", order.unit, order.place)
    return order


# -- what the record fixes ---------------------------------------------------------------

def _spread(total: int, n: int) -> list[int]:
    """``total`` shared over ``n`` days as evenly as whole numbers allow, earliest first."""
    base, extra = divmod(total, n)
    return [base + (1 if i < extra else 0) for i in range(n)]


def _target(e: RecordedEvent) -> tuple[str, str, str] | None:
    if e.engagement:
        return (ENGAGEMENT, e.engagement[0], e.engagement[1])
    if e.bombardment:
        return (BOMBARDMENT, *e.bombardment)
    return None


def recorded_fields(rf: ReplayFile) -> dict[tuple, dict[str, Any]]:
    """Per outcome key ``(day, kind, place, side)``, the fields the record fixes and the
    event that fixes each. A span's figures are shared over its days, less what the
    one-day events inside it already give."""
    fields: dict[tuple, dict[str, Any]] = {}
    for one_day in (True, False):
        for e in rf.events:
            target = _target(e)
            if target is None or (e.first == e.last) != one_day:
                continue
            kind, place, side = target
            keys = [(d, kind, place, side) for d in range(e.first, e.last + 1)]
            for k in keys:
                f = fields.setdefault(k, {"events": []})
                f["events"].append(e)
                if e.engagement and e.engagement[2]:  # a day's own event says what it was
                    f.setdefault("result", e.engagement[2])
            figures = [(f"killed:{s}", n) for s, n in e.killed.items()]
            figures += [(name, v) for name, v in (("civilians", e.civilians),
                                                  ("displaced", e.displaced)) if v is not None]
            for name, total in figures:
                if one_day:  # two events of one day and target: their figures add up
                    fields[keys[0]][name] = fields[keys[0]].get(name, 0) + total
                    continue
                free = [k for k in keys if name not in fields[k]]
                taken = sum(fields[k][name] for k in keys if name in fields[k])
                for k, n in zip(free, _spread(max(total - taken, 0), len(free) or 1),
                                strict=False):
                    fields[k][name] = n
    return fields


def record_totals(rf: ReplayFile, first: int = 0, last: int | None = None) -> dict[str, int]:
    """Killed per side and civilians the record gives on turns first..last, each figure
    counted once (a span's total includes the one-day events inside it)."""
    last = 10 ** 9 if last is None else last
    out: dict[str, int] = {}

    def add(name: str, n: int) -> None:
        out[name] = out.get(name, 0) + n

    for key, f in recorded_fields(rf).items():
        if first <= key[0] <= last:
            for name, n in f.items():
                if name.startswith("killed:"):
                    add(name.split(":", 1)[1], n)
                elif name == "civilians":
                    add("civilians", n)
    for e in rf.events:
        if first <= e.last <= last and _target(e) is None:
            for side, n in e.killed.items():
                add(side, n)
    return out


def wounded_for(game: Game, killed: int) -> int:
    """Sources count the dead; the wounded follow from the engine's killed share."""
    share = game.rules["killed_share"]
    return round(killed * (1 - share) / share) if share > 0 else 0


def forced_outcomes(game: Game, rf: ReplayFile) -> dict[tuple, Force]:
    out = {}
    for key, f in recorded_fields(rf).items():
        losses = {name.split(":", 1)[1]: (n, wounded_for(game, n))
                  for name, n in f.items() if name.startswith("killed:")}
        out[key] = Force(f.get("result"), losses or None, f.get("civilians"), f.get("displaced"))
    return out


# -- playing -----------------------------------------------------------------------------

@contextmanager
def _on_day(st: State, day: int) -> Iterator[State]:
    """Edit a state after its turn with log entries dated to that turn's day."""
    after, st.day = st.day, day
    try:
        yield st
    finally:
        st.day = after


def play_replay(game: Game, rf: ReplayFile, mode: str = RECORDED, seed: int | None = None,
                start: Replay | None = None, from_day: int = 0,
                days: int | None = None) -> Replay:
    """Play ``rf`` in ``mode``. With ``start`` (a recorded replay) and ``from_day``, the
    record is kept up to that day's morning and the engine decides from there."""
    seed = rf.seed if seed is None else seed
    recorded = mode == RECORDED
    key = campaign_key(seed)
    if start is not None:
        state, plan = start.states[from_day], start.plans[from_day].copy()
        states, turns = list(start.states[:from_day + 1]), list(start.turns[:from_day])
    else:
        state, plan = initial_state(game), Plan(game, rf.tasks)
        states, turns = [state], []
    fields = recorded_fields(rf) if recorded else {}
    forced = forced_outcomes(game, rf) if recorded else {}
    violations: list[Violation] = []
    plans = [plan.copy()]
    last = game.scenario.calendar.turns if days is None else min(state.day + days,
                                                                 game.scenario.calendar.turns)
    while state.day < last:
        day = state.day
        given = plan.orders(game, state)
        result = play_turn(game, state, [o for o, _ in given], key, forced)
        if recorded:
            st = result.state.copy()
            with _on_day(st, day):
                violations += _check(game, rf, state, st, result, given, fields, plan)
            result = replace(result, state=st)
        turns.append(result)
        state = result.state
        states.append(state)
        plans.append(plan.copy())
    return Replay(rf, mode, seed, tuple(states), tuple(turns), tuple(violations),
                  tuple(plans) if recorded else ())


def _cite(rf: ReplayFile, task: Task) -> str:
    e = rf.event(task.event)
    return e.cite() if e else task.where


def _check(game: Game, rf: ReplayFile, before: State, st: State, result: TurnResult,
           given: list[tuple[Order, Task]], fields: Mapping[tuple, dict],
           plan: Plan) -> list[Violation]:
    """Compare a recorded day with the engine, and make the record win."""
    day, out = before.day, []
    task_of = {o: t for o, t in given}
    for order, why in result.rejected:
        out.append(Violation(day, f"the rules refuse '{order}': {why}", _cite(rf, task_of[order])))
    for order in result.orders:
        u = game.unit_index[order.unit]
        if order.verb == "attack" and not before.supplied[u]:
            out.append(Violation(day, f"{order.unit} attacks {order.place} out of supply",
                                 _cite(rf, task_of[order])))
    for late_day, task in plan.late:
        if late_day == day:
            out.append(Violation(day, f"{task.order.unit} has not carried out '{task.order}' "
                                      "when its next order is due (it is slower than the "
                                      "record)", _cite(rf, task)))
    fought = {o.key: o for o in result.outcomes}
    seen = plan.reported
    for key, f in sorted(fields.items()):
        if key[0] != day:
            continue
        e = f["events"][0]
        o = fought.get(key)
        if o is None:
            out.append(Violation(day, f"the record has a {key[1]} of {key[2]} by {key[3]} that "
                                      "the engine did not see (no unit there or in range)",
                                 e.cite()))
            _apply_figures(game, st, f, e, key[2])
        else:
            if key[1] == ENGAGEMENT and f.get("result"):
                p = o.odds[OUTCOMES.index(f["result"])]
                if p < 0.05:
                    out.append(Violation(day, f"the rules give '{f['result']}' at {key[2]} a "
                                              f"chance of {p:.1%} only", e.cite()))
            # dead the outcome could not carry (nobody of that side was there) still count
            got = {side: k for side, k, _ in o.losses}
            short = {name: n - got.get(name.split(":", 1)[1], 0) for name, n in f.items()
                     if name.startswith("killed:") and n > got.get(name.split(":", 1)[1], 0)}
            _apply_figures(game, st, short, e, key[2])
            if key[1] == BOMBARDMENT:
                for name, got_n in (("civilians", o.civilians), ("displaced", o.displaced)):
                    if f.get(name) is not None and got_n < f[name] and (e.id, name) not in seen:
                        seen.add((e.id, name))
                        out.append(Violation(day, f"the record's {name} in {key[2]} ({f[name]} "
                                                  f"on this day) exceed the people the engine "
                                                  f"has left there ({got_n})", e.cite()))
    recorded_today: dict[str, tuple[str, RecordedEvent]] = {
        place: (side, e) for e in rf.events if e.last == day for place, side in e.captures.items()}
    for place, (side, e) in sorted(recorded_today.items()):
        p, s = game.theatre.index[place], game.sides.index(side)
        if st.holder[p] != s or st.contested[p]:
            out.append(Violation(day, f"the engine does not give {place} to {side} as the "
                                      "record does; imposed", e.cite()))
            impose_capture(game, st, p, s, f"as recorded, {e.cite()}")
    for p, place in enumerate(game.places):
        if st.holder[p] != before.holder[p] and place not in recorded_today:
            out.append(Violation(day, f"the engine gives {place} to {game.sides[st.holder[p]]}, "
                                      "which the record does not", rf.path))
    for e in rf.events:
        if e.last == day and e.killed and _target(e) is None:
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


# -- reading the result ------------------------------------------------------------------

def days_json(game: Game, replay: Replay) -> list[dict[str, Any]]:
    """One entry per day: its date, the holder of every place, cumulative losses."""
    cal = game.scenario.calendar
    out = []
    for st in replay.states[1:]:
        out.append({
            "day": st.day - 1, "date": cal.date_of(st.day - 1).isoformat(),
            "holders": {game.places[p]: game.sides[st.holder[p]] for p in range(len(game.places))},
            "contested": [game.places[p] for p in range(len(game.places)) if st.contested[p]],
            "losses": st.side_losses(game),
            "civilians_killed": sum(st.civilians_killed), "displaced": sum(st.displaced)})
    return out


def recorded_odds(replay: Replay) -> dict[tuple, float]:
    """The engine's probability of each forced engagement result, by outcome key."""
    out = {}
    for t in replay.turns:
        for o in t.outcomes:
            if o.kind == ENGAGEMENT and o.odds:
                out[o.key] = o.odds[OUTCOMES.index(o.result)]
    return out


def outcome_of(replay: Replay, key: tuple) -> Outcome | None:
    return next((o for t in replay.turns for o in t.outcomes if o.key == key), None)


def play_runs(game: Game, rf: ReplayFile, runs: int, seed: int, recorded: Replay | None = None,
              from_day: int = 0, days: int | None = None) -> list[Replay]:
    """``runs`` adjudicated replays with seeds ``seed``, ``seed + 1``, ...: the record up to
    ``from_day`` (which needs ``recorded``), the engine from there."""
    start = recorded if from_day > 0 else None
    return [play_replay(game, rf, ADJUDICATED, seed + i, start, from_day, days)
            for i in range(runs)]
