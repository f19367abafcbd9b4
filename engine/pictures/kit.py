"""A printable tabletop kit: map board, counters, combat results table, turn track, rules.

The combat results table is the engine's own model: for each force-ratio column the engine
gives P(taken), P(stalemate), P(repulsed) (:func:`engine.combat.outcome_odds`), and a die roll
r of 1-6 stands for the engine's uniform draw at the middle of its sixth, (r - 0.5) / 6, so
each cell is the outcome the engine would pick (:func:`engine.chance.pick`) for that draw.
Played on a table with a d6, the scenario follows the engine's rules, to the die's resolution.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.offsetbox import AnnotationBbox

from engine.pictures.daymap import symbol
from engine.pictures.mapdraw import compose_map
from engine.play.replayfile import ReplayFile
from engine.scenario.rules import MOVERS, POSTURES, Rules
from engine.sim.chance import pick
from engine.sim.combat import OUTCOMES, outcome_odds
from engine.sim.game import Game
from engine.sim.verbs import VERBS

RATIOS = (0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 10.0)
A4 = (8.27, 11.69)
SHORT = {"taken": "T", "stalemate": "S", "repulsed": "R"}


def crt(rules: Rules, ratios: Sequence[float] = RATIOS) -> list[list[str]]:
    """The table's cells: row r (die 1-6), column c (ratio): the engine's outcome."""
    return [[OUTCOMES[pick(outcome_odds(ratio, rules), (roll - 0.5) / 6)] for ratio in ratios]
            for roll in range(1, 7)]


def _ratio(r: float) -> str:
    return f"1:{1 / r:g}" if r < 1 else f"{r:g}:1"


def _board(game: Game) -> list[plt.Figure]:
    fig, _ = compose_map(game.scenario)
    fig.suptitle(f"{game.scenario.title}\nmap board: holders on {game.scenario.calendar.start}",
                 fontsize=13)
    return [fig]


def _counters(game: Game) -> list[plt.Figure]:
    """Counter sheets, 4 x 5 counters a page, as many pages as the units need."""
    cols, rows, size = 4, 5, 0.2
    colours = [game.scenario.sides[s].colour for s in game.sides]
    figs: list[plt.Figure] = []
    for i, uid in enumerate(game.units):
        page, at = divmod(i, cols * rows)
        if page == len(figs):
            figs.append(plt.figure(figsize=A4))
            figs[-1].suptitle("Counter sheet (cut out; strength in people, sorties a day for "
                              "air)", fontsize=11)
        row, col = divmod(at, cols)
        x, y = 0.06 + col * 0.23, 0.86 - row * 0.17
        ax = figs[-1].add_axes((x, y - size * 0.7, size, size * 0.7))
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_facecolor("#f4f1e8")
        ax.add_artist(AnnotationBbox(symbol(game.unit_type[i], colours[game.unit_side[i]]),
                                     (0.5, 0.66), frameon=False))
        ax.text(0.5, 0.36, uid, ha="center", fontsize=8, fontweight="bold")
        speed = game.unit_speed[i]
        ax.text(0.5, 0.12, f"{game.unit_strength[i]:,}  ·  q {game.unit_quality[i]:g}  ·  "
                           f"{'air' if speed == 0 else f'{speed:g} km'}", ha="center", fontsize=7)
    return figs


def _table_page(game: Game) -> list[plt.Figure]:
    rules = game.rules
    cells = crt(rules)
    fig = plt.figure(figsize=A4)
    fig.suptitle("Combat results table (the engine's own)", fontsize=13)
    ax = fig.add_axes((0.06, 0.45, 0.88, 0.45))
    ax.axis("off")
    odds = [outcome_odds(r, rules) for r in RATIOS]
    rows = [[SHORT[c] for c in row] for row in cells]
    rows += [[f"{p[k]:.0%}" for p in odds] for k in range(3)]
    labels = [f"die {r}" for r in range(1, 7)] + ["P(T)", "P(S)", "P(R)"]
    table = ax.table(cellText=rows, rowLabels=labels, colLabels=[_ratio(r) for r in RATIOS],
                     loc="center", cellLoc="center")
    table.scale(1, 1.6)
    for (r, _c), cell in table.get_celld().items():
        if 1 <= r <= 6:
            cell.set_facecolor({"T": "#f4cccc", "S": "#fff2cc", "R": "#d9ead3"}.get(
                cell.get_text().get_text(), "white"))
    text = (
        "Columns: attacker's combat power / defender's, rounded down to a column (below 1:4 use "
        "1:4). T taken: the defenders fall back to a neighbouring place of theirs, or are lost "
        "if they have none. S stalemate: both stay, the place is contested, and the assault "
        "goes on. R repulsed: the attackers go back where they came from. The last three rows "
        "are the engine's exact probabilities; a die roll r stands for the draw (r - 0.5)/6.\n\n"
        "Combat power = strength x quality x readiness; for the defender x posture x terrain; "
        "for the attacker x support (1 + {sup:.3g} the day after its side bombarded the place) x "
        "surprise ({surp:.3g} on a day marked so) x foothold (1 + {grind:.3g} for every day the "
        "assault has already gone on without a decision).\n"
        "Posture: {post}; fortified {fort:.3g} replaces prepared in a place with works. "
        "Terrain: {terr}.\n"
        "Losses each day of fighting: the attacker loses {kr:.1%} x {ls:.3g} of its people x "
        "(defender's power / its own) ^ {ea:.3g}; the defender {dl:.3g} times that rate x "
        "(attacker's power / its own) ^ {ed:.3g}, x {sh:.3g} if prepared or fortified (power "
        "here without posture and terrain; the ratio held between 1:4 and 20:1); a fight's "
        "day n costs n^{keep:.3g} - (n-1)^{keep:.3g} of its first; at most {mx:.0%} of a side, "
        "and no more than {mi:.3g} x {ls:.3g} casualties per unit of the enemy's fighting power; "
        "{ks:.0%} of casualties killed."
    ).format(sup=rules["support"], surp=rules["surprise"], grind=rules["grind"],
             post=", ".join(f"{p} {rules[f'posture.{p}']:.3g}" for p in POSTURES),
             fort=rules["posture.fortified"],
             terr=", ".join(f"{t.split('.')[1]} {rules[t]:.3g}" for t in sorted(rules.values)
                            if t.startswith("terrain.")),
             kr=rules["kill_rate"], ls=rules["loss_scale"], ea=rules["attacker_loss_exponent"],
             dl=rules["defender_losses"], ed=rules["defender_loss_exponent"],
             sh=rules["shelter"], mx=rules["max_daily_loss"], ks=rules["killed_share"],
             keep=1 - rules["wear"], mi=rules["max_inflicted"])
    fig.text(0.07, 0.4, "\n".join(textwrap.fill(p, 95) for p in text.split("\n")),
             va="top", fontsize=8.5)
    return [fig]


def _turn_track(game: Game, rf: ReplayFile | None) -> list[plt.Figure]:
    cal = game.scenario.calendar
    events: dict[int, list[str]] = {}
    for e in rf.events if rf else ():
        events.setdefault(e.last, []).append(f"{e.text} [{e.cite()}]")
    fig = plt.figure(figsize=A4)
    fig.suptitle("Turn track (one turn is one day) with the recorded events", fontsize=12)
    per_page_rows = 31
    figs = [fig]
    y = 0.95
    for day in range(cal.turns):
        if day and day % per_page_rows == 0:
            figs.append(plt.figure(figsize=A4))
            y = 0.97
        _track_row(figs[-1], day, cal.date_of(day), events.get(day, []), y)
        y -= 0.0295
    return figs


def _track_row(fig: plt.Figure, day: int, date, events: list[str], y: float) -> None:
    fig.text(0.05, y, f"\u25a1 {day + 1:>2}  {date:%a %d %b}", fontsize=7.5, family="monospace",
             va="top")
    line = "; ".join(events)
    fig.text(0.27, y, textwrap.shorten(line, 118, placeholder=" ...") if line else "",
             fontsize=6.5, va="top")


def _rules_page(game: Game) -> list[plt.Figure]:
    r = game.rules
    speeds = ", ".join(f"{m.replace('_', ' ')} {r[f'speed.{m}']:g}" for m in MOVERS)
    roads = ", ".join(f"{c.split('.')[1].replace('_', ' ')} x{r[c]:g}" for c in sorted(r.values)
                      if c.startswith("road."))
    paragraphs = [
        "RULES SUMMARY. One turn is one day. Both sides write their orders, then resolve in "
        "this order.",
        "ORDERS, one per unit a turn, written VERB UNIT PLACE: " + "; ".join(
            f"{v.name.upper()} {v.text}" for v in VERBS.values()) + ".",
        "1 MOVEMENT. A unit "
        f"moves along the cheapest roads up to its daily allowance in highway km ({speeds}), "
        f"road classes slowing it ({roads}). It stops when it enters a place that is "
        "contested or has enemy troops in it: that is an attack. An empty enemy place is "
        "taken on the march.",
        "2 ENGAGEMENTS. Wherever both sides stand, the holder defends. Compute the power "
        "ratio, roll a d6 on the combat results table, apply the result and the losses. A "
        "contested place fights again next day.",
        f"3 BOMBARDMENT. Air units strike any place within {r['air_radius_km']:g} km, "
        f"artillery within {r['artillery_range_km']:g} km ({r['artillery_fire']:g} "
        f"sortie-equivalents per gunner). Each sortie: {r['sortie_casualties']:g} casualties "
        f"among the troops there, {r['sortie_civilians']:g} civilians killed in a place of "
        f"{r['population_reference']:,.0f} people or more (fewer in smaller ones); "
        f"{r['flight_rate']:.0%} of the people flee each day; defenders lose readiness; "
        "attackers get support next day.",
        f"4 SUPPLY. Trace from your sources through places you hold uncontested. Out of "
        f"supply: readiness -{r['readiness_loss']:g} a day down to {r['readiness_floor']:g}, "
        f"then {r['unsupplied_attrition']:.0%} of the unit a day. In supply and not "
        f"bombarded: readiness +{r['readiness_recovery']:g}.",
        "5 CONTROL. A place changes hands when its holder has no unit in it and the other "
        "side has one there (or marched through it). Both sides present: contested. "
        "Reinforcements arrive on their date.",
        "VICTORY. Each objective met at the end scores its points (see the scenario's "
        "objectives).",
    ]
    text = "\n\n".join(paragraphs)
    fig = plt.figure(figsize=A4)
    fig.text(0.06, 0.96, "\n".join(textwrap.fill(p, 100) if p else "" for p in text.split("\n")),
             va="top", fontsize=8.5)
    return [fig]


def kit_pages(game: Game, rf: ReplayFile | None) -> list[plt.Figure]:
    """The kit's pages as figures (the caller closes them)."""
    return [*_board(game), *_counters(game), *_table_page(game), *_turn_track(game, rf),
            *_rules_page(game)]


def render_kit(game: Game, rf: ReplayFile | None) -> bytes:
    buffer = io.BytesIO()
    figs = kit_pages(game, rf)
    try:
        with PdfPages(buffer) as pdf:
            for fig in figs:
                pdf.savefig(fig)
    finally:
        for fig in figs:
            plt.close(fig)
    return buffer.getvalue()
