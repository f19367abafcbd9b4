"""Chance streams are keyed, independent and reproducible; outcomes round-trip."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.errors import WargameError
from engine.sim.chance import (
    BOMBARDMENT,
    ENGAGEMENT,
    Force,
    Outcome,
    campaign_key,
    outcome_from_json,
    pick,
    poisson_at_most,
    stream,
)


def test_streams_are_reproducible_and_distinct() -> None:
    key = campaign_key(1)
    a = stream(key, 3, 12345, ENGAGEMENT).random(4)
    assert list(a) == list(stream(key, 3, 12345, ENGAGEMENT).random(4))
    others = [stream(key, 4, 12345, ENGAGEMENT), stream(key, 3, 12346, ENGAGEMENT),
              stream(key, 3, 12345, BOMBARDMENT), stream(key, 3, 12345, ENGAGEMENT, side=1),
              stream(campaign_key(2), 3, 12345, ENGAGEMENT)]
    for other in others:
        assert list(other.random(4)) != list(a)


def test_long_streams_do_not_run_into_the_next_day() -> None:
    key = campaign_key(1)
    today = stream(key, 3, 7, ENGAGEMENT).random(1000)
    tomorrow = stream(key, 4, 7, ENGAGEMENT).random(10)
    assert not set(tomorrow) & set(today)


def test_seed_must_be_a_whole_number() -> None:
    with pytest.raises(WargameError):
        campaign_key(-1)
    with pytest.raises(WargameError):
        campaign_key(1.5)  # type: ignore[arg-type]


def test_pick_walks_the_cumulative_odds() -> None:
    assert pick((0.2, 0.3, 0.5), 0.0) == 0
    assert pick((0.2, 0.3, 0.5), 0.25) == 1
    assert pick((0.2, 0.3, 0.5), 0.9999) == 2
    assert pick((0.5, 0.5, 0.0), 0.99999999999) == 1


def test_outcome_json_and_force_round_trip() -> None:
    o = Outcome(4, ENGAGEMENT, "khanasir", "government", "taken", (0.7, 0.2, 0.1),
                (("government", 3, 9), ("rebels", 20, 50)))
    assert outcome_from_json(o.to_json()) == o
    f = Force.of(o)
    assert f.result == "taken" and f.losses == {"government": (3, 9), "rebels": (20, 50)}
    with pytest.raises(WargameError):
        outcome_from_json({"day": 1})



@pytest.mark.parametrize(("key", "value"), [
    ("kind", ["engagement"]), ("result", "won"), ("odds", [1.5]), ("place", 3),
    ("day", -1), ("civilians", 2.5), ("losses", [])])
def test_an_outcome_is_read_strictly(key, value) -> None:
    data = Outcome(4, ENGAGEMENT, "p", "s", "taken", (0.7, 0.2, 0.1)).to_json()
    data[key] = value
    with pytest.raises(WargameError, match="not a recorded outcome"):
        outcome_from_json(data)


def test_a_poisson_count_stays_within_its_cap_at_any_mean() -> None:
    rng = stream(campaign_key(1), 0, 0, ENGAGEMENT)
    for mean in (0.0, -3.0, 0.5, 50.0, 1e6, 1e30, float("inf"), float("nan")):
        assert 0 <= poisson_at_most(rng, mean, 1000) <= 1000
    assert poisson_at_most(rng, 1e30, 1000) == 1000


@given(st.lists(st.tuples(st.integers(0, 2**64 - 1), st.integers(0, 400),
                          st.integers(0, 2**32 - 1), st.sampled_from([ENGAGEMENT, BOMBARDMENT]),
                          st.integers(0, 1)), min_size=1, max_size=6))
def test_a_reset_stream_draws_what_a_fresh_generator_draws(calls) -> None:
    """One generator is kept and reset: whatever was asked before, a stream's draws are
    those of a Philox generator made afresh for it."""
    import numpy as np
    for key, day, place, kind, side in calls:
        counter = [0, day, place, (kind == BOMBARDMENT) * 16 + side]
        fresh = np.random.Generator(np.random.Philox(key=key, counter=counter))
        kept = stream(key, day, place, kind, side)
        drawn = (kept.random(3).tolist(), int(kept.poisson(40.0)), int(kept.binomial(90, 0.3)),
                 float(kept.gamma(0.4, 3.0)))
        assert drawn == (fresh.random(3).tolist(), int(fresh.poisson(40.0)),
                         int(fresh.binomial(90, 0.3)), float(fresh.gamma(0.4, 3.0)))
