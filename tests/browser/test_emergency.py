"""The emergency command in a real browser, the Done-when flow as an officer: report an incident, verify it, raise
it to level II (the wall takes over), activate a plan, dispatch two teams (ETAs, routes on the map), file the
county report before its clock runs out, close it, export its situation report; every step on the timeline and in
the audit log; a visitor sees no action and no staff name; a drill carries the 演练 watermark."""

from __future__ import annotations

import pytest
import requests
from sqlalchemy import select

from data_access.db import read_session
from data_access.models import AuditLog, Incident, IncidentDispatch, IncidentEvent
from tests.browser.conftest import FeedAlive

pytestmark = pytest.mark.browser


def choose(page, dropdown_id: str, text: str) -> None:
    page.click(f"#{dropdown_id}")
    page.click(f".dash-dropdown-option:has-text('{text}')")


def act(page, action: str, level: str | None = None, note: str = "") -> None:
    before = page.locator(".emc-tl").count()
    choose(page, "emergency-c-action", action)
    if level:
        choose(page, "emergency-c-level", level)
    if note:
        page.fill("#emergency-c-note", note)
    page.click("#emergency-c-submit")
    page.wait_for_selector(".emc-message .em-msg.ok", timeout=20000)
    page.locator(".emc-tl").nth(before).wait_for(timeout=20000)


def test_an_officer_commands_an_incident_from_report_to_situation_report(live, watched, browser):
    page = watched.page
    watched.login(live.url, "officer")
    page.goto(live.url + "/emergency")
    page.wait_for_selector("#emergency-r-kind")
    choose(page, "emergency-r-kind", "危化品泄漏")
    page.fill("#emergency-r-title", "宁东基地甲醇储罐泄漏（测试）")
    page.fill("#emergency-r-lat", "38.12")
    page.fill("#emergency-r-lon", "106.61")
    page.click("#emergency-r-submit")
    page.wait_for_selector("#emergency-r-msg .em-msg.ok a", timeout=20000)
    page.click("#emergency-r-msg .em-msg.ok a")
    page.wait_for_selector(".emc-title:has-text('宁东基地甲醇储罐泄漏')", timeout=20000)
    clock = page.locator(".em-clock-row[data-clock='county'] .em-clock")
    first = clock.inner_text()
    page.wait_for_timeout(2200)
    assert clock.inner_text() != first and clock.get_attribute("data-due")  # the first-report clock counts down

    wall = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    wall.goto(f"{live.url}/wall/1080p")
    wall.wait_for_selector(".wall-scene.scene-active")

    act(page, "核实")
    act(page, "启动响应", level="Ⅱ级 重大")
    wall.wait_for_selector(".wall-takeover.active", timeout=20000)  # the 2 s budget: bench/bench_wall.py
    assert "宁东基地甲醇储罐泄漏" in wall.inner_text(".wall-takeover")
    wall.context.close()

    choose(page, "emergency-c-plan", "危险化学品事故")
    page.click("#emergency-c-plan-go")
    page.wait_for_selector(".emc-task", timeout=20000)
    for _ in range(2):
        n = page.locator(".emc-disp").count()
        page.locator("button[id*='emergency-c-dispatch']").first.click()
        page.locator(".emc-disp").nth(n).wait_for(timeout=20000)
    etas = page.locator(".emc-disp .emc-eta").all_inner_texts()
    assert len(etas) == 2 and all("分钟" in e for e in etas)
    page.locator(".emc-map path.leaflet-interactive").nth(1).wait_for(timeout=20000)  # two routes drawn

    act(page, "上报 · 灵武市应急管理局", note="首报：甲醇泄漏，无人员伤亡")
    county = page.locator(".em-clock-row[data-clock='county']")
    page.wait_for_selector(".em-clock-row[data-clock='county'] .em-clock-done", timeout=20000)
    assert "已按时报送" in county.inner_text()
    act(page, "处置完毕")
    act(page, "评估并关闭", note="评估：处置规范")
    page.wait_for_selector(".emc-step.now:has-text('评估/关闭')", timeout=20000)

    href = page.get_attribute("#emergency-c-report", "href")
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    report = requests.get(live.url + href, cookies=cookies, timeout=20)
    xlsx = requests.get(live.url + href + ".xlsx", cookies=cookies, timeout=20)
    assert report.status_code == 200 and "宁东基地甲醇储罐泄漏" in report.text
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"

    with read_session(live.db_url) as s:
        inc = s.scalars(select(Incident).where(Incident.title.like("宁东基地甲醇储罐泄漏%"))).one()
        kinds = s.scalars(
            select(IncidentEvent.kind).where(IncidentEvent.incident_id == inc.id).order_by(IncidentEvent.id)
        ).all()
        audits = set(s.scalars(select(AuditLog.action).where(AuditLog.username == "officer", AuditLog.result == "ok")))
        assert s.scalar(select(IncidentDispatch.eta_minutes).where(IncidentDispatch.incident_id == inc.id).limit(1)) > 0
        inc_id, stage, level = inc.id, inc.stage, inc.level
    assert stage == "closed" and level == 2
    assert ["report", "verify", "respond", "plan", "dispatch", "dispatch", "report_up", "handled", "close"] == kinds
    assert {"incident:report", "incident:verify", "incident:respond", "incident:plan", "incident:dispatch",
            "incident:handled", "incident:close", "incident:situation_report"} <= audits  # fmt: skip

    # a visitor: the same incident, no actions, no staff names
    visitor = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    visitor.goto(f"{live.url}/emergency/incident?id={inc_id}")
    visitor.wait_for_selector(".emc-tl", timeout=20000)
    assert not visitor.is_visible("#emergency-c-submit") and visitor.locator("button.emc-btn:visible").count() == 0
    assert "officer" not in visitor.inner_text(".emc-tls")
    assert requests.get(live.url + href).status_code == 403
    visitor.context.close()


def test_a_drill_shows_the_watermark_and_its_tag_and_stays_off_the_counts(live, watched):
    page = watched.page
    watched.login(live.url, "officer")
    with FeedAlive(live.db_url):
        page.goto(live.url + "/emergency")
        page.wait_for_selector("#emergency-r-kind")
        choose(page, "emergency-r-kind", "火灾")
        page.fill("#emergency-r-title", "综合应急演练（测试）")
        page.click("#emergency-r-drill input")
        page.click("#emergency-r-submit")
        page.wait_for_selector("#emergency-r-msg .em-msg.ok a", timeout=20000)
        page.wait_for_selector(".em-row-drill .em-drill-tag", timeout=20000)
        page.click("#emergency-r-msg .em-msg.ok a")
        page.wait_for_selector(".emc-page.emc-drill", timeout=20000)
        assert page.is_visible(".emc-watermark") and page.inner_text(".emc-watermark") == "演练"
