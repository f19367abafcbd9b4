"""The printable kit: its combat results table is the engine's, and it is a PDF."""

from __future__ import annotations

from engine.pictures.kit import RATIOS, crt, render_kit
from engine.sim.chance import pick
from engine.sim.combat import OUTCOMES, outcome_odds

from helpers import aleppo_game


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
    import matplotlib.pyplot as plt

    from engine.pictures.kit import kit_pages
    from engine.scenario.synthetic import synthetic_scenario
    from engine.sim.game import build_game

    g = build_game(synthetic_scenario(30, 45, seed=1))
    pages = kit_pages(g, None)
    try:
        sheets = [f for f in pages if f._suptitle and "Counter sheet" in f._suptitle.get_text()]
        assert len(g.units) > 40 and len(sheets) == -(-len(g.units) // 20)
        assert sum(len(f.axes) for f in sheets) == len(g.units)
        table = next(f for f in pages if f._suptitle and "Combat results" in
                     f._suptitle.get_text())
        text = " ".join(t.get_text() for t in table.texts).replace("\n", " ")
        assert f"{g.rules['killed_share']:.0%} of casualties killed" in text
    finally:
        for f in pages:
            plt.close(f)
