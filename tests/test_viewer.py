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
    assert page.locator("svg g title").count() == page.locator("#units tbody tr").count()
    assert any(t.startswith("35th Special Forces Regiment ")
               for t in page.locator("svg g title").all_text_contents())
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
