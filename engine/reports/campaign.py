"""A campaign's summary as text: objectives by date, losses per side, civilians."""

from __future__ import annotations

from typing import Any

from engine.util.text import table


def format_summary(summary: dict[str, Any]) -> str:
    """The text ``wargame run`` prints for :func:`engine.campaign.summary`."""
    out = [f"{summary['scenario']}, seed {summary['seed']}: {summary['from']} to "
           f"{summary['to']} ({summary['days']} days)", "", "Objectives"]
    rows = []
    for oid, o in summary["objectives"].items():
        history = ", ".join(f"{'met' if c['met'] else 'not met'} {c['date']}"
                            for c in o["changes"])
        rows.append((oid, o["side"], f"{o['kind']} {o['target']}", f"{o['points']:g}",
                     "MET" if o["met"] else "-", history))
    out.append(table(("objective", "side", "what", "points", "at end", "history"), rows))
    out += ["", "Holders of objective places"]
    for place, changes in summary["holders"].items():
        steps = ", ".join(f"{c['holder']}{' (contested)' if c['contested'] else ''} from "
                          f"{c['date']}" for c in changes)
        out.append(f"  {place}: {steps}")
    out += ["", "Losses"]
    out.append(table(("side", "killed", "wounded", "dispersed"),
                     [(side, v["killed"], v["wounded"], v["dispersed"])
                      for side, v in summary["losses"].items()]))
    out += ["", f"Civilians killed: {summary['civilians_killed']}; people displaced: "
                f"{summary['displaced']}",
            f"Engagements: {summary['engagements']}; bombardments: {summary['bombardments']}",
            "Points: " + ", ".join(f"{s} {p:g}" for s, p in summary["points"].items()),
            f"Final state digest: {summary['digest']}"]
    return "\n".join(out) + "\n"
