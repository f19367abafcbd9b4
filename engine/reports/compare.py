"""``wargame compare`` as text: each outcome's means, paired difference and interval."""

from __future__ import annotations

from typing import Any

from engine.util.text import table


def format_compare(result: dict[str, Any]) -> str:
    """The text of :func:`engine.history.compare.compare`'s result."""
    runs, seeds = result["runs"], result["seeds"]
    out = [f"A = {result['a']}", f"B = {result['b']}",
           f"{runs} paired runs ({result['mode']}), seeds {seeds[0]}-{seeds[1]}, common random "
           "numbers", ""]
    rows = [(r["outcome"], f"{r['a']:,.2f}", f"{r['b']:,.2f}", f"{r['difference']:+,.2f}",
             f"[{r['ci95'][0]:+,.2f}, {r['ci95'][1]:+,.2f}]" if r["ci95"] else "-",
             "*" if r["significant"] else "")
            for r in result["outcomes"]]
    out.append(table(("outcome (day_met: turn, 0 = first day; never = the day after the end)",
                      "mean A", "mean B", "B - A", "95 % CI", ""), rows))
    return "\n".join(out) + "\n"
