"""``wargame compare`` as text: each outcome's means, paired difference and interval, under
each commander compared, and which outcomes' effects are not robust to the commander."""

from __future__ import annotations

from typing import Any

from engine.util.text import table

OUTCOME = "outcome (day_met: turn, 0 = first day; never = the day after the end)"
#: What the marks mean, under the table.
KEY = ("* the 95 % interval excludes 0.\nNOT ROBUST: the effect's sign (+, -, or none when "
       "the interval holds 0) differs between the commanders.")


def format_compare(result: dict[str, Any]) -> str:
    """The text of :func:`engine.history.compare.compare`'s result."""
    runs, seeds = result["runs"], result["seeds"]
    labels = result.get("commanders", [])
    how = result["mode"] + (f", {' and '.join(labels)} commander{'s' if len(labels) > 1 else ''}"
                            if labels else "")
    out = [f"A = {result['a']}", f"B = {result['b']}",
           f"{runs} paired runs ({how}), seeds {seeds[0]}-{seeds[1]}, common random numbers"]
    if result.get("note"):
        out.append(f"Note: {result['note']}")
    out.append("")
    if len(labels) < 2:
        rows = [(r["outcome"], *_figures(r)) for r in result["outcomes"]]
        out.append(table((OUTCOME, "mean A", "mean B", "B - A", "95 % CI", ""), rows))
        return "\n".join(out) + "\n"
    rows = []
    for r in result["outcomes"]:
        for i, name in enumerate(labels):
            first = i == 0
            rows.append((r["outcome"] if first else "", name, *_figures(r["by_commander"][name]),
                         "NOT ROBUST" if first and r["robust"] is False else ""))
    out.append(table((OUTCOME, "commander", "mean A", "mean B", "B - A", "95 % CI", "", ""),
                     rows))
    n = sum(1 for r in result["outcomes"] if r["robust"] is False)
    out += ["", KEY, f"{n} of {len(result['outcomes'])} outcomes not robust to the commander."]
    return "\n".join(out) + "\n"


def _figures(r: dict[str, Any]) -> tuple[str, ...]:
    ci = r["ci95"]
    return (f"{r['a']:,.2f}", f"{r['b']:,.2f}", f"{r['difference']:+,.2f}",
            f"[{ci[0]:+,.2f}, {ci[1]:+,.2f}]" if ci else "-", "*" if r["significant"] else "")
