"""A batch: which scenario, which design over which factors, how many runs and seeds.

Run ``i`` of a parameter set plays with seed ``seed + rep``: every parameter set meets the
same chance draws in its ``rep``-th replication (common random numbers), so differences
between sets come from the parameters.

Each side's commander kind (:mod:`engine.play.commanders`) is part of the batch: a row is
reproducible only with the commanders that played it, so a folder resumed or repaired plays
its runs with the commanders it names, and a batch asking for others is another batch.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from engine._version import __version__
from engine.batch.design import DESIGNS, sample, size
from engine.batch.factors import Factor, declared_factors
from engine.errors import WargameError
from engine.play.commanders import KINDS, parse_ai
from engine.scenario.model import Scenario
from engine.sim.game import Game, build_game

#: The most runs one batch plays. At a few tens of milliseconds a campaign that is hours of
#: computing and a store of about a gigabyte; more is several batches (or a bigger design
#: step), and refusing it before anything is allocated keeps a typo from exhausting memory.
MAX_RUNS = 1_000_000


@dataclass(frozen=True)
class BatchSpec:
    """``scenario`` is the scenario file's path: what workers load, unless a scenario object
    is given to :func:`~engine.batch.run.run_batch` (then the path only names it).
    ``commanders``: (side, commander kind) for every side; empty, each side's default for the
    scenario, fixed by :func:`~engine.batch.run.run_batch` before anything is played or
    stored (:meth:`with_commanders`). A batch folder written before commanders were chosen
    reads back with none (see :func:`~engine.batch.store.open_batch`)."""

    scenario: str
    design: str
    runs: int
    seed: int
    reps: int
    factors: tuple[Factor, ...]
    commanders: tuple[tuple[str, str], ...] = ()

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
        for side, kind in self.commanders:
            if kind not in KINDS:
                raise WargameError(f"the commander of {side} must be one of "
                                   f"{', '.join(KINDS)}, not {kind!r}")
        if len({side for side, _ in self.commanders}) != len(self.commanders):
            raise WargameError("a side's commander is named twice")
        total = size(self.design, len(self.factors), self.runs) * self.reps
        if total > MAX_RUNS:
            raise WargameError(f"this batch would play {total:,} runs, more than the "
                               f"{MAX_RUNS:,} one batch may: lower --runs or --reps, or vary "
                               "fewer factors")

    @staticmethod
    def of(scenario: Scenario, design: str = "lhs", runs: int = 64, seed: int = 1, reps: int = 1,
           factors: tuple[Factor, ...] | None = None, ai: Sequence[str] | None = None
           ) -> BatchSpec:
        """A batch of ``scenario`` over ``factors`` (default: every range it declares), its
        commanders chosen by ``ai`` (``--ai`` values; default: each side's default)."""
        chosen = tuple(declared_factors(scenario)) if factors is None else tuple(factors)
        spec = BatchSpec(scenario.path, design, runs, seed, reps, chosen)
        return spec.with_commanders(build_game(scenario), ai)

    def with_commanders(self, game: Game, ai: Sequence[str] | None = None) -> BatchSpec:
        """This batch with a commander for every side of ``game``: from ``ai`` (``--ai``
        values) if given, else the batch's own, else each side's default."""
        texts = ai if ai else [f"{side}={kind}" for side, kind in self.commanders]
        kinds = parse_ai(game, texts)
        return replace(self, commanders=tuple(zip(game.sides, kinds, strict=True)))

    def kinds(self, game: Game) -> list[str]:
        """The commander kind of each side of ``game`` (in side order)."""
        return parse_ai(game, [f"{side}={kind}" for side, kind in self.commanders])

    def points(self) -> list[list[float]]:
        return [[float(x) for x in row]
                for row in sample(self.design, self.factors, self.runs, self.seed)]

    def to_json(self) -> dict[str, Any]:
        return {"engine": __version__, "scenario": self.scenario, "design": self.design,
                "runs": self.runs, "seed": self.seed, "reps": self.reps,
                "factors": [asdict(f) for f in self.factors],
                "commanders": dict(self.commanders)}


def tasks(spec: BatchSpec) -> list[tuple[int, int, int, int, dict[str, float]]]:
    """(run id, point, replication, seed, factor values) for every run of the batch."""
    out = []
    for p, row in enumerate(spec.points()):
        values = {f.name: v for f, v in zip(spec.factors, row, strict=True)}
        for rep in range(spec.reps):
            out.append((p * spec.reps + rep, p, rep, spec.seed + rep, values))
    return out
