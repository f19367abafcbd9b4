"""A campaign's summary as text: objectives by date, losses per side, civilians, and how the
campaign was fought (captures, fire, idle reserves). Every place's holders are in ``--json``
only: on a big theatre they would bury the rest."""

from __future__ import annotations

from typing import Any

from engine.util.text import table


def format_summary(summary: dict[str, Any]) -> str:
    """The text ``wargame run`` prints for :func:`engine.campaign.summary`."""
    out = [f"{summary['scenario']}, seed {summary['seed']}: {summary['from']} to "
           f"{summary['to']} ({summary['days']} days)"]
    if summary.get("commanders"):
        out.append("Commanders: " + ", ".join(f"{s} {k}" for s, k in
                                              summary["commanders"].items()))
    out += ["", "Objectives"]
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
            *_conduct(summary),
            "Points: " + ", ".join(f"{s} {p:g}" for s, p in summary["points"].items()),
            f"Final state digest: {summary['digest']}"]
    return "\n".join(out) + "\n"


def _conduct(summary: dict[str, Any]) -> list[str]:
    """Captures walked into and won, days each gun fired, reserves' idle days."""
    out = ["Captures: " + "; ".join(f"{s} {c['walked_in']} walked in, {c['won']} won in an "
                                    "engagement" for s, c in summary["captures"].items())]
    if summary["fire_days"]:
        out.append("Days fired: " + ", ".join(f"{u} {n}" for u, n in
                                              summary["fire_days"].items()))
    if summary["reserves_idle"]:
        out.append("Reserve days idle: " + ", ".join(
            f"{u} ({r['side']}) {r['idle']} of {r['days']}"
            for u, r in summary["reserves_idle"].items()))
    return out
