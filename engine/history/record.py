"""What a replay's record fixes: per outcome of the engine, the result and the figures.

Each event that names an engagement or a bombardment fixes that outcome on its day (or on
every day of its span): the result it records, and its figures (killed per side, civilians,
people displaced). A span's figures are shared evenly over its days, less what one-day
events inside it already give. Sources count the dead; the wounded follow from the engine's
killed share.
"""

from __future__ import annotations

from typing import Any

from engine.play.replayfile import RecordedEvent, ReplayFile
from engine.sim.chance import BOMBARDMENT, ENGAGEMENT, Force
from engine.sim.game import Game


def _spread(total: int, n: int) -> list[int]:
    """``total`` shared over ``n`` days as evenly as whole numbers allow, earliest first."""
    base, extra = divmod(total, n)
    return [base + (1 if i < extra else 0) for i in range(n)]


def target(e: RecordedEvent) -> tuple[str, str, str] | None:
    """The engine outcome an event fixes, (kind, place, side), or None."""
    if e.engagement:
        return (ENGAGEMENT, e.engagement[0], e.engagement[1])
    if e.bombardment:
        return (BOMBARDMENT, *e.bombardment)
    return None


def recorded_fields(rf: ReplayFile) -> dict[tuple, dict[str, Any]]:
    """Per outcome key ``(day, kind, place, side)``, the fields the record fixes and the
    event that fixes each. A span's figures are shared over its days, less what the
    one-day events inside it already give."""
    fields: dict[tuple, dict[str, Any]] = {}
    for one_day in (True, False):
        for e in rf.events:
            aim = target(e)
            if aim is None or (e.first == e.last) != one_day:
                continue
            kind, place, side = aim
            keys = [(d, kind, place, side) for d in range(e.first, e.last + 1)]
            for k in keys:
                f = fields.setdefault(k, {"events": []})
                f["events"].append(e)
                if e.engagement and e.engagement[2]:  # a day's own event says what it was
                    f.setdefault("result", e.engagement[2])
                if e.surprise and k == keys[0]:  # surprise is the first day's
                    f["surprise"] = True
            figures = [(f"killed:{s}", n) for s, n in e.killed.items()]
            figures += [(name, v) for name, v in (("civilians", e.civilians),
                                                  ("displaced", e.displaced)) if v is not None]
            for name, total in figures:
                if one_day:  # two events of one day and target: their figures add up
                    fields[keys[0]][name] = fields[keys[0]].get(name, 0) + total
                    continue
                free = [k for k in keys if name not in fields[k]]
                taken = sum(fields[k][name] for k in keys if name in fields[k])
                for k, n in zip(free, _spread(max(total - taken, 0), len(free) or 1),
                                strict=False):
                    fields[k][name] = n
    return fields


def record_totals(rf: ReplayFile, first: int = 0, last: int | None = None) -> dict[str, int]:
    """Killed per side and civilians the record gives on turns first..last, each figure
    counted once (a span's total includes the one-day events inside it)."""
    last = 10 ** 9 if last is None else last
    out: dict[str, int] = {}

    def add(name: str, n: int) -> None:
        out[name] = out.get(name, 0) + n

    for key, f in recorded_fields(rf).items():
        if first <= key[0] <= last:
            for name, n in f.items():
                if name.startswith("killed:"):
                    add(name.split(":", 1)[1], n)
                elif name == "civilians":
                    add("civilians", n)
    for e in rf.events:
        if first <= e.last <= last and target(e) is None:
            for side, n in e.killed.items():
                add(side, n)
    return out


def wounded_for(game: Game, killed: int) -> int:
    """Sources count the dead; the wounded follow from the engine's killed share."""
    share = game.rules["killed_share"]
    return round(killed * (1 - share) / share) if share > 0 else 0


def forced_outcomes(game: Game, rf: ReplayFile) -> dict[tuple, Force]:
    out = {}
    for key, f in recorded_fields(rf).items():
        losses = {name.split(":", 1)[1]: (n, wounded_for(game, n))
                  for name, n in f.items() if name.startswith("killed:")}
        out[key] = Force(f.get("result"), losses or None, f.get("civilians"), f.get("displaced"),
                         bool(f.get("surprise")))
    return out


def conditions(rf: ReplayFile) -> dict[tuple, Force]:
    """What the record says about the circumstances of a fight, not its outcome: the
    engagements it marks as surprises. Adjudicated replays keep these and draw the rest."""
    return {key: Force(surprise=True) for key, f in recorded_fields(rf).items()
            if f.get("surprise")}
