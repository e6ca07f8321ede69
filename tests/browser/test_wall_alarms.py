"""Alarms that matter cannot vanish, in a real browser: a hotspot as the top alarm takes the wall over (no 500), its
takeover times out onto the wall's rail and the seats' strip until a seat acknowledges it; a seat opening /video
after a fire alert gets it pinned and the review queue puts it first; marker colours by kind and state on the maps;
during an outage the wall holds the city scene; a playlist edit reaches an open wall."""

from __future__ import annotations

import json
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest

from data_access import events as ev
from data_access.db import read_session, write_session
from data_access.models import AlarmAck, AuditLog
from data_access.worktime import utcnow
from data_access.writes import apply
from tests.browser.conftest import REFRESH_SECONDS, FeedAlive
from tests.factories import new_ticket

pytestmark = pytest.mark.browser
CAMERA = "64018100001316000002"  # 城区街道雪亮工程002 in the static city
RAIL = "#wall-rail"


def write(db_url: str, events: list) -> None:
    with write_session(db_url) as s:
        apply(s, events)


def login(page, base: str, user: str = "officer") -> None:
    page.goto(base + "/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", "Demo-2024!pass")
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


def test_a_hotspot_on_top_takes_over_times_out_onto_the_rail_and_a_seat_acknowledges_it(live, watched, browser):
    now = utcnow()
    tag = uuid.uuid4().hex[:6]
    write(
        live.db_url,
        [
            new_ticket(f"HS-{tag}-{i}", now - timedelta(minutes=i), category="H0201", town_code="640181100")
            for i in range(9)
        ],
    )
    wall = watched.page  # any 5xx (the old KeyError) or console error fails the test
    watched.login(live.url, "wall")  # the hall's wall account: it may show the alarmed camera live
    wall.goto(f"{live.url}/wall/1080p")
    wall.wait_for_selector(".wall-takeover.active", timeout=120000)  # the hotspot source reads once a minute
    card = wall.inner_text(".wall-takeover")
    assert "热点预警" in card and "今日 9 件" in card and "东塔镇" in card
    assert wall.locator(".to-map path").count() > 10  # the place on the map layers, not an empty panel
    assert wall.evaluate("getComputedStyle(document.querySelector('.wall-takeover')).backgroundColor") == (
        "rgb(18, 6, 11)"
    )  # opaque: nothing of the scene shows through
    assert "东塔镇" in wall.inner_text(RAIL)

    wall.evaluate("document.getElementById('wall-root').dataset.timeout = '2'")  # a 2 s takeover time-out
    wall.wait_for_selector(".wall-takeover.active", state="hidden", timeout=10000)
    wall.wait_for_timeout(2000)
    assert "东塔镇" in wall.inner_text(RAIL)  # timed out, still pinned on the rail until someone acts
    assert wall.locator(".wall-scene.scene-active").count() == 1  # rotation resumed under the rail

    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    seat = ctx.new_page()
    login(seat, live.url)
    row = seat.locator(".alarm-row", has_text="东塔镇")
    row.wait_for(timeout=20000)
    row.locator(".alarm-ack").click()
    seat.wait_for_selector("text=已确认")
    wall.wait_for_function(
        f"() => !document.querySelector('{RAIL}').innerText.includes('东塔镇')", timeout=90000
    )  # off the rail once acknowledged (the source re-reads within its minute)
    with read_session(live.db_url) as s:
        ack = s.query(AlarmAck).filter(AlarmAck.key.like("hotspot:H0201:640181100:%")).one()
        assert ack.actor == "officer"
        assert s.query(AuditLog).filter_by(action="alarm_ack", result="ok").count() == 1
    ctx.close()


def test_a_seat_opening_video_after_a_fire_alert_gets_it_pinned_and_first_in_the_queue(live, browser):
    at = utcnow() - timedelta(minutes=15)  # older than the live linkage window: only the alarm keeps it
    fire = f"test-fire-{time.time_ns()}"
    write(
        live.db_url,
        [
            ev.AlertRaised(f"test-minor-{time.time_ns()}", CAMERA, "CG07", 0.8, (0.1, 0.1, 0.3, 0.3), utcnow()),
            ev.AlertRaised(fire, CAMERA, "XF01", 0.91, (0.2, 0.3, 0.5, 0.7), at, simulated=False),
        ],
    )
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = ctx.new_page()
    login(page, live.url)
    page.goto(live.url + "/video")
    page.wait_for_selector(f"#video-wall .video-tile.pinned[data-cam='{CAMERA}']", timeout=30000)
    assert "火焰检测" in page.inner_text("#video-wall .video-tile.pinned")
    page.wait_for_selector(".video-queue .video-q")
    assert page.get_attribute(".video-queue .video-q >> nth=0", "data-alert") == fire  # severity first
    page.click(f".video-q[data-alert='{fire}'] .video-act.false")
    page.wait_for_selector(f".video-q[data-alert='{fire}']", state="detached", timeout=15000)
    ctx.close()


FILLS = """sel => Array.from(document.querySelectorAll(sel + ' path'))
  .map(p => (p.getAttribute('fill') || '').toLowerCase()).filter(f => f && f !== 'none')"""


def test_markers_are_coloured_by_kind_and_state_on_every_map(live, watched):
    old = utcnow() - timedelta(days=20)  # long past its time limit: overdue
    tag = uuid.uuid4().hex[:6]
    write(
        live.db_url,
        [
            new_ticket(f"MC-late-{tag}", old, lat=38.09, lon=106.35, town_code="640181001"),
            ev.TicketAction(f"MC-d-{tag}", f"MC-late-{tag}", "dispatch", old + timedelta(hours=1), department_id=23),
            new_ticket(f"MC-cm-{tag}", utcnow(), stream="cm", lat=38.11, lon=106.33, town_code="640181001"),
            new_ticket(f"MC-ok-{tag}", utcnow(), lat=38.10, lon=106.34, town_code="640181001"),
        ],
    )
    page = watched.page
    page.goto(live.url + "/")
    page.wait_for_function(f"() => ({FILLS})('[data-panel=map]').includes('#ff5d6c')", timeout=30000)
    fills = set(page.evaluate(FILLS, "[data-panel=map]"))
    assert {"#ff5d6c", "#2fd6c3", "#3fa7ff"} <= fills  # overdue red, 数字城管 teal, 12345 blue (not area blue)
    page.goto(live.url + "/wall/4k")
    hero = ".wall-scene[data-scene=city] .wall-map .leaflet-wall-map-points-pane"
    page.wait_for_function(f"() => ({FILLS})('{hero}').length >= 3", timeout=30000)
    fills = set(page.evaluate(FILLS, hero))
    assert {"#ff5d6c", "#2fd6c3", "#3fa7ff"} <= fills
    names = page.inner_text(".wall-scene[data-scene=city] .wall-map")
    assert "东塔镇" in names and "黄河" in names and "G20" in names  # towns, the river and the roads named


def test_during_an_outage_the_wall_holds_the_city_scene_and_a_playlist_edit_reaches_it(live, browser):
    playlist = Path(live.env["CC_WALL_PLAYLIST"])
    before = playlist.read_text() if playlist.exists() else None
    playlist.write_text(json.dumps([{"scene": "town", "town": "640181103", "dwell": 5}, {"scene": "city", "dwell": 5}]))
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    active = ".wall-scene.scene-active"
    try:
        with FeedAlive(live.db_url):
            page.goto(f"{live.url}/wall/1080p")
            page.wait_for_selector(f"{active}[data-scene=town]", timeout=60000)
        # the feed stops: the city panels go stale within a few periods, and the wall holds the city scene
        page.wait_for_selector(f"{active}[data-scene=city]", timeout=REFRESH_SECONDS * 4000 + 15000)
        for _ in range(4):
            page.wait_for_timeout(2000)
            assert page.get_attribute(active, "data-scene") == "city"
        assert page.locator(".wall-scene[data-scene=city] .panel.state-dead").count() > 0  # with its stale badges
        with FeedAlive(live.db_url):
            page.wait_for_selector(f"{active}[data-scene=town]", timeout=60000)  # recovered: rotation resumes
            playlist.write_text(json.dumps([{"scene": "safety", "dwell": 30}]))  # an admin's edit
            page.wait_for_selector(f"{active}[data-scene=safety]", timeout=30000)  # reaches the open wall
    finally:
        page.close()
        if before is None:
            playlist.unlink()
        else:
            playlist.write_text(before)
