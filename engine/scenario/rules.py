"""The rules' numbers: every parameter of movement, combat, bombardment and supply.

Each parameter has its default here, in one table, with its unit and where the default
comes from. A scenario's ``rules:`` block overrides any of them, and may give a range
(``{value: 0.2, range: [0.05, 0.5], assumption: ...}``) that batch runs and calibration vary.
Grouped parameters (a speed per unit type, a defence factor per terrain) are written as
nested mappings in the file and as dotted names (``speed.armour``) everywhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from engine.errors import WargameError
from engine.scenario.facts import Fact, Provenance
from engine.scenario.reader import Reader
from engine.util.text import suggest

_MARCH = ("US Army FM 21-18 Foot Marches: 20-32 km a day on foot; these forces move in trucks "
          "and pickups but fight their way forward, so an assumed daily advance of this order")
_ROAD = "assumption: a slower road costs proportionally more of a day's movement"
#: Where the fitted combat parameters come from (``wargame calibrate --odds-only`` refits them).
_FIT = ("posterior mode (90 % interval beside it) of wargame calibrate's fit to CDB90's "
        "battles 1600-1899 (CAA Database of Battles 1990, revised by J. Arnold, ODC-By 1.0) and "
        "the engagements of the shipped replay's record (replays/), with Dupuy's QJM factors as "
        "priors (Numbers, Predictions and War, 1979)")
_LOSS = ("fitted by least squares on the log daily loss fractions of CDB90's battles 1600-1899 "
         "(CAA Database of Battles 1990, revised by J. Arnold, ODC-By 1.0)")
_TOLL = ("fitted by maximum likelihood (negative binomial) to the civilian tolls of the "
         "bombardments in the shipped replay's record, one-day and spans (wargame calibrate)")


@dataclass(frozen=True)
class Param:
    """One rule parameter: default value, unit, the source of the default, and its bounds.

    Every parameter is bounded above: a value past the maximum is not a different war but a
    typing slip (``1e30``), and the engine's draws need finite rates."""

    default: float
    unit: str
    source: str
    minimum: float = 0.0
    maximum: float = 1.0
    #: a fitted value's 90 % interval (posterior or confidence), as the fit reported it
    interval: tuple[float, float] | None = None


PARAMS: Mapping[str, Param] = MappingProxyType({
    "speed.infantry": Param(30.0, "km a day on a highway", _MARCH, maximum=500.0),
    "speed.armour": Param(40.0, "km a day on a highway", _MARCH, maximum=500.0),
    "speed.special_forces": Param(40.0, "km a day on a highway", _MARCH, maximum=500.0),
    "speed.militia": Param(30.0, "km a day on a highway", _MARCH, maximum=500.0),
    "speed.artillery": Param(25.0, "km a day on a highway", _MARCH, maximum=500.0),
    "road.highway": Param(1.0, "fraction of highway speed", _ROAD, maximum=1.0),
    "road.main_road": Param(0.85, "fraction of highway speed", _ROAD, maximum=1.0),
    "road.local_road": Param(0.7, "fraction of highway speed", _ROAD, maximum=1.0),
    "road.track": Param(0.5, "fraction of highway speed", _ROAD, maximum=1.0),
    "terrain.open": Param(1.0, "defender's power multiplier", "the reference: other terrains "
                          "are relative to open ground", maximum=10.0),
    "terrain.mixed": Param(1.1227, "defender's power multiplier", _FIT, maximum=10.0,
                           interval=(0.8125, 1.5362)),
    "terrain.rough": Param(1.0079, "defender's power multiplier", _FIT, maximum=10.0,
                           interval=(0.6886, 1.4802)),
    "terrain.urban": Param(1.5382, "defender's power multiplier", _FIT, maximum=10.0,
                           interval=(1.027, 2.3085)),
    "posture.moving": Param(1.0, "power multiplier", "the reference: a defender caught on the "
                            "move has no posture bonus", maximum=10.0),
    "posture.hasty": Param(1.3276, "power multiplier", _FIT, maximum=10.0,
                           interval=(0.9377, 1.927)),
    "posture.prepared": Param(1.3115, "power multiplier", _FIT, maximum=10.0,
                              interval=(0.9234, 1.8737)),
    "posture.fortified": Param(1.9774, "power multiplier of a prepared defence in works built "
                                    "before the battle (replaces prepared)", _FIT,
                               maximum=10.0, interval=(1.2735, 3.069)),
    "support": Param(0.1715, "attacker's power bonus the day after its side bombarded the place",
                     _FIT, maximum=10.0, interval=(0.0445, 0.6447)),
    "take_ratio": Param(3.6552, "force ratio at which a fresh assault takes the place in a day "
                        "half the time", _FIT, minimum=0.01, maximum=100.0,
                        interval=(1.8105, 7.4769)),
    "take_slope": Param(1.4661, "steepness of the take curve in log ratio", _FIT,
                        minimum=0.01, maximum=100.0, interval=(0.926, 2.3246)),
    "repulse_ratio": Param(0.1119, "force ratio at which a fresh assault is thrown back in a day "
                           "half the time", _FIT, minimum=0.01, maximum=100.0,
                           interval=(0.0262, 0.3137)),
    "repulse_slope": Param(1.4661, "steepness of the repulse curve in log ratio", _FIT,
                           minimum=0.01, maximum=100.0, interval=(0.926, 2.3246)),
    "grind": Param(0.0337, "attacker's power gained for each day the assault has already gone "
                        "on (a foothold that grows, a defence worn down)", _FIT, maximum=10.0,
                   interval=(0.0072, 0.1644)),
    "surprise": Param(1.5856, "attacker's power multiplier on a day it surprises the defender",
                      _FIT, minimum=1.0, maximum=10.0, interval=(1.0971, 2.2687)),
    "kill_rate": Param(0.1719, "fraction of its people an attacker loses in a day of fighting "
                            "at equal power", _LOSS, maximum=1.0),
    "defender_losses": Param(1.386, "defender's daily loss fraction over the attacker's at equal "
                                  "power", _LOSS, minimum=0.01, maximum=100.0),
    "attacker_loss_exponent": Param(0.385, "how an attacker's loss fraction grows with the "
                                         "defender's power over its own (1 = the square law)",
                                    _LOSS, maximum=5.0, interval=(0.22, 0.55)),
    "defender_loss_exponent": Param(0.113, "how a defender's loss fraction grows with the "
                                         "attacker's power over its own (1 = the square law)",
                                    _LOSS, maximum=5.0, interval=(-0.055, 0.281)),
    "shelter": Param(0.65, "multiplier of a defender's losses in a prepared or fortified "
                           "posture", _LOSS, minimum=0.01, maximum=10.0, interval=(0.494, 0.855)),
    "wear": Param(0.362, "how fast a long fight's daily losses fall: D days cost D ** (1 - "
                         "wear) first days", _LOSS, maximum=1.0, interval=(0.149, 0.574)),
    "max_inflicted": Param(1.3, "most casualties a day one unit of fighting power (a person "
                                "of quality and readiness 1) inflicts",
                           "CDB90's battles 1600-1899: the 99th percentile of casualties "
                           "inflicted per person of the side a day (the largest: 3.25)",
                           minimum=0.01, maximum=100.0),
    "loss_scale": Param(1.0, "multiplier of all combat casualties",
                        "1 = the rates of the battles of 1600-1899 (CDB90); a scenario whose "
                        "record shows lighter fighting scales them down", maximum=100.0),
    "killed_share": Param(0.25, "fraction of casualties who are killed",
                          "Dupuy, Attrition (1990): about one killed to three or four wounded",
                          maximum=1.0),
    "max_daily_loss": Param(0.5, "largest fraction of a force lost in one day",
                            "assumption: a cap that keeps one day from wiping out a force",
                            maximum=1.0),
    "air_radius_km": Param(150.0, "km from its base an air unit strikes",
                           "assumption: helicopters and strike aircraft over a theatre "
                           "this size", maximum=5000.0),
    "artillery_range_km": Param(25.0, "km an artillery unit fires",
                                "of the order of towed 122-155 mm howitzer ranges (15-30 km)",
                                maximum=500.0),
    "artillery_fire": Param(0.02, "sortie-equivalents a day per gunner",
                            "assumption: a battalion of 400 gunners delivers about 8 "
                            "sortie-equivalents a day", maximum=10.0),
    "sortie_casualties": Param(0.5, "military casualties per sortie on a place with troops",
                               "assumption: strikes on dispersed irregular forces are seldom "
                               "lethal; to be calibrated", maximum=1000.0),
    "sortie_civilians": Param(0.1, "civilians killed per sortie on a populated place",
                              "assumption: of the order of recorded civilian deaths per strike "
                              "on towns; scaled by population over population_reference",
                              maximum=1000.0),
    "civilian_dispersion": Param(0.52, "shape of the gamma-Poisson count of civilians a day's "
                                      "strikes kill (smaller: a heavier tail)", _TOLL,
                                 minimum=0.01, maximum=1000.0),
    "suppression": Param(0.05, "readiness a defender loses per sortie per 100 people under "
                                "fire", "assumption: two to three weeks of daily strikes wear "
                                "a defended town down to the readiness floor", maximum=10.0),
    "population_reference": Param(20000.0, "people at which a place is densely populated",
                                  "assumption: a small town", minimum=1.0, maximum=1e8),
    "flight_rate": Param(0.05, "fraction of the people still there who flee a bombarded place "
                               "each day", "assumption: a town emptied by most of its people "
                               "over two or three weeks of shelling", maximum=1.0),
    "readiness_loss": Param(0.1, "readiness lost a day without supply",
                            "assumption: a unit cut off is worn down in a week", maximum=1.0),
    "readiness_recovery": Param(0.1, "readiness regained a day with supply and not under fire",
                                "assumption, as readiness_loss", maximum=1.0),
    "readiness_floor": Param(0.3, "readiness below which an unsupplied unit loses people",
                             "assumption: a force keeps about a third of its fighting power on "
                             "what it carries and what it finds", maximum=1.0),
    "unsupplied_attrition": Param(0.02, "fraction of people lost a day when out of supply and "
                                        "worn out (desertion, sickness, capture)",
                                  "assumption: a worn-out, cut-off force loses about one in "
                                  "fifty a day, so it melts away over a month", maximum=1.0),
})



def _group(prefix: str) -> tuple[str, ...]:
    return tuple(n.split(".", 1)[1] for n in PARAMS if n.startswith(f"{prefix}."))


#: The vocabularies the table defines, in its order. A terrain, a road class, a posture or a
#: unit type that moves is one row above (its factor or speed), and nothing more.
#: Terrain classes, each with the defender's multiplier.
TERRAINS = _group("terrain")
#: Road classes, fastest first.
ROAD_CLASSES = _group("road")
#: A unit's posture in an engagement: moving (attacking or just arrived), a hasty defence
#: (in place since the last turn), a prepared defence (in place two turns or more).
POSTURES = ("moving", "hasty", "prepared")
#: What a prepared defence becomes in a place with works built before the battle.
FORTIFIED = "fortified"
#: Ground unit types that move, each with its speed.
MOVERS = _group("speed")
#: The type of air units: they do not move, and strike from their base.
AIR = "air"
#: Every unit type.
UNIT_TYPES = (*MOVERS, AIR)

#: The groups written as nested mappings in a scenario file, and the names inside each.
GROUPS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "speed": MOVERS, "road": ROAD_CLASSES, "terrain": TERRAINS,
    "posture": (*POSTURES, FORTIFIED)})


@dataclass(frozen=True)
class Rules:
    """Parameter values by dotted name; ``given`` holds those the scenario set, with ranges."""

    values: Mapping[str, float] = field(default_factory=lambda: MappingProxyType(
        {name: p.default for name, p in PARAMS.items()}))
    given: Mapping[str, Fact] = field(default_factory=lambda: MappingProxyType({}))

    def __getitem__(self, name: str) -> float:
        return self.values[name]

    def replace(self, changes: Mapping[str, float]) -> Rules:
        """The same rules with some values changed (batch runs, calibration)."""
        unknown = sorted(set(changes) - set(PARAMS))
        if unknown:
            raise WargameError(f"unknown rule parameter '{unknown[0]}'"
                               f"{suggest(unknown[0], PARAMS)}")
        return Rules(MappingProxyType({**self.values, **changes}), self.given)

    def source(self, name: str) -> Provenance | str:
        """Where the value in force comes from: the scenario's provenance or the default's."""
        fact = self.given.get(name)
        return fact.provenance if fact is not None else PARAMS[name].source


def read_rules(r: Reader, value: object, path: tuple = ("rules",)) -> Rules:
    """Read a scenario's ``rules:`` block with the scenario reader, reporting every problem."""
    top = r.mapping(path, value, (*GROUPS, *(n for n in PARAMS if "." not in n)), (), "rules:")
    if not top:
        return Rules()
    given: dict[str, Fact] = {}
    for key, entry in top.items():
        if key not in GROUPS and key not in PARAMS:
            continue
        if key in GROUPS:
            group = r.mapping(path + (key,), entry, GROUPS[key], (), f"rules: {key}:") or {}
            items = [(f"{key}.{sub}", path + (key, sub), v) for sub, v in group.items()]
        else:
            items = [(key, path + (key,), entry)]
        for name, where, v in items:
            p = PARAMS.get(name)
            if p is None:  # an unknown key, already reported
                continue
            fact = r.fact(where, v, f"the rule {name} ({p.unit})", minimum=p.minimum,
                          maximum=p.maximum)
            if fact is not None:
                given[name] = fact
    values = {name: p.default for name, p in PARAMS.items()}
    values.update({name: f.value for name, f in given.items()})
    return Rules(MappingProxyType(values), MappingProxyType(dict(sorted(given.items()))))
