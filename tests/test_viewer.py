"""The HTML viewer in a real browser: headless Chromium driven by Playwright."""

from __future__ import annotations

import shutil
from functools import cache

import pytest

from engine.history.replay import play_replay
from engine.pictures.viewer import frames, viewer_data, viewer_html
from engine.play.campaign import play_campaign
from engine.play.commanders import players
from engine.scenario.loader import load_scenario
from engine.sim.game import build_game

from helpers import SMALL, aleppo_game, aleppo_recorded, aleppo_replay_file

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@cache
def band_page() -> str:
    """The recorded replay and a band of eight adjudicated runs, as `replay --html` makes."""
    from engine.history.replay import play_runs
    from engine.pictures.viewer import band

    g, rf, rec = aleppo_game(), aleppo_replay_file(), aleppo_recorded()
    runs = play_runs(g, rf, 8, 1)
    return viewer_html(viewer_data(g, rf.title, {
        "recorded": frames(g, rec.history, rf), "adjudicated": frames(g, runs[0].history)},
        {"adjudicated": band(g, [r.history for r in runs])}))


@cache
def aleppo_page() -> str:
    g, rf, rec = aleppo_game(), aleppo_replay_file(), aleppo_recorded()
    run = play_replay(g, rf, "adjudicated", 2)
    return viewer_html(viewer_data(g, rf.title, {
        "recorded": frames(g, rec.history, rf), "adjudicated": frames(g, run.history)}))


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.fail("the viewer test needs Debian's chromium (apt-get install chromium); "
                    ".ci/run installs it")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def open_page(browser, tmp_path, html: str):
    path = tmp_path / "viewer.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page()
    dialogs, errors, requests = [], [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    return page, dialogs, errors, requests


def set_day(page, day: int) -> None:
    page.eval_on_selector("#day", "(e, d) => { e.value = d; e.dispatchEvent(new Event('input')); }",
                          day)


def test_the_slider_shows_khanasir_taken_on_3_october(browser, tmp_path) -> None:
    page, dialogs, errors, requests = open_page(browser, tmp_path, aleppo_page())
    holder = "#holder-khanasir .holder"
    set_day(page, 1)
    assert page.text_content("#date") == "2013-10-02"
    assert page.text_content(holder) == "rebels (contested)"
    set_day(page, 2)
    assert page.text_content("#date") == "2013-10-03"
    assert page.text_content(holder) == "government"
    assert "[line 40]" in page.text_content("#events")
    assert page.locator("#units tbody tr").count() > 10
    # every unit on the map has its symbol, named in its tooltip
    assert page.locator("svg g.unit title").count() == page.locator("#units tbody tr").count()
    assert any(t.startswith("35th Special Forces Regiment (Syrian Government and allies): ")
               for t in page.locator("svg g.unit title").all_text_contents())
    assert page.locator("svg circle").count() >= 48
    page.click("#next")
    assert page.text_content("#date") == "2013-10-04"
    page.click("#mode-adjudicated")  # the toggle: the engine's own run
    assert page.text_content("#date") == "2013-10-04"
    assert not errors and not dialogs
    assert all(u.startswith("file://") for u in requests)  # nothing from the network


def test_scenario_text_is_shown_not_run(browser, tmp_path) -> None:
    text = SMALL.read_text(encoding="utf-8").replace("name: Hill 12",
                                                     "name: <script>alert(1)</script>")
    path = tmp_path / "evil.yaml"
    path.write_text(text, encoding="utf-8")
    g = build_game(load_scenario(path))
    history = play_campaign(g, 1, players(g, ["heuristic"] * 2), days=3)
    html = viewer_html(viewer_data(g, "<img src=x onerror=alert(2)>", {
        "recorded": frames(g, history)}))
    assert "<script>alert(1)" not in html
    page, dialogs, errors, _ = open_page(browser, tmp_path, html)
    assert page.text_content("#holder-hill_12 td") == "<script>alert(1)</script>"
    assert page.text_content("#title") == "<img src=x onerror=alert(2)>"
    assert not dialogs and not errors


def test_a_legend_a_scale_bar_tooltips_and_strengths_on_the_map(browser, tmp_path) -> None:
    page, dialogs, errors, _ = open_page(browser, tmp_path, band_page())
    legend = page.text_content("#legend")
    assert "Syrian Government and allies" in legend and "Rebel coalition" in legend
    assert "special forces" in legend and "infantry" in legend and "contested" in legend
    assert page.locator("#legend svg").count() == len({u for u in aleppo_game().unit_type})
    assert page.text_content("#scalebar text").endswith(" km")
    tips = page.locator("svg g.place title").all_text_contents()
    assert len(tips) == 48 and "Khanasir: Rebel coalition" in tips
    strengths = page.locator("svg text.strength").all_text_contents()
    assert len(strengths) == page.locator("svg g.unit").count() and "1,200" in strengths
    # stacks as the day map places them: one leader line a stack, no counter on a name
    assert page.locator("svg line.leader").count() >= 8
    clash = page.evaluate("""() => {
      const boxes = [...document.querySelectorAll("svg g.place + text, svg g.place ~ text")]
        .filter(t => !t.closest("g.unit") && t.parentNode.id !== "scalebar").map(t => t.getBBox());
      const units = [...document.querySelectorAll("svg g.unit rect")].map(r => r.getBBox());
      const hit = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width &&
                            a.y < b.y + b.height && b.y < a.y + a.height;
      return units.filter(u => boxes.some(b => hit(u, b))).length / units.length;
    }""")
    assert clash < 0.25
    assert page.text_content("#title") == "Operation Northern Storm as recorded \u2014 recorded"
    assert not errors and not dialogs


def test_the_adjudicated_view_is_the_band_of_every_run(browser, tmp_path) -> None:
    """Toggled to the adjudicated runs, the title says so, each place gives the share of the
    runs that hold it, and the losses are the runs' 10 %, median and 90 %."""
    from engine.history.replay import play_runs

    page, dialogs, errors, _ = open_page(browser, tmp_path, band_page())
    assert not page.is_visible("#bandbox")
    page.click("#mode-adjudicated")
    set_day(page, 2)
    assert page.text_content("#title").endswith("adjudicated: places and losses over every "
                                                "run, units of the first")
    assert page.is_visible("#bandbox") and "Over 8 runs" in page.text_content("#bandtitle")
    g, rf = aleppo_game(), aleppo_replay_file()
    states = [r.history.turns[2].state for r in play_runs(g, rf, 8, 1)]
    k = g.theatre.index["khanasir"]
    share = round(100 * sum(st.holder[k] == 0 for st in states) / 8)
    assert page.text_content("#holder-khanasir .share").startswith(f"government {share}%")
    median = sorted(st.side_losses(g)["rebels"]["killed"] for st in states)
    cells = page.locator("#band-rebels td").all_text_contents()
    assert cells[0] == "rebels" and int(cells[2].replace(",", "")) == int(    # JS rounds
        (median[3] + median[4]) / 2 + 0.5)                                      # half up
    tip = next(t for t in page.locator("svg g.place title").all_text_contents()
               if t.startswith("Khanasir: "))
    assert tip.endswith("of 8 runs") and f"{share}%" in tip
    assert not errors and not dialogs
