"""How close adjudicated replays come to the record.

Three measures, each in [0, 1], and their mean, the **fidelity score**:

- **timing**: the share of recorded captures whose median simulated date is within
  ``window`` days of the recorded date (a capture a run never makes counts as never);
- **agreement**: the share of place-days (every place, every day of the period) whose holder
  is the recorded one, in the median run;
- **losses**: the share of the source's loss figures (killed per side, civilians) that lie
  inside the 10-90 % interval of the runs.

A period (``first``, ``last``: turn numbers) restricts all three to its days: captures dated
inside it, place-days inside it, and losses suffered inside it (against the events' figures
of the period, since the infobox covers the whole campaign).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.history.record import record_totals, recorded_fields
from engine.history.replay import Replay, recorded_odds
from engine.play.replayfile import ReplayFile
from engine.sim.chance import ENGAGEMENT
from engine.sim.combat import OUTCOMES, log_score
from engine.sim.game import Game
from engine.sim.state import State

CIVILIANS = "civilians"


@dataclass(frozen=True)
class Capture:
    place: str
    side: str
    day: int          # the turn the record gives it
    nth: int          # the how-many-th change of this place to this side
    event: str
    cite: str


def recorded_captures(rf: ReplayFile) -> list[Capture]:
    out: list[Capture] = []
    count: dict[tuple[str, str], int] = {}
    for e in sorted(rf.events, key=lambda e: e.last):
        for place, side in sorted(e.captures.items()):
            n = count[(place, side)] = count.get((place, side), 0) + 1
            out.append(Capture(place, side, e.last, n, e.id, e.cite()))
    return out


def holders(states: Sequence[State]) -> np.ndarray:
    """Holders after each turn: an array (days, places)."""
    return np.array([s.holder for s in states[1:]], dtype=np.int16)


def capture_day(game: Game, states: Sequence[State], capture: Capture) -> int | None:
    """The turn on which ``capture`` happened in a run, or None if it never did."""
    p, side = game.theatre.index[capture.place], game.sides.index(capture.side)
    seen, before = 0, states[0].holder[p]
    for st in states[1:]:
        now = st.holder[p]
        if now != before and now == side:
            seen += 1
            if seen == capture.nth:
                return st.day - 1
        before = now
    return None


def capture_days(game: Game, runs: Sequence[Replay], capture: Capture
                 ) -> tuple[list[int], int | None]:
    """The days the runs made ``capture`` on, and the runs' lower median day, a run that
    never made it counting as later than any (None when at least half never did)."""
    days = [capture_day(game, r.states, capture) for r in runs]
    made = [d for d in days if d is not None]
    never = game.scenario.calendar.turns + 10
    filled = sorted(d if d is not None else never for d in days)
    median = filled[(len(filled) - 1) // 2] if filled else never
    return made, median if median < never else None


def losses_between(game: Game, states: Sequence[State], first: int, last: int
                   ) -> dict[str, int]:
    """Killed per side and civilians killed on turns ``first``..``last``."""
    def totals(st: State) -> dict[str, int]:
        out = {s: v["killed"] for s, v in st.side_losses(game).items()}
        out[CIVILIANS] = sum(st.civilians_killed)
        return out
    a, b = totals(states[first]), totals(states[min(last + 1, len(states) - 1)])
    return {k: b[k] - a[k] for k in b}


def lower_bounds(game: Game) -> set[str]:
    """The record's loss figures that are lower bounds ("105+ killed")."""
    return {k for k, f in game.scenario.record.killed.items() if f.at_least}


def _in_combat(game: Game, run: Replay, capture: Capture) -> bool:
    """Whether a run made ``capture`` by winning an engagement there that day (not by walking
    into a place its holder had left)."""
    day = capture_day(game, run.states, capture)
    return day is not None and any(
        o.kind == ENGAGEMENT and o.day == day and o.place == capture.place
        and o.side == capture.side and o.result == "taken" for o in run.history.outcomes)


def record_log_score(recorded: Replay, rf: ReplayFile, first: int = 0,
                     last: int | None = None) -> dict[str, Any]:
    """The log score of the engagement results the record fixes under the engine's own odds
    (each day's odds as the recorded replay met it), beside the uniform guess's."""
    fixed = {k for k, f in recorded_fields(rf).items()
             if k[1] == ENGAGEMENT and "result" in f}
    last = 10 ** 9 if last is None else last
    probs = [o.odds[OUTCOMES.index(o.result)] for o in recorded.history.outcomes
             if o.key in fixed and o.odds and first <= o.day <= last]
    n = len(probs)
    total = log_score(probs)
    return {"days": n, "log_score": total, "per_engagement": total / n if n else None,
            "uniform": math.log(1 / 3), "under_5_percent": sum(1 for p in probs if p < 0.05)}


def unrecorded_captures(game: Game, rf: ReplayFile, recorded: Replay, runs: Sequence[Replay],
                        first: int = 0, last: int | None = None) -> list[dict[str, Any]]:
    """Places the runs gave to a side that neither the record's captures nor the recorded
    replay ever give it in the period, with the share of runs that did (most first): what a
    commander did that history did not."""
    last = len(recorded.states) - 2 if last is None else last
    known = {(c.place, c.side) for c in recorded_captures(rf)}
    for st in recorded.states[first:last + 2]:
        known |= {(game.places[p], game.sides[h]) for p, h in enumerate(st.holder)}
    count: dict[tuple[str, str], int] = {}
    for r in runs:
        seen = set()
        for st in r.states[first + 1:last + 2]:
            for p, h in enumerate(st.holder):
                key = (game.places[p], game.sides[h])
                if key not in known:
                    seen.add(key)
        for key in seen:
            count[key] = count.get(key, 0) + 1
    n = max(len(runs), 1)
    return [{"place": p, "side": s, "share": c / n}
            for (p, s), c in sorted(count.items(), key=lambda kv: (-kv[1], kv[0]))]


def _pct(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values, dtype=float), q)) if len(values) else 0.0


def fidelity(game: Game, rf: ReplayFile, recorded: Replay, runs: Sequence[Replay],
             first: int = 0, last: int | None = None, window: int = 2,
             targets: dict[str, float] | None = None) -> dict[str, Any]:
    """The comparison of ``runs`` with the ``recorded`` replay over turns first..last.

    ``targets`` are the loss figures to cover (default: the scenario's record for the whole
    campaign, the events' figures for a shorter period)."""
    turns = game.scenario.calendar.turns
    last = turns - 1 if last is None else last
    cal = game.scenario.calendar
    rec_hold = holders(recorded.states)[first:last + 1]
    caps = [c for c in recorded_captures(rf) if first <= c.day <= last]
    odds = recorded_odds(recorded)
    rows: list[dict[str, Any]] = []
    errors: list[int | None] = []
    for c in caps:
        made, median = capture_days(game, runs, c)
        fought = sum(1 for r in runs if _in_combat(game, r, c))
        errors.append(abs(median - c.day) if median is not None else None)
        rows.append({
            "place": c.place, "side": c.side, "recorded": cal.date_of(c.day).isoformat(),
            "cite": c.cite, "runs_taken": len(made),
            "median": cal.date_of(median).isoformat() if median is not None else None,
            "p10": cal.date_of(int(_pct(made, 10))).isoformat() if made else None,
            "p90": cal.date_of(int(_pct(made, 90))).isoformat() if made else None,
            "error_days": errors[-1],
            "within_window": sum(1 for d in made if abs(d - c.day) <= window) / max(len(runs), 1),
            "recorded_odds": odds.get((c.day, c.place)),
            "in_combat": fought, "walked_in": len(made) - fought,
        })
    agree = [float(np.mean(holders(r.states)[first:last + 1] == rec_hold)) for r in runs]
    still = np.array(recorded.states[first].holder, dtype=np.int16)
    persistence = float(np.mean(rec_hold == still[None, :])) if len(rec_hold) else 1.0
    whole = first == 0 and last == turns - 1
    if targets is None:
        if whole and game.scenario.record.killed:
            targets = {k: f.value for k, f in game.scenario.record.killed.items()}
        else:
            targets = {k: float(v) for k, v in record_totals(rf, first, last).items()}
    losses = {}
    sims = [losses_between(game, r.states, first, last) for r in runs]
    bounds = lower_bounds(game) if whole else set()
    for k, target in sorted(targets.items()):
        vals = [s.get(k, 0) for s in sims]
        lo, mid, hi = _pct(vals, 10), _pct(vals, 50), _pct(vals, 90)
        reached = sum(1 for v in vals if v >= target) / len(vals) if vals else 0.0
        losses[k] = {"target": target, "at_least": k in bounds, "p10": lo, "median": mid,
                     "p90": hi, "p_at_least": reached,
                     "covered": reached >= 0.5 if k in bounds else lo <= target <= hi}
    timing = sum(1 for e in errors if e is not None and e <= window) / len(rows) if rows else 1.0
    unrecorded = unrecorded_captures(game, rf, recorded, runs, first, last)
    agreement = float(np.median(agree)) if agree else 0.0
    cover = sum(1 for v in losses.values() if v["covered"]) / len(losses) if losses else 1.0
    ranked = sorted(errors, key=lambda e: math.inf if e is None else e)  # never: last
    median_error = ranked[(len(ranked) - 1) // 2] if ranked else None
    return {
        "from": cal.date_of(first).isoformat(), "to": cal.date_of(last).isoformat(),
        "runs": len(runs), "window_days": window, "captures": rows,
        "median_abs_error_days": median_error,
        "captures_never_made": sum(1 for e in errors if e is None),
        "agreement": {"median": agreement, "p10": _pct(agree, 10), "p90": _pct(agree, 90),
                      "persistence": persistence,
                      "skill": (agreement - persistence) / (1 - persistence)
                      if persistence < 1 else 0.0},
        "engagements": record_log_score(recorded, rf, first, last),
        "losses": losses,
        "unrecorded_captures": unrecorded,
        "score": {"timing": timing, "agreement": agreement, "losses": cover,
                  "fidelity": (timing + agreement + cover) / 3},
    }
