"""一张图 GIS in a real browser with no network: the base map, every layer toggles, a ticket's drawer with the
nearest cameras (masked by role), the grid drill and the replay slider."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from data_access import events as ev
from data_access.db import dispose, read_session, write_session
from data_access.geo import destination
from data_access.models import Algorithm, Camera
from data_access.worktime import utcnow
from data_access.writes import apply
from tests.factories import new_ticket

pytestmark = pytest.mark.browser
LAYERS = ("grid", "cameras", "tickets", "alerts", "incidents", "resources", "shops", "rental", "sensors")


@pytest.fixture(scope="module")
def city(live):
    """30 tickets in the core over the last 20 hours (one with canary personal data), an alert, an incident."""
    with read_session(live.db_url) as s:
        cam = s.scalars(select(Camera).where(Camera.town_code == "640181001").order_by(Camera.id)).first()
        cam_id, lat, lon, heading, rng, area = cam.id, cam.lat, cam.lon, cam.heading, cam.range_m, cam.area_code
        algo = s.scalars(select(Algorithm.code)).first()
    now = utcnow()
    tickets = []
    for i in range(30):
        plat, plon = destination(lat, lon, heading, rng / 2) if i == 0 else destination(lat, lon, i * 12, 300 + i * 40)
        tickets.append(
            new_ticket(
                f"GB-{i}",
                now - timedelta(minutes=40 * i + 5),
                lat=plat,
                lon=plon,
                area_code=area,
                town_code="640181001",
                citizen_name="测试甲乙丙",
                citizen_phone="13900000001",
                address="灵武市朔方路88号",
            )
        )
    with write_session(live.db_url) as s:
        apply(s, tickets)
        apply(
            s,
            [
                ev.AlertRaised("gb-a1", cam_id, algo, 0.9, (0.1, 0.1, 0.4, 0.4), now - timedelta(hours=1)),
                ev.IncidentReported(
                    "gb-i1", "accident", "火灾", 2, "测试火灾", lat, lon, now - timedelta(hours=2), area_code=area
                ),
            ],
        )
    dispose(live.db_url)
    return {"camera": cam_id}


def offline(watched, base: str) -> list:
    """Abort every request that leaves the test server; return the list of attempts."""
    tried: list = []

    def route(r):
        if r.request.url.startswith(base):
            return r.continue_()
        tried.append(r.request.url)
        return r.abort()

    watched.page.route("**/*", route)
    return tried


def count(page, pane: str) -> int:
    return page.locator(f".leaflet-gis-{pane}-pane path, .leaflet-gis-{pane}-pane .gis-cluster").count()


def open_gis(watched, live) -> list:
    tried = offline(watched, live.url)
    watched.page.goto(live.url + "/gis")
    watched.page.wait_for_selector(".leaflet-gis-tickets-pane path")
    return tried


def test_base_map_offline_and_every_layer_toggles(live, city, watched):
    page = watched.page
    tried = open_gis(watched, live)
    page.wait_for_selector(".leaflet-gis-base-pane path")
    assert count(page, "base") >= 8 and count(page, "towns") == 10  # river, roads, county, core; 10 towns
    for layer in LAYERS:
        before = count(page, layer)
        page.click(f".gis-layers input[value={layer}]")
        page.wait_for_function(
            f"() => document.querySelectorAll('.leaflet-gis-{layer}-pane path, .leaflet-gis-{layer}-pane .gis-cluster')"
            f".length {'== 0' if before else '> 0'}",
            timeout=8000,
        )
    assert tried == []


def test_clicking_a_ticket_opens_its_drawer_with_nearest_cameras(live, city, watched):
    page = watched.page
    watched.login(live.url, "officer")
    open_gis(watched, live)
    page.click(".gis-layers input[value=grid]")  # a clear map: tickets only on top
    page.evaluate("""() => {
        const paths = document.querySelectorAll('.leaflet-gis-tickets-pane path');
        paths[paths.length - 1].dispatchEvent(new MouseEvent('click', {bubbles: true}));
    }""")
    page.wait_for_selector(".gis-drawer.open .gis-cam")
    body = page.inner_text("#gis-drawer-body")
    assert "GB-" in body and "139****0001" in body and "13900000001" not in body and "88号" not in body
    assert page.locator(".gis-cam").count() == 5
    href = page.get_attribute(".gis-cam-link", "href")
    assert href.startswith("/video?camera=") and len(href.split("=")[1]) == 20
    assert count(page, "sel") == 6  # the point and a line to each camera
    page.click("#gis-drawer-close")
    page.wait_for_selector(".gis-drawer:not(.open)", state="attached")


def test_visitor_drawer_shows_no_personal_data(live, city, watched):
    page = watched.page
    open_gis(watched, live)
    page.evaluate(
        "() => document.querySelector('.leaflet-gis-tickets-pane path').dispatchEvent("
        "new MouseEvent('click', {bubbles: true}))"
    )
    page.wait_for_selector(".gis-drawer.open .gis-cam")
    body = page.inner_text("#gis-drawer-body")
    assert "测" not in body.split("诉求摘要")[0] and "****" not in body and "13900000001" not in body


def test_grid_drill_town_village_and_back(live, city, watched):
    page = watched.page
    open_gis(watched, live)
    for layer in ("tickets", "alerts", "incidents"):
        page.click(f".gis-layers input[value={layer}]")
    page.wait_for_function("() => document.querySelectorAll('.leaflet-gis-grid-pane path').length == 10")
    page.evaluate("""() => { const town = [...document.querySelectorAll('.leaflet-gis-grid-pane path')]
        .sort((a, b) => b.getAttribute('fill-opacity') - a.getAttribute('fill-opacity'))[0];
        town.dispatchEvent(new MouseEvent('click', {bubbles: true})); }""")  # the busiest town
    page.wait_for_selector("button.gis-crumb")
    assert "城区街道" in page.inner_text("#gis-crumbs")
    page.wait_for_function("() => document.querySelectorAll('.leaflet-gis-grid-pane path').length != 10")
    villages = count(page, "grid")
    page.evaluate(
        '() => document.querySelector(\'.leaflet-gis-grid-pane path[fill-opacity="0.72"], '
        ".leaflet-gis-grid-pane path').dispatchEvent(new MouseEvent('click', {bubbles: true}))"
    )
    page.wait_for_function("() => document.querySelectorAll('button.gis-crumb').length == 2")
    page.wait_for_function(f"() => document.querySelectorAll('.leaflet-gis-grid-pane path').length != {villages}")
    page.click("button.gis-crumb >> nth=0")
    page.wait_for_function("() => document.querySelectorAll('button.gis-crumb').length == 0")
    page.wait_for_function("() => document.querySelectorAll('.leaflet-gis-grid-pane path').length == 10")


def test_replay_slider_changes_what_is_shown(live, city, watched):
    page = watched.page
    open_gis(watched, live)
    page.click("text=回放 24 小时")
    page.wait_for_function("() => document.querySelectorAll('.leaflet-gis-tickets-pane path').length == 30")
    page.focus("#gis-slider [role=slider]")
    page.keyboard.press("Home")
    page.wait_for_function("() => document.querySelectorAll('.leaflet-gis-tickets-pane path').length == 0")
    for _ in range(12):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => { const n = document.querySelectorAll('.leaflet-gis-tickets-pane path').length;"
        " return n > 0 && n < 30; }"
    )
    page.click("#gis-play")  # plays to the end
    page.wait_for_function(
        "() => document.querySelectorAll('.leaflet-gis-tickets-pane path').length == 30", timeout=20000
    )


def test_3d_core_renders_offline(live, city, watched, tmp_path):
    from PIL import Image, ImageStat

    page = watched.page
    tried = open_gis(watched, live)
    page.click("text=三维")
    page.wait_for_selector("#gis-3d:not([hidden]) canvas")
    page.wait_for_function("() => /^2,9\\d\\d · \\d+ · 1$/.test(document.querySelector('#gis-3d-info').innerText)")
    page.wait_for_timeout(2500)  # let WebGL draw
    shot = tmp_path / "3d.png" if not os.environ.get("GIS_SHOT") else Path(os.environ["GIS_SHOT"])
    page.locator("#gis-deck").screenshot(path=str(shot))
    img = Image.open(shot).convert("RGB")
    colours = img.resize((64, 36)).getcolors(64 * 36) or []
    assert len(colours) > 200 and max(ImageStat.Stat(img).stddev) > 20  # buildings, relief and columns drawn
    px = list(img.get_flattened_data()) if hasattr(img, "get_flattened_data") else list(img.getdata())
    orange = sum(1 for r, g, b in px if r > 170 and 90 < g < 190 and b < 90)
    red = sum(1 for r, g, b in px if r > 170 and g < 90 and b < 110)
    assert orange > 200 and red > 200  # hotspot columns and the incident column stand out
    page.click("#gis-3d-reset")
    page.click("text=二维")
    page.wait_for_selector("#gis-3d[hidden]", state="attached")
    assert tried == []
