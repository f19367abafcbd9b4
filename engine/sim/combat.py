"""The combat model: combat power, the odds of an assault, and Lanchester attrition.

Pure functions of numbers, so that the combat results table, the AI's estimates and the
turn engine all use one model.

* **Combat power** of a unit = strength x quality x readiness x posture x (for a defender)
  terrain x (for an attacker whose side bombarded the place the turn before) support.
* **Outcome odds** from the force ratio R = attacker's power / defender's power, like a
  classic odds combat results table made smooth: the attacker takes the place with
  probability 1 / (1 + (take_ratio / R) ** take_slope), is repulsed with probability
  1 / (1 + (R / repulse_ratio) ** repulse_slope), and otherwise the place stays contested.
* **Attrition** follows Lanchester's square law over one day: each side loses people in
  proportion to the other side's power, ``dA/dt = -a D``, ``dD/dt = -b A``, solved exactly.
"""

from __future__ import annotations

import math
from typing import Protocol

OUTCOMES = ("taken", "stalemate", "repulsed")


def combat_power(strength: float, quality: float, readiness: float, posture: float,
                 terrain: float = 1.0, support: float = 1.0) -> float:
    return strength * quality * readiness * posture * terrain * support


class Params(Protocol):
    """Rule parameters by name (:class:`~engine.scenario.rules.Rules`, or a plain mapping)."""

    def __getitem__(self, name: str, /) -> float: ...


def outcome_odds(ratio: float, rules: Params) -> tuple[float, float, float]:
    """P(taken), P(stalemate), P(repulsed) for a force ratio; they sum to 1."""
    get = rules.__getitem__
    if ratio <= 0:
        return 0.0, 0.0, 1.0
    if math.isinf(ratio):
        return 1.0, 0.0, 0.0
    log_r = math.log(ratio)
    take = _logistic(get("take_slope") * (log_r - math.log(get("take_ratio"))))
    repulse = _logistic(get("repulse_slope") * (math.log(get("repulse_ratio")) - log_r))
    stalemate = 1.0 - take - repulse
    if stalemate <= 0.0:  # curves that overlap: share the whole between them
        total = take + repulse
        return take / total, 0.0, repulse / total
    return take, stalemate, repulse


def _logistic(x: float) -> float:
    """1 / (1 + e^-x) without overflow: the smooth step of the odds curves."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


#: The square law's exponent past which the fight is over within the day: e^-40 is below any
#: strength's rounding, and cosh overflows past about 710.
_DECIDED = 40.0


def lanchester(a0: float, d0: float, a: float, b: float, days: float = 1.0
               ) -> tuple[float, float]:
    """Strengths after ``days`` of the square law ``dA/dt = -a D``, ``dD/dt = -b A``.

    ``a`` is the rate at which each defender puts attackers out of action, ``b`` the rate at
    which each attacker puts defenders out. The closed form holds until one side reaches
    zero; from there the survivor keeps what the square-law invariant ``b A^2 - a D^2``
    leaves it.
    """
    if a0 <= 0 or d0 <= 0 or days <= 0:
        return max(a0, 0.0), max(d0, 0.0)
    if a <= 0 or b <= 0:  # one side cannot hurt the other: linear losses, no coupling
        return max(a0 - a * d0 * days, 0.0), max(d0 - b * a0 * days, 0.0)
    g = math.sqrt(a * b)
    if g * days > _DECIDED:  # cosh would overflow; the fight has long since run its course
        at = a0 - math.sqrt(a / b) * d0   # the sign of the closed form's leading term
        if at == 0:
            return 0.0, 0.0
        dt = -at
    else:
        c, s = math.cosh(g * days), math.sinh(g * days)
        at = a0 * c - math.sqrt(a / b) * d0 * s
        dt = d0 * c - math.sqrt(b / a) * a0 * s
    if at < 0:
        return 0.0, math.sqrt(max(d0 * d0 - (b / a) * a0 * a0, 0.0))
    if dt < 0:
        return math.sqrt(max(a0 * a0 - (a / b) * d0 * d0, 0.0)), 0.0
    return at, dt


def daily_casualties(att_strength: float, att_power: float, def_strength: float,
                     def_power: float, kill_rate: float, cap: float) -> tuple[float, float]:
    """Expected casualties of attacker and defender in one day of fighting.

    Each side's per-person effectiveness is ``kill_rate`` times its power per person, so
    a better, fresher or dug-in force inflicts more; no side loses more than ``cap`` of
    its strength in a day.
    """
    if att_strength <= 0 or def_strength <= 0:
        return 0.0, 0.0
    a = kill_rate * def_power / def_strength   # each defender's effect on attackers
    b = kill_rate * att_power / att_strength   # each attacker's effect on defenders
    a1, d1 = lanchester(att_strength, def_strength, a, b)
    return (min(att_strength - a1, cap * att_strength),
            min(def_strength - d1, cap * def_strength))
