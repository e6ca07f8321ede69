"""The 12345 page in a real browser: grid, drawer, a whole lifecycle by an officer, a lost race, a forged POST."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import requests
from sqlalchemy import select

from data_access.db import read_session, write_session
from data_access.events import TicketAction
from data_access.models import AuditLog, Ticket
from data_access.worktime import utcnow
from data_access.writes import apply
from tests.browser.conftest import REFRESH_SECONDS
from tests.factories import new_ticket

pytestmark = pytest.mark.browser


def write_ticket(db_url: str, no: str, summary: str = "小区停水，请尽快处理，电话13900000001") -> None:
    with write_session(db_url) as s:
        apply(
            s,
            [
                new_ticket(
                    no,
                    utcnow() - timedelta(minutes=5),
                    summary=summary,
                    citizen_name="测试甲乙丙",
                    citizen_phone="13900000001",
                    citizen_id_no="11010119900101001X",
                    town_code="640181001",
                    lat=38.1,
                    lon=106.34,
                )
            ],
        )


def ticket_row(db_url: str, no: str) -> Ticket:
    with read_session(db_url) as s:
        t = s.scalars(select(Ticket).where(Ticket.ticket_no == no)).first()
        s.expunge_all()
        return t


def choose(page, dropdown_id: str, text: str) -> None:
    page.click(f"#{dropdown_id}")
    page.click(f".dash-dropdown-option:has-text('{text}')")


def act(page, action: str, *, note: str = "", dept: str | None = None, rating: str | None = None) -> None:
    page.wait_for_function(
        "(a) => Array.from(document.querySelectorAll('#hotline-action')).length > 0", arg=action, timeout=5000
    )
    choose(page, "hotline-action", action)
    if dept:
        choose(page, "hotline-act-dept", dept)
    if rating:
        page.click(f"#hotline-act-sat label:has-text('{rating}')")
    page.fill("#hotline-act-note", note)
    page.click("#hotline-submit")


def wait_status(page, label: str) -> None:
    page.wait_for_function(
        "(l) => (document.querySelector('#hotline-drawer-title') || {}).innerText?.includes(l)", arg=label, timeout=8000
    )


def test_grid_pages_filters_and_opens_the_drawer(live, watched):
    for i in range(3):
        write_ticket(live.db_url, f"HLG-{i}", summary=f"路灯不亮 第{i}处")
    page = watched.page
    watched.login(live.url, "officer")
    page.goto(live.url + "/hotline")
    page.wait_for_selector(".ag-row[row-id='HLG-2']")
    assert "路灯不亮" in page.inner_text(".hl-grid")
    page.fill("#hotline-f-text", "HLG-1")
    page.press("#hotline-f-text", "Enter")
    page.wait_for_function("() => !document.querySelector(\".ag-row[row-id='HLG-2']\")", timeout=8000)
    page.click(".ag-row[row-id='HLG-1'] .ag-cell >> nth=0")
    page.wait_for_selector(".hl-drawer.open .hl-timeline")
    assert "受理" in page.inner_text("#hotline-timeline")
    citizen = page.inner_text("#hotline-citizen")
    assert "139****0001" in citizen and "13900000001" not in citizen and "测**" in citizen


def test_officer_runs_the_lifecycle_and_the_ticket_returns_for_redo(live, watched):
    no = "HLF-1"
    write_ticket(live.db_url, no)
    page = watched.page
    watched.login(live.url, "officer")
    page.goto(live.url + "/hotline")
    page.wait_for_selector("[data-panel=closed] .kpi-value")
    closed_before = int(page.inner_text("[data-panel=closed] .kpi-value").replace(",", ""))
    page.goto(live.url + f"/hotline?ticket={no}")
    page.wait_for_selector(".hl-drawer.open .hl-timeline")
    # reveal with a reason: full number for 60 s, audited
    page.fill("#hotline-reveal-reason", "回访核实")
    page.click("#hotline-reveal")
    page.wait_for_selector("#hotline-citizen .hl-revealed")
    assert "13900000001" in page.inner_text("#hotline-citizen")

    act(page, "派单", dept="灵武市供水公司", note="请供水公司处理")
    wait_status(page, "待签收")
    act(page, "签收")
    wait_status(page, "办理中")
    act(page, "回复", note="已修复管道")
    wait_status(page, "已回复")
    act(page, "办结", note="审核通过")
    wait_status(page, "已办结")
    act(page, "回访评价", rating="不满意", note="仍然水压低")
    wait_status(page, "已评价")
    act(page, "退回重办", note="市民不满意，重办")
    wait_status(page, "办理中")
    timeline = page.inner_text("#hotline-timeline")
    for step in ("受理", "派单", "签收", "回复", "办结", "回访评价", "退回重办"):
        assert step in timeline, step
    t = ticket_row(live.db_url, no)
    assert t.status == "in_progress" and t.redo_count == 1 and t.satisfaction == "dissatisfied"
    page.wait_for_function(
        f"() => +document.querySelector('[data-panel=closed] .kpi-value').innerText.replace(/,/g, '') > {closed_before}",
        timeout=(REFRESH_SECONDS * 3 + 5) * 1000,
    )
    with read_session(live.db_url) as s:
        rows = s.execute(
            select(AuditLog.action, AuditLog.result).where(AuditLog.object.in_((no, f"ticket:{no}")))
        ).all()
    actions = [a for a, r in rows if r == "ok"]
    for a in (
        "reveal_citizen",
        "ticket:dispatch",
        "ticket:sign",
        "ticket:reply",
        "ticket:close",
        "ticket:callback",
        "ticket:redo",
    ):
        assert a in actions, (a, rows)


def test_city_management_loop_with_rework_on_the_same_page(live, watched):
    no = "CMF-1"
    with write_session(live.db_url) as s:
        apply(
            s,
            [
                new_ticket(
                    no,
                    utcnow() - timedelta(minutes=5),
                    stream="cm",
                    channel="inspector",
                    category="SJ0102",
                    summary="暴露垃圾",
                )
            ],
        )
    page = watched.page
    watched.login(live.url, "officer")
    page.goto(live.url + f"/hotline?ticket={no}")
    page.wait_for_selector(".hl-drawer.open .hl-timeline")
    assert "信息收集" in page.inner_text("#hotline-stages")
    act(page, "立案", note="核实属实")
    wait_status(page, "已立案")
    act(page, "派遣", dept="市城市管理综合执法局")
    wait_status(page, "已派遣")
    act(page, "处置反馈", note="已清运")
    wait_status(page, "已处置")
    act(page, "核查不通过返工", note="现场仍有垃圾")
    wait_status(page, "已派遣")
    act(page, "处置反馈", note="已彻底清运")
    wait_status(page, "已处置")
    act(page, "核查结案", note="核查通过")
    wait_status(page, "已办结")
    t = ticket_row(live.db_url, no)
    assert (t.status, t.redo_count, t.is_open) == ("closed", 1, False)
    timeline = page.inner_text("#hotline-timeline")
    assert timeline.count("处置反馈") == 2 and "核查不通过返工" in timeline and "核查结案" in timeline
    assert page.locator("#hotline-stages .hl-stage.done").count() == 7


def test_two_officers_one_ticket_exactly_one_wins(live, watched, browser):
    no = "HLC-1"
    write_ticket(live.db_url, no)
    a = watched.page
    watched.login(live.url, "officer")
    other = browser.new_context(viewport={"width": 1920, "height": 1080})
    b = other.new_page()
    try:
        b.goto(live.url + "/login")
        b.fill("input[name=username]", "supervisor")
        b.fill("input[name=password]", "Demo-2024!pass")
        b.click("button[type=submit]")
        b.wait_for_url(live.url + "/")
        for p in (a, b):
            p.goto(live.url + f"/hotline?ticket={no}")
            p.wait_for_selector(".hl-drawer.open .hl-timeline")
        act(a, "派单", dept="灵武市供水公司")
        a.wait_for_selector("#hotline-message .hl-msg.ok")
        act(b, "直接答复", note="已电话答复")
        b.wait_for_selector("#hotline-message .hl-msg.conflict")
        assert "他人" in b.inner_text("#hotline-message")
        t = ticket_row(live.db_url, no)
        assert t.status == "pending_sign" and t.version == 2
    finally:
        other.close()


def test_a_visitor_forging_the_action_callback_is_refused_and_audited(live):
    no = "HLV-1"
    write_ticket(live.db_url, no)
    before = ticket_row(live.db_url, no)
    deps = requests.get(live.url + "/_dash-dependencies", timeout=10).json()
    spec = next(d for d in deps if d["output"].startswith("..hotline-message.children"))
    body = {
        "output": spec["output"],
        "outputs": [
            {"id": "hotline-message", "property": "children"},
            {"id": "hotline-refresh", "property": "data"},
            {"id": "hotline-act-note", "property": "value"},  # the note box clears after a submit
        ],
        "inputs": [{"id": "hotline-submit", "property": "n_clicks", "value": 1}],
        "state": [
            {"id": "hotline-version", "property": "data", "value": {"ticket_no": no, "version": 1}},
            {"id": "hotline-action", "property": "value", "value": "answer"},
            {"id": "hotline-act-dept", "property": "value", "value": None},
            {"id": "hotline-act-co", "property": "value", "value": []},
            {"id": "hotline-act-note", "property": "value", "value": "forged"},
            {"id": "hotline-act-sat", "property": "value", "value": None},
            {"id": "hotline-act-days", "property": "value", "value": 3},
            {"id": "hotline-refresh", "property": "data", "value": 0},
            {"id": "hotline-merge-into", "property": "data", "value": None},
        ],
        "changedPropIds": ["hotline-submit.n_clicks"],
    }
    r = requests.post(
        live.url + "/_dash-update-component",
        data=json.dumps(body),
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert r.status_code == 403
    after = ticket_row(live.db_url, no)
    assert (after.status, after.version) == (before.status, before.version) == ("accepted", 1)
    with read_session(live.db_url) as s:
        denied = s.execute(
            select(AuditLog.role, AuditLog.result).where(AuditLog.action == "callback:submit_ticket_action")
        ).all()
    assert ("visitor", "denied") in denied


def test_export_needs_a_seat_role_and_masks(live, watched):
    write_ticket(live.db_url, "HLE-1")
    anon = requests.get(live.url + "/hotline/export.csv", timeout=10)
    assert anon.status_code == 403
    page = watched.page
    watched.login(live.url, "officer")
    resp = page.request.get(live.url + "/hotline/export.csv?text=HLE-1")
    assert resp.status == 200
    text = resp.text()
    assert "HLE-1" in text and "13900000001" not in text
    xlsx = page.request.get(live.url + "/hotline/export.xlsx")
    assert xlsx.status == 200 and xlsx.body()[:2] == b"PK"
    report = page.request.get(live.url + "/hotline/assessment.csv")
    assert report.status == 200 and "按时签收率" in report.text() and "较上期" in report.text()
    assert page.request.get(live.url + "/hotline/assessment.xlsx?start=2024-13-01").status == 400
    assert requests.get(live.url + "/hotline/assessment.xlsx", timeout=10).status_code == 403
    with read_session(live.db_url) as s:
        exports = s.execute(select(AuditLog.action, AuditLog.result).where(AuditLog.action.like("export_%"))).all()
    assert ("export_tickets_csv", "ok") in exports and ("export_tickets_csv", "denied") not in exports
    assert ("export_tickets", "denied") in exports and ("export_assessment_csv", "ok") in exports


def test_an_open311_request_through_the_live_server_shows_on_the_page(live, watched):
    form = {
        "api_key": "demo-key",
        "service_code": "H0201",
        "lat": "38.1",
        "long": "106.34",
        "description": "Open311 测试：小区停水",
        "service_request_client_id": "live-1",
    }
    r = requests.post(live.url + "/open311/v2/requests.json", data=form, timeout=10)
    assert r.status_code == 201, r.text
    rid = r.json()[0]["service_request_id"]
    again = requests.post(live.url + "/open311/v2/requests.json", data=form, timeout=10)
    assert again.status_code == 200 and again.json()[0]["service_request_id"] == rid
    xml = requests.get(live.url + f"/open311/v2/requests/{rid}.xml", timeout=10)
    assert xml.status_code == 200 and xml.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert f"<service_request_id>{rid}</service_request_id>" in xml.text
    page = watched.page
    watched.login(live.url, "officer")
    page.goto(live.url + "/hotline")
    page.wait_for_selector(f".ag-row[row-id='{rid}']")
    page.wait_for_function(
        "(rid) => document.querySelector('[data-panel=feed]').innerText.includes('Open311')", arg=rid, timeout=10000
    )


def test_supervisor_sends_reminders_once(live, watched):
    no = "HLR-1"
    write_ticket(live.db_url, no)
    page = watched.page
    watched.login(live.url, "supervisor")
    page.goto(live.url + "/hotline")
    page.click("#hotline-remind")
    page.wait_for_selector("#hotline-remind-msg .hl-msg.ok")
    assert "催办" in page.inner_text("#hotline-remind-msg")
    with read_session(live.db_url) as s:
        rows = s.execute(select(AuditLog.username, AuditLog.result).where(AuditLog.action == "remind_sweep")).all()
    assert ("supervisor", "ok") in rows


def test_a_visitor_cannot_reveal_citizen_details(live):
    no = "HLV-2"
    write_ticket(live.db_url, no)
    deps = requests.get(live.url + "/_dash-dependencies", timeout=10).json()
    spec = next(d for d in deps if d["output"].startswith("..hotline-citizen.children"))
    body = {
        "output": spec["output"],
        "outputs": [
            {"id": "hotline-citizen", "property": "children"},
            {"id": "hotline-reveal-timer", "property": "disabled"},
            {"id": "hotline-reveal-timer", "property": "n_intervals"},
            {"id": "hotline-reveal-reason", "property": "value"},
        ],
        "inputs": [
            {"id": "hotline-ticket", "property": "data", "value": no},
            {"id": "hotline-reveal", "property": "n_clicks", "value": 1},
            {"id": "hotline-reveal-timer", "property": "n_intervals", "value": 0},
        ],
        "state": [{"id": "hotline-reveal-reason", "property": "value", "value": "curious"}],
        "changedPropIds": ["hotline-reveal.n_clicks"],
    }
    r = requests.post(live.url + "/_dash-update-component", json=body, timeout=10)
    assert r.status_code == 403 and "13900000001" not in r.text
    masked = dict(body, changedPropIds=["hotline-ticket.data"])
    r2 = requests.post(live.url + "/_dash-update-component", json=masked, timeout=10)
    assert r2.status_code == 200 and "13900000001" not in r2.text and "139****" not in r2.text  # visitors see nothing
    with read_session(live.db_url) as s:
        rows = s.execute(
            select(AuditLog.role, AuditLog.result).where(
                AuditLog.action == "callback:reveal_citizen", AuditLog.object == no
            )
        ).all()
    assert rows == [("visitor", "denied")]


def test_visitors_get_a_read_only_masked_page(live, watched):
    no = "HLP-1"
    write_ticket(live.db_url, no)
    page = watched.page
    page.goto(live.url + f"/hotline?ticket={no}")
    page.wait_for_selector(".hl-drawer.open .hl-timeline")
    page.wait_for_selector(".ag-row[row-id='HLP-1']")
    assert not page.is_visible("#hotline-submit") and not page.is_visible("#hotline-reveal")
    assert not page.is_visible("#hotline-export-csv") and not page.is_visible("#hotline-remind")
    text = page.inner_text("body")
    i = text.find("13900000001")
    assert i < 0 and "测试甲乙丙" not in text, text[max(0, i - 300) : i + 50]
    assert "不向公众展示" in page.inner_text("#hotline-citizen")


def test_officer_merges_a_repeat_request_as_a_duplicate(live, watched):
    write_ticket(live.db_url, "HLM-1", summary="小区停水三天了")
    write_ticket(live.db_url, "HLM-2", summary="小区又停水了")
    page = watched.page
    watched.login(live.url, "officer")
    page.goto(live.url + "/hotline?ticket=HLM-2")
    page.wait_for_selector(".hl-drawer.open .hl-similar")
    item = page.locator(".hl-sim-item", has_text="HLM-1")
    item.locator(".hl-merge").click()
    page.wait_for_function("() => document.querySelector('#hotline-act-note').value.includes('HLM-1')")
    page.click("#hotline-submit")
    wait_status(page, "已并入")
    assert "作为重复件并入" in page.inner_text("#hotline-timeline")
    page.wait_for_selector(".hl-links .hl-link-item:has-text('HLM-1')")  # the drawer shows the master
    assert "主单" in page.inner_text(".hl-links") and page.locator(".hl-merge").count() == 0
    t = ticket_row(live.db_url, "HLM-2")
    assert t.status == "merged" and ticket_row(live.db_url, "HLM-1").status == "accepted"
    page.click(".hl-links .hl-link-item button")  # the master's drawer lists its duplicate
    page.wait_for_selector(".hl-links .hl-link-item:has-text('HLM-2')")
    assert "重复件" in page.inner_text(".hl-links .hl-kind-duplicate")


def test_extension_is_requested_by_an_officer_and_approved_by_a_supervisor(live, watched, browser):
    no = "HLX-1"
    write_ticket(live.db_url, no)
    with write_session(live.db_url) as s:
        at = utcnow() - timedelta(minutes=4)
        apply(
            s,
            [
                TicketAction("hlx-d", no, "dispatch", at, department_id=23),
                TicketAction("hlx-s", no, "sign", at + timedelta(minutes=1)),
            ],
        )
    due_before = ticket_row(live.db_url, no).due_at
    page = watched.page
    watched.login(live.url, "officer")
    page.goto(live.url + f"/hotline?ticket={no}")
    page.wait_for_selector(".hl-drawer.open .hl-timeline")
    act(page, "申请延期", note="需协调多个部门")
    wait_status(page, "延期审批")
    page.click("#hotline-action")
    assert page.locator(".dash-dropdown-option:has-text('批准延期')").count() == 0  # not for officers
    page.keyboard.press("Escape")
    other = browser.new_context(viewport={"width": 1920, "height": 1080})
    sup = other.new_page()
    try:
        sup.goto(live.url + "/login")
        sup.fill("input[name=username]", "supervisor")
        sup.fill("input[name=password]", "Demo-2024!pass")
        sup.click("button[type=submit]")
        sup.wait_for_url(live.url + "/")
        sup.goto(live.url + f"/hotline?ticket={no}")
        sup.wait_for_selector(".hl-drawer.open .hl-timeline")
        sup.fill("#hotline-act-days", "5")
        act(sup, "批准延期", note="同意延期 5 个工作日")
        wait_status(sup, "办理中")
    finally:
        other.close()
    t = ticket_row(live.db_url, no)
    assert t.extension_count == 1 and t.due_at > due_before
