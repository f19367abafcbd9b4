"""Designs: sizes, bounds, determinism."""

from __future__ import annotations

import numpy as np
import pytest

from engine.batch.design import sample, size
from engine.batch.factors import Factor
from engine.errors import WargameError

F = [Factor("a", 0.0, 1.0), Factor("b", 10.0, 20.0), Factor("c", -1.0, 1.0)]


@pytest.mark.parametrize(("design", "n", "rows"), [("grid", 30, 27), ("lhs", 10, 10),
                                                    ("sobol", 8, 8 * (2 * 3 + 2)),
                                                    ("morris", 5, 5 * 4)])
def test_sizes_bounds_and_determinism(design: str, n: int, rows: int) -> None:
    x = sample(design, F, n, 7)
    assert x.shape == (rows, 3)
    for j, f in enumerate(F):
        assert x[:, j].min() >= f.low - 1e-12 and x[:, j].max() <= f.high + 1e-12
    assert np.array_equal(x, sample(design, F, n, 7))


def test_lhs_fills_every_stratum_and_sobol_wants_a_power_of_two() -> None:
    x = sample("lhs", F[:1], 10, 1)
    assert sorted(np.floor(x[:, 0] * 10).astype(int)) == list(range(10))
    with pytest.raises(WargameError, match="power of two"):
        sample("sobol", F, 10, 1)
    with pytest.raises(WargameError, match="needs at least 2\\^20"):
        sample("grid", [Factor(str(i), 0, 1) for i in range(20)], 10, 1)
    with pytest.raises(WargameError, match="nothing to vary"):
        sample("lhs", [], 10, 1)


@pytest.mark.parametrize("design", ["grid", "lhs", "sobol", "morris"])
def test_the_size_of_a_design_is_known_before_it_is_made(design) -> None:
    factors = [Factor("a", 0, 1), Factor("b", 0, 1)]
    assert size(design, 2, 16) == len(sample(design, factors, 16, 1))
