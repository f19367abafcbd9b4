"""What happened on a day, in words, and how much of it each report shows.

Events are for people to read and tools to filter; the rules never read them, so they live in
a campaign's history, not in its state. Every kind has a level of detail, and a report shows
the kinds up to its own level: a replay's timeline only the decisive ones, the prompt what a
commander hears of the day, the viewer also places contested and secured, ``run --log`` the
moves as well, and nothing shows the routine supply changes unless asked for everything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from engine.sim.game import Game

#: Levels of detail, from the least to the most shown.
HEADLINE, DAY, MAP, LOG, EVERYTHING = range(5)

#: Every kind of event the engine writes, with the level from which a report shows it.
KINDS: Mapping[str, int] = MappingProxyType({
    "engagement": HEADLINE, "captured": HEADLINE, "dispersed": HEADLINE, "arrival": HEADLINE,
    "commander": HEADLINE, "rebase": HEADLINE,
    "bombardment": DAY, "fall_back": DAY,
    "contested": MAP, "secured": MAP,
    "move": LOG,
    "supply": EVERYTHING, "besieged": EVERYTHING,
})


@dataclass(frozen=True)
class Event:
    """One thing that happened: its day (the turn number), kind, place, words and units."""

    day: int
    kind: str
    place: str | None
    text: str
    units: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {"day": self.day, "kind": self.kind, "place": self.place, "text": self.text,
                "units": list(self.units)}


def shown(events: Iterable[Event], detail: int) -> list[Event]:
    """The events a report of level ``detail`` shows, in their order."""
    return [e for e in events if KINDS[e.kind] <= detail]


class Log:
    """The events of one turn as its phases write them, dated to the turn being played."""

    def __init__(self, game: Game, day: int) -> None:
        self.game, self.day = game, day
        self.events: list[Event] = []

    def __call__(self, kind: str, place: int | None, text: str, units: Iterable[int] = ()
                 ) -> None:
        self.events.append(Event(self.day, kind, None if place is None else self.game.places[place],
                                 text, tuple(self.game.units[u] for u in units)))
