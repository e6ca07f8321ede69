"""Every page in the registry loads for every kind of user with no console error, no server error and no
Dash dev-tools error (the server runs with dev tools on here, so a bad prop or callback would show)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from data_access.db import dispose, write_session
from data_access.worktime import utcnow
from data_access.writes import apply
from tests.browser.conftest import LiveServer, Watched
from tests.factories import new_ticket
from tests.templates import CITY_USERS

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def page_paths() -> list[str]:
    """Every page's path, read from the register_page calls in layouts/ (no app built at collection)."""
    paths = []
    for page in sorted((ROOT / "layouts").glob("[!_]*.py")):
        m = re.search(r"register_page\([^)]*?\bpath(_template)?=\"([^\"]+)\"", page.read_text(), re.S)
        assert m, f"{page.name}: no path in register_page"
        paths.append(m.group(2).replace("<profile>", "1080p"))
    return paths


PATHS = page_paths()


@pytest.fixture(scope="module")
def debug_live(tmp_path_factory, sqlite_templates):
    tmp = tmp_path_factory.mktemp("debug")
    server = LiveServer(tmp, CC_DEBUG="true")
    sqlite_templates.copy(tmp / "live.db", CITY_USERS)
    with write_session(server.db_url) as s:
        apply(s, [new_ticket("P-1", utcnow(), summary="页面巡检工单")])
    dispose(server.db_url)
    server.start()
    yield server
    server.stop()


@pytest.mark.parametrize("role", ["anonymous", "officer", "admin"])
def test_every_page_loads_cleanly(debug_live, browser, role):
    assert "/" in PATHS and len(PATHS) >= 4
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    watched = Watched(context.new_page())
    if role != "anonymous":
        watched.login(debug_live.url, role)
    for path in PATHS:
        watched.page.goto(debug_live.url + path)
        watched.page.wait_for_selector("#_pages_content > *", timeout=15000)
        watched.page.wait_for_timeout(2500)  # let every first callback come back
        errors = watched.page.locator(".dash-fe-error__title, .dash-debug-menu__error-count").all_inner_texts()
        assert not errors, f"{path} as {role}: dev-tools errors {errors}"
        assert not watched.problems, f"{path} as {role}: {watched.problems}"
    context.close()


def _bundles(page) -> set[str]:
    return set(page.evaluate("() => Array.from(document.scripts).map(s => s.src)"
                             ".filter(s => s.includes('/_dash-component-suites/')).map(s => s.split('/')[4])"))  # fmt: skip


def test_pages_carry_only_the_bundles_they_use_and_links_to_heavier_pages_load_in_full(live, browser):
    """The wall never parses deck.gl or AG Grid; a seat clicking from the overview to /hotline or /gis still gets a
    working page (loaded in full), and client-side navigation stays for everything else. (Production mode: with dev
    tools on, Dash checks every page's props up front and every page carries every bundle.)"""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    watched = Watched(context.new_page())
    page = watched.page
    watched.login(live.url, "officer")
    for path in ("/", "/wall/4k", "/tour", "/video"):
        page.goto(live.url + path)
        page.wait_for_selector("#_pages_content > *")
        loaded = _bundles(page)
        assert "dash_leaflet" in loaded and not loaded & {"deckgl_dash", "dash_ag_grid"}, (path, loaded)
    page.goto(live.url + "/")
    page.wait_for_selector(".panel[data-panel='received'] .panel-drill")
    page.evaluate("() => { window.cc_same_document = true; }")
    page.click(".panel[data-panel='received'] .panel-drill")  # a dcc.Link to /hotline, filtered as the tile counts
    page.wait_for_url(live.url + "/hotline?stream=hotline&when=received_today")
    page.wait_for_selector(".ag-root", timeout=20000)
    assert page.evaluate("() => window.cc_same_document") is None  # a new document, not a client-side render
    assert "dash_ag_grid" in _bundles(page)
    page.click(".shell-nav .nav-link[href='/gis']")
    page.wait_for_url(live.url + "/gis")
    page.wait_for_selector(".leaflet-container", timeout=20000)
    assert "deckgl_dash" in _bundles(page)
    page.evaluate("() => { window.cc_same_document = true; }")
    page.click(".shell-nav .nav-link[href='/video']")  # a lighter page: client-side, as before
    page.wait_for_selector("#video-wall .video-tile")
    assert page.evaluate("() => window.cc_same_document") is True
    page.wait_for_timeout(1500)
    errors = page.locator(".dash-fe-error__title, .dash-debug-menu__error-count").all_inner_texts()
    assert not errors and not watched.problems, (errors, watched.problems)
    context.close()
