"""The combat model: combat power, the odds of a day of assault, and daily losses.

Pure functions of numbers, so that the combat results table, the battle calculator, the AI's
estimates, the fit and the turn engine all use one model.

* **Combat power** of a unit = strength x quality x readiness x posture x (for a defender)
  terrain x (for an attacker) support, surprise and foothold. Posture is moving, hasty,
  prepared, or *fortified*, which replaces prepared in a place with works: it is never
  multiplied on top of a terrain.
* **The odds of one day** come from the force ratio R = attacker's power / defender's power,
  as an ordered logistic model (a smooth odds combat results table): the attacker takes the
  place with probability 1 / (1 + (take_ratio / R) ** take_slope), is thrown back with
  probability 1 / (1 + (R / repulse_ratio) ** repulse_slope), and otherwise the place stays
  contested.
* **Assaults grind.** A day that ends contested is not a reset: every day the assault has
  already gone on adds ``grind`` to the attacker's power (a foothold that grows, a defence
  worn down), so a sustained attack at modest odds takes a place in one to three weeks while
  a one-day probe at the same odds usually fails.
* **Losses.** Each side loses a fraction of its people a day that grows with the enemy's
  fighting power over its own to a fitted exponent (not Lanchester's square law, whose
  exponent of 1 makes the exchange far too sensitive to the force ratio in real battles),
  and falls with the days the fight has gone on (``wear``: long battles are less bloody a
  day than short ones), within the ratios the battles cover and never more than a side's
  fighting power can inflict.
  Posture and terrain decide who wins; on losses they act only through ``shelter``, the
  evidence's one effect of a prepared defence on its own losses.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Protocol

OUTCOMES = ("taken", "stalemate", "repulsed")


def combat_power(strength: float, quality: float, readiness: float, posture: float,
                 terrain: float = 1.0, support: float = 1.0) -> float:
    return strength * quality * readiness * posture * terrain * support


class Params(Protocol):
    """Rule parameters by name (:class:`~engine.scenario.rules.Rules`, or a plain mapping)."""

    def __getitem__(self, name: str, /) -> float: ...


def outcome_odds(ratio: float, rules: Params) -> tuple[float, float, float]:
    """P(taken), P(stalemate), P(repulsed) of one day at force ratio ``ratio``; they sum
    to 1."""
    get = rules.__getitem__
    if ratio <= 0 or math.isnan(ratio):
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


def foothold(days_before: int, rules: Params) -> float:
    """The attacker's power multiplier on the next day of an assault that has gone on for
    ``days_before`` days without a decision."""
    return 1.0 + rules["grind"] * max(days_before, 0)


def attack_factor(rules: Params, days_before: int, surprise: bool, supported: bool) -> float:
    """Everything that multiplies an attacker's power on a day: its foothold, surprise, and
    the support of its side's bombardment of the place the day before."""
    return foothold(days_before, rules) * (rules["surprise"] if surprise else 1.0) \
        * (1.0 + rules["support"] if supported else 1.0)


def carry_odds(ratio: float, days: int, rules: Params) -> float:
    """The chance that an assault at power ratio ``ratio`` carries the place within ``days``
    days of continued attack (each undecided day adds the foothold; losses left out): what a
    commander weighs before opening one."""
    going, taken = 1.0, 0.0
    for k in range(days):
        t, s, _r = outcome_odds(ratio * foothold(k, rules), rules)
        taken += going * t
        going *= s
        if going < 1e-9:
            break
    return taken


#: The attacker : defender ratios the loss law was fitted over (CDB90's run from 0.26 to
#: 17.5): past them it is not extrapolated.
RATIO_SPAN = (0.25, 20.0)


def loss_fractions(att_power: float, def_power: float, rules: Params,
                   sheltered: float = 0.0, days_before: int = 0) -> tuple[float, float]:
    """Expected fraction of its people each side loses in a day of fighting.

    ``att_power`` and ``def_power`` are fighting power without posture and terrain (those
    decide who wins); ``sheltered`` is the share of the defenders in a prepared (or
    fortified) posture; ``days_before`` the days the assault has already gone on.

    The day's factor of a long fight is (k + 1) ** (1 - wear) - k ** (1 - wear) for its
    day k (0 first), so that D days sum to D ** (1 - wear), as the battles' totals do. No
    side loses more than ``max_daily_loss`` of itself, nor more fighting power than
    ``max_inflicted`` times the enemy's (x ``loss_scale``): ten men do not kill a hundred a
    day."""
    if not (att_power > 0 and def_power > 0):
        return 0.0, 0.0
    k = max(days_before, 0)
    keep = 1.0 - rules["wear"]
    scale = rules["kill_rate"] * rules["loss_scale"] * ((k + 1) ** keep - k ** keep if k else 1.0)
    lo, hi = RATIO_SPAN
    raw = _log(def_power) - _log(att_power)          # log(defender : attacker)
    log_r = max(min(raw, -math.log(lo)), -math.log(hi))
    att = scale * math.exp(rules["attacker_loss_exponent"] * log_r)
    shelter = 1.0 - min(max(sheltered, 0.0), 1.0) * (1.0 - rules["shelter"])
    dfn = scale * rules["defender_losses"] * shelter \
        * math.exp(-rules["defender_loss_exponent"] * log_r)
    cap, most = rules["max_daily_loss"], rules["max_inflicted"] * rules["loss_scale"]
    att = min(att, cap, most * math.exp(min(raw, 700.0)))    # inflicted by the defender
    dfn = min(dfn, cap, most * math.exp(min(-raw, 700.0)))   # inflicted by the attacker
    return att, dfn


def _log(x: float) -> float:
    """log x for a positive power, finite however small or large (below 1e-300: -690.8)."""
    return math.log(min(max(x, 1e-300), 1e300))


#: The least probability a score counts: one impossible result costs log(1e-12), about -27.6,
#: not minus infinity.
FLOOR = 1e-12


def log_score(probabilities: Sequence[float]) -> float:
    """Sum of the natural logs of the probabilities given to what happened; a probability of
    0 counts as 1e-12, so one impossible result costs about -27.6, not minus infinity."""
    return sum(math.log(max(p, FLOOR)) for p in probabilities)
