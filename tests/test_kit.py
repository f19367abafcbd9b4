"""The printable kit: its combat results table is the engine's, and it is a PDF."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import matplotlib.pyplot as plt

from engine.pictures.kit import RATIOS, crt, kit_pages, render_kit
from engine.sim.chance import pick
from engine.sim.combat import OUTCOMES, outcome_odds

from helpers import aleppo_game, aleppo_replay_file


def test_the_combat_results_table_is_the_engine_s() -> None:
    rules = aleppo_game().rules
    table = crt(rules)
    assert len(table) == 6 and all(len(row) == len(RATIOS) for row in table)
    for roll, row in enumerate(table, start=1):
        for ratio, cell in zip(RATIOS, row, strict=True):
            assert cell == OUTCOMES[pick(outcome_odds(ratio, rules), (roll - 0.5) / 6)]
    # more force, never a worse result for the attacker
    order = {"repulsed": 0, "stalemate": 1, "taken": 2}
    for row in table:
        assert [order[c] for c in row] == sorted(order[c] for c in row)


def test_the_kit_is_a_pdf_of_its_pages() -> None:
    g = aleppo_game()
    pdf = render_kit(g, None)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(
        b"/Type /Page ") >= 6


def test_every_unit_gets_a_counter_however_many() -> None:
    from engine.scenario.synthetic import synthetic_scenario
    from engine.sim.game import build_game

    g = build_game(synthetic_scenario(30, 45, seed=1))
    with pages_of(g, None) as pages:
        sheets = [f for f in pages if f._suptitle and "Counter sheet" in f._suptitle.get_text()]
        assert len(g.units) > 40 and len(sheets) == -(-len(g.units) // 20)
        assert sum(len(f.axes) for f in sheets) == len(g.units)
        table = next(f for f in pages if f._suptitle and "Combat results" in
                     f._suptitle.get_text())
        text = " ".join(t.get_text() for t in table.texts).replace("\n", " ")
        assert f"{g.rules['killed_share']:.0%} of casualties killed" in text


@contextlib.contextmanager
def pages_of(game, rf=None, paper: str = "a4") -> Iterator[list]:
    """The kit's pages of ``game``, closed when the block ends."""
    pages = kit_pages(game, rf, paper)
    try:
        yield pages
    finally:
        for f in pages:
            plt.close(f)


def _texts(fig) -> str:
    return " ".join(t.get_text() for t in fig.texts) + " " + " ".join(
        t.get_text() for ax in fig.axes for t in ax.texts)


def test_every_page_is_on_the_paper_asked_for() -> None:
    from engine.pictures.kit import PAPERS

    g = aleppo_game()
    for paper, (w, h) in PAPERS.items():
        with pages_of(g, aleppo_replay_file(), paper) as pages:
            sizes = {tuple(round(x, 2) for x in f.get_size_inches()) for f in pages}
            assert sizes == {(w, h), (h, w)}, paper             # the board landscape


def test_counters_are_named_numbered_placed_and_stepped_as_a_player_reads_them() -> None:
    from engine.pictures.kit import counter_numbers, strength_steps

    g = aleppo_game()
    with pages_of(g, None) as pages:
        sheet = next(f for f in pages if f._suptitle and "Counter sheet" in
                     f._suptitle.get_text())
        text = _texts(sheet)
        board = _texts(pages[0])
        for u, uid in enumerate(g.units):
            unit = g.scenario.units[uid]
            first_words = unit.name.split()[0]
            assert first_words in text, uid
            assert f"starts: {g.scenario.places[unit.place].name}" in text, uid
            assert f"#{counter_numbers(g)[u]}" in text
            assert all(f"\u25a1{step:,}" in text for step in strength_steps(
                g.unit_strength[u]))
        assert "#1 " not in board and str(counter_numbers(g)[0]) in board
        roads = {f"{r.length_km:.0f}" for r in g.scenario.roads}
        assert roads <= set(board.split())                      # every road's km on it


def test_strength_steps_are_fixed_shares_of_the_start() -> None:
    from engine.pictures.kit import strength_steps

    assert strength_steps(1200) == [1200, 900, 600, 300]
    assert strength_steps(8) == [8, 6, 4, 2] and strength_steps(1) == [1, 1, 1, 1]


def test_the_turn_track_gives_each_recorded_event_whole_and_a_page_says_the_sequence() -> None:

    g, rf = aleppo_game(), aleppo_replay_file()
    with pages_of(g, rf) as pages:
        track = " ".join(_texts(f) for f in pages      # the pages with a box a day
                         if any(t.get_text().startswith("\u25a1 ") for t in f.texts))
        flat = " ".join(track.split())
        for e in rf.events:
            assert " ".join(e.text.split()) in flat, e.text
        assert "..." not in flat
        sequence = next(f for f in pages if f._suptitle and f._suptitle.get_text() ==
                        "Sequence of play")
        steps = _texts(sequence)
        for step in ("SET UP", "1. ORDERS", "2. MOVEMENT", "3. ENGAGEMENTS", "4. BOMBARDMENT",
                     "5. SUPPLY", "6. CONTROL", "VICTORY"):
            assert step in steps
        assert "al_safira" not in steps and "al-Safira" in steps    # names, not ids


def test_a_places_page_gives_what_the_board_cannot_show() -> None:

    g = aleppo_game()
    with pages_of(g, None) as pages:
        places = [f for f in pages if f._suptitle and f._suptitle.get_text().startswith(
            "Places:")]
        cells = {c.get_text().get_text() for f in places for ax in f.axes
                 for t in ax.tables for c in t.get_celld().values()}
        s, r = g.scenario, g.rules
        for place in s.places.values():
            assert place.name in cells
        aleppo = s.places["aleppo"]
        assert f"{aleppo.terrain} x{r[f'terrain.{aleppo.terrain}']:.2f}" in cells
        assert f"{aleppo.population.value:,.0f}" in cells
        sources = {src.place for d in s.sides.values() for src in d.supply_sources}
        assert sources and all(s.places[p].name in cells for p in sources)


def test_the_rules_page_says_how_posture_changes_as_the_movement_phase_changes_it() -> None:
    """What the page tells a player is what the engine does: everyone starts prepared, a
    unit that marched is moving, the next day standing hasty, then prepared."""
    from engine.sim.events import Log
    from engine.sim.movement import movement
    from engine.sim.orders import parse_order
    from engine.sim.state import HASTY, MOVING, PREPARED, initial_state

    g = aleppo_game()
    with pages_of(g, None) as pages:
        text = " ".join(_texts(pages[-1]).split())
        assert "a unit that marched today is moving; one that marched yesterday and stands " \
               "today is hasty; any other is prepared" in text
        assert "Every unit starts prepared" in text
    s = initial_state(g)
    assert set(s.posture) == {PREPARED}
    u = g.unit_index["35sf"]
    movement(g, s, {u: parse_order("move 35sf sheikh_hilal")}, Log(g, 0))
    assert s.posture[u] == MOVING
    movement(g, s, {}, Log(g, 1))
    assert s.posture[u] == HASTY
    movement(g, s, {}, Log(g, 2))
    assert s.posture[u] == PREPARED
