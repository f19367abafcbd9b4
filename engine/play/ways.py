"""The way a unit would take to a place: where it meets enemy ground, and the last place its
side holds before it. The commanders ask this of every unit and goal each day, so each
way is walked once a morning and what every place on it leads to is kept."""

from __future__ import annotations

from engine.sim.game import Game
from engine.sim.state import NOWHERE, State


class Ways:
    """The ways of one side's units to any place, as the map stands on one morning."""

    def __init__(self, game: Game, state: State, side: int) -> None:
        self.game, self.state, self.side = game, state, side
        #: per destination: place -> (first hostile place from it on, or None; the last
        #: friendly place before that, or before the destination)
        self._walks: dict[int, dict[int, tuple[int | None, int]]] = {}

    def hostile(self, p: int) -> bool:
        return self.state.holder[p] != self.side or self.state.contested[p]

    def _walk(self, dest: int, start: int) -> tuple[int | None, int]:
        """From the friendly place ``start`` towards ``dest``: the first place the enemy
        holds or contests (None if none) and the last friendly place before it."""
        memo = self._walks.setdefault(dest, {})
        found = memo.get(start)
        if found is not None:
            return found
        step = self.game.path_to(dest).step
        seen: list[int] = []
        p, found = start, None
        while found is None:
            found = memo.get(p)
            if found is not None:
                break
            seen.append(p)
            q = step[p]
            if q == NOWHERE or len(seen) > len(step):   # the end of the way (or a loop)
                found = (None, p)
            elif self.hostile(q):
                found = (q, p)
            else:
                p = q
        for p in seen:
            memo[p] = found
        return found

    def first_hostile(self, u: int, dest: int) -> int | None:
        """The first place on the unit's way to ``dest`` that the enemy holds or contests
        (the place it is marching into, if that is one)."""
        st = self.state
        p = st.next[u] if st.next[u] != NOWHERE else st.place[u]
        return p if self.hostile(p) else self._walk(dest, p)[0]

    def staging(self, u: int, dest: int) -> int:
        """The last place the side holds before the enemy, on the unit's way to ``dest``
        (where it stands, if the next place is the enemy's)."""
        p = self.state.place[u]
        q = self.game.path_to(dest).step[p]
        if q == NOWHERE or self.hostile(q):
            return p
        return self._walk(dest, q)[1]

    def joins(self, u: int, dest: int) -> bool:
        """Whether the unit's way to ``dest`` crosses no enemy ground before ``dest``."""
        last = self.staging(u, dest)
        return last == dest or self.game.path_to(dest).step[last] == dest
