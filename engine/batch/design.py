"""Experimental designs: which parameter sets a batch plays.

``grid``    every combination of L evenly spaced levels per factor, L the largest whole
            number with L^k <= N (at least 2)
``lhs``     N points of a Latin hypercube (scipy), each factor's range cut in N strata
``sobol``   Saltelli's sample for Sobol indices (SALib): N base samples, N(2k + 2) points
``morris``  Morris elementary-effect trajectories (SALib): N trajectories, N(k + 1) points
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.stats import qmc

from engine.batch.factors import Factor
from engine.errors import WargameError

DESIGNS = ("grid", "lhs", "sobol", "morris")
MORRIS_LEVELS = 4
MAX_GRID = 4096   # the most points a grid may have beyond --runs


def problem(factors: Sequence[Factor]) -> dict:
    """The factors as SALib describes a problem."""
    return {"num_vars": len(factors), "names": [f.name for f in factors],
            "bounds": [[f.low, f.high] for f in factors]}


def size(design: str, k: int, n: int) -> int:
    """How many parameter sets ``sample`` makes, known before any is made."""
    if design == "grid":
        levels = max(2, int(np.floor(n ** (1 / max(k, 1)) + 1e-9)))
        return int(levels ** k)
    if design == "sobol":
        return n * (2 * k + 2)
    if design == "morris":
        return n * (k + 1)
    return n


def sample(design: str, factors: Sequence[Factor], n: int, seed: int) -> np.ndarray:
    """The design's points, one row per parameter set, one column per factor."""
    if not factors:
        raise WargameError("nothing to vary: the scenario declares no ranges; use --vary")
    k = len(factors)
    low = np.array([f.low for f in factors])
    high = np.array([f.high for f in factors])
    if design == "grid":
        levels = max(2, int(np.floor(n ** (1 / k) + 1e-9)))
        if levels ** k > max(n, MAX_GRID):
            raise WargameError(f"a grid of {k} factors needs at least 2^{k} = {2 ** k:,} runs: "
                               "name fewer factors with --vary, or use lhs")
        axes = [np.linspace(f.low, f.high, levels) for f in factors]
        return np.array(np.meshgrid(*axes, indexing="ij")).reshape(k, -1).T
    if design == "lhs":
        return qmc.scale(qmc.LatinHypercube(d=k, seed=seed).random(n), low, high)
    if design == "sobol":
        from SALib.sample import sobol
        if n & (n - 1):
            raise WargameError(f"--runs {n}: a Sobol design needs a power of two (e.g. 1024)")
        return sobol.sample(problem(factors), n, calc_second_order=True, seed=seed)
    if design == "morris":
        from SALib.sample import morris
        return morris.sample(problem(factors), n, num_levels=MORRIS_LEVELS, seed=seed)
    raise WargameError(f"unknown design '{design}': one of {', '.join(DESIGNS)}")
