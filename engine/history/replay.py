"""Playing a replay file: recorded (outcomes forced to the record) or adjudicated (drawn).

**Recorded.** Each day the replay's standing orders (:mod:`engine.play.plan`) are given;
every engagement or bombardment the record fixes is forced to the record (result, and the
figures it gives; what it leaves open is drawn from the replay's seed). After the turn the
umpire (:mod:`engine.history.referee`) reports where rules and record part, and makes the
record win, so the replay always ends where the source says the campaign ended.

**Adjudicated.** The same standing orders, nothing forced or imposed: the engine decides.
``from_day`` plays the record up to a day and lets the engine decide from there.

Both are the one campaign loop (:func:`engine.play.campaign.play`) with the plan as every
side's player.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from engine.history.record import conditions, forced_outcomes
from engine.history.referee import Referee, Violation
from engine.play.campaign import History, catch_up, play_on
from engine.play.commanders import players
from engine.play.plan import Plan
from engine.play.replayfile import ReplayFile
from engine.sim.chance import ENGAGEMENT
from engine.sim.combat import OUTCOMES
from engine.sim.game import Game
from engine.sim.state import State, initial_state
from engine.sim.turn import Turn
from engine.util.progress import Tick

RECORDED, ADJUDICATED, COMMANDERS = "recorded", "adjudicated", "commanders"


@dataclass(frozen=True)
class Replay:
    """A replay file played: its history, and in recorded mode the violations found and the
    plan as it stood each morning (to branch from any day)."""

    file: ReplayFile
    mode: str
    history: History
    violations: tuple[Violation, ...] = ()
    plans: tuple[Plan, ...] = ()

    @property
    def seed(self) -> int:
        return self.history.seed

    @property
    def states(self) -> list[State]:
        return self.history.states

    @property
    def turns(self) -> list[Turn]:
        return self.history.turns

    @property
    def final(self) -> State:
        return self.history.final


def play_replay(game: Game, rf: ReplayFile, mode: str = RECORDED, seed: int | None = None,
                start: Replay | None = None, from_day: int = 0,
                days: int | None = None) -> Replay:
    """Play ``rf`` in ``mode``. With ``start`` (a recorded replay) and ``from_day``, the
    record is kept up to that day's morning and the engine decides from there."""
    seed = rf.seed if seed is None else seed
    if start is not None:
        history = History(seed, start.history.start, list(start.history.turns[:from_day]))
        plan = start.plans[from_day].copy()
    else:
        history, plan = History(seed, initial_state(game)), Plan(game, rf.tasks)
    players = [plan] * len(game.sides)
    if mode != RECORDED:
        play_on(game, history, players, days, conditions(rf))
        return Replay(rf, mode, history)
    plans = [plan.copy()]   # the plan each morning: a later run may branch from any day
    referee = Referee(rf, plan)
    play_on(game, history, players, days, forced_outcomes(game, rf), referee,
            after=lambda _: plans.append(plan.copy()))
    return Replay(rf, mode, history, tuple(referee.violations), tuple(plans))


def play_runs(game: Game, rf: ReplayFile, runs: int, seed: int, recorded: Replay | None = None,
              from_day: int = 0, days: int | None = None, progress: Tick | None = None
              ) -> list[Replay]:
    """``runs`` adjudicated replays with seeds ``seed``, ``seed + 1``, ...: the record up to
    ``from_day`` (which needs ``recorded``), the engine from there; ``progress`` is told of
    each run played."""
    start = recorded if from_day > 0 else None
    out = []
    for i in range(runs):
        out.append(play_replay(game, rf, ADJUDICATED, seed + i, start, from_day, days))
        if progress:
            progress(i + 1, runs)
    return out


def play_commanded(game: Game, rf: ReplayFile, kinds: Sequence[str], runs: int, seed: int,
                   recorded: Replay | None = None, from_day: int = 0,
                   progress: Tick | None = None) -> list[Replay]:
    """``runs`` campaigns of AI against AI under the commanders ``kinds`` (one per side),
    seeds ``seed``, ``seed + 1``, ...: the record up to ``from_day`` (which needs
    ``recorded``), the commanders from there. Nothing of the replay is played but what it
    kept; the runs are then compared with the record like adjudicated replays."""
    out = []
    for i in range(runs):
        turns = list(recorded.history.turns[:from_day]) if recorded and from_day else []
        start = recorded.history.start if recorded else initial_state(game)
        history = History(seed + i, start, turns)
        commanders = players(game, kinds, seed + i)
        catch_up(game, history, dict(enumerate(commanders)))
        play_on(game, history, commanders)
        out.append(Replay(rf, COMMANDERS, history))
        if progress:
            progress(i + 1, runs)
    return out


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


def recorded_odds(replay: Replay) -> dict[tuple[int, str], float]:
    """The engine's probability of each engagement's result, by (day, place)."""
    return {(o.day, o.place): o.odds[OUTCOMES.index(o.result)]
            for o in replay.history.outcomes if o.kind == ENGAGEMENT and o.odds}
