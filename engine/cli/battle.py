"""``wargame battle``: the combat model's odds for one assault, or for a CSV of them."""

from __future__ import annotations

import argparse
import csv
import io
import math
import sys

from engine.cli.args import at_most
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
    b.add_argument("--posture", choices=DEFENCES, default="prepared",
                   help="the defender's posture (default prepared)")
    b.add_argument("--terrain", choices=TERRAINS, default="open",
                   help="the ground (default open)")
    b.add_argument("--days", type=at_most(366), default=1,
                   help="days of continued assault (default 1)")
    b.add_argument("--surprise", action="store_true",
                   help="the attacker surprises the defender on the first day")
    b.add_argument("--support", action="store_true",
                   help="the attacker's side bombarded the place the day before")
    b.add_argument("--rules", metavar="SCENARIO",
                   help="use this scenario's rules (default: the engine's table)")
    b.add_argument("--batch", metavar="IN.csv",
                   help=f"many assaults: columns {', '.join(IN_COLUMNS)} (surprise 0 or 1)")
    b.add_argument("--out", metavar="OUT.csv",
                   help="with --batch: where to write the rows with "
                        f"{', '.join(OUT_COLUMNS)} added (default: standard output)")
    b.add_argument("--json", action="store_true", help="print the answer as JSON")
    b.set_defaults(run=cmd_battle)


def _people(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of people") from None
    if not (math.isfinite(v) and 0 <= v <= 1e9):
        raise argparse.ArgumentTypeError(f"'{text}' must be from 0 to 1e9 people")
    return v


def cmd_battle(args: argparse.Namespace) -> int:
    from engine.scenario.rules import Rules
    from engine.sim.battle import Assault, battle

    rules = Rules()
    if args.rules:
        from engine.scenario.loader import load_scenario
        rules = load_scenario(args.rules).rules
    if args.batch:
        if args.attacker is not None or args.defender is not None:
            raise WargameError("give either --batch or --attacker and --defender, not both")
        return _batch(args, rules)
    if args.out:
        raise WargameError("--out goes with --batch")
    if args.attacker is None or args.defender is None:
        raise WargameError("give --attacker and --defender (people), or --batch IN.csv")
    a = Assault(args.attacker, args.defender, args.posture, args.terrain, args.days,
                args.surprise, args.support)
    b = battle(a, rules)
    if args.json:
        sys.stdout.write(readable({"assault": a.__dict__, "odds": b.__dict__}))
        return 0
    how = ", ".join(x for x in ("by surprise" if a.surprise else "",
                                "with bombardment support" if a.support else "") if x)
    print(f"{a.attacker:,.0f} attack {a.defender:,.0f} ({a.posture} defence, {a.terrain}) "
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
    text = read_text(args.batch)
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in IN_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise WargameError(f"{args.batch}:1: the header lacks {', '.join(missing)}; the "
                           f"columns are {', '.join(IN_COLUMNS)}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow((*IN_COLUMNS, *OUT_COLUMNS))
    for n, row in enumerate(reader):
        line = reader.line_num
        if n >= MAX_ROWS:
            raise WargameError(f"{args.batch}:{line}: more than {MAX_ROWS:,} rows; split the "
                               "file")
        try:
            a = Assault(_number(row, "attacker"), _number(row, "defender"),
                        (row["posture"] or "").strip(), (row["terrain"] or "").strip(),
                        int(_number(row, "days", whole=True)), _flag(row["surprise"]))
        except (ValueError, TypeError) as exc:
            raise WargameError(f"{args.batch}:{line}: {exc}; fix the row (columns "
                               f"{', '.join(IN_COLUMNS)})") from None
        b = battle(a, rules)  # type: ignore[arg-type]
        writer.writerow((row["id"], _g(a.attacker), _g(a.defender), a.posture, a.terrain,
                         a.days, int(a.surprise), *(f"{x:.6f}" for x in
                                                    (b.p_taken, b.p_stalemate, b.p_repulsed)),
                         f"{b.attacker_killed:.1f}", f"{b.defender_killed:.1f}"))
    if args.out:
        write_atomic(args.out, out.getvalue())
        print(f"written: {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(out.getvalue())
    return 0


def _g(x: float) -> str:
    return f"{x:g}"


def _number(row: dict, key: str, whole: bool = False) -> float:
    text = (row.get(key) or "").strip()
    try:
        v = float(text)
    except ValueError:
        raise ValueError(f"{key} '{text}' is not a number") from None
    if not math.isfinite(v) or v < 0 or v > 1e9:
        raise ValueError(f"{key} {text} must be from 0 to 1e9")
    if whole and v != int(v):
        raise ValueError(f"{key} {text} must be a whole number")
    return v


def _flag(text: str | None) -> bool:
    t = (text or "").strip()
    if t not in ("0", "1"):
        raise ValueError(f"surprise '{t}' must be 0 or 1")
    return t == "1"
