"""One turn (one day): both sides' orders resolved at once, in a fixed order of phases.

1. **Movement.** Units march along the cheapest roads, as far as their daily allowance
   (speed by type, slowed by road class). A unit stops when it enters a place that was
   contested or had enemy troops in it at dawn: that is an attack on it. An enemy place
   with nobody in it is taken on the march: a column does not halt at every empty village.
2. **Engagements** in every place where both sides now stand (an ordered attack, a march
   into enemy ground, or a fight that goes on). The holder's units defend. Odds come from
   the force ratio (:mod:`engine.combat`); one outcome is drawn or forced; casualties follow
   the square law. Defenders of a place taken fall back to a neighbouring place of theirs
   (or are lost, dispersed, if they have none); repulsed attackers fall back to where they
   came from.
3. **Bombardment** by air and artillery: casualties among enemy troops and a loss of their
   readiness (no recovery that day), civilians killed and people fleeing in populated
   places, and support for the next day's assault there.
4. **Supply**, traced from each side's sources through places it holds uncontested.
   Unsupplied units lose readiness, then people. Places cut off are marked besieged.
5. **Control, arrivals and the calendar.** A place changes holder only when its holder has
   no unit in it and the other side has one there, or marched through it that day; it is
   contested while both have. Reinforcements due tomorrow appear; commanders' recorded
   fates are logged.

Units are always taken in id order and places in id order, so a turn is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from engine.scenario.rules import POSTURES
from engine.sim import combat
from engine.sim.chance import BOMBARDMENT, ENGAGEMENT, Force, Outcome, pick, stream
from engine.sim.game import Game
from engine.sim.orders import Order, check_orders, enemy_present
from engine.sim.state import NOWHERE, Event, State

MOVING, HASTY, PREPARED = (POSTURES.index(p) for p in ("moving", "hasty", "prepared"))
_EPS = 1e-9


@dataclass(frozen=True)
class TurnResult:
    state: State
    orders: tuple[Order, ...]                    # the orders carried out
    rejected: tuple[tuple[Order, str], ...]      # orders refused, with the reason
    outcomes: tuple[Outcome, ...]                # what chance (or the record) decided


def play_turn(game: Game, state: State, orders: Iterable[Order], key: int,
              forced: Mapping[tuple, Force] | None = None) -> TurnResult:
    """Resolve one day. ``key`` is the campaign's chance key (:func:`campaign_key`);
    ``forced`` maps an outcome key ``(day, kind, place, side)`` to what must happen."""
    forced = forced or {}
    st = state.copy()
    day = st.day
    ok, rejected = check_orders(game, state, None, orders)
    accepted = {game.unit_index[o.unit]: o for o in ok}
    origin = st.place[:]
    passed = _movement(game, st, accepted)
    outcomes = _engagements(game, st, origin, key, forced)
    outcomes += _bombardment(game, st, accepted, key, forced)
    _supply(game, st)
    thrown = {game.unit_index[name] for e in st.log[len(state.log):]
              if e.kind in ("fall_back", "dispersed") for name in e.units}
    _control(game, st, passed, thrown)
    st.day = day + 1
    _arrivals(game, st)
    return TurnResult(st, tuple(accepted[u] for u in sorted(accepted)), tuple(rejected),
                      tuple(outcomes))


def _log(game: Game, st: State, kind: str, place: int | None, text: str,
         units: Iterable[int] = ()) -> None:
    st.log.append(Event(st.day, kind, game.places[place] if place is not None else None, text,
                        tuple(game.units[u] for u in units)))


# -- 1. movement -------------------------------------------------------------------------

def _movement(game: Game, st: State, orders: dict[int, Order]) -> dict[int, set[int]]:
    """Move every unit with a marching order; return the units that marched through each
    enemy place (entered and left again)."""
    dawn = present(game, st)
    held = {(p, game.unit_side[u]) for p, units in dawn.items() for u in units}
    contested = st.contested[:]
    index = game.theatre.index
    passed: dict[int, set[int]] = {}

    def stop(p: int, u: int) -> bool:
        side = game.unit_side[u]
        if contested[p] or any((p, s) in held for s in game.other_sides(side)):
            return True
        if st.holder[p] != side:
            passed.setdefault(p, set()).add(u)
        return False

    for u in range(len(game.units)):
        order = orders.get(u)
        before = (st.place[u], st.next[u], st.progress[u])
        if order is not None and order.verb in ("move", "attack", "withdraw"):
            _advance(game, st, u, index[order.place], game.unit_speed[u],
                     lambda p, u=u: stop(p, u))
        if (st.place[u], st.next[u], st.progress[u]) != before:
            st.posture[u] = MOVING
            if st.next[u] == NOWHERE:
                _log(game, st, "move", st.place[u], f"{game.units[u]} reaches "
                     f"{game.places[st.place[u]]}", (u,))
        elif st.place[u] != NOWHERE:
            st.posture[u] = HASTY if st.posture[u] == MOVING else PREPARED
    return passed


def _advance(game: Game, st: State, u: int, dest: int, budget: float, stop) -> None:
    """Move unit ``u`` towards ``dest`` with ``budget`` highway-km; stop entering hostile
    ground. A unit on the road turns back when that is the cheaper way."""
    path = game.path_to(dest)
    while True:
        here, to = st.place[u], st.next[u]
        if to == NOWHERE:
            if here == dest or path.step[here] == NOWHERE:
                return
            st.next[u], st.progress[u] = path.step[here], 0.0
            continue
        leg = game.road_cost(here, to)
        done = st.progress[u]
        if done + path.cost[here] < leg - done + path.cost[to]:
            st.place[u], st.next[u], st.progress[u] = to, here, leg - done
            here, to, done = to, here, leg - done
        if budget + _EPS < leg - done:
            st.progress[u] = round(done + budget, 6)
            return
        budget -= leg - done
        st.place[u], st.next[u], st.progress[u] = to, NOWHERE, 0.0
        if to == dest or stop(to):
            return


# -- 2. engagements ----------------------------------------------------------------------

def present(game: Game, st: State) -> dict[int, list[int]]:
    """Ground units standing in each place (not on the road), by place, in unit order.

    Air units are left out: they fight from their base but neither hold nor defend it."""
    at: dict[int, list[int]] = {}
    for u, p in enumerate(st.place):
        if p != NOWHERE and st.next[u] == NOWHERE and st.strength[u] > 0 and game.unit_ground[u]:
            at.setdefault(p, []).append(u)
    return at


def side_power(game: Game, st: State, units: list[int], place: int, defending: bool
               ) -> float:
    """The combat power of ``units`` (all of one side) attacking or defending ``place``:
    defenders get terrain and posture, attackers the support of their side's bombardment
    of the place on the last turn."""
    total = 0.0
    if not units:
        return total
    if defending:
        terrain, support = game.place_defence[place], 1.0
    else:
        terrain = 1.0
        bombarded = st.bombarded_by[place] == game.unit_side[units[0]]
        support = 1.0 + game.rules["support"] if bombarded else 1.0
    for u in units:
        posture = game.posture_factor[st.posture[u]] if defending else 1.0
        total += combat.combat_power(st.strength[u], game.unit_quality[u], st.readiness[u],
                                     posture, terrain, support)
    return total


def engagement_odds(game: Game, st: State, place: int, attackers: list[int],
                    defenders: list[int]) -> tuple[float, float, float, float, float]:
    """(attacker power, defender power, P(taken), P(stalemate), P(repulsed))."""
    att = side_power(game, st, attackers, place, False)
    dfn = side_power(game, st, defenders, place, True)
    ratio = att / dfn if dfn > 0 else float("inf")
    return (att, dfn, *combat.outcome_odds(ratio, game.rules))


def _engagements(game: Game, st: State, origin: list[int], key: int,
                 forced: Mapping[tuple, Force]) -> list[Outcome]:
    outcomes = []
    rules = game.rules
    for p, units in sorted(present(game, st).items()):
        holder = st.holder[p]
        defenders = [u for u in units if game.unit_side[u] == holder]
        attackers = [u for u in units if game.unit_side[u] != holder]
        if not defenders or not attackers:
            continue
        att_side = game.unit_side[attackers[0]]
        att_power, def_power, *odds = engagement_odds(game, st, p, attackers, defenders)
        rng = stream(key, st.day, game.place_key[p], ENGAGEMENT)
        okey = (st.day, ENGAGEMENT, game.places[p], game.sides[att_side])
        force = forced.get(okey, Force())
        draw = combat.OUTCOMES[pick(tuple(odds), rng.random())]
        result = force.result or draw
        n_att = sum(st.strength[u] for u in attackers)
        n_def = sum(st.strength[u] for u in defenders)
        exp_att, exp_def = combat.daily_casualties(
            n_att, att_power, n_def, def_power, rules["kill_rate"] * rules["loss_scale"],
            rules["max_daily_loss"])
        drawn = {att_side: _casualties(rng, exp_att, n_att, rules["killed_share"]),
                 holder: _casualties(rng, exp_def, n_def, rules["killed_share"])}
        if force.losses is not None:
            drawn = {s: _capped(force.losses.get(game.sides[s], drawn[s]), n)
                     for s, n in ((att_side, n_att), (holder, n_def))}
        apply_losses(st, attackers, *drawn[att_side])
        apply_losses(st, defenders, *drawn[holder])
        name = game.places[p]
        outcome = Outcome(st.day, ENGAGEMENT, name, game.sides[att_side], result,
                          tuple(round(x, 6) for x in odds),
                          tuple((game.sides[s], *drawn[s]) for s in (att_side, holder)))
        outcomes.append(outcome)
        ratio = att_power / def_power if def_power else float("inf")
        _log(game, st, "engagement", p,
             f"{game.sides[att_side]} attack {name} at {ratio:.1f}:1: {result}; killed "
             f"{drawn[att_side][0]} {game.sides[att_side]}, {drawn[holder][0]} "
             f"{game.sides[holder]}", attackers + defenders)
        if result == "taken":
            _fall_back(game, st, [u for u in defenders if st.strength[u] > 0], p, None)
        elif result == "repulsed":
            _fall_back(game, st, [u for u in attackers if st.strength[u] > 0], p, origin)
    return outcomes


def _casualties(rng, expected: float, strength: int, killed_share: float) -> tuple[int, int]:
    casualties = min(int(rng.poisson(expected)) if expected > 0 else 0, strength)
    killed = int(rng.binomial(casualties, killed_share)) if casualties else 0
    return killed, casualties - killed


def _capped(losses: tuple[int, int], strength: int) -> tuple[int, int]:
    killed = min(losses[0], strength)
    return killed, min(losses[1], strength - killed)


def apply_losses(st: State, units: list[int], killed: int, wounded: int) -> None:
    """Share losses among units in proportion to strength (largest remainder, id order);
    no unit loses more than it has."""
    for total, ledger in ((killed, st.killed), (wounded, st.wounded)):
        shares = _shares(total, [st.strength[u] for u in units])
        for u, n in zip(units, shares, strict=True):
            st.strength[u] -= n
            ledger[u] += n


def _shares(total: int, weights: list[int]) -> list[int]:
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    exact = [total * w / whole for w in weights]
    out = [min(int(x), w) for x, w in zip(exact, weights, strict=True)]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - int(exact[i])), i))
    left = total - sum(out)
    while left > 0:
        moved = False
        for i in order:
            if left and out[i] < weights[i]:
                out[i] += 1
                left -= 1
                moved = True
        if not moved:
            break
    return out


def nearest_friendly(game: Game, st: State, side: int, place: int) -> int | None:
    """The neighbouring place by the shortest road that ``side`` holds uncontested and no
    enemy troops have entered (they may have marched in this very day)."""
    options = [(km, to) for to, km, _ in game.roads[place]
               if st.holder[to] == side and not st.contested[to]
               and not enemy_present(game, st, to, side, ground_only=True)]
    return min(options)[1] if options else None


def _fall_back(game: Game, st: State, units: list[int], place: int,
               origin: list[int] | None) -> None:
    """Units leave ``place``: to where they came from (attackers) or to the nearest
    neighbouring place their side holds uncontested; with nowhere to go they are lost."""
    for u in units:
        side = game.unit_side[u]
        back = origin[u] if origin is not None and origin[u] != place else None
        if back is None or st.holder[back] != side or st.contested[back] \
                or game.road_cost(place, back) == float("inf"):
            back = nearest_friendly(game, st, side, place)
        if back is None:
            st.dispersed[u] += st.strength[u]
            _log(game, st, "dispersed", place, f"{game.units[u]} is cut off in "
                 f"{game.places[place]} and dispersed ({st.strength[u]} lost)", (u,))
            st.strength[u] = 0
            continue
        st.place[u], st.next[u], st.progress[u], st.posture[u] = back, NOWHERE, 0.0, MOVING
        _log(game, st, "fall_back", back, f"{game.units[u]} falls back from "
             f"{game.places[place]} to {game.places[back]}", (u,))


# -- 3. bombardment ----------------------------------------------------------------------

def _bombardment(game: Game, st: State, orders: dict[int, Order], key: int,
                 forced: Mapping[tuple, Force]) -> list[Outcome]:
    rules = game.rules
    fire: dict[tuple[int, int], float] = {}
    firing: dict[tuple[int, int], list[int]] = {}
    for u, order in sorted(orders.items()):
        if order.verb != "bombard" or st.strength[u] <= 0:
            continue
        volume = st.strength[u] * st.readiness[u]
        if game.unit_type[u] != "air":
            volume *= rules["artillery_fire"]
        target = (game.theatre.index[order.place], game.unit_side[u])
        fire[target] = fire.get(target, 0.0) + volume
        firing.setdefault(target, []).append(u)
    st.bombarded_by = [NOWHERE] * len(game.places)
    at = present(game, st)
    outcomes = []
    for (p, side), volume in sorted(fire.items()):
        rng = stream(key, st.day, game.place_key[p], BOMBARDMENT, side)
        force = forced.get((st.day, BOMBARDMENT, game.places[p], game.sides[side]), Force())
        targets = [u for u in at.get(p, []) if game.unit_side[u] != side]
        enemy = game.unit_side[targets[0]] if targets else (1 - side)
        strength = sum(st.strength[u] for u in targets)
        expected = volume * rules["sortie_casualties"] * rules["loss_scale"] if targets else 0.0
        losses = _casualties(rng, expected, strength, rules["killed_share"])
        if force.losses is not None:
            losses = _capped(force.losses.get(game.sides[enemy], losses), strength)
        apply_losses(st, targets, *losses)
        for u in targets:
            if st.strength[u] > 0:
                hit = rules["suppression"] * volume * 100 / max(strength, 1)
                st.readiness[u] = round(max(rules["readiness_floor"], st.readiness[u] - hit), 6)
        people = st.population[p]
        dense = min(1.0, people / rules["population_reference"])
        civilians = min(int(rng.poisson(volume * rules["sortie_civilians"] * dense))
                        if people else 0, people)
        if force.civilians is not None:
            civilians = min(force.civilians, people)
        fled = int(rng.binomial(people - civilians, rules["flight_rate"])) if people else 0
        if force.displaced is not None:
            fled = min(force.displaced, people - civilians)
        st.population[p] -= civilians + fled
        st.civilians_killed[p] += civilians
        st.displaced[p] += fled
        st.bombarded_by[p] = side
        outcomes.append(Outcome(st.day, BOMBARDMENT, game.places[p], game.sides[side], "hit",
                                (), ((game.sides[enemy], *losses),), civilians, fled))
        _log(game, st, "bombardment", p, f"{game.sides[side]} bombard {game.places[p]} "
             f"({volume:.0f} sorties): killed {losses[0]} {game.sides[enemy]}, "
             f"{civilians} civilians; {fled} people flee", firing[(p, side)])
    return outcomes


# -- 4. supply ---------------------------------------------------------------------------

def supplied_places(game: Game, st: State, side: int) -> list[bool]:
    """Places joined to one of ``side``'s sources through places it holds uncontested."""
    ok = [st.holder[p] == side and not st.contested[p] for p in range(len(game.places))]
    reached = [False] * len(game.places)
    queue = [s for s in game.sources[side] if ok[s]]
    for s in queue:
        reached[s] = True
    while queue:
        here = queue.pop()
        for to, _km, _cost in game.roads[here]:
            if ok[to] and not reached[to]:
                reached[to] = True
                queue.append(to)
    return reached


def _supply(game: Game, st: State) -> None:
    rules = game.rules
    reached = [supplied_places(game, st, s) for s in range(len(game.sides))]
    for u in range(len(game.units)):
        p = st.place[u]
        if p == NOWHERE or st.strength[u] <= 0:
            continue
        r = reached[game.unit_side[u]]
        if not game.unit_ground[u]:  # supplied by air while its base is held
            ok = st.holder[p] == game.unit_side[u]
        elif st.next[u] != NOWHERE:
            ok = r[p] or r[st.next[u]]
        else:
            ok = r[p] or any(r[to] for to, _km, _c in game.roads[p])
        if ok != st.supplied[u]:
            _log(game, st, "supply", p, f"{game.units[u]} is "
                 f"{'back in supply' if ok else 'out of supply'}", (u,))
        st.supplied[u] = ok
        if ok:
            if st.bombarded_by[p] == NOWHERE or st.bombarded_by[p] == game.unit_side[u]:
                st.readiness[u] = round(min(1.0, st.readiness[u] + rules["readiness_recovery"]),
                                        6)
        elif st.readiness[u] > rules["readiness_floor"] + _EPS:
            st.readiness[u] = round(max(rules["readiness_floor"],
                                        st.readiness[u] - rules["readiness_loss"]), 6)
        else:
            lost = min(st.strength[u], max(1, round(st.strength[u] *
                                                    rules["unsupplied_attrition"])))
            st.strength[u] -= lost
            st.dispersed[u] += lost
    for p in range(len(game.places)):
        h = st.holder[p]
        cut = bool(game.sources[h]) and not reached[h][p]
        if cut and not st.besieged[p]:
            _log(game, st, "besieged", p, f"{game.places[p]} is cut off from "
                 f"{game.sides[h]}'s supply")
        st.besieged[p] = cut


# -- 5. control, arrivals, calendar ------------------------------------------------------

def _control(game: Game, st: State, passed: Mapping[int, set[int]], thrown: set[int]
             ) -> None:
    at = present(game, st)
    sides_at = {p: {game.unit_side[u] for u in units} for p, units in at.items()}
    for p in sorted(passed):
        # a column thrown back or dispersed at the end of its march did not hold its road
        through = {game.unit_side[u] for u in passed[p]
                   if st.strength[u] > 0 and u not in thrown}
        if p not in sides_at and len(through) == 1 and not st.contested[p]:
            (new,) = through
            if st.holder[p] != new:
                _log(game, st, "captured", p, f"{game.sides[new]} take {game.places[p]} from "
                     f"{game.sides[st.holder[p]]} on the march")
                st.holder[p] = new
                _rebase(game, st, p)
    for p in sorted(sides_at):
        here = sides_at[p]
        if len(here) > 1:
            if not st.contested[p]:
                _log(game, st, "contested", p, f"{game.places[p]} is contested")
            st.contested[p] = True
        elif st.holder[p] not in here:
            (new,) = here
            _log(game, st, "captured", p, f"{game.sides[new]} take {game.places[p]} from "
                 f"{game.sides[st.holder[p]]}", at[p])
            st.holder[p], st.contested[p] = new, False
            _rebase(game, st, p)
        elif st.contested[p]:
            st.contested[p] = False
            _log(game, st, "secured", p, f"{game.sides[st.holder[p]]} secure "
                 f"{game.places[p]}")


def impose_capture(game: Game, st: State, place: int, side: int, why: str) -> None:
    """Give ``place`` to ``side`` because a record says so: the other side's ground units
    there fall back as if the place were taken, and the change is logged with ``why``."""
    at = present(game, st).get(place, [])
    _fall_back(game, st, [u for u in at if game.unit_side[u] != side], place, None)
    if st.holder[place] != side or st.contested[place]:
        _log(game, st, "captured", place, f"{game.sides[side]} take {game.places[place]} "
             f"({why})", [u for u in at if game.unit_side[u] == side])
        st.holder[place], st.contested[place] = side, False
        _rebase(game, st, place)


def _rebase(game: Game, st: State, place: int) -> None:
    """Air units whose base is lost fly to the nearest place their side holds."""
    for u in range(len(game.units)):
        if game.unit_ground[u] or st.place[u] != place or st.strength[u] <= 0:
            continue
        side = game.unit_side[u]
        cost = [(c, q) for q, c in enumerate(game.path_to(place).cost)
                if st.holder[q] == side and not st.contested[q] and c < float("inf")]
        if cost:
            st.place[u] = min(cost)[1]
            _log(game, st, "rebase", st.place[u], f"{game.units[u]} loses its base "
                 f"{game.places[place]} and moves to {game.places[st.place[u]]}", (u,))


def _arrivals(game: Game, st: State) -> None:
    """Reinforcements due on the new day appear; commanders' recorded fates are logged."""
    for u, when in enumerate(game.unit_arrives):
        if when == st.day and when > 0 and st.place[u] == NOWHERE:
            st.place[u] = game.unit_start[u]
            st.strength[u] = game.unit_strength[u]
            st.posture[u] = MOVING
            _log(game, st, "arrival", st.place[u], f"{game.units[u]} arrives in "
                 f"{game.places[st.place[u]]} ({st.strength[u]})", (u,))
    date = game.scenario.calendar.date_of(st.day)
    for c in game.scenario.commanders.values():
        if c.fate_date == date:
            _log(game, st, "commander", None, f"{c.name} ({c.side}) {c.fate}")
