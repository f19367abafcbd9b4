"""Fitting the combat model to evidence: a Bayesian fit of the daily odds, a least-squares fit
of the daily losses, a maximum-likelihood fit of the civilian toll, and their out-of-sample
checks.

**The odds.** A fight's likelihood is the product over its days of the engine's probability
of what each day brought (:func:`engine.sim.combat.outcome_odds` at the day's force ratio,
the foothold included). All fights share the slope, the posture, terrain, support and
surprise factors and the grind; the daily thresholds (``take_ratio``, ``repulse_ratio``) are
the record's, and CDB90's battles have their own pair, since a pitched battle of 1600-1899
is decided in a day and a village in 2013 is not. Priors (normal on the log scale, stated in
:data:`PRIORS`) are Dupuy's QJM factors with a spread of about 35 %, and wide ones on the
rest; the estimate is the posterior mode and its 90 % interval the Laplace approximation.

**Out of sample.** Each fight of the record is left out in turn, the model refitted on the
rest, and the fight scored; CDB90 is scored by ten-fold cross-validation (the Brier score of
P(taken) beside the base rate's).

**Losses.** log(daily loss fraction) of each side is regressed on log(force ratio) and, for
the defender, a prepared or fortified posture, over CDB90's battles with casualties;
ten-fold cross-validation reports the error beside a constant's.

**Civilian toll.** A negative binomial's shape fitted to the record's one-day bombardment
tolls (mean and shape by maximum likelihood).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, gammaln

from engine.history.evidence import POSTURE_CLASSES, Fight
from engine.scenario.rules import GROUPS, PARAMS
from engine.sim.combat import FLOOR, log_score

RESULT = {"repulsed": 0, "stalemate": 1, "taken": 2}
#: The fitted odds parameters and their priors: (mean, sd) on the log scale. ``repulse_gap``
#: is log(log(take_ratio / repulse_ratio)): the repulse curve always lies below the take
#: curve, so a day's three probabilities are always a distribution.
PRIORS: Mapping[str, tuple[float, float]] = {
    "take_slope": (0.0, 1.0),
    "take_ratio": (math.log(3.0), 1.5),
    "repulse_gap": (math.log(math.log(6.0)), 0.7),
    "grind": (math.log(0.1), 1.5),
    "surprise": (math.log(1.5), 0.5),
    "support": (math.log(0.3), 1.0),
    "posture.hasty": (math.log(1.3), 0.3),
    "posture.prepared": (math.log(1.5), 0.3),
    "posture.fortified": (math.log(1.8), 0.3),
    "terrain.mixed": (math.log(1.2), 0.3),
    "terrain.rough": (math.log(1.4), 0.3),
    "terrain.urban": (math.log(1.5), 0.3),
    "cdb90.ratio_slope": (0.0, 1.0),
    "cdb90.take_cut": (0.0, 2.0),
    "cdb90.repulse_gap": (0.0, 1.0),
}
#: What the fit reports: the rules' names, then CDB90's own slope and cut points.
NAMES = ("take_slope", "take_ratio", "repulse_ratio", *(n for n in PRIORS if n not in (
    "take_slope", "take_ratio", "repulse_gap") and not n.startswith("cdb90.")),
    "cdb90.ratio_slope", "cdb90.take_cut", "cdb90.repulse_cut")
#: Parameters on their own scale, not the log scale: CDB90's own slope on its force ratio
#: (of either sign) and its cut points.
LINEAR = frozenset(("cdb90.ratio_slope", "cdb90.take_cut", "cdb90.repulse_cut"))
CDB90 = "CDB90"


@dataclass(frozen=True)
class _Data:
    """Fights flattened to arrays: one row per day."""

    fight: np.ndarray        # row -> fight number
    log_att: np.ndarray
    defender: np.ndarray     # rows x posture classes
    terrain: np.ndarray      # rows x (mixed, rough, urban) one-hot
    before: np.ndarray
    support: np.ndarray
    surprise: np.ndarray
    battle: np.ndarray       # CDB90 row
    result: np.ndarray
    fights: int


def _flatten(fights: Sequence[Fight]) -> _Data:
    rows = [(i, d, f.source == CDB90) for i, f in enumerate(fights) for d in f.days]
    terr = ("mixed", "rough", "urban")
    return _Data(
        np.array([i for i, _, _ in rows], dtype=int),
        np.array([math.log(max(d.attacker, 1e-9)) for _, d, _ in rows]),
        np.array([d.defender for _, d, _ in rows], dtype=float).reshape(len(rows),
                                                                       len(POSTURE_CLASSES)),
        np.array([[d.terrain == t for t in terr] for _, d, _ in rows], dtype=float
                 ).reshape(len(rows), len(terr)),
        np.array([d.before for _, d, _ in rows], dtype=float),
        np.array([d.support for _, d, _ in rows], dtype=float),
        np.array([d.surprise for _, d, _ in rows], dtype=float),
        np.array([b for _, _, b in rows], dtype=float),
        np.array([RESULT[d.result] for _, d, _ in rows], dtype=int),
        len(fights))


def _natural(theta: Sequence[float] | np.ndarray) -> dict[str, float]:
    """The vector on each parameter's own log scale (or linear), by :data:`PRIORS` name,
    with the cut points the gaps imply."""
    v = dict(zip(PRIORS, (float(t) for t in theta), strict=True))
    v["repulse_ratio"] = v["take_ratio"] - math.exp(min(v["repulse_gap"], 30.0))
    v["cdb90.repulse_cut"] = v["cdb90.take_cut"] - math.exp(min(v["cdb90.repulse_gap"], 30.0))
    return v


def values(theta: Sequence[float] | np.ndarray) -> dict[str, float]:
    """The reported values of a parameter vector: the rules' own scale, CDB90's linear."""
    v = _natural(theta)
    return {n: v[n] if n in LINEAR else float(math.exp(min(max(v[n], -30.0), 30.0)))
            for n in NAMES}


def _day_probs(theta: np.ndarray, d: _Data) -> np.ndarray:
    """rows x (repulsed, stalemate, taken) under the parameters ``theta``.

    The log force ratio is split in two: the ratio of the sides' power before posture and
    terrain, and the factors (posture, terrain, support, surprise, foothold). On the
    record's days both are one log ratio under one slope, as in the engine. CDB90's battles
    give their people's ratio a slope of its own, of either sign (attackers chose their
    battles, so the ratio is confounded with what made them attack), and their own cut
    points; the factors act through the shared slope."""
    v = _natural(theta)
    slope = math.exp(v["take_slope"])
    posture = np.exp(np.array([0.0, v["posture.hasty"], v["posture.prepared"],
                               v["posture.fortified"]]))
    people = np.maximum(d.defender.sum(axis=1), 1e-9)
    log_posture = np.log(np.maximum(d.defender @ posture, 1e-9)) - np.log(people)
    log_terrain = d.terrain @ np.array([v["terrain.mixed"], v["terrain.rough"],
                                        v["terrain.urban"]])
    grind = math.exp(v["grind"])
    ratio = d.log_att - np.log(people)
    factors = (d.support * math.log1p(math.exp(v["support"])) + d.surprise * v["surprise"]
               + np.log1p(grind * d.before) - log_posture - log_terrain)
    battle = d.battle > 0
    z = np.where(battle, v["cdb90.ratio_slope"] * ratio, slope * ratio) + slope * factors
    take = np.where(battle, v["cdb90.take_cut"], slope * v["take_ratio"])
    rep = np.where(battle, v["cdb90.repulse_cut"], slope * v["repulse_ratio"])
    p_take = expit(z - take)
    p_rep = expit(rep - z)
    p_stale = np.clip(1.0 - p_take - p_rep, FLOOR, 1.0)
    return np.column_stack([p_rep, p_stale, p_take])


def _log_lik_days(theta: np.ndarray, d: _Data) -> np.ndarray:
    p = _day_probs(theta, d)
    return np.log(np.clip(p[np.arange(len(d.result)), d.result], FLOOR, 1.0))


def _log_prior(theta: np.ndarray) -> float:
    return -0.5 * sum(((t - m) / s) ** 2 for t, (m, s) in zip(theta, PRIORS.values(),
                                                               strict=True))


@dataclass(frozen=True)
class OddsFit:
    """The posterior mode, its 90 % intervals (Laplace) and the in-sample log score."""

    values: Mapping[str, float]
    low: Mapping[str, float]
    high: Mapping[str, float]
    theta: tuple[float, ...]
    days: int
    fights: int
    log_score: float                     # sum over the record's days
    record_days: int
    cdb90_log_score: float
    battles: int
    extra: Mapping[str, Any] = field(default_factory=dict)


def fit_odds(fights: Sequence[Fight], start: np.ndarray | None = None) -> OddsFit:
    """The posterior mode of the odds parameters given ``fights``."""
    d = _flatten(fights)

    def objective(theta: np.ndarray) -> float:
        return -float(np.sum(_log_lik_days(theta, d)) + _log_prior(theta))

    theta0 = np.array([m for m, _ in PRIORS.values()]) if start is None else start
    res = minimize(objective, theta0, method="L-BFGS-B",
                   bounds=[(m - 6 * s, m + 6 * s) for m, s in PRIORS.values()])
    theta = res.x
    cov = _laplace_cov(objective, theta)
    draws = np.random.default_rng(0).multivariate_normal(theta, cov, 4000, method="eigh")
    drawn = [values(t) for t in draws]
    low = {n: float(np.percentile([x[n] for x in drawn], 5)) for n in NAMES}
    high = {n: float(np.percentile([x[n] for x in drawn], 95)) for n in NAMES}
    ll = _log_lik_days(theta, d)
    rec = d.battle == 0
    return OddsFit(values(theta), low, high, tuple(theta),
                   len(d.result), d.fights, float(ll[rec].sum()), int(rec.sum()),
                   float(ll[~rec].sum()), len({int(i) for i in d.fight[~rec]}))


def _laplace_cov(f: Callable[[np.ndarray], float], theta: np.ndarray) -> np.ndarray:
    """The Laplace approximation's covariance: the inverse Hessian of ``f`` at its minimum
    (central differences). Its 90 % intervals are those of draws from it, so a value
    derived from several parameters (``repulse_ratio``) gets an interval too. Where the
    Hessian is not positive definite the prior's spreads stand in."""
    n, h = len(theta), 1e-3
    hess = np.zeros((n, n))
    f0 = f(theta)
    for i in range(n):
        for j in range(i, n):
            e_i, e_j = np.eye(n)[i] * h, np.eye(n)[j] * h
            if i == j:
                v = (f(theta + e_i) - 2 * f0 + f(theta - e_i)) / h ** 2
            else:
                v = (f(theta + e_i + e_j) - f(theta + e_i - e_j) - f(theta - e_i + e_j)
                     + f(theta - e_i - e_j)) / (4 * h * h)
            hess[i, j] = hess[j, i] = v
    prior = np.diag([s * s for _, s in PRIORS.values()])
    try:
        np.linalg.cholesky(hess)
        cov = np.linalg.inv(hess)
    except np.linalg.LinAlgError:
        return prior
    return cov if np.all(np.isfinite(cov)) else prior


def score(theta: Sequence[float], fights: Sequence[Fight]) -> float:
    """The log score of ``fights``' days under ``theta``."""
    if not fights:
        return 0.0
    return float(np.sum(_log_lik_days(np.asarray(theta), _flatten(fights))))


def leave_one_out(fights: Sequence[Fight], fit: OddsFit) -> list[dict[str, Any]]:
    """Each fight of a record left out in turn: its log score refitted without it, beside
    its score in sample and the uniform guess's."""
    out = []
    for i, f in enumerate(fights):
        if f.source == CDB90:
            continue
        rest = [g for j, g in enumerate(fights) if j != i]
        refit = fit_odds(rest, np.asarray(fit.theta))
        out.append({"fight": f.name, "day": f.day, "days": len(f.days), "result": f.result,
                    "in_sample": score(fit.theta, [f]), "out_of_sample":
                    score(refit.theta, [f]), "uniform": len(f.days) * math.log(1 / 3)})
    return out


def cross_validate_battles(fights: Sequence[Fight], folds: int = 10) -> dict[str, float]:
    """Ten-fold cross-validation over CDB90's battles (the record's fights always in the
    training set): Brier score and log score of P(taken) beside the base rate's."""
    battles = [f for f in fights if f.source == CDB90]
    others = [f for f in fights if f.source != CDB90]
    if len(battles) < folds:
        return {}
    brier = base = logs = base_logs = 0.0
    for k in range(folds):
        test = battles[k::folds]
        train = [f for j, f in enumerate(battles) if j % folds != k] + others
        fit = fit_odds(train)
        n_train = sum(1 for f in train if f.source == CDB90)
        taken = sum(f.result == "taken" for f in train if f.source == CDB90)
        rate = (taken + 0.5) / (n_train + 1)   # never 0 or 1: a fold of one outcome
        for f in test:
            p = p_taken(fit.theta, f)
            y = 1.0 if f.result == "taken" else 0.0
            brier += (p - y) ** 2
            base += (rate - y) ** 2
            logs += log_score([p if y else 1 - p])
            base_logs += math.log(rate if y else 1 - rate)
    n = len(battles)
    return {"battles": n, "folds": folds, "brier": brier / n, "brier_base_rate": base / n,
            "log_score": logs / n, "log_score_base_rate": base_logs / n}


def p_taken(theta: Sequence[float], f: Fight) -> float:
    """P(the fight ends taken within its days) under ``theta``."""
    d = _flatten([f])
    p = _day_probs(np.asarray(theta), d)
    going, taken = 1.0, 0.0
    for row in p:
        taken += going * row[2]
        going *= row[1]
    return taken


# -- losses ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class LossFit:
    kill_rate: float
    defender_losses: float
    attacker_exponent: tuple[float, float, float]    # value, 5 %, 95 %
    defender_exponent: tuple[float, float, float]
    shelter: tuple[float, float, float]
    wear: tuple[float, float, float]
    battles: int
    cv: Mapping[str, float]


def _loss_rows(fights: Sequence[Fight]) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                   np.ndarray, np.ndarray]:
    keep = [(f, f.attacker_cas, f.defender_cas) for f in fights
            if f.source == CDB90 and f.attacker_cas and f.defender_cas]
    days = np.array([f.duration for f, _, _ in keep], dtype=float)
    log_r = np.log([f.attacker_people / f.defender_people for f, _, _ in keep])
    sheltered = np.array([f.days[0].defender[0] + f.days[0].defender[1] == 0
                          for f, _, _ in keep], dtype=float)
    att = np.log([a / f.attacker_people for f, a, _ in keep]) - np.log(days)
    dfn = np.log([d / f.defender_people for f, _, d in keep]) - np.log(days)
    return log_r, sheltered, np.log(days), att, dfn


def _ols(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Least squares with standard errors; a regressor the data never vary (every defence
    hasty, every battle one day) gets 0 and an unknown (NaN) error: no evidence either way."""
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ beta
    sigma2 = float(resid @ resid) / max(len(y) - x.shape[1], 1)
    cov = sigma2 * np.linalg.pinv(x.T @ x)
    flat = np.r_[False, np.ptp(x[:, 1:], axis=0) == 0] if len(x) else np.zeros(0, bool)
    return beta, np.where(flat, np.nan, np.sqrt(np.clip(np.diag(cov), 0.0, None)))


def fit_losses(fights: Sequence[Fight], folds: int = 10) -> LossFit:
    """The daily loss fractions' power law fitted to CDB90.

    log(daily loss fraction) of the attacker on [1, -log R, log days] and of the defender on
    [1, log R, sheltered, log days]: the log R slopes are the exponents, ``sheltered`` gives
    ``shelter``, and the slope on the battle's length is minus ``wear`` (the mean of the two
    sides'): a long battle's days are less bloody than a short one's (the engine gives day k
    of a fight (k + 1) ** (1 - wear) - k ** (1 - wear) of a first day's losses, so D days
    sum to D ** (1 - wear), as the regression has them)."""
    log_r, sheltered, log_d, att, dfn = _loss_rows(fights)
    n = len(log_r)
    if n < 10:
        raise ValueError("too few battles with casualties to fit the losses")
    xa = np.column_stack([np.ones(n), -log_r, log_d])
    xd = np.column_stack([np.ones(n), log_r, sheltered, log_d])
    ba, sa = _ols(xa, att)
    bd, sd = _ols(xd, dfn)
    z = 1.645

    def band(b: float, s: float, f: Callable[[float], float] = float) -> tuple[float, float,
                                                                              float]:
        return f(b), f(b - z * s), f(b + z * s)

    sq = {"attacker": 0.0, "attacker_constant": 0.0, "defender": 0.0, "defender_constant": 0.0}
    for k in range(folds):
        test = np.arange(n) % folds == k
        for name, x, y in (("attacker", xa, att), ("defender", xd, dfn)):
            b, _ = _ols(x[~test], y[~test])
            sq[name] += float(np.sum((y[test] - x[test] @ b) ** 2))
            sq[f"{name}_constant"] += float(np.sum((y[test] - y[~test].mean()) ** 2))
    cv = {f"rmse_{k}": math.sqrt(v / n) for k, v in sq.items()}
    wear = -(ba[2] + bd[3]) / 2
    wear_sd = math.sqrt(sa[2] ** 2 + sd[3] ** 2) / 2
    # the regression's exp(intercept) is a median; the engine draws around a mean: Duan's
    # smearing estimate, the mean of exp(residual), turns one into the other
    smear_a = float(np.mean(np.exp(att - xa @ ba)))
    smear_d = float(np.mean(np.exp(dfn - xd @ bd)))
    return LossFit(math.exp(ba[0]) * smear_a, math.exp(bd[0] - ba[0]) * smear_d / smear_a,
                   band(ba[1], sa[1]),
                   band(bd[1], sd[1]), band(bd[2], sd[2], math.exp),
                   band(wear, wear_sd), n, cv)


# -- the civilian toll of strikes -----------------------------------------------------------

def toll_spans(rf: Any, last: int | None = None) -> list[tuple[int, int]]:
    """(days, civilians killed) of every bombardment of the record with a toll, ending on
    turn ``last`` or before: a span's toll and days less those of the shorter spans at the
    same place inside it (each day of a span a strike day)."""
    spans = sorted(((e.first, e.last, e.bombardment[0], e.civilians) for e in rf.events
                    if e.bombardment and e.civilians is not None
                    and (last is None or e.last <= last)), key=lambda x: (x[1] - x[0], x[0]))
    out: list[tuple[int, int]] = []
    done: list[tuple[int, int, str, int]] = []
    for first, end, place, n in spans:
        inside = [(a, b, k) for a, b, p, k in done
                  if p == place and first <= a and b <= end and (a, b) != (first, end)]
        # only the outermost of them: an inner span's toll is already in the one around it
        inner = [(a, b, k) for a, b, k in inside
                 if not any(c <= a and b <= d and (c, d) != (a, b) for c, d, _ in inside)]
        covered = {d for a, b, _ in inner for d in range(a, b + 1)}
        days = end - first + 1 - len(covered)
        left = n - sum(k for _, _, k in inner)
        if days > 0 and left >= 0:
            out.append((days, left))
        done.append((first, end, place, n))
    return out


def fit_toll(spans: Sequence[tuple[int, int]]) -> dict[str, float]:
    """Mean and shape of a negative binomial daily toll fitted by maximum likelihood to
    ``spans`` of (days, total killed); a span's total is a negative binomial of n x mean and
    n x shape. Returns the fit and the 10 % and 90 % quantiles of one day it implies."""
    if len(spans) < 3:
        raise ValueError("too few bombardment tolls to fit a shape")
    n = np.array([d for d, _ in spans], dtype=float)
    y = np.array([k for _, k in spans], dtype=float)

    def nll(t: np.ndarray) -> float:
        mu, k = n * math.exp(t[0]), n * math.exp(t[1])
        return -float(np.sum(gammaln(y + k) - gammaln(k) - gammaln(y + 1)
                             + k * np.log(k / (k + mu)) + y * np.log(mu / (k + mu))))

    res = minimize(nll, np.array([math.log(max(y.sum() / n.sum(), 0.1)), 0.0]),
                   method="Nelder-Mead")
    mu, k = math.exp(res.x[0]), math.exp(res.x[1])
    rng = np.random.default_rng(0)
    draws = rng.poisson(rng.gamma(k, mu / k, 20000))
    return {"spans": len(y), "days": float(n.sum()), "mean": mu, "dispersion": k,
            "p10": float(np.percentile(draws, 10)), "p90": float(np.percentile(draws, 90)),
            "largest": float(y[n == 1].max()) if (n == 1).any() else 0.0}


def rules_of(fit: OddsFit) -> dict[str, float]:
    """The engine's rules from an odds fit: ``repulse_slope`` is ``take_slope``; CDB90's own
    thresholds are the battles', not the engine's."""
    out = {n: v for n, v in fit.values.items() if n not in LINEAR
           and (n.split(".", 1)[0] not in GROUPS or n.split(".", 1)[1] in GROUPS[n.split(".")[0]])}
    out["repulse_slope"] = out["take_slope"]
    # a fit on a few days may run past a rule's bounds: the engine plays the bound
    return {n: min(max(v, PARAMS[n].minimum), PARAMS[n].maximum) for n, v in out.items()}


def split_fights(fights: Sequence[Fight], last: int) -> tuple[list[Fight], list[Fight]]:
    """The fights' days up to turn ``last`` and after it; a fight that straddles ``last`` is
    cut in two (each day's likelihood stands alone given how long the assault had gone on,
    so the cut loses nothing)."""
    inside, after = [], []
    for f in fights:
        k = max(0, min(len(f.days), last - f.day + 1))
        if k:
            inside.append(replace(f, days=f.days[:k]))
        if k < len(f.days):
            after.append(replace(f, days=f.days[k:], day=f.day + k))
    return inside, after


def evidence_report(fights: Sequence[Fight], battles: Sequence[Fight], last: int,
                    spans: Sequence[tuple[int, int]] = (),
                    later_spans: Sequence[tuple[int, int]] = (),
                    current: Mapping[str, float] | None = None) -> dict[str, Any]:
    """Every fit of the module with its in-sample and out-of-sample figures.

    ``fights`` are the record's; their days up to turn ``last`` are the fitting period, the
    rest out of sample (:func:`split_fights`). ``spans`` and ``later_spans`` are the record's
    bombardment tolls in and after the period; ``current`` the rules in force, shown
    beside the fit."""
    inside, after = split_fights(fights, last)
    prior = values([m for m, _ in PRIORS.values()])
    period = fit_odds([*inside, *battles])
    whole = fit_odds([*fights, *battles])
    days_in = sum(len(f.days) for f in inside)
    days_out = sum(len(f.days) for f in after)

    def per_day(total: float, n: int) -> float | None:
        return total / n if n else None

    rows = [{"name": n, "value": whole.values[n], "low": whole.low[n], "high": whole.high[n],
             "period_value": period.values[n],
             "in_force": None if current is None or n not in current else current[n],
             "prior": prior[n]}
            for n in NAMES]
    loo = leave_one_out([*fights, *battles], whole)
    out: dict[str, Any] = {
        "odds": {
            "parameters": rows,
            "period": {"fights": len(inside), "days": days_in,
                       "in_sample": per_day(score(period.theta, inside), days_in),
                       "out_of_sample_fights": len(after), "out_of_sample_days": days_out,
                       "out_of_sample": per_day(score(period.theta, after), days_out)},
            "whole": {"fights": len(fights), "days": whole.record_days,
                      "in_sample": per_day(whole.log_score, whole.record_days),
                      "leave_one_out": per_day(sum(r["out_of_sample"] for r in loo),
                                               sum(r["days"] for r in loo)),
                      "battles_in_sample": per_day(whole.cdb90_log_score, whole.battles)},
            "leave_one_out": loo,
            "uniform": math.log(1 / 3),
            "cdb90_cross_validation": cross_validate_battles([*fights, *battles]),
            "rules": rules_of(whole),
            "period_rules": rules_of(period),
        }}
    try:
        lf = fit_losses(battles)
        out["losses"] = {"battles": lf.battles, "kill_rate": lf.kill_rate,
                         "defender_losses": lf.defender_losses,
                         "attacker_loss_exponent": lf.attacker_exponent,
                         "defender_loss_exponent": lf.defender_exponent,
                         "shelter": lf.shelter, "wear": lf.wear,
                         "cross_validation": dict(lf.cv)}
    except ValueError as exc:
        out["losses"] = {"error": str(exc)}
    try:
        toll: dict[str, Any] = dict(fit_toll(spans))
        ones = [k for d, k in later_spans if d == 1]
        toll["out_of_sample_days"] = ones
        toll["out_of_sample_inside"] = sum(1 for k in ones if toll["p10"] <= k <= toll["p90"])
        toll["whole_record"] = fit_toll([*spans, *later_spans])
        out["toll"] = toll
    except ValueError as exc:
        out["toll"] = {"error": str(exc)}
    return out
