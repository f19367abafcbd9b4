"""The uncertain inputs of a scenario, as factors a batch can vary.

A scenario declares its uncertainties as ranges: a side's strength (``side.rebels.strength``:
all its ground units scaled together), a unit's strength or quality
(``unit.corps3.strength``, ``unit.air.strength`` for an air unit's sorties), and rules given
with a range (``rules.loss_scale``). Those are the default factors of a batch. ``--vary
NAME=LO:HI`` names factors instead, any rule included.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

from engine.errors import WargameError
from engine.scenario.model import MAX_PEOPLE, MAX_QUALITY, Scenario, ground_strength
from engine.scenario.rules import AIR, PARAMS
from engine.sim.game import Game, build_game
from engine.util.text import suggest


@dataclass(frozen=True)
class Factor:
    """An input a batch varies, by its name (``rules.loss_scale``, ``side.S.strength``,
    ``unit.U.strength`` or ``unit.U.quality``), over the range [low, high]."""

    name: str
    low: float
    high: float


def declared_factors(scenario: Scenario) -> list[Factor]:
    """Every range the scenario gives, as a factor, in a stable order."""
    out = []
    for sid, side in scenario.sides.items():
        if side.strength is not None and side.strength.uncertain:
            out.append(Factor(f"side.{sid}.strength", side.strength.low, side.strength.high))
    for uid, unit in scenario.units.items():
        for what in ("strength", "quality"):
            fact = getattr(unit, what)
            if fact.uncertain:
                out.append(Factor(f"unit.{uid}.{what}", fact.low, fact.high))
    for name, fact in scenario.rules.given.items():
        if fact.uncertain:
            out.append(Factor(f"rules.{name}", fact.low, fact.high))
    return out


def known_names(scenario: Scenario) -> list[str]:
    names = [f"side.{s}.strength" for s in scenario.sides]
    names += [f"unit.{u}.{w}" for u in scenario.units for w in ("strength", "quality")]
    return names + [f"rules.{p}" for p in PARAMS]


def bounds(name: str) -> tuple[float, float, bool]:
    """The values a factor may take, those the scenario file itself may give it: (least,
    most, whether the least itself is excluded)."""
    kind, _, rest = name.partition(".")
    if kind == "rules":
        p = PARAMS[rest]
        return p.minimum, p.maximum, False
    return 0.0, MAX_QUALITY if rest.endswith(".quality") else float(MAX_PEOPLE), True


def parse_vary(scenario: Scenario, texts: Sequence[str]) -> list[Factor]:
    """``NAME=LO:HI`` items, checked against the scenario."""
    out = []
    names = known_names(scenario)
    for text in texts:
        name, _, span = text.partition("=")
        lo, _, hi = span.partition(":")
        if name not in names:
            raise WargameError(f"--vary {text}: no factor '{name}'{suggest(name, names)}")
        try:
            low, high = float(lo), float(hi)
        except ValueError:
            raise WargameError(f"--vary {text}: write NAME=LO:HI with two numbers") from None
        if not low < high:
            raise WargameError(f"--vary {text}: the low end must be below the high end")
        least, most, above = bounds(name)
        if low < least or (above and low == least) or high > most:
            raise WargameError(f"--vary {text}: {name} must stay within "
                               f"{'(' if above else '['}{least:g}, {most:g}]")
        out.append(Factor(name, low, high))
    if len({f.name for f in out}) != len(out):
        raise WargameError("--vary: a factor is named twice")
    return out


def apply(scenario: Scenario, values: Mapping[str, float], like: Game | None = None) -> Game:
    """The game with each factor at its value; ``like``, the game of ``scenario`` itself,
    lends its theatre and paths (see :func:`~engine.sim.game.build_game`)."""
    units = dict(scenario.units)
    for name, v in values.items():
        kind, key, *rest = name.split(".", 2)
        if kind == "side":
            side = scenario.sides[key]
            base = side.strength.value if side.strength else ground_strength(units.values(),
                                                                              key)
            scale = v / base if base else 1.0
            for uid, u in units.items():
                if u.side == key and u.type != AIR:
                    units[uid] = replace(u, strength=replace(
                        u.strength, value=max(1.0, round(u.strength.value * scale))))
    for name, v in values.items():
        kind, key, *rest = name.split(".", 2)
        if kind == "unit":
            what = rest[0]
            u = units[key]
            value = max(1.0, round(v)) if what == "strength" else v
            units[key] = replace(u, **{what: replace(getattr(u, what), value=value)})
    rules = scenario.rules.replace({name.split(".", 1)[1]: v for name, v in values.items()
                                    if name.startswith("rules.")})
    return build_game(replace(scenario, units=MappingProxyType(units)), rules, like)
