"""Replays as text: the recorded day-by-day timeline, and the adjudicated comparison."""

from __future__ import annotations

from typing import Any

from engine.history.record import record_totals, recorded_fields
from engine.history.replay import RECORDED, Replay, days_json
from engine.play.metrics import objective_places
from engine.sim.combat import OUTCOMES
from engine.sim.events import HEADLINE, shown
from engine.sim.game import Game
from engine.util.text import table


def format_recorded(game: Game, replay: Replay) -> str:
    """Each day: what the record says (with its seed line), what the engine made of it, and
    where the two part; then the final state."""
    cal = game.scenario.calendar
    rf = replay.file
    by_day: dict[int, list[str]] = {}
    for e in rf.events:
        span = "" if e.first == e.last else f" (from {cal.date_of(e.first)})"
        by_day.setdefault(e.last, []).append(f"  record  {e.text}{span} [{e.cite()}]")
    for event in shown(replay.history.events, HEADLINE):
        by_day.setdefault(event.day, []).append(f"  engine  {event.text}")
    for v in replay.violations:
        by_day.setdefault(v.day, []).append(f"  RULES   {v}")
    out = [f"{rf.title}: {rf.path}, recorded mode, seed {replay.seed}", ""]
    for day in range(len(replay.turns)):
        out.append(str(cal.date_of(day)))
        out += by_day.get(day, ["  (nothing recorded)"])
    out += ["", *final_state(game, replay)]
    out.append(f"Rule violations: {len(replay.violations)}")
    out.append(f"Final state digest: {replay.final.digest(game)}")
    return "\n".join(out) + "\n"


def recorded_json(game: Game, replay: Replay) -> dict[str, Any]:
    """``replay --json`` of a recorded replay: every day's holders and losses, and every
    violation with its source."""
    return {"replay": replay.file.id, "mode": replay.mode, "seed": replay.seed,
            "digest": replay.final.digest(game), "days": days_json(game, replay),
            "outcomes": outcomes_json(game, replay),
            "violations": [{"date": game.scenario.calendar.date_of(v.day).isoformat(),
                            "text": v.text, "source": v.cite} for v in replay.violations]}


def outcomes_json(game: Game, replay: Replay) -> list[dict[str, Any]]:
    """Every outcome of a played replay: day, date, kind, place, side, result, the engine's
    odds (taken, stalemate, repulsed for an engagement), losses, and ``forced``: whether the
    record fixed it (always false when adjudicated)."""
    fixed = {k for k, f in recorded_fields(replay.file).items()
             if set(f) - {"events", "surprise"}} if replay.mode == RECORDED else set()
    cal = game.scenario.calendar
    out = []
    for o in replay.history.outcomes:
        row = o.to_json()
        row["date"] = cal.date_of(o.day).isoformat()
        row["odds"] = dict(zip(OUTCOMES, o.odds, strict=True)) if o.odds else None
        row["forced"] = o.key in fixed
        out.append(row)
    return out


def final_state(game: Game, replay: Replay) -> list[str]:
    st = replay.final
    cal = game.scenario.calendar
    out = [f"Final state, {cal.date_of(st.day - 1)}"]
    held = [(p, game.sides[st.holder[game.theatre.index[p]]],
             "contested" if st.contested[game.theatre.index[p]] else "")
            for p in objective_places(game)]
    out.append(table(("objective place", "holder", ""), held))
    recorded = record_totals(replay.file)
    infobox = {k: f"{f.value:g}{'+' if f.at_least else ''}"
               for k, f in game.scenario.record.killed.items()}
    losses = st.side_losses(game)
    rows: list[tuple[object, ...]] = [
        (side, losses[side]["killed"], recorded.get(side, 0), infobox.get(side, "-"),
         losses[side]["wounded"], losses[side]["dispersed"]) for side in game.sides]
    rows.append(("civilians", sum(st.civilians_killed), recorded.get("civilians", 0),
                 infobox.get("civilians", "-"), "", ""))
    out.append(table(("killed", "engine total", "in the record's events", "infobox", "wounded",
                      "dispersed"), rows))
    out.append(f"People displaced: {sum(st.displaced):,}")
    return out


def format_fidelity(game: Game, report: dict[str, Any], title: str) -> str:
    s = report["score"]
    how = "adjudicated runs"
    if report.get("commanders"):
        how = "runs of AI against AI (" + ", ".join(
            f"{side} {kind}" for side, kind in report["commanders"].items()) + " commanders)"
    out = [f"{title}: {report['runs']} {how}, {report['from']} to {report['to']}", ""]
    rows = []
    for c in report["captures"]:
        odds = f"{c['recorded_odds']:.2f}" if c["recorded_odds"] is not None else "-"
        band = f"{c['p10']} – {c['p90']}" if c["p10"] else "never"
        rows.append((c["place"], c["side"], c["recorded"], c["median"] or "never", band,
                     f"{c['runs_taken']}/{report['runs']}", f"{c['in_combat']}/{c['walked_in']}",
                     f"{c['within_window']:.2f}", odds, c["cite"]))
    out.append(table(("capture", "by", "recorded", "median", "10–90 % of takers", "taken in",
                      "fought/walked in", f"P(±{report['window_days']} d)", "P(result)",
                      "source"), rows))
    a = report["agreement"]
    err = report["median_abs_error_days"]
    out += ["", f"Median |capture-date error|: {err if err is not None else 'never'} days; "
                f"captures never made in the median run: {report['captures_never_made']}",
            f"Place-days agreeing with the record: median run {a['median']:.1%} "
            f"(10–90 %: {a['p10']:.1%} – {a['p90']:.1%}); nothing changing hands: "
            f"{a['persistence']:.1%}; skill over that: {a['skill']:+.2f} (1 is perfect, 0 no "
            "better, below 0 worse)",
            *engagement_lines(report["engagements"]), "", "Losses (killed)"]
    out.append(table(("who", "record", "10 %", "median", "90 %", "P(≥ record)", "covered"),
                     [(k, f"{v['target']:g}{'+' if v['at_least'] else ''}", f"{v['p10']:.0f}",
                       f"{v['median']:.0f}", f"{v['p90']:.0f}", f"{v['p_at_least']:.2f}",
                       "yes" if v["covered"] else "no")
                      for k, v in report["losses"].items()]))
    out.append("A figure given as a lower bound (+) is covered when at least half the runs "
               "reach it; any other when it lies between the 10 % and 90 % runs.")
    extra = [u for u in report.get("unrecorded_captures", []) if u["share"] >= 0.1]
    if extra:
        out += ["", "Places taken that the record never gives that side (share of runs): "
                + ", ".join(f"{u['place']} by {u['side']} {u['share']:.0%}" for u in extra)]
    c = report.get("conduct")
    if c:
        fire = ", ".join(f"{k} {v:.0%}" for k, v in c["fire_day_share"].items()) or "none"
        idle = ", ".join(f"{k} {v:.0%}" for k, v in c["reserve_idle_share"].items()) or "none"
        out += ["", f"Conduct (medians over the runs): {c['engagements']:g} engagement-days; "
                    f"captures {c['captures_won']:g} won in an engagement, "
                    f"{c['captures_walked_in']:g} walked into ({c['walked_in_share']:.0%}); "
                    f"days fired: {fire}; reserve days idle: {idle}"]
    out += ["", f"Fidelity {s['fidelity']:.3f} = mean of timing {s['timing']:.3f}, agreement "
                f"{s['agreement']:.3f}, losses {s['losses']:.3f}"]
    return "\n".join(out) + "\n"



def engagement_lines(e: dict[str, Any]) -> list[str]:
    """The record's engagement results under the engine's odds, in words."""
    if not e["days"]:
        return ["The record fixes no engagement result in this period."]
    return [f"Engagement results the record fixes: {e['days']}; log score under the engine's "
            f"odds {e['log_score']:.1f}, {e['per_engagement']:.2f} per engagement (a uniform "
            f"guess: {e['uniform']:.2f}); results given under 5 %: {e['under_5_percent']}"]


def format_fit(game: Game, tried: list, reports: dict[str, dict[str, Any]], args: Any) -> str:
    """``wargame calibrate``: the best candidates, the fit in and out of sample, and the
    ``rules:`` block to put in the scenario."""
    names = sorted(tried[0].params)
    out = [f"Calibration: {len(tried)} candidates x {args.runs} runs (seeds {args.seed}-"
           f"{args.seed + args.runs - 1}), fitted on {reports['in sample']['from']} to "
           f"{reports['in sample']['to']}", ""]
    out.append(table(("distance", *names),
                     [(f"{c.distance:.3f}", *(f"{c.params[n]:g}" for n in names))
                      for c in tried[:8]]))
    out += ["", f"Best: {', '.join(f'{n} = {tried[0].params[n]:g}' for n in names)}", ""]
    rows = []
    for name, r in reports.items():
        err = r["median_abs_error_days"]
        cover = ", ".join(f"{k} {v['p10']:.0f}-{v['p90']:.0f} vs {v['target']:g}"
                          for k, v in r["losses"].items())
        e = r["engagements"]
        rows.append((name, f"{r['from']} – {r['to']}", len(r["captures"]),
                     "never" if err is None else f"{err:g}", r["captures_never_made"],
                     f"{r['agreement']['median']:.1%}",
                     f"{r['agreement']['persistence']:.1%}", f"{r['agreement']['skill']:+.2f}",
                     "-" if e["per_engagement"] is None else
                     f"{e['per_engagement']:.2f} ({e['days']})", cover,
                     f"{r['score']['fidelity']:.3f}"))
    out.append(table(("period", "days", "captures", "median |err| d", "never", "place-days",
                      "unchanged", "skill", "log score/eng.", "killed 10-90 % vs record",
                      "fidelity"), rows))
    out.append("unchanged: place-days agreeing with a campaign where nothing changes hands; "
               "skill: the runs' gain over that, as a share of what it leaves (1 perfect); "
               "log score/eng.: the record's engagement results under the engine's odds per "
               "engagement (their number), a uniform guess -1.10.")
    out += ["", "# Fitted by wargame calibrate: " + "; ".join(
        f"{name} ({r['from']} to {r['to']}): median |capture-date error| "
        f"{'never' if r['median_abs_error_days'] is None else r['median_abs_error_days']} d, "
        f"place-days {r['agreement']['median']:.1%}, fidelity {r['score']['fidelity']:.3f}"
        for name, r in reports.items()), "rules:"]
    for n in names:
        out.append(f"  {n}:")
        out.append(f"    value: {tried[0].params[n]:g}")
        odds = ("the odds fitted on that period" if getattr(args, "odds", "table") == "period"
                else "the rules table's odds")
        out.append(f"    assumption: Fitted by wargame calibrate so that adjudicated replays "
                   f"reproduce the record of {reports['in sample']['from']} to "
                   f"{reports['in sample']['to']} ({len(tried)} candidates, {args.runs} runs "
                   f"each, with {odds}); the fit's figures are in the comment above.")
    return "\n".join(out) + "\n"


def format_doctrine_odds(openings: list[dict[str, Any]], sides: dict[str, dict[str, float]],
                         title: str) -> str:
    """``wargame calibrate --doctrine``: each recorded assault's opening odds, and per side
    the quartiles a doctrine's ``attack_odds`` may be written from."""
    out = [f"{title}: the odds at which each recorded assault opened", ""]
    out.append(table(("date", "place", "by", "result", "P(taken) that day",
                      "P(carried in 3 days)"),
                     [(o["date"], o["place"], o["side"], o["result"], f"{o['p_taken_day']:.2f}",
                       f"{o['carry_odds']:.2f}") for o in openings]))
    out += ["", "Per side (chance of carrying the place within 3 days at the opening):"]
    out.append(table(("side", "assaults", "least", "lower quartile", "median", "most"),
                     [(s, v["assaults"], f"{v['least']:.2f}", f"{v['lower_quartile']:.2f}",
                       f"{v['median']:.2f}", f"{v['most']:.2f}") for s, v in sides.items()]))
    out.append("A side that opened these assaults attacks at about its lower quartile: a "
               "doctrine's attack_odds, with the least to the median as its range.")
    return "\n".join(out) + "\n"
