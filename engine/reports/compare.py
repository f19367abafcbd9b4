"""``wargame compare`` as text: each outcome's means, paired difference and interval, under
each commander compared, who is ahead on points, and which outcomes' effects are not robust
to the commander."""

from __future__ import annotations

from typing import Any

from engine.util.text import table

COLUMNS = ("outcome", "compared as", "mean A", "mean B", "B - A", "95 % interval", "sig.")
#: What the columns and marks mean, under the table.
KEY = ("share: runs where it holds (met. = ever met, met_at_end. = met on the last day), B - A "
       "in points of percentage, Newcombe's interval for paired shares. day, n runs: the day "
       "first met, over the n runs where it was met in both scenarios (never met is not a day). "
       "measure: Student's t over the paired differences. sig. *: the interval excludes 0. "
       "equal in every run: the change never came into play there.")
ROBUST_KEY = ("NOT ROBUST: the effect's sign (+, -, or none when the interval holds 0) differs "
              "between the commanders.")


def format_compare(result: dict[str, Any]) -> str:
    """The text of :func:`engine.history.compare.compare`'s result."""
    runs, seeds = result["runs"], result["seeds"]
    labels = result.get("commanders", [])
    how = result["mode"] + (f", {' and '.join(labels)} commander{'s' if len(labels) > 1 else ''}"
                            if labels else "")
    out = [f"A = {result['a']}", f"B = {result['b']}",
           f"{runs:,} paired runs ({how}), seeds {seeds[0]}-{seeds[1]}, common random numbers"]
    if result.get("note"):
        out.append(f"Note: {result['note']}")
    out += _points(result, labels[0] if labels else None), ""
    if len(labels) < 2:
        rows = [(r["outcome"], *_figures(r)) for r in result["outcomes"]]
        out += [table(COLUMNS, rows), "", KEY]
        return "\n".join(out) + "\n"
    rows = []
    for r in result["outcomes"]:
        for i, name in enumerate(labels):
            first = i == 0
            rows.append((r["outcome"] if first else "", name, *_figures(r["by_commander"][name]),
                         "NOT ROBUST" if first and r["robust"] is False else ""))
    out.append(table((COLUMNS[0], "commander", *COLUMNS[1:], "robust?"), rows))
    n = sum(1 for r in result["outcomes"] if r["robust"] is False)
    out += ["", KEY, ROBUST_KEY,
            f"{n} of {len(result['outcomes'])} outcomes not robust to the commander."]
    return "\n".join(out) + "\n"


def _points(result: dict[str, Any], commander: str | None) -> str:
    """Who is ahead on points at the end, on average, in each scenario (the first commander's
    runs)."""
    points = {r["outcome"].split(".", 1)[1]: r for r in result["outcomes"]
              if r["outcome"].startswith("points.") and r.get("a") is not None}
    if not points:
        return "On points: no objectives score points"

    def ahead(which: str) -> str:
        scores = {side: r[which] for side, r in points.items()}
        best = max(scores.values())
        leaders = [s for s, v in scores.items() if v == best]
        shown = ", ".join(f"{s} {v:,.2f}" for s, v in scores.items())
        lead = f"{leaders[0]} ahead" if len(leaders) == 1 else "level"
        return f"{shown} ({lead})"
    whose = f", {commander} commanders" if commander else ""
    return f"On points (mean at the end{whose}): A: {ahead('a')}; B: {ahead('b')}"


def _figures(r: dict[str, Any]) -> tuple[str, ...]:
    kind = r.get("kind", "measure")
    as_ = f"day, {r['pairs']:,} run{'s' if r['pairs'] != 1 else ''}" if kind == "day" else kind
    if r.get("a") is None:
        return (as_, "-", "-", "-", "never met in both", "")
    if kind == "share":
        a, b, d = f"{r['a']:.0%}", f"{r['b']:.0%}", f"{100 * r['difference']:+.0f}"
    else:
        a, b, d = f"{r['a']:,.2f}", f"{r['b']:,.2f}", f"{r['difference']:+,.2f}"
    ci = r["ci95"]
    if r.get("unchanged"):
        interval = "equal in every run"
    elif ci is None:
        interval = "-"
    elif kind == "share":
        interval = f"[{100 * ci[0]:+.0f}, {100 * ci[1]:+.0f}]"
    else:
        interval = f"[{ci[0]:+,.2f}, {ci[1]:+,.2f}]"
    return (as_, a, b, d, interval, "*" if r["significant"] else "")
