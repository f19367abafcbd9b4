"""The search commander: candidate plans tried in short rollouts of the engine's own turn.

Each day the side's candidates (:data:`CANDIDATES`: the heuristic commander under its
doctrine, bolder, more cautious, standing fast, wholly on the defensive) are each played
:attr:`Search.rollouts` times for :attr:`Search.horizon` days, the enemy answering with the
heuristic commander. Every candidate meets the same draws (common random numbers: rollout
``k`` of every candidate uses one key), so the comparison is of the plans, not of luck. The
candidate with the best mean :func:`value` is played today; a tie goes to the first, the
doctrine's own.

The rollouts' keys come from the commander's own seed, the day and the rollout's number,
never from the campaign's key: the commander does not foresee the campaign's dice, and the
same seed gives the same choices. Its work per day is bounded by candidates x rollouts x
horizon turns, not by a clock, so that a game stays reproducible.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from engine.play.ai import Heuristic
from engine.play.metrics import objective_met
from engine.play.player import Player
from engine.play.quick import play_on_quick, quick
from engine.sim.chance import campaign_key
from engine.sim.game import Game
from engine.sim.kernel.turn import turn_rules
from engine.sim.orders import Order
from engine.sim.state import State

#: The plans the commander chooses among, the doctrine's own first.
CANDIDATES: tuple[Heuristic, ...] = (
    Heuristic(),
    Heuristic(attack_odds=0.3),
    Heuristic(attack_odds=0.15),
    Heuristic(attack_odds=0.7),
    Heuristic(defend=False),
    Heuristic(defend=False, attack_odds=0.3),
    Heuristic(yield_odds=0.95),
    Heuristic(offensive=False),
    Heuristic(focus=0),
    Heuristic(focus=1),
)
#: Credit for a place objective held but contested, as a share of its points: it is met
#: if the fight there ends well.
HALF_HELD = 0.5
#: How much better, in objective points, another plan must look before the commander
#: changes plan: units marching to and fro between plans that look alike waste days.
SWITCH_MARGIN = 0.25
#: Weight of the balance of losses in a rollout's value, in objective points per the
#: campaign's whole starting strength: it breaks ties between plans that meet the same
#: objectives, and never outweighs one.
LOSS_WEIGHT = 0.5


def value(game: Game, start: State, end: State, side: int) -> float:
    """What ``end`` is worth to ``side``: its objectives' points met, less the enemy's, plus
    the balance of killed since ``start`` over the starting strength times
    :data:`LOSS_WEIGHT`."""
    points = 0.0
    index = game.theatre.index
    for oid, obj in game.scenario.objectives.items():
        sign = 1.0 if game.sides.index(obj.side) == side else -1.0
        if objective_met(game, end, oid):
            points += sign * obj.points
        elif obj.place is not None and end.holder[index[obj.place]] == game.sides.index(
                obj.side):
            points += sign * obj.points * HALF_HELD
    killed = [0, 0]
    for u, s in enumerate(game.unit_side):
        killed[0 if s == side else 1] += end.killed[u] - start.killed[u]
    total = max(sum(game.unit_strength), 1)
    return points + LOSS_WEIGHT * (killed[1] - killed[0]) / total


@dataclass
class Search:
    """The search commander of ``side`` (a player)."""

    game: Game
    side: int
    seed: int = 0
    horizon: int = 10
    rollouts: int = 4
    candidates: Sequence[Heuristic] = CANDIDATES
    #: What each day's choice was: (day, candidate index, its mean value).
    choices: list[tuple[int, int, float]] = field(default_factory=list)
    current: int = 0

    def __call__(self, game: Game, state: State, side: int) -> list[Order]:
        keys = [self._key(state.day, k) for k in range(self.rollouts)]
        enemy: list[Player] = [Heuristic()] * len(game.sides)
        means = [sum(self._rollout(game, state, side, plan, enemy, key) for key in keys)
                 / len(keys) for plan in self.candidates]
        best = max(range(len(means)), key=lambda i: (means[i], -i))
        if means[best] <= means[self.current] + SWITCH_MARGIN:
            best = self.current   # a plan once begun is kept until another is clearly better
        self.current = best
        self.choices.append((state.day, best, means[best]))
        return self.candidates[best](game, state, side)

    def _key(self, day: int, k: int) -> int:
        return campaign_key(zlib.crc32(f"search:{self.seed}:{self.side}:{day}:{k}".encode()))

    def _rollout(self, game: Game, state: State, side: int, plan: Heuristic,
                 enemy: list[Player], key: int) -> float:
        end = min(state.day + self.horizon, game.scenario.calendar.turns)
        players = [plan if s == side else enemy[s] for s in range(len(game.sides))]
        return value(game, state, play_days(game, state, players, key, end), side)


def play_days(game: Game, state: State, players: Sequence[Player], key: int, end: int
              ) -> State:
    """A rollout: ``players`` from ``state`` to the morning of turn ``end``, every day's
    chance keyed by ``key``. In the kernel's loop where the players allow (the same states,
    without the story: :mod:`engine.play.quick`), else turn by turn by the process's choice
    of rules."""
    if quick(players):
        return play_on_quick(game, state, key, players, end)[1]
    play_turn = turn_rules()
    st = state
    while st.day < end:
        orders = [o for s, player in enumerate(players) for o in player(game, st, s)]
        st = play_turn(game, st, orders, key).state
    return st
