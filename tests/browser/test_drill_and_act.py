"""Drill-downs and officers' actions in a real browser: the overview's 超期 tile lands on the list it counts with
the same number at the top; the GIS drawer opens its ticket; the days an officer asks for reach the approver and
are applied; 督办 is logged under the supervisor's own name; a 退回重办 puts the stage bar back to 办理; the
note box clears after a submit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from data_access import events as ev
from data_access.db import dispose, read_session, write_session
from data_access.models import Ticket, TicketEvent
from data_access.worktime import add_work_days, utcnow
from data_access.writes import apply
from tests.browser.conftest import REFRESH_SECONDS
from tests.browser.test_hotline import act, wait_status
from tests.factories import new_ticket

pytestmark = pytest.mark.browser


def overdue_and_late(db_url: str) -> None:
    """Three tickets open past their deadline (two 12345, one 城管) and one closed after it (超期办结)."""
    now = utcnow()
    events = []
    for i in range(2):
        at = now - timedelta(days=8, hours=i)
        events += [
            new_ticket(f"DRO-{i}", at, town_code="640181001", lat=38.1, lon=106.34),
            ev.TicketAction(f"dro-d-{i}", f"DRO-{i}", "dispatch", at + timedelta(minutes=10), department_id=23),
        ]
    at = now - timedelta(days=14)
    events += [
        new_ticket("DRO-CM", at, stream="cm", town_code="640181001", lat=38.1, lon=106.34),
        ev.TicketAction("dro-cm-r", "DRO-CM", "register", at + timedelta(minutes=10)),
    ]
    at = now - timedelta(days=9)
    events += [
        new_ticket("DRL-1", at, town_code="640181001", lat=38.1, lon=106.34),
        ev.TicketAction("drl-d", "DRL-1", "dispatch", at + timedelta(minutes=10), department_id=23),
        ev.TicketAction("drl-s", "DRL-1", "sign", at + timedelta(minutes=20)),
        ev.TicketAction("drl-r", "DRL-1", "reply", now - timedelta(days=1)),
        ev.TicketAction("drl-c", "DRL-1", "close", now - timedelta(hours=20)),
    ]
    with write_session(db_url) as s:
        apply(s, events)
    dispose(db_url)


def signed(db_url: str, no: str) -> None:
    at = utcnow() - timedelta(minutes=30)
    with write_session(db_url) as s:
        apply(
            s,
            [
                new_ticket(no, at, town_code="640181001", lat=38.1, lon=106.34),
                ev.TicketAction(f"{no}-d", no, "dispatch", at + timedelta(minutes=1), department_id=23),
                ev.TicketAction(f"{no}-s", no, "sign", at + timedelta(minutes=2)),
            ],
        )
    dispose(db_url)


def ticket_row(db_url: str, no: str) -> Ticket:
    with read_session(db_url) as s:
        t = s.scalars(select(Ticket).where(Ticket.ticket_no == no)).one()
        s.expunge_all()
        return t


def rows_shown(page) -> int:
    page.wait_for_function("() => /\\d/.test(document.querySelector('#hotline-count').innerText)", timeout=15000)
    return int("".join(c for c in page.inner_text("#hotline-count") if c.isdigit()))


def test_the_overdue_tile_lands_on_the_tickets_it_counts(live, watched):
    overdue_and_late(live.db_url)
    page = watched.page
    watched.login(live.url, "officer")
    page.wait_for_selector("[data-panel=overdue] .kpi-value", timeout=20000)
    page.wait_for_timeout(REFRESH_SECONDS * 2000)  # a first paint may be the previous period's snapshot
    tile = page.inner_text("[data-panel=overdue]")
    assert "12345 + 数字城管" in tile and "在办且已过时限" in tile
    assert "较昨日同时段" in page.inner_text("[data-panel=received]")
    value = int(page.inner_text("[data-panel=overdue] .kpi-value").replace(",", ""))
    assert value >= 3
    page.click("[data-panel=overdue] .panel-drill")
    page.wait_for_url("**/hotline?sla=overdue", timeout=15000)
    page.wait_for_selector(".ag-row[row-id='DRO-0']", timeout=15000)
    assert rows_shown(page) == value
    assert "超期" in page.inner_text("#hotline-f-sla")
    assert page.locator(".ag-row[row-id='DRL-1']").count() == 0  # closed late: 超期办结, not 超期
    # the hotline page's own 超期 tile counts 12345 only, and says so
    page.wait_for_selector("[data-panel=overdue]:has-text('仅 12345')", timeout=30000)  # not the overview's tile


def test_the_received_tile_lands_on_todays_requests(live, watched):
    page = watched.page
    with write_session(live.db_url) as s:
        apply(s, [new_ticket(f"DRT-{i}", utcnow() - timedelta(minutes=i + 1)) for i in range(3)])
    dispose(live.db_url)
    watched.login(live.url, "officer")
    page.wait_for_timeout(REFRESH_SECONDS * 2000)
    page.wait_for_selector("[data-panel=received] .kpi-value", timeout=20000)
    value = int(page.inner_text("[data-panel=received] .kpi-value").replace(",", ""))
    page.click("[data-panel=received] .panel-drill")
    page.wait_for_url("**/hotline?stream=hotline&when=received_today", timeout=15000)
    page.wait_for_selector(".ag-row[row-id='DRT-0']", timeout=15000)
    assert rows_shown(page) == value
    assert "今日受理" in page.inner_text("#hotline-f-when")


def test_the_days_asked_for_reach_the_approver_and_are_applied(live, watched, browser):
    no = "DRX-1"
    signed(live.db_url, no)
    page = watched.page
    watched.login(live.url, "officer")
    page.goto(live.url + f"/hotline?ticket={no}")
    page.wait_for_selector(".hl-drawer.open .hl-timeline", timeout=15000)
    page.fill("#hotline-act-days", "2")
    act(page, "申请延期", note="需协调燃气公司停气检修")
    wait_status(page, "延期审批")
    page.wait_for_function("() => document.querySelector('#hotline-act-note').value === ''", timeout=8000)
    assert ticket_row(live.db_url, no).extension_requested_days == 2
    due_before = ticket_row(live.db_url, no).due_at
    other = browser.new_context(viewport={"width": 1920, "height": 1080})
    sup = other.new_page()
    try:
        sup.goto(live.url + "/login")
        sup.fill("input[name=username]", "supervisor")
        sup.fill("input[name=password]", "Demo-2024!pass")
        sup.click("button[type=submit]")
        sup.wait_for_url(live.url + "/")
        sup.goto(live.url + f"/hotline?ticket={no}")
        sup.wait_for_selector(".hl-drawer.open .hl-ext-request", timeout=15000)
        request = sup.inner_text(".hl-ext-request")
        assert "2 个工作日" in request and "需协调燃气公司停气检修" in request and "值班员" in request
        assert sup.input_value("#hotline-act-days") == "2"
        act(sup, "批准延期", note="同意")
        wait_status(sup, "办理中")
        sup.wait_for_function("() => document.querySelector('#hotline-act-note').value === ''", timeout=8000)
    finally:
        other.close()
    t = ticket_row(live.db_url, no)
    with read_session(live.db_url) as s:
        at = s.scalar(
            select(TicketEvent.at).where(TicketEvent.ticket_id == t.id, TicketEvent.action == "extend_approve")
        )
    assert t.due_at == add_work_days(max(due_before, at), 2) and t.extension_count == 1


def test_supervision_under_the_supervisors_name_and_the_stage_bar_after_a_redo(live, watched, browser):
    no = "DRS-1"
    signed(live.db_url, no)
    other = browser.new_context(viewport={"width": 1920, "height": 1080})
    sup = other.new_page()
    try:
        sup.goto(live.url + "/login")
        sup.fill("input[name=username]", "supervisor")
        sup.fill("input[name=password]", "Demo-2024!pass")
        sup.click("button[type=submit]")
        sup.wait_for_url(live.url + "/")
        sup.goto(live.url + f"/hotline?ticket={no}")
        sup.wait_for_selector(".hl-drawer.open .hl-timeline", timeout=15000)
        act(sup, "督办", note="请今日内处理")
        sup.wait_for_selector(".hl-tl-item.alert .act-supervise", timeout=8000)
        row = sup.inner_text(".hl-tl-item:has(.act-supervise)")
        assert "督办员 → 灵武市供水公司" in row
    finally:
        other.close()
    at = utcnow()
    with write_session(live.db_url) as s:
        apply(
            s,
            [
                ev.TicketAction("drs-r", no, "reply", at, note="已处理"),
                ev.TicketAction("drs-c", no, "close", at + timedelta(seconds=1)),
                ev.TicketAction("drs-cb", no, "callback", at + timedelta(seconds=2), satisfaction="dissatisfied"),
            ],
        )
    dispose(live.db_url)
    page = watched.page
    watched.login(live.url, "officer")
    page.goto(live.url + f"/hotline?ticket={no}")
    page.wait_for_selector(".hl-drawer.open .hl-timeline", timeout=15000)
    assert page.locator(".hl-stage.done").count() == 8  # every stage reached once
    act(page, "退回重办", note="市民不满意，重办")
    wait_status(page, "办理中")
    page.wait_for_function("() => document.querySelectorAll('.hl-stage.done').length === 4", timeout=8000)
    lit = page.locator(".hl-stage.done").all_inner_texts()
    assert lit == ["受理", "派单", "签收", "办理"]
    assert page.input_value("#hotline-act-note") == ""


def test_the_gis_drawer_opens_its_ticket(live, watched):
    no = "DRG-1"
    with write_session(live.db_url) as s:
        apply(s, [new_ticket(no, utcnow() - timedelta(minutes=3), town_code="640181001", lat=38.1, lon=106.34)])
    dispose(live.db_url)
    page = watched.page
    watched.login(live.url, "officer")
    page.goto(live.url + "/gis")
    page.wait_for_selector(".leaflet-gis-tickets-pane path", timeout=20000)
    page.click(".gis-layers input[value=grid]")
    page.evaluate("""() => {
        const paths = document.querySelectorAll('.leaflet-gis-tickets-pane path');
        paths[paths.length - 1].dispatchEvent(new MouseEvent('click', {bubbles: true}));
    }""")
    page.wait_for_selector(".gis-drawer.open .gis-open-ticket", timeout=15000)
    title = page.inner_text(".gis-drawer-title")
    page.click(".gis-open-ticket")
    page.wait_for_url(f"**/hotline?ticket={title}", timeout=15000)
    page.wait_for_selector(".hl-drawer.open .hl-timeline", timeout=15000)
    assert title in page.inner_text("#hotline-drawer-title")
