"""The battle calculator: the engine's own combat model, asked about one assault.

P(taken within D days of continued assault), P(held but not repulsed), P(repulsed), and the
expected killed of each side, for plain numbers: people on each side (quality and readiness
1), the defender's posture and terrain, surprise on the first day, and bombardment support.
Each day's odds and losses are those of :mod:`engine.sim.combat` at that day's strengths, so
the calculator, the turn engine and the printed combat results table cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral, Real

from engine.scenario.rules import FORTIFIED, POSTURES, TERRAINS, Rules
from engine.sim import combat

#: The defender's postures the calculator knows: the engine's, then fortified.
DEFENCES = (*POSTURES[1:], FORTIFIED)


@dataclass(frozen=True)
class Assault:
    """One assault to weigh: people on each side and the circumstances."""

    attacker: float
    defender: float
    posture: str = "prepared"
    terrain: str = "open"
    days: int = 1
    surprise: bool = False
    support: bool = False

    def __post_init__(self) -> None:
        if not (isinstance(self.attacker, Real) and isinstance(self.defender, Real)
                and 0 < self.attacker <= 1e9 and 0 <= self.defender <= 1e9):
            raise ValueError("strengths must be numbers of people: the attacker more than 0, "
                             "the defender 0 or more, neither over 1e9")
        if self.posture not in DEFENCES:
            raise ValueError(f"posture '{self.posture}' is not one of {', '.join(DEFENCES)}")
        if self.terrain not in TERRAINS:
            raise ValueError(f"terrain '{self.terrain}' is not one of {', '.join(TERRAINS)}")
        if not (isinstance(self.days, Integral) and 1 <= self.days <= 366):
            raise ValueError("days must be a whole number from 1 to 366")


@dataclass(frozen=True)
class BattleOdds:
    """What the model expects of an assault over its days."""

    p_taken: float
    p_stalemate: float
    p_repulsed: float
    attacker_killed: float
    defender_killed: float


def battle(a: Assault, rules: Rules | None = None) -> BattleOdds:
    """The odds and expected killed of assault ``a`` under ``rules`` (default: the
    engine's)."""
    rules = rules or Rules()
    posture = rules[f"posture.{a.posture}"]
    sheltered = 1.0 if a.posture in ("prepared", FORTIFIED) else 0.0
    att, dfn = float(a.attacker), float(a.defender)
    going, taken, repulsed = 1.0, 0.0, 0.0
    att_killed = def_killed = 0.0
    share = rules["killed_share"]
    for k in range(a.days):
        if att <= 0 or dfn <= 0 or going < 1e-12:
            if dfn <= 0 < att:   # nobody left to hold it
                taken += going
                going = 0.0
            break
        power = att * combat.attack_factor(rules, k, a.surprise and k == 0, a.support)
        t, s, r = combat.outcome_odds(power / (dfn * posture * rules[f"terrain.{a.terrain}"]),
                                      rules)
        f_att, f_def = combat.loss_fractions(att, dfn, rules, sheltered, k)
        att_killed += going * f_att * att * share
        def_killed += going * f_def * dfn * share
        taken += going * t
        repulsed += going * r
        going *= s
        att, dfn = att * (1 - f_att), dfn * (1 - f_def)
    return BattleOdds(taken, max(going, 0.0), repulsed, att_killed, def_killed)
