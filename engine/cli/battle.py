"""``wargame battle``: the combat model's odds for one assault, or for a CSV of them."""

from __future__ import annotations

import argparse
import csv
import io
import math
import sys

from engine.cli.args import at_most, told_written
from engine.errors import WargameError
from engine.util.canonical import readable

#: The columns a batch file must have, and those the answer adds.
IN_COLUMNS = ("id", "attacker", "defender", "posture", "terrain", "days", "surprise")
OUT_COLUMNS = ("p_taken", "p_stalemate", "p_repulsed", "attacker_killed", "defender_killed")
MAX_ROWS = 1_000_000


def add_commands(sub: argparse._SubParsersAction) -> None:
    """The commands of this group, on the ``wargame`` parser."""
    from engine.scenario.rules import TERRAINS
    from engine.sim.battle import DEFENCES

    b = sub.add_parser(
        "battle", help="the odds of one assault (or a CSV of them) under the combat model",
        description="P(taken within DAYS of continued assault), P(held), P(repulsed) and the "
                    "expected killed of each side. Example: wargame battle --attacker 3000 "
                    "--defender 800 --posture prepared --terrain urban --days 7")
    b.add_argument("--attacker", type=_people, help="attacking people")
    b.add_argument("--defender", type=_people, help="defending people")
    b.add_argument("--posture", choices=DEFENCES,
                   help="the defender's posture (default prepared)")
    b.add_argument("--terrain", choices=TERRAINS, help="the ground (default open)")
    b.add_argument("--days", type=at_most(366), help="days of continued assault (default 1)")
    b.add_argument("--surprise", action="store_true",
                   help="the attacker surprises the defender on the first day")
    b.add_argument("--support", action="store_true",
                   help="the attacker's side bombarded the place the day before")
    b.add_argument("--rules", metavar="SCENARIO",
                   help="use this scenario's rules (default: the engine's table)")
    b.add_argument("--batch", metavar="IN.csv",
                   help=f"many assaults: columns {', '.join(IN_COLUMNS)} (surprise 0 or 1), "
                        "and optionally support (0 or 1)")
    b.add_argument("--out", metavar="OUT.csv",
                   help="with --batch: where to write the rows with "
                        f"{', '.join(OUT_COLUMNS)} added (default: standard output)")
    b.add_argument("--json", action="store_true", help="print the answer as JSON")
    b.set_defaults(run=cmd_battle)


def _people(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a number of people") from None
    if not (math.isfinite(v) and 0 <= v <= 1e9):
        raise argparse.ArgumentTypeError(f"{text[:40]!r} must be from 0 to 1e9 people")
    return v


def cmd_battle(args: argparse.Namespace) -> int:
    from engine.scenario.rules import Rules
    from engine.sim.battle import Assault, battle

    rules = Rules()
    if args.rules:
        from engine.scenario.loader import load_scenario
        rules = load_scenario(args.rules).rules
    if args.batch:
        given = [o for o, v in (("--attacker", args.attacker), ("--defender", args.defender),
                                ("--posture", args.posture), ("--terrain", args.terrain),
                                ("--days", args.days), ("--surprise", args.surprise or None),
                                ("--support", args.support or None), ("--json", args.json or None))
                 if v is not None]
        if given:
            raise WargameError(f"{given[0]} does not go with --batch: each row of the file "
                               "gives its own assault")
        return _batch(args, rules)
    if args.out:
        raise WargameError("--out goes with --batch")
    if args.attacker is None or args.defender is None:
        raise WargameError("give --attacker and --defender (people), or --batch IN.csv")
    try:
        a = Assault(args.attacker, args.defender, args.posture or "prepared",
                    args.terrain or "open", args.days or 1, args.surprise, args.support)
    except ValueError as exc:
        raise WargameError(f"wargame battle: {exc}") from None
    b = battle(a, rules)
    if args.json:
        sys.stdout.write(readable({"assault": a.__dict__, "odds": b.__dict__}))
        return 0
    how = ", ".join(x for x in ("by surprise" if a.surprise else "",
                                "with bombardment support" if a.support else "") if x)
    print(f"{a.attacker:,.6g} attack {a.defender:,.6g} ({a.posture} defence, {a.terrain}) "
          f"for up to {a.days} day{'s' if a.days != 1 else ''}{', ' + how if how else ''}:")
    print(f"  taken     {b.p_taken:6.1%}")
    print(f"  held      {b.p_stalemate:6.1%}  (still contested, not repulsed)")
    print(f"  repulsed  {b.p_repulsed:6.1%}")
    print(f"  expected killed: attacker {b.attacker_killed:,.0f}, defender "
          f"{b.defender_killed:,.0f}")
    return 0


def _batch(args: argparse.Namespace, rules: object) -> int:
    from engine.scenario.yamlsrc import read_text
    from engine.sim.battle import Assault, battle
    from engine.util.atomic import check_not_input, check_suffix, write_atomic

    if args.out:
        check_suffix(args.out, (".csv",), "--out")
        check_not_input(args.out, args.batch)
    where = args.batch
    rows = csv.reader(read_text(where).lstrip("\ufeff").splitlines())
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    try:
        header = [h.strip() for h in next(rows, [])]
        missing = [c for c in IN_COLUMNS if c not in header]
        if missing or len(set(header)) != len(header):
            why = f"lacks {', '.join(missing)}" if missing else "names a column twice"
            raise WargameError(f"{where}:1: the header {why}; the columns are "
                               f"{', '.join(IN_COLUMNS)} (and optionally support)")
        writer.writerow((*IN_COLUMNS, *(("support",) if "support" in header else ()),
                         *OUT_COLUMNS))
        n = 0
        for fields in rows:
            line = rows.line_num
            if not any(f.strip() for f in fields):
                continue
            n += 1
            if n > MAX_ROWS:
                raise WargameError(f"{where}:{line}: more than {MAX_ROWS:,} rows; split the "
                                   "file")
            if len(fields) != len(header):
                raise WargameError(f"{where}:{line}: {len(fields)} fields where the header has "
                                   f"{len(header)}; fix the row")
            row = dict(zip(header, fields, strict=True))
            try:
                support = _flag(row, "support") if "support" in row else False
                a = Assault(_number(row, "attacker"), _number(row, "defender"),
                            row["posture"].strip(), row["terrain"].strip(),
                            int(_number(row, "days", whole=True, most=366)),
                            _flag(row, "surprise"),
                            support)
            except ValueError as exc:
                raise WargameError(f"{where}:{line}: {exc}; fix the row (columns "
                                   f"{', '.join(IN_COLUMNS)})") from None
            b = battle(a, rules)  # type: ignore[arg-type]
            writer.writerow((row["id"], _g(a.attacker), _g(a.defender), a.posture, a.terrain,
                             a.days, int(a.surprise),
                             *((int(a.support),) if "support" in row else ()),
                             *(f"{x:.6f}" for x in (b.p_taken, b.p_stalemate, b.p_repulsed)),
                             f"{b.attacker_killed:.1f}", f"{b.defender_killed:.1f}"))
    except csv.Error as exc:
        raise WargameError(f"{where}:{rows.line_num}: not a CSV row ({exc})") from None
    if not n:
        raise WargameError(f"{where}: no assaults after the header; add a row per assault")
    if args.out:
        write_atomic(args.out, out.getvalue())
        told_written(args.out)
    else:
        sys.stdout.write(out.getvalue())
    return 0


def _g(x: float) -> str:
    return f"{x:g}"


def _number(row: dict, key: str, whole: bool = False, most: float = 1e9) -> float:
    text = row[key].strip()
    shown = text[:40]
    try:
        v = float(text)
    except ValueError:
        raise ValueError(f"{key} {shown!r} is not a number") from None
    if not math.isfinite(v) or v < 0 or v > most:
        raise ValueError(f"{key} {shown} must be from 0 to {most:,.0f}")
    if whole and v != int(v):
        raise ValueError(f"{key} {shown} must be a whole number")
    return v


def _flag(row: dict, key: str) -> bool:
    t = row[key].strip()
    if t not in ("0", "1"):
        raise ValueError(f"{key} {t[:40]!r} must be 0 or 1")
    return t == "1"
