"""Playing a scenario from the command line: hot-seat, against the AI, or watching.

Each day the session shows the date, the holders of the objectives, the player's units and
what happened yesterday, then asks each human side for orders in the replay notation
(``move 1st_bde hill_12``). An order is checked at once: a refused order says why and changes
nothing. Orders stand until done, as in a replay's plan (:mod:`engine.play.standing`): a unit
marches on, day after day, until it has taken or reached its place or is given another order;
the screen shows each unit's standing order, the km left and the day it arrives.

Commands at the prompt:

``help``        this list
``list UNIT``   what UNIT can do today: the nearest marches, attacks with their odds
``odds ORDER``  the engine's odds for an attack before it is given
``enemy``       what the side can see of the enemy (also ``intel``)
``score``       the objectives, who meets each, and the points
``undo``        take back the last order typed today (a standing order it replaced stands)
``end``         end the side's day
``map FILE``    draw the theatre with today's holders (PNG, SVG or PDF)
``save FILE``   save the game so far
``quit``        save and stop

Every game is recorded (see :mod:`engine.history.savedgame`) and saved at the end of each
day. The session is the campaign loop (:func:`engine.play.campaign.play`) with a player per
side: a human at this prompt (or a script), or an AI commander
(:mod:`engine.play.commanders`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TextIO

from engine.errors import WargameError
from engine.history.savedgame import SavedGame
from engine.play.campaign import History, catch_up, play_on
from engine.play.commanders import HEURISTIC, KINDS, players
from engine.play.intel import in_view, news, score, seen_by
from engine.play.metrics import objective_places
from engine.play.player import Player
from engine.play.standing import carried_on, march_left, remembered
from engine.sim.events import DAY, shown
from engine.sim.game import Game
from engine.sim.orders import Order, check_order, legal_orders, parse_order
from engine.sim.queries import engagement_odds, present, surprised
from engine.sim.state import NOWHERE, State
from engine.sim.verbs import VERBS

HELP = __doc__.split("Commands at the prompt:")[1].split("Every game")[0].strip().replace("``", "")
#: ``list UNIT`` names the nearest places within this many days' march, at most this many.
LIST_DAYS, LIST_PLACES = 3, 12
COMMANDS = ("help", "list", "odds", "enemy", "intel", "score", "undo", "end", "map", "save",
            "quit")


class Quit(Exception):
    """The player asked to stop."""


def ai_kind(who: str | None) -> str:
    """The commander kind a saved game's ``players:`` entry names for an AI side: the kind
    itself, or heuristic for ``ai`` (a game saved before commanders were chosen, whose AI
    was the heuristic one) and for a side it does not name."""
    return who if who in KINDS else HEURISTIC


class Session:
    """One game in progress. ``ask(prompt)`` returns the next line typed, or None at the end
    of input; ``script`` gives a human side's orders by day instead of asking. The game's
    days are kept in ``history`` and written down in ``saved``. ``ai`` gives each side's
    AI player (the human sides' are never asked); default: the commanders ``saved.players``
    names (:func:`ai_kind`)."""

    def __init__(self, game: Game, saved: SavedGame, history: History, humans: Sequence[int],
                 out: TextIO, ask: Callable[[str], str | None],
                 script: Mapping[int, list[Order]] | None = None,
                 save_to: str | None = None, ai: Sequence[Player] | None = None) -> None:
        self.game, self.saved, self.history = game, saved, history
        self.humans, self.out, self.ask = list(humans), out, ask
        self.script, self.save_to = script, save_to
        self.ai = list(ai) if ai is not None else players(
            game, [ai_kind(saved.players.get(s)) for s in game.sides], saved.seed,
            history.start.day if not history.turns else 0)
        # a game resumed: the AI's memory of the days already played, as if it had played them
        catch_up(game, history, {s: p for s, p in enumerate(self.ai) if s not in self.humans})
        self._shown = -1
        #: Why the last automatic save failed (None: the game is saved).
        self.unsaved: str | None = None
        #: The human sides' standing orders, by unit. A resumed game's are what stood at the
        #: end of its last day: the marches given that day (standing ones carried on are
        #: given again each day, so one that ended earlier is not among them).
        self.standing: dict[int, Order] = remembered(game, {}, [
            o for o in (history.turns[-1].orders if history.turns else ())
            if game.unit_side[game.unit_index[o.unit]] in humans])
        #: Orders refused at the turn, kept for their own side's next screen.
        self._refused: dict[int, list[str]] = {}
        #: Each human side's standing orders carried on this morning (set when it is asked).
        self._carried: dict[int, dict[int, Order]] = {}

    @property
    def state(self) -> State:
        return self.history.final

    # -- the loop ------------------------------------------------------------------------
    def play(self, days: int | None = None) -> State:
        players = [self._player(side) for side in range(len(self.game.sides))]
        try:
            play_on(self.game, self.history, players, days, after=self._after)
        except Quit:
            self.say("stopped")
        finally:
            self.autosave()
        return self.state

    def _player(self, side: int) -> Player:
        """This side's player: the prompt (or the script) for a human side, else its AI
        commander; the first side asked each day shows the day first."""
        def give(game: Game, state: State, side: int = side) -> list[Order]:
            if state.day != self._shown and not self.hot_seat:
                self._shown = state.day
                self.say(self.day_header())
            return self.human_orders(side) if side in self.humans else \
                self.ai[side](game, state, side)
        return give

    @property
    def hot_seat(self) -> bool:
        """Two or more sides at this prompt: each is shown its day after the hand-over."""
        return self.script is None and len(self.humans) > 1

    def day_header(self) -> str:
        st = self.state
        return (f"\n=== {self.game.scenario.calendar.date_of(st.day)} (day {st.day + 1}) ===\n"
                + self.situation())

    def hand_over(self, side: int) -> None:
        """Hot-seat at the prompt: the screen is cleared of the last side's orders and waits
        for the next player before showing this side's units."""
        if not self.hot_seat:
            return
        clear = "\033[2J\033[H" if self.out.isatty() else "\n" * 40
        self.say(clear + f"--- {self.game.sides[side]} to play: the other side looks away ---")
        if self.ask(f"{self.game.sides[side]}, press Enter when ready ") is None:
            raise Quit
        self.say(self.day_header())

    def _after(self, history: History) -> None:
        turn = history.turns[-1]
        for order, why in turn.rejected:   # told to its own side, on its next screen
            u = self.game.unit_index.get(order.unit)
            if u is not None and self.game.unit_side[u] in self.humans:
                self._refused.setdefault(self.game.unit_side[u], []).append(
                    f"refused at the turn yesterday: {order}: {why}")
        self.saved.add(self.game, turn)
        self.autosave()

    def human_orders(self, side: int) -> list[Order]:
        """The side's orders today: its standing orders carried on, replaced by those typed
        (or scripted) for the same units."""
        self.hand_over(side)
        for line in self._refused.pop(side, []):
            self.say(line)
        orders = self._morning(side)
        self.say(self.forces(side))
        self.say(self.intel(side))
        typed = self._typed(side)
        for order in typed:
            orders[self.game.unit_index[order.unit]] = order
        self.standing = remembered(self.game, self.standing, typed)
        return [orders[u] for u in sorted(orders)]

    def _morning(self, side: int) -> dict[int, Order]:
        """The side's standing orders that go on today (told of those that ended)."""
        morning = carried_on(self.game, self.state, side, self.standing)
        for line in morning.ended:
            self.say(line)
        for u in set(self.standing) - set(morning.orders):
            if self.game.unit_side[u] == side:
                del self.standing[u]
        self._carried[side] = morning.orders
        return dict(morning.orders)

    def _typed(self, side: int) -> list[Order]:
        """The orders typed at the prompt (or scripted) for today."""
        if self.script is not None:
            given: list[Order] = []
            for order in self.script.get(self.state.day, []):
                u = self.game.unit_index.get(order.unit)
                if u is not None and self.game.unit_side[u] != side:
                    continue  # the other side's order: given when that side plays
                why = check_order(self.game, self.state, side, order)
                if why is None and any(o.unit == order.unit for o in given):
                    why = f"{order.unit} already has an order today"
                self.say(f"{self.game.sides[side]}> {order}" + (f"  refused: {why}" if why
                                                                 else ""))
                if why is None:
                    given.append(order)
            return given
        given = []
        while True:
            line = self.ask(f"{self.game.sides[side]}> ")
            if line is None:  # end of input: save and stop
                raise Quit
            done = self.command(side, line.strip(), given)
            if done:
                return given

    # -- commands ------------------------------------------------------------------------
    def command(self, side: int, line: str, given: list[Order]) -> bool:
        """Carry out one line; True when the side's day is over."""
        if not line or line.startswith("#"):
            return False
        word, _, rest = line.partition(" ")
        rest = rest.strip()
        g, st = self.game, self.state
        if word == "help":
            self.say(HELP)
        elif word == "end":
            return True
        elif word == "quit":
            raise Quit
        elif word == "undo":
            self.say(f"taken back: {given.pop()}" if given else "no order to take back")
        elif word == "list":
            if rest not in g.unit_index:
                self.say(f"list UNIT: no unit '{rest}'")
            else:
                self.say(self.options(side, rest, given))
        elif word == "odds":
            self.say(self.odds(side, rest, given))
        elif word in ("enemy", "intel"):
            self.say(self.intel(side))
        elif word == "score":
            self.say(self.score())
        elif word == "save":
            if not rest:
                self.say("save FILE: name the file")
            else:
                self.say(self.attempt(lambda: self.saved.save(rest), f"saved to {rest}"))
        elif word == "map":
            self.say(self.attempt(lambda: self.draw(rest, side), f"map written to {rest}") if rest
                     else "map FILE: name a .png, .svg or .pdf file")
        else:
            try:
                order = parse_order(line)
            except WargameError as exc:
                self.say(f"{exc}; type help for the commands")
                return False
            why = check_order(g, st, side, order)
            if why is None and any(o.unit == order.unit for o in given):
                why = f"{order.unit} already has an order today (undo it first)"
            if why:
                self.say(f"refused: {why}")
            else:
                given.append(order)
                before = self._carried.get(side, {}).get(g.unit_index[order.unit])
                self.say(f"ok: {order}" + (f" (instead of '{before}')" if before else ""))
        return False

    def options(self, side: int, uid: str, given: list[Order]) -> str:
        """What ``uid`` can do today, by verb: the nearest places it can march to (km and
        days; :data:`LIST_PLACES` of those within :data:`LIST_DAYS` days), the attacks it can
        make with their odds, and the rest of its orders; not every place on the map."""
        g, st = self.game, self.state
        u = g.unit_index[uid]
        orders = legal_orders(g, st, side, uid)
        if not orders:
            return f"{uid} can be given no order now"
        lines = [f"{uid} in {g.places[st.place[u]]}" + (
            f", on the road to {g.places[st.next[u]]}" if st.next[u] != NOWHERE else "")]
        marches, further = [], 0
        for o in orders:
            if o.verb != "move":
                continue
            left = march_left(g, st, u, g.theatre.index[o.place])
            if left is None or left.days > LIST_DAYS:
                further += 1
            else:
                marches.append((left.days, left.km, str(o)))
        if marches or further:
            marches.sort()
            lines.append("  march (the nearest, unopposed):")
            lines += [f"    {text:<40} {km:>5.0f} km  {days} day{'s' if days != 1 else ''}"
                      for days, km, text in marches[:LIST_PLACES]]
            more = len(marches) - LIST_PLACES
            if more > 0 or further:
                lines.append(f"    and {max(more, 0)} more places within {LIST_DAYS} days' "
                             f"march, {further} further (move {uid} PLACE)")
        for o in orders:
            if o.verb == "attack":
                lines.append(f"  {o!s:<42} {self.odds(side, str(o), given)}")
        rest = [str(o) for o in orders if o.verb not in ("move", "attack")]
        if rest:
            lines.append("  also: " + "; ".join(rest))
        return "\n".join(lines)

    def odds(self, side: int, text: str, given: list[Order]) -> str:
        g, st = self.game, self.state
        try:
            order = parse_order(text)
        except WargameError as exc:
            return str(exc)
        why = check_order(g, st, side, order)
        if why:
            return f"refused: {why}"
        if not VERBS[order.verb].assaults:
            return "odds are for an attack: odds attack UNIT PLACE"
        p = g.theatre.index[order.place]
        today = {**{o.unit: o for o in self._carried.get(side, {}).values()},
                 **{o.unit: o for o in given}}     # standing orders, replaced by those typed
        attackers = sorted({g.unit_index[o.unit] for o in [*today.values(), order]
                            if VERBS[o.verb].assaults and o.place == order.place
                            and g.unit_side[g.unit_index[o.unit]] == side})
        defenders = [u for u in present(g, st).get(p, []) if g.unit_side[u] != side]
        if not defenders:
            return f"{order.place} has no defenders now: walking in takes it"
        att, dfn, taken, stalemate, repulsed = engagement_odds(
            g, st, p, attackers, defenders, surprised(g, st, defenders))
        names = ", ".join(g.units[u] for u in attackers)
        return (f"{names} against {', '.join(g.units[u] for u in defenders)} at "
                f"{order.place}: {att / dfn:.1f}:1; taken {taken:.0%}, stalemate "
                f"{stalemate:.0%}, repulsed {repulsed:.0%}")

    @staticmethod
    def attempt(write: Callable[[], object], done: str) -> str:
        """Write a file for a command at the prompt: a file that cannot be written refuses
        that command only, and the day's orders so far stand."""
        try:
            write()
        except (WargameError, OSError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            return f"refused: {why}"
        return done

    def draw(self, path: str, side: int) -> None:
        """Today's map as ``side`` sees it: its own units, and of the enemy's only those in
        view, at their reported strength (engine.play.intel)."""
        from engine.pictures.daymap import render_day
        from engine.pictures.mapdraw import map_format
        from engine.util.atomic import write_atomic

        g, st = self.game, self.state
        fmt = map_format(path)
        date = g.scenario.calendar.date_of(st.day)
        write_atomic(path, render_day(g, seen_by(g, st, side), [], date, fmt, g.scenario.title))

    # -- output --------------------------------------------------------------------------
    def situation(self) -> str:
        """What every player may see at the start of the day: the objectives' holders and
        the score."""
        g, st = self.game, self.state
        return "objectives: " + ", ".join(
            f"{p} {g.sides[st.holder[g.theatre.index[p]]]}"
            + (" (contested)" if st.contested[g.theatre.index[p]] else "")
            for p in objective_places(g)) + "\n" + self.score_line()

    def score_line(self) -> str:
        return "score: " + ", ".join(f"{side} {points:g}"
                                     for side, points in score(self.game, self.state).items())

    def score(self) -> str:
        """Each objective, its points and whether it is met this morning, and the score."""
        from engine.play.metrics import objective_met
        g, st = self.game, self.state
        lines = ["objectives (points; met this morning or not):"]
        for oid, obj in g.scenario.objectives.items():
            target = obj.place or obj.route
            met = "met" if objective_met(g, st, oid) else "not met"
            lines.append(f"  {obj.side:<12} {oid:<28} {obj.kind} {target} ({obj.points:g}): "
                         f"{met}")
        return "\n".join([*lines, self.score_line()])

    def intel(self, side: int) -> str:
        """What ``side`` sees of the enemy this morning, and what it knows of yesterday."""
        g, st = self.game, self.state
        seen = in_view(g, st, side)
        lines = ["enemy in view:" if seen else "enemy in view: none"]
        lines += [f"  {s.unit:<16} {s.where:<32} about {s.about:,}" for s in seen]
        yesterday = news(g, st, side, [e for e in shown(self.history.events, DAY)
                                       if e.day == st.day - 1])
        if yesterday:
            lines.append("yesterday:")
            lines += [f"  {e.text}" for e in yesterday]
        return "\n".join(lines)

    def forces(self, side: int) -> str:
        """The side's units: where, how strong, supplied or not, and the order each carries
        on today with the march left (km, and the day it arrives if unopposed)."""
        g, st = self.game, self.state
        carried = self._carried.get(side, {})
        lines = [f"{g.sides[side]} units:"]
        for u, uid in enumerate(g.units):
            if g.unit_side[u] != side or st.strength[u] <= 0 or st.place[u] == NOWHERE:
                continue
            where = g.places[st.place[u]]
            if st.next[u] != NOWHERE:
                where += f" -> {g.places[st.next[u]]}"
            supply = "supplied" if st.supplied[u] else "OUT OF SUPPLY"
            lines.append(f"  {uid:<16} {where:<32} {st.strength[u]:>6}  readiness "
                         f"{st.readiness[u]:.2f}  {supply}")
            order = carried.get(u)
            if order is not None:
                lines.append(f"  {'':<16} standing order: {order}{self.march_text(u, order)}")
        return "\n".join(lines)

    def march_text(self, u: int, order: Order) -> str:
        """", 23 km left, arrives 2013-10-05 (day 5) if unopposed" for a march."""
        g, st = self.game, self.state
        if not VERBS[order.verb].marches:
            return ""
        left = march_left(g, st, u, g.theatre.index[order.place])
        if left is None:
            return ""
        if left.days == 0:
            return ", there"
        day = st.day + left.days - 1
        arrives = g.scenario.calendar.date_of(day) if day < g.scenario.calendar.turns else None
        return (f", {left.km:.0f} km left, arrives " + (
            f"{arrives} (day {day + 1})" if arrives else "after the campaign's last day")
            + " if unopposed")

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def autosave(self) -> None:
        """Save the game after each day; if the file cannot be written the game goes on and
        says so, so that the days played are not lost (``save FILE`` saves them elsewhere)."""
        if self.save_to:
            where = self.save_to

            def save() -> None:
                Path(where).parent.mkdir(parents=True, exist_ok=True)
                self.saved.save(where)
            said = self.attempt(save, "")
            self.unsaved = said or None
            if said:
                self.say(f"{said}: the game is not saved to {where}; save FILE saves it")


def completer(game: Game) -> Callable[[str, int], str | None]:
    """Tab completion of commands, verbs, unit ids and place ids."""
    words = sorted({*COMMANDS, *VERBS, *game.units, *game.places})

    def complete(text: str, state: int) -> str | None:
        found = [w for w in words if w.startswith(text)]
        if state >= len(found):
            return None
        return found[state] + (" " if len(found) == 1 else "")  # a whole word: go on typing
    return complete
