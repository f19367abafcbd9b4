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
from engine.pictures.mapdraw import compose_map, map_points
from engine.play.replayfile import ReplayFile
from engine.scenario.rules import MOVERS, POSTURES, Rules
from engine.sim.chance import pick
from engine.sim.combat import OUTCOMES, outcome_odds
from engine.sim.game import Game
from engine.sim.verbs import VERBS

RATIOS = (0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 10.0)
#: Paper sizes in inches, portrait: ISO A4 and US Letter.
PAPERS = {"a4": (8.27, 11.69), "letter": (8.5, 11.0)}
A4 = PAPERS["a4"]
SHORT = {"taken": "T", "stalemate": "S", "repulsed": "R"}
#: The strength steps a counter shows, as shares of its starting strength.
STEPS = (1.0, 0.75, 0.5, 0.25)


def crt(rules: Rules, ratios: Sequence[float] = RATIOS) -> list[list[str]]:
    """The table's cells: row r (die 1-6), column c (ratio): the engine's outcome."""
    return [[OUTCOMES[pick(outcome_odds(ratio, rules), (roll - 0.5) / 6)] for ratio in ratios]
            for roll in range(1, 7)]


def _ratio(r: float) -> str:
    return f"1:{1 / r:g}" if r < 1 else f"{r:g}:1"


def counter_numbers(game: Game) -> dict[int, int]:
    """Each unit's counter number (1, 2, ...), in the scenario's order: what the board's
    set-up marks and the counters carry."""
    return {u: u + 1 for u in range(len(game.units))}


def _board(game: Game, paper: tuple[float, float]) -> list[plt.Figure]:
    """The theatre on one landscape page: holders on the first day, each road's length in
    km at its middle, and by each place the numbers of the counters that start there
    (reinforcements in brackets, with their day)."""
    s = game.scenario
    fig, _ = compose_map(s)
    fig.set_size_inches(paper[1], paper[0])
    fig.suptitle(f"{s.title}\nmap board: holders on {s.calendar.start}; road km; counters "
                 "set up by number ([n dD]: arrives on day D)", fontsize=10)
    points = map_points(s)
    numbers = counter_numbers(game)
    starts: dict[str, list[str]] = {}
    for u, uid in enumerate(game.units):
        unit = s.units[uid]
        mark = str(numbers[u]) if unit.arrives is None else \
            f"[{numbers[u]} d{(unit.arrives - s.calendar.start).days + 1}]"
        starts.setdefault(unit.place, []).append(mark)
    for ax in fig.axes:
        if ax.get_title() not in ("whole theatre", "detail"):
            continue
        x0, x1 = ax.get_xlim()
        y0, y1 = ax.get_ylim()
        inside = [p for p, (x, y) in points.items() if x0 <= x <= x1 and y0 <= y <= y1]
        for road in s.roads:
            if road.a in inside and road.b in inside:
                (xa, ya), (xb, yb) = points[road.a], points[road.b]
                ax.text((xa + xb) / 2, (ya + yb) / 2, f"{road.length_km:.0f}", fontsize=5,
                        color="#555555", ha="center", va="center", zorder=6,
                        bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none",
                              "alpha": 0.7})
        for place, marks in starts.items():
            if place in inside:
                x, y = points[place]
                ax.annotate(" ".join(marks), (x, y), xytext=(0, -9), textcoords="offset points",
                            fontsize=5.5, ha="center", va="top", color="#222222", zorder=7,
                            bbox={"boxstyle": "square,pad=0.15", "fc": "#ffffcc",
                                  "ec": "#999999", "lw": 0.4})
    fig.tight_layout(rect=(0, 0.08, 1, 0.93))
    return [fig]


def strength_steps(strength: int) -> list[int]:
    """The strengths a counter's track marks: its starting strength and fixed shares of it
    (:data:`STEPS`), so a player strikes out a box as losses pass each."""
    return [max(1, round(strength * share)) for share in STEPS]


def _counters(game: Game, paper: tuple[float, float]) -> list[plt.Figure]:
    """Counter sheets, 4 x 5 counters a page, as many pages as the units need: each with
    its number, its name as the scenario gives it, its side's symbol, where it starts (and
    the day it arrives), quality and march, and a strength track to strike out."""
    cols, rows = 4, 5
    s = game.scenario
    colours = [s.sides[side].colour for side in game.sides]
    numbers = counter_numbers(game)
    figs: list[plt.Figure] = []
    for i, uid in enumerate(game.units):
        page, at = divmod(i, cols * rows)
        if page == len(figs):
            figs.append(plt.figure(figsize=paper))
            figs[-1].suptitle("Counter sheet: cut out. Strength in people (air: sorties a "
                              "day); strike out a box as the unit falls below it", fontsize=10)
        row, col = divmod(at, cols)
        x, y = 0.05 + col * 0.235, 0.88 - row * 0.175
        ax = figs[-1].add_axes((x, y - 0.155, 0.215, 0.155))
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_facecolor("#f4f1e8")
        unit = s.units[uid]
        ax.text(0.04, 0.93, f"#{numbers[i]}", fontsize=7, fontweight="bold", va="top")
        ax.text(0.96, 0.93, game.sides[game.unit_side[i]], fontsize=6, ha="right", va="top")
        ax.add_artist(AnnotationBbox(symbol(game.unit_type[i], colours[game.unit_side[i]]),
                                     (0.5, 0.72), frameon=False))
        ax.text(0.5, 0.53, "\n".join(textwrap.wrap(unit.name, 28)[:2]), ha="center",
                va="center", fontsize=6, fontweight="bold", linespacing=1.1)
        start = s.places[unit.place].name
        when = "" if unit.arrives is None else \
            f", day {(unit.arrives - s.calendar.start).days + 1}"
        ax.text(0.5, 0.40, textwrap.shorten(f"starts: {start}{when}", 40, placeholder="..."),
                ha="center", fontsize=5.5)
        speed = game.unit_speed[i]
        ax.text(0.5, 0.30, f"quality {game.unit_quality[i]:g}  ·  readiness "
                           f"{game.unit_readiness[i]:g}", ha="center", fontsize=5.5)
        ax.text(0.5, 0.21, "air: strikes, does not march" if speed == 0 else
                f"march {speed:g} highway km a day", ha="center", fontsize=5.5)
        for k, step in enumerate(strength_steps(game.unit_strength[i])):
            ax.text(0.13 + 0.245 * k, 0.07, f"\u25a1{step:,}", ha="center", fontsize=6)
    return figs


def _places_page(game: Game, paper: tuple[float, float]) -> list[plt.Figure]:
    """What the board cannot show at each place: its terrain (and the factor a defender
    there gets), built works, people, first holder and whether it is a supply source; as
    many pages as the places need."""
    s, r = game.scenario, game.rules
    sources = {src.place: side for side, d in s.sides.items() for src in d.supply_sources}
    rows = []
    for pid, place in sorted(s.places.items(), key=lambda kv: kv[1].name.lower()):
        factor = r[f"terrain.{place.terrain}"] if f"terrain.{place.terrain}" in r.values else 1.0
        people = f"{place.population.value:,.0f}" if place.population else "-"
        rows.append([place.name, f"{place.terrain} x{factor:.2f}", "yes" if place.works else "",
                     people, place.holder.side + (" (contested)" if place.holder.contested
                                                  else ""), sources.get(pid, "")])
    per_page = 46
    figs = []
    for first in range(0, len(rows), per_page):
        fig = plt.figure(figsize=paper)
        fig.suptitle("Places: terrain (defence factor), works, people, first holder, supply",
                     fontsize=11)
        ax = fig.add_axes((0.05, 0.04, 0.9, 0.9))
        ax.axis("off")
        table = ax.table(cellText=rows[first:first + per_page], loc="upper center",
                         colLabels=["place", "terrain", "works", "people", "held by",
                                    "supply source of"], cellLoc="left",
                         colWidths=[0.34, 0.15, 0.08, 0.12, 0.17, 0.14])
        table.auto_set_font_size(False)
        table.set_fontsize(6.5)
        table.scale(1, 1.15)
        figs.append(fig)
    return figs


def _table_page(game: Game, paper: tuple[float, float]) -> list[plt.Figure]:
    rules = game.rules
    cells = crt(rules)
    fig = plt.figure(figsize=paper)
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


#: The turn track's rows: a line's height as a share of the page, and its width in letters.
TRACK_LINE, TRACK_WIDTH = 0.0135, 112


def _turn_track(game: Game, rf: ReplayFile | None, paper: tuple[float, float]
                ) -> list[plt.Figure]:
    """A box a day to tick, with each recorded event in full and its seed line: as many
    pages as the text needs."""
    cal = game.scenario.calendar
    events: dict[int, list[str]] = {}
    for e in rf.events if rf else ():
        events.setdefault(e.last, []).append(f"{e.text} [{e.cite()}]")
    figs = [plt.figure(figsize=paper)]
    figs[0].suptitle("Turn track (one turn is one day) with the recorded events", fontsize=12)
    y = 0.95
    for day in range(cal.turns):
        lines = [line for text in events.get(day, [])
                 for line in textwrap.wrap(text, TRACK_WIDTH)] or [""]
        if y - TRACK_LINE * (len(lines) + 0.6) < 0.03:
            figs.append(plt.figure(figsize=paper))
            y = 0.97
        figs[-1].text(0.05, y, f"\u25a1 {day + 1:>2}  {cal.date_of(day):%a %d %b}",
                      fontsize=7.5, family="monospace", va="top")
        figs[-1].text(0.27, y, "\n".join(lines), fontsize=6.5, va="top", linespacing=1.25)
        y -= TRACK_LINE * (len(lines) + 0.6)
    return figs


def _sequence_page(game: Game, paper: tuple[float, float]) -> list[plt.Figure]:
    """The sequence of play on one page, to keep beside the board."""
    s = game.scenario
    sides = " and ".join(s.sides[side].name for side in game.sides)
    steps = [
        "SET UP. Place each side's counters on the board by number (the yellow boxes: a "
        "number in brackets arrives later, on the day shown). Every place is held by the side "
        "whose colour it shows. Put a marker on day 1 of the turn track.",
        f"EACH TURN (one day), {sides}:",
        "1. ORDERS. Each side writes one order for each unit it wants to act: MOVE, ATTACK, "
        "WITHDRAW, HOLD or BOMBARD, with a place (see the rules page). A march stands until "
        "done: write it again only to change it. Reinforcements due today are placed first.",
        "2. MOVEMENT. Move each marching unit along the cheapest roads up to its march in "
        "highway km (on its counter; roads of lower class cost more, see the rules page). "
        "Road lengths are on the board. A unit stops on entering a place with enemy troops or "
        "a contested one.",
        "3. ENGAGEMENTS. In each place where both sides stand: total each side's power "
        "(strength x quality, the defender x posture x terrain), find the column of their "
        "ratio, roll a d6 on the combat results table: T the defenders fall back, S both stay "
        "and the place is contested, R the attackers go back. Take the losses by the rules page "
        "and strike out strength boxes.",
        "4. BOMBARDMENT. Each air or artillery unit with a BOMBARD order strikes a place in "
        "range: losses, civilians killed and people fleeing by the rules page.",
        "5. SUPPLY. Trace each unit back to a supply source through places its side holds "
        "uncontested; mark those that cannot.",
        "6. CONTROL. A place whose holder has no unit left in it, with the enemy there, "
        "changes hands; both present: contested.",
        "7. END OF DAY. Move the marker on the turn track; read the day's recorded events to "
        "compare your war with the record. Keep each unit's readiness and posture (moving, "
        "hasty, prepared: see the rules page) on a slip beside its counter; strength on its "
        "track.",
        "VICTORY. At the end, each objective met scores its points: " + "; ".join(
            f"{s.sides[o.side].name}: {o.kind.replace('_', ' ')} "
            f"{s.places[o.place].name if o.place else s.routes[str(o.route)].name} "
            f"({o.points:g})" for o in s.objectives.values()) + ".",
    ]
    fig = plt.figure(figsize=paper)
    fig.suptitle("Sequence of play", fontsize=13)
    fig.text(0.07, 0.93, "\n\n".join(textwrap.fill(step, 95) for step in steps), va="top",
             fontsize=9)
    return [fig]


def _rules_page(game: Game, paper: tuple[float, float]) -> list[plt.Figure]:
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
        "taken on the march. POSTURE (the defender's factor, on the combat page): a unit that "
        "marched today is moving; one that marched yesterday and stands today is hasty; any "
        "other is prepared (fortified in a place with works). Every unit starts prepared.",
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
    fig = plt.figure(figsize=paper)
    fig.text(0.06, 0.96, "\n".join(textwrap.fill(p, 100) if p else "" for p in text.split("\n")),
             va="top", fontsize=8.5)
    return [fig]


def kit_pages(game: Game, rf: ReplayFile | None, paper: str = "a4") -> list[plt.Figure]:
    """The kit's pages as figures, each the size of ``paper`` (:data:`PAPERS`; the board
    landscape); the caller closes them."""
    size = PAPERS[paper]
    return [*_board(game, size), *_sequence_page(game, size), *_places_page(game, size),
            *_counters(game, size), *_table_page(game, size), *_turn_track(game, rf, size),
            *_rules_page(game, size)]


def render_kit(game: Game, rf: ReplayFile | None, paper: str = "a4") -> bytes:
    buffer = io.BytesIO()
    figs = kit_pages(game, rf, paper)
    try:
        with PdfPages(buffer) as pdf:
            for fig in figs:
                pdf.savefig(fig)
    finally:
        for fig in figs:
            plt.close(fig)
    return buffer.getvalue()
