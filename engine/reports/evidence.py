"""The combat model's fit to evidence, as text: ``wargame calibrate``'s first part."""

from __future__ import annotations

from typing import Any

from engine.util.text import table


def _f(x: float | None, fmt: str = ".2f") -> str:
    return "-" if x is None else format(x, fmt)


def format_evidence(report: dict[str, Any], title: str) -> str:
    """The odds fit (parameters with 90 % intervals, in and out of sample), the loss fit and
    the civilian toll, each beside its reference (uniform guess, base rate, constant)."""
    odds = report["odds"]
    period, whole = odds["period"], odds["whole"]
    out = [f"The combat model fitted to evidence: {title}", "",
           "Daily odds: posterior mode and 90 % interval (Laplace), fitted on CDB90's battles "
           "and the record's engagements; 'period' is the fit on the calibration period only.",
           ""]
    out.append(table(("parameter", "fit", "5 %", "95 %", "period fit", "in force", "prior"),
                     [(p["name"], _f(p["value"], ".3g"), _f(p["low"], ".3g"),
                       _f(p["high"], ".3g"), _f(p["period_value"], ".3g"),
                       _f(p["in_force"], ".3g"), _f(p["prior"], ".3g"))
                      for p in odds["parameters"]]))
    out += ["", "Log score per engagement-day of the record (higher is better; a uniform "
                f"guess scores {odds['uniform']:.2f}):", ""]
    out.append(table(("fit on", "scored on", "days", "log score"), [
        ("calibration period", "calibration period (in sample)", period["days"],
         _f(period["in_sample"])),
        ("calibration period", "the rest of the record (out of sample)",
         period["out_of_sample_days"], _f(period["out_of_sample"])),
        ("whole record", "whole record (in sample)", whole["days"], _f(whole["in_sample"])),
        ("all but one fight", "the fight left out, each in turn", whole["days"],
         _f(whole["leave_one_out"])),
    ]))
    out += ["", "Each fight of the record left out in turn (log score of its days):", ""]
    out.append(table(("fight", "first day", "days", "result", "in sample", "left out",
                      "uniform"),
                     [(r["fight"], r["day"], r["days"], r["result"], _f(r["in_sample"]),
                       _f(r["out_of_sample"]), _f(r["uniform"]))
                      for r in odds["leave_one_out"]]))
    cv = odds["cdb90_cross_validation"]
    if cv:
        out += ["", f"CDB90, {cv['folds']}-fold cross-validation over {cv['battles']} battles, "
                    f"P(taken): Brier {cv['brier']:.3f} (base rate {cv['brier_base_rate']:.3f}),"
                    f" log score {cv['log_score']:.3f} (base rate "
                    f"{cv['log_score_base_rate']:.3f}) per battle"]
    losses = report["losses"]
    if "error" in losses:
        out += ["", f"Losses: not fitted ({losses['error']})"]
    else:
        cvl = losses["cross_validation"]

        def band(v: tuple[float, float, float]) -> str:
            return f"{v[0]:.3f} ({v[1]:.3f} – {v[2]:.3f})"
        out += ["", f"Daily losses, least squares on {losses['battles']} CDB90 battles "
                    "(90 % intervals):",
                f"  kill_rate {losses['kill_rate']:.3f}, defender_losses "
                f"{losses['defender_losses']:.2f}, attacker_loss_exponent "
                f"{band(losses['attacker_loss_exponent'])}, defender_loss_exponent "
                f"{band(losses['defender_loss_exponent'])}, shelter "
                f"{band(losses['shelter'])}, wear {band(losses['wear'])}",
                f"  10-fold RMSE of log daily loss fraction: attacker {cvl['rmse_attacker']:.3f}"
                f" (a constant: {cvl['rmse_attacker_constant']:.3f}), defender "
                f"{cvl['rmse_defender']:.3f} (a constant: {cvl['rmse_defender_constant']:.3f})"]
    toll = report["toll"]
    if "error" in toll:
        out += ["", f"Civilian toll: not fitted ({toll['error']})"]
    else:
        later = toll["out_of_sample_days"]
        out += ["", f"Civilian toll of a day's strikes, negative binomial on {toll['spans']} "
                    f"tolls of the calibration period ({toll['days']:g} strike-days): mean "
                    f"{toll['mean']:.1f}, civilian_dispersion {toll['dispersion']:.2f}; one "
                    f"day's 10–90 %: {toll['p10']:g} – {toll['p90']:g}",
                f"  later one-day tolls {later or 'none'}: {toll['out_of_sample_inside']} of "
                f"{len(later)} inside that band"]
        whole = toll.get("whole_record")
        if whole:
            out.append(f"  the whole record's {whole['spans']} tolls: mean {whole['mean']:.1f}, "
                       f"civilian_dispersion {whole['dispersion']:.2f} (the rules table's); one "
                       f"day's 10–90 %: {whole['p10']:g} – {whole['p90']:g}")
    return "\n".join(out) + "\n"
