"""A batch: which scenario, which design over which factors, how many runs and seeds.

Run ``i`` of a parameter set plays with seed ``seed + rep``: every parameter set meets the
same chance draws in its ``rep``-th replication (common random numbers), so differences
between sets come from the parameters.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from engine._version import __version__
from engine.batch.design import DESIGNS, sample, size
from engine.batch.factors import Factor, declared_factors
from engine.errors import WargameError
from engine.scenario.model import Scenario

#: The most runs one batch plays. At a few tens of milliseconds a campaign that is hours of
#: computing and a store of about a gigabyte; more is several batches (or a bigger design
#: step), and refusing it before anything is allocated keeps a typo from exhausting memory.
MAX_RUNS = 1_000_000


@dataclass(frozen=True)
class BatchSpec:
    """``scenario`` is the scenario file's path: what workers load, unless a scenario object
    is given to :func:`~engine.batch.run.run_batch` (then the path only names it)."""

    scenario: str
    design: str
    runs: int
    seed: int
    reps: int
    factors: tuple[Factor, ...]

    def __post_init__(self) -> None:
        if self.design not in DESIGNS:
            raise WargameError(f"unknown design '{self.design}': one of {', '.join(DESIGNS)}")
        for what in ("runs", "reps"):
            n = getattr(self, what)
            if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_RUNS:
                raise WargameError(f"--{what} must be a whole number from 1 to {MAX_RUNS:,}, "
                                   f"not {n!r}")
        for f in self.factors:
            if not (math.isfinite(f.low) and math.isfinite(f.high) and f.low < f.high):
                raise WargameError(f"the factor {f.name} must range from a lower to a higher "
                                   f"finite number, not [{f.low}, {f.high}]")
        if len({f.name for f in self.factors}) != len(self.factors):
            raise WargameError("a factor is named twice")
        total = size(self.design, len(self.factors), self.runs) * self.reps
        if total > MAX_RUNS:
            raise WargameError(f"this batch would play {total:,} runs, more than the "
                               f"{MAX_RUNS:,} one batch may: lower --runs or --reps, or vary "
                               "fewer factors")

    @staticmethod
    def of(scenario: Scenario, design: str = "lhs", runs: int = 64, seed: int = 1, reps: int = 1,
           factors: tuple[Factor, ...] | None = None) -> BatchSpec:
        """A batch of ``scenario`` over ``factors`` (default: every range it declares)."""
        chosen = tuple(declared_factors(scenario)) if factors is None else tuple(factors)
        return BatchSpec(scenario.path, design, runs, seed, reps, chosen)

    def points(self) -> list[list[float]]:
        return [[float(x) for x in row]
                for row in sample(self.design, self.factors, self.runs, self.seed)]

    def to_json(self) -> dict[str, Any]:
        return {"engine": __version__, "scenario": self.scenario, "design": self.design,
                "runs": self.runs, "seed": self.seed, "reps": self.reps,
                "factors": [asdict(f) for f in self.factors]}


def tasks(spec: BatchSpec) -> list[tuple[int, int, int, int, dict[str, float]]]:
    """(run id, point, replication, seed, factor values) for every run of the batch."""
    out = []
    for p, row in enumerate(spec.points()):
        values = {f.name: v for f, v in zip(spec.factors, row, strict=True)}
        for rep in range(spec.reps):
            out.append((p * spec.reps + rep, p, rep, spec.seed + rep, values))
    return out
