"""The wall in a real browser: every profile fills its canvas cleanly; a level-II incident takes it over
within 2 s and holds until a seat acknowledges; data outages show; a server restart heals by itself."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
import requests

from data_access import events as ev
from data_access.db import read_session, write_session
from data_access.models import AuditLog, Incident
from data_access.worktime import utcnow
from data_access.writes import apply
from tests.browser.conftest import REFRESH_SECONDS, FeedAlive
from tests.factories import new_ticket

pytestmark = pytest.mark.browser

PROFILES = {"1080p": (1920, 1080), "4k": (3840, 2160), "5760": (5760, 2160), "8k": (7680, 2160)}

OVERFLOW_JS = """() => {
  const bad = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth || doc.scrollHeight > doc.clientHeight) bad.push('page scrolls');
  const scene = document.querySelector('.wall-scene.scene-active');
  if (!scene) return ['no active scene'];
  for (const p of scene.querySelectorAll('.panel')) {
    const r = p.getBoundingClientRect();
    if (r.right > innerWidth + 1 || r.bottom > innerHeight + 1 || r.width < 40 || r.height < 40)
      bad.push('panel outside canvas: ' + p.dataset.panel);
    for (const el of p.querySelectorAll('.panel-title, .kpi-value, .kpi-unit, .feed-row span, .lvl-row span')) {
      const e = el.getBoundingClientRect();
      if (e.width && (e.right > r.right + 1 || e.bottom > r.bottom + 1)) bad.push('text overflows: ' + p.dataset.panel);
      if (el.classList.contains('panel-title') && el.scrollWidth > el.clientWidth + 1)
        bad.push('title cut: ' + p.dataset.panel + ' ' + el.textContent);
    }
  }
  return bad;
}"""


def write(db_url: str, events: list) -> None:
    with write_session(db_url) as s:
        apply(s, events)


@pytest.mark.parametrize("profile", list(PROFILES))
def test_profile_fills_its_canvas_without_scrollbars_or_overflow(live, browser, profile):
    write(live.db_url, [new_ticket(f"W-{profile}", utcnow(), summary="路灯不亮")])
    w, h = PROFILES[profile]
    context = browser.new_context(viewport={"width": w, "height": h})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.goto(f"{live.url}/wall/{profile}")
    page.wait_for_selector(".wall-scene.scene-active [data-panel$='received'] .kpi-value")
    page.wait_for_timeout(1500)
    assert page.evaluate(OVERFLOW_JS) == []
    root_px = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert root_px >= (30 if h >= 2160 else 16)  # type sized from the profile, not the browser
    columns = page.evaluate(
        "getComputedStyle(document.querySelector('.wall-scene.scene-active .wall-grid'))"
        ".gridTemplateColumns.split(' ').length"
    )
    assert columns == {1920: 12, 3840: 12, 5760: 18, 7680: 24}[w]  # wider walls show more panels
    assert not page.is_visible(".shell-nav") and not page.is_visible("#shell-lang")  # no chrome
    context.close()
    assert not problems, problems


def test_level_two_incident_takes_over_and_holds_until_acknowledged(live, browser):
    wall_ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    wall_page = wall_ctx.new_page()
    wall_page.goto(f"{live.url}/wall/1080p")
    wall_page.wait_for_selector(".wall-scene.scene-active")
    inc = f"inc-{uuid.uuid4().hex[:8]}"
    write(
        live.db_url,
        [ev.IncidentReported(inc, "accident", "危化品泄漏", 2, "宁东化工园区危化品泄漏", 38.05, 106.55, utcnow())],
    )
    # the 2 s budget is measured by bench/bench_wall.py; a pass/fail test must not depend on a quiet machine
    wall_page.wait_for_selector(".wall-takeover.active", timeout=20000)
    text = wall_page.inner_text(".wall-takeover")
    assert "宁东化工园区危化品泄漏" in text and "Ⅱ级" in text and "米" in text  # facts and nearest cameras
    wall_page.wait_for_timeout(3000)
    assert wall_page.is_visible(".wall-takeover.active")  # pinned: it does not go away by itself

    seat_ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    seat = seat_ctx.new_page()
    seat.goto(live.url + "/login")
    seat.fill("input[name=username]", "officer")
    seat.fill("input[name=password]", "Demo-2024!pass")
    seat.click("button[type=submit]")
    seat.wait_for_selector(".alarm-ack")
    seat.click(".alarm-ack")
    seat.wait_for_selector("text=已确认")
    wall_page.wait_for_selector(".wall-takeover.active", state="hidden", timeout=4000)
    assert wall_page.locator(".wall-scene.scene-active").count() == 1  # rotation resumed
    with read_session(live.db_url) as s:
        assert s.query(Incident).filter_by(event_id=inc).one().acknowledged_by == "officer"
        assert s.query(AuditLog).filter_by(action="incident_ack", result="ok").count() >= 1
    wall_ctx.close()
    seat_ctx.close()


def test_a_visitor_forging_the_acknowledge_callback_is_refused_and_audited(live):
    inc = f"inc-{uuid.uuid4().hex[:8]}"
    write(live.db_url, [ev.IncidentReported(inc, "natural", "暴雨内涝", 1, "城区强降雨积水", 38.1, 106.34, utcnow())])
    deps = requests.get(live.url + "/_dash-dependencies", timeout=10).json()
    ack = next(d for d in deps if d["output"] == "overview-ack-result.children")
    key = f"incident:{inc}"
    body = {
        "output": ack["output"],
        "outputs": {"id": "overview-ack-result", "property": "children"},
        "inputs": [[{"id": {"type": "overview-ack", "key": key}, "property": "n_clicks", "value": 1}]],
        "changedPropIds": [json.dumps({"key": key, "type": "overview-ack"}, separators=(",", ":")) + ".n_clicks"],
        "state": [],
    }
    resp = requests.post(live.url + "/_dash-update-component", json=body, timeout=10)  # anonymous = visitor
    assert resp.status_code == 403
    with read_session(live.db_url) as s:
        assert s.query(Incident).filter_by(event_id=inc).one().acknowledged_at is None
        denied = [a.role for a in s.query(AuditLog).filter_by(action="callback:acknowledge_alarm", result="denied")]
    assert denied and denied[-1] == "visitor"
    # acknowledged here so the incident does not hold the walls of the tests that follow
    write(live.db_url, [ev.IncidentUpdate(f"{inc}-ack", inc, "ack", utcnow(), actor="test")])


def test_wall_goes_stale_then_red_and_recovers_without_reload(live, watched):
    page = watched.page
    panel = ".wall-scene.scene-active [data-panel$='received']"
    with FeedAlive(live.db_url):
        page.goto(f"{live.url}/wall/1080p")
        page.wait_for_selector(f"{panel}.state-live", timeout=20000)
    page.evaluate("window.__marker = 1")  # survives only if the page is never reloaded
    period = REFRESH_SECONDS * 1000
    page.wait_for_selector(f"{panel}.state-stale", timeout=period * 3 + 3000)
    page.wait_for_selector(f"{panel}.state-dead", timeout=period * 2 + 3000)
    write(live.db_url, [ev.FeedHeartbeat("test", utcnow())])
    page.wait_for_selector(f"{panel}.state-live", timeout=period * 2 + 3000)
    assert page.evaluate("window.__marker") == 1


def test_server_restart_under_an_open_wall_heals_within_30_seconds(live, browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})  # not watched: the restart fails requests
    page.goto(f"{live.url}/wall/1080p")
    page.wait_for_selector(".wall-scene.scene-active [data-panel$='received'] .kpi-value")
    before = int(page.inner_text(".wall-scene.scene-active [data-panel$='received'] .kpi-value").replace(",", ""))
    live.stop()
    page.wait_for_timeout(3000)
    write(live.db_url, [new_ticket(f"R-{uuid.uuid4().hex[:6]}", utcnow(), summary="重启期间的新工单")])
    live.start()
    page.wait_for_function(
        "n => +document.querySelector(\".wall-scene.scene-active [data-panel$='received'] .kpi-value\")"
        ".innerText.replace(/,/g, '') > n",
        arg=before,
        timeout=30000,
    )
    page.close()


def test_admin_edits_the_playlist_others_cannot(live, browser, tmp_path):
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = ctx.new_page()
    page.goto(live.url + "/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "Demo-2024!pass")
    page.click("button[type=submit]")
    page.goto(live.url + "/walls")
    page.wait_for_function("() => document.querySelector('#walls-editor')?.value?.includes('city')")
    page.fill("#walls-editor", '[{"scene": "safety", "dwell": 10}, {"scene": "nope"}]')
    page.click("#walls-save")
    page.wait_for_selector("text=scene must be one of")
    page.fill("#walls-editor", '[{"scene": "safety", "dwell": 10}, {"scene": "city", "dwell": 20, "hours": [6, 23]}]')
    page.click("#walls-save")
    page.wait_for_selector("text=已保存 2 项")
    page.goto(live.url + "/wall/1080p")
    page.wait_for_selector(".wall-scene.scene-active[data-scene=safety]")  # the first item of the new playlist
    ctx.close()
    officer = browser.new_context().new_page()
    officer.goto(live.url + "/login")
    officer.fill("input[name=username]", "officer")
    officer.fill("input[name=password]", "Demo-2024!pass")
    officer.click("button[type=submit]")
    officer.goto(live.url + "/walls")
    officer.wait_for_function("() => document.querySelector('#walls-editor')?.value?.includes('safety')")
    assert officer.is_disabled("#walls-editor")


def test_a_new_app_version_soft_reloads_the_wall(live, browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})  # not watched: the restart fails requests
    page.goto(f"{live.url}/wall/1080p")
    page.wait_for_selector(".wall-scene.scene-active")
    page.evaluate("window.__marker = 'old version'")
    live.env["CC_RELEASE"] = f"r-{uuid.uuid4().hex[:6]}"
    live.restart()
    page.wait_for_function("() => window.__marker === undefined", timeout=45000)  # reloaded by itself
    page.wait_for_selector(".wall-scene.scene-active .panel:not(.state-loading)", timeout=15000)
    page.close()


def test_the_same_scene_rotates_through_towns_with_each_towns_data(live, browser):
    playlist = Path(live.env["CC_WALL_PLAYLIST"])
    before = playlist.read_text() if playlist.exists() else None
    playlist.write_text(
        json.dumps(
            [{"scene": "town", "town": "640181001", "dwell": 6}, {"scene": "town", "town": "640181103", "dwell": 6}]
        )
    )
    write(live.db_url, [new_ticket(f"T-{i}-{uuid.uuid4().hex[:4]}", utcnow(), town_code="640181103") for i in range(3)])
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    feed = FeedAlive(live.db_url).__enter__()  # data flowing: during an outage the wall holds the city scene
    try:
        page.goto(f"{live.url}/wall/1080p")
        title = ".wall-scene.scene-active .scene-title"
        page.wait_for_function(f"() => document.querySelector('{title}')?.innerText.includes('宁东镇')", timeout=90000)
        value = ".wall-scene.scene-active [data-panel=town-received] .kpi-value"
        assert int(page.inner_text(value)) >= 3  # 宁东镇's own numbers, loaded before the scene was shown
        page.wait_for_function(
            f"() => document.querySelector('{title}')?.innerText.includes('城区街道')", timeout=90000
        )
    finally:
        feed.stop()
        page.close()
        if before is None:
            playlist.unlink()
        else:
            playlist.write_text(before)
