"""Fitting the combat model: the fits recover what generated synthetic data, and the
out-of-sample machinery scores what it left out."""

from __future__ import annotations

import math
from typing import ClassVar

import numpy as np
import pytest

from engine.history.evidence import POSTURE_CLASSES, Day, Fight
from engine.history.oddsfit import (
    NAMES,
    PRIORS,
    _day_probs,
    _flatten,
    cross_validate_battles,
    evidence_report,
    fit_losses,
    fit_odds,
    fit_toll,
    leave_one_out,
    p_taken,
    rules_of,
    score,
    toll_spans,
)
from engine.scenario.rules import Rules
from engine.sim.combat import outcome_odds

TRUE = {"take_slope": 1.6, "take_ratio": 3.5, "repulse_ratio": 0.3, "grind": 0.15}


def _theta(values: dict[str, float]) -> np.ndarray:
    """A parameter vector (in PRIORS' order and scales) from the rules' values."""
    prior = {n: m for n, (m, _) in PRIORS.items()}
    prior.update({n: math.log(v) for n, v in values.items() if n in PRIORS})
    if "repulse_ratio" in values:
        prior["repulse_gap"] = math.log(math.log(values["take_ratio"] / values["repulse_ratio"]))
    return np.array([prior[n] for n in PRIORS])


def _synthetic(n: int, seed: int) -> list[Fight]:
    """Assaults pressed until decided or for at most 15 days, drawn from TRUE."""
    rng = np.random.default_rng(seed)
    theta = _theta(TRUE)
    fights = []
    for i in range(n):
        att = float(rng.uniform(100, 3000))
        dfn = [0.0] * len(POSTURE_CLASSES)
        dfn[int(rng.integers(1, len(POSTURE_CLASSES)))] = float(rng.uniform(200, 2000))
        terrain = str(rng.choice(["open", "mixed", "rough", "urban"]))
        days: list[Day] = []
        for k in range(15):
            d = Day(att, tuple(dfn), terrain, k)
            p = _day_probs(theta, _flatten([Fight("x", "test", (d,))]))[0]
            result = ("repulsed", "stalemate", "taken")[int(rng.choice(3, p=p))]
            days.append(Day(att, tuple(dfn), terrain, k, result=result))
            if result != "stalemate":
                break
        fights.append(Fight(f"f{i}", "test", tuple(days), i))
    return fights


def test_the_daily_probabilities_are_the_engine_s() -> None:
    """With the table's values the fit's likelihood gives exactly the engine's odds."""
    rules = Rules()
    theta = _theta({n: rules[n] for n in ("take_slope", "take_ratio", "repulse_ratio",
                                          "grind", "surprise", "posture.hasty",
                                          "posture.prepared", "posture.fortified",
                                          "terrain.mixed", "terrain.rough", "terrain.urban",
                                          "support")})
    day = Day(1200.0, (0.0, 0.0, 800.0, 0.0), "urban", 3, support=True, surprise=True)
    p = _day_probs(theta, _flatten([Fight("x", "test", (day,))]))[0]
    ratio = 1200 * (1 + rules["support"]) * rules["surprise"] * (1 + 3 * rules["grind"]) / (
        800 * rules["posture.prepared"] * rules["terrain.urban"])
    take, stale, rep = outcome_odds(ratio, rules)
    assert p == pytest.approx([rep, stale, take], rel=1e-6)


def test_the_fit_recovers_the_parameters_that_made_the_data() -> None:
    fit = fit_odds(_synthetic(500, 3))
    for name, true in TRUE.items():
        assert fit.low[name] <= true <= fit.high[name], (name, fit.values[name])
    assert fit.values["take_ratio"] == pytest.approx(TRUE["take_ratio"], rel=0.35)
    assert rules_of(fit)["repulse_slope"] == fit.values["take_slope"]
    assert not any(n.startswith("cdb90.") for n in rules_of(fit))


def test_leaving_out_scores_what_was_left_out() -> None:
    fights = _synthetic(40, 4)
    fit = fit_odds(fights)
    loo = leave_one_out(fights, fit)
    assert len(loo) == len(fights)
    for row, f in zip(loo, fights, strict=True):
        assert row["days"] == len(f.days) and row["in_sample"] == pytest.approx(
            score(fit.theta, [f]))
        assert row["out_of_sample"] <= 0
    # in sample is seldom worse than left out: the fit saw the fight
    assert sum(r["in_sample"] for r in loo) >= sum(r["out_of_sample"] for r in loo)


def _battle(i: int, rng: np.random.Generator, taken: bool) -> Fight:
    """A battle whose daily losses follow exponents 0.4 and 0.1, shelter 0.6, wear 0.3."""
    att, dfn = float(rng.uniform(1000, 5000)), float(rng.uniform(1000, 5000))
    prepared = bool(rng.random() < 0.3)
    days = int(rng.choice([1, 1, 1, 2, 3, 5]))
    defender = (0.0, 0.0 if prepared else dfn, dfn if prepared else 0.0, 0.0)
    d = Day(att, defender, "mixed", 0, result="taken" if taken else "repulsed")
    daily = days ** -0.3
    frac_a = 0.1 * daily * (dfn / att) ** 0.4 * math.exp(rng.normal(0, 0.3))
    frac_d = 0.14 * daily * (0.6 if prepared else 1.0) * (att / dfn) ** 0.1 \
        * math.exp(rng.normal(0, 0.3))
    return Fight(f"b{i}", "CDB90", (d,), 0, frac_a * att * days, frac_d * dfn * days, att,
                 dfn, days)


def test_cross_validation_of_battles_beside_the_base_rate() -> None:
    rng = np.random.default_rng(1)
    battles = [_battle(i, rng, bool(rng.random() < 0.6)) for i in range(60)]
    cv = cross_validate_battles(battles)
    assert cv["battles"] == 60 and cv["folds"] == 10
    assert 0 < cv["brier_base_rate"] < 0.3 and 0 < cv["brier"] < 0.4
    assert cross_validate_battles(battles[:5]) == {}
    assert 0 <= p_taken(fit_odds(battles).theta, battles[0]) <= 1


def test_the_loss_fit_recovers_the_exponents() -> None:
    rng = np.random.default_rng(2)
    fit = fit_losses([_battle(i, rng, True) for i in range(400)])
    assert fit.attacker_exponent[1] <= 0.4 <= fit.attacker_exponent[2]
    assert fit.defender_exponent[1] <= 0.1 <= fit.defender_exponent[2]
    assert fit.kill_rate == pytest.approx(0.1, rel=0.15)
    assert fit.defender_losses == pytest.approx(1.4, rel=0.15)
    assert fit.shelter[1] <= 0.6 <= fit.shelter[2] and fit.wear[1] <= 0.3 <= fit.wear[2]
    assert fit.cv["rmse_attacker"] < fit.cv["rmse_attacker_constant"]
    with pytest.raises(ValueError):
        fit_losses([_battle(0, rng, True)])
    # battles that never vary a factor say nothing about it: no interval, not a false one
    one_day = [Fight(b.name, b.source, b.days, 0, b.attacker_cas, b.defender_cas,
                     b.attacker_people, b.defender_people, 1)
               for b in (_battle(i, rng, True) for i in range(50))]
    assert math.isnan(fit_losses(one_day).wear[1])


def test_the_toll_fit_finds_a_heavy_tail() -> None:
    rng = np.random.default_rng(3)
    heavy = [(1, int(x)) for x in rng.poisson(rng.gamma(0.5, 10.0, 400))]
    light = [(1, int(x)) for x in rng.poisson(5.0, 400)]
    h, l_ = fit_toll(heavy), fit_toll(light)
    assert h["dispersion"] == pytest.approx(0.5, rel=0.3) and l_["dispersion"] > 5
    assert h["mean"] == pytest.approx(5.0, rel=0.2)
    summed = fit_toll([(10, sum(x for _, x in heavy[i:i + 10])) for i in range(0, 400, 10)]
                      + heavy[:40])
    assert summed["dispersion"] < 2
    with pytest.raises(ValueError):
        fit_toll([(1, 3)])


class _Event:
    def __init__(self, first: int, last: int, civilians: int | None, place: str = "x") -> None:
        self.first, self.last, self.civilians = first, last, civilians
        self.bombardment = (place, "y")


class _Record:
    events: ClassVar[list[_Event]] = [
        _Event(0, 9, 40), _Event(3, 3, 15), _Event(12, 12, 7), _Event(5, 5, None),
        _Event(6, 7, 10), _Event(4, 4, 3, "elsewhere")]


def test_a_fight_across_the_period_s_end_is_cut_in_two() -> None:
    from engine.history.oddsfit import split_fights
    f = _synthetic(1, 7)[0]
    long = Fight("long", "test", tuple(Day(100.0, (0, 100.0, 0, 0), "open", k)
                                        for k in range(5)), day=10)
    inside, after = split_fights([f, long], 12)
    assert [len(x.days) for x in inside if x.name == "long"] == [3]
    assert [(x.day, len(x.days), x.days[0].before) for x in after] == [(13, 2, 3)]


class _Nested:
    events: ClassVar[list[_Event]] = [_Event(0, 9, 50), _Event(2, 6, 30), _Event(4, 4, 10)]


def test_nested_spans_take_out_only_the_span_just_inside() -> None:
    assert toll_spans(_Nested()) == [(1, 10), (4, 20), (5, 20)]


def test_toll_spans_take_shorter_tolls_at_the_place_out_of_their_span() -> None:
    # 0-9 at x holds 3 (15), 6-7 (10): 7 days and 15 left; 4 is another place's
    assert toll_spans(_Record()) == [(1, 15), (1, 3), (1, 7), (2, 10), (7, 15)]
    assert toll_spans(_Record(), last=10) == [(1, 15), (1, 3), (2, 10), (7, 15)]


def test_the_report_has_every_part() -> None:
    fights = _synthetic(12, 5)
    rng = np.random.default_rng(6)
    battles = [_battle(i, rng, bool(rng.random() < 0.6)) for i in range(30)]
    r = evidence_report(fights, battles, 5, [(1, 3), (1, 30), (4, 9)], [(1, 26)],
                        dict(Rules().values))
    odds = r["odds"]
    assert {p["name"] for p in odds["parameters"]} == set(NAMES)
    # a fight that straddles the period's end is cut in two: every day is scored once
    assert odds["period"]["days"] + odds["period"]["out_of_sample_days"] == \
        sum(len(f.days) for f in fights)
    assert odds["period"]["fights"] + odds["period"]["out_of_sample_fights"] >= 12
    assert len(odds["leave_one_out"]) == 12
    assert "kill_rate" in r["losses"] and r["toll"]["out_of_sample_days"] == [26]
