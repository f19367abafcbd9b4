"""Chance as an explicit step: seeded streams, drawn outcomes, and outcomes forced.

Every engagement and bombardment draws from its own ``numpy.random.Generator``, a Philox
counter stream keyed by the campaign seed and counted by (day, place, kind). Changing one
order therefore leaves every unrelated draw as it was (common random numbers), and no
global random state is ever touched.

What was drawn is kept as an :class:`Outcome`. A campaign re-run with its orders and its
outcomes forced (:class:`Force`) draws nothing that matters and reaches the same state; the
historical replay forces outcomes to what the record says.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.errors import WargameError
from engine.sim.combat import OUTCOMES
from engine.util.checked import count, fraction, text

ENGAGEMENT, BOMBARDMENT = "engagement", "bombardment"
#: A bombardment's result: always a hit (an engagement's are combat.OUTCOMES).
HIT = "hit"
_KIND_CODE = {ENGAGEMENT: 0, BOMBARDMENT: 1}


def campaign_key(seed: int) -> int:
    """The Philox key of a campaign: 64 bits spread from the seed by a SeedSequence."""
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise WargameError(f"a seed must be a whole number of zero or more, not {seed!r}")
    return int(np.random.SeedSequence(seed).generate_state(1, np.uint64)[0])


def stream(key: int, day: int, place_key: int, kind: str, side: int = 0) -> np.random.Generator:
    """The generator of one (day, place, kind, side): independent of every other.

    Building a Philox generator costs about five times what resetting one does, and a
    campaign asks for dozens, so one generator per thread is kept per key and its counter
    set to the stream's start: the draws are those of a fresh generator. The generator
    returned is therefore only good until the next call."""
    kept = _KEPT.__dict__
    if kept.get("key") != key:  # one key at a time: a campaign asks for its own repeatedly
        kept["key"], kept["gen"] = key, np.random.Generator(np.random.Philox(key=key))
        kept["words"] = kept["gen"].bit_generator.state["state"]["key"]
    gen: np.random.Generator = kept["gen"]
    gen.bit_generator.state = {
        "bit_generator": "Philox",
        "state": {"counter": np.array([0, day, place_key, _KIND_CODE[kind] * 16 + side],
                                      dtype=np.uint64), "key": kept["words"]},
        "buffer": _NO_BUFFER, "buffer_pos": 4, "has_uint32": 0, "uinteger": 0}
    return gen


#: Per thread: the generator of the last key asked for (see :func:`stream`).
_KEPT = threading.local()
_NO_BUFFER = np.zeros(4, dtype=np.uint64)


def poisson_at_most(rng: np.random.Generator, mean: float, cap: int) -> int:
    """A Poisson count of the given mean, at most ``cap``.

    When the mean is far above the cap the count is the cap without a draw: the chance of a
    draw below it is under e^-100, and numpy cannot sample means past about 1e18."""
    if not mean > 0:  # zero, negative or not a number: nothing to count
        return 0
    if mean > 4 * cap + 100:
        return cap
    return min(int(rng.poisson(mean)), cap)


def pick(probabilities: tuple[float, ...], u: float) -> int:
    """Index chosen by the uniform draw ``u`` from cumulative ``probabilities``."""
    total = 0.0
    for i, p in enumerate(probabilities):
        total += p
        if u < total:
            return i
    return max(i for i, p in enumerate(probabilities) if p > 0)


@dataclass(frozen=True)
class Outcome:
    """What an engagement or a bombardment came to, with the odds the engine gave it."""

    day: int
    kind: str
    place: str
    side: str                                 # the attacking or firing side
    result: str                               # taken/stalemate/repulsed, or "hit"
    odds: tuple[float, ...] = ()              # P(taken, stalemate, repulsed) for engagements
    losses: tuple[tuple[str, int, int], ...] = ()   # (side, killed, wounded)
    civilians: int = 0
    displaced: int = 0

    @property
    def key(self) -> tuple[int, str, str, str]:
        return (self.day, self.kind, self.place, self.side)

    def to_json(self) -> dict[str, Any]:
        return {"day": self.day, "kind": self.kind, "place": self.place, "side": self.side,
                "result": self.result, "odds": list(self.odds),
                "losses": {s: {"killed": k, "wounded": w} for s, k, w in self.losses},
                "civilians": self.civilians, "displaced": self.displaced}


@dataclass(frozen=True)
class Force:
    """An outcome imposed instead of drawn; a field left ``None`` is still drawn."""

    result: str | None = None
    losses: Mapping[str, tuple[int, int]] | None = None   # side -> (killed, wounded)
    civilians: int | None = None
    displaced: int | None = None
    #: not an outcome but a condition: the attacker surprises the defender that day
    surprise: bool = False

    @staticmethod
    def of(outcome: Outcome) -> Force:
        """Everything an outcome fixed: re-running with it draws nothing that matters."""
        return Force(outcome.result, {s: (k, w) for s, k, w in outcome.losses},
                     outcome.civilians, outcome.displaced)


def outcome_from_json(data: Any) -> Outcome:
    """An outcome as :meth:`Outcome.to_json` wrote it; anything else is refused."""
    try:
        kind, result = data["kind"], data["result"]
        if kind not in _KIND_CODE:
            raise ValueError(f"kind {kind!r} is not one of {', '.join(_KIND_CODE)}")
        if result not in (*OUTCOMES, HIT):
            raise ValueError(f"result {result!r} is not one of {', '.join((*OUTCOMES, HIT))}")
        if not isinstance(data["losses"], dict):
            raise TypeError("losses: not a mapping")
        return Outcome(count(data["day"]), kind, text(data["place"]), text(data["side"]),
                       result, tuple(fraction(x) for x in data["odds"]),
                       tuple((text(s), count(v["killed"]), count(v["wounded"]))
                             for s, v in data["losses"].items()),
                       count(data["civilians"]), count(data["displaced"]))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise WargameError(f"not a recorded outcome (missing or bad entry: {exc})") from None

