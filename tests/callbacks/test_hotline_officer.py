"""Officers' actions record what they did: the extension days asked for are the days applied (and the approver
sees the request), the centre's acts (督办, 核查结案) are logged under the officer's own name, a 退回重办 puts the
stage bar back to 办理."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from callbacks.hotline import render as hr
from data_access import accounts
from data_access import events as ev
from data_access.db import read_session, write_session
from data_access.hotline import ticket as tq
from data_access.models import AppUser, Ticket, TicketEvent
from data_access.worktime import add_work_days, utcnow
from data_access.writes import apply
from tests.factories import new_ticket
from web.commands import hotline as cmd
from web.commands.base import Actor, Refused


@pytest.fixture
def url(city_url):
    with write_session(city_url) as s:
        accounts.ensure_demo_users(s)
        at = utcnow() - timedelta(hours=1)
        apply(
            s,
            [
                new_ticket("OX-1", at),
                ev.TicketAction("ox-d", "OX-1", "dispatch", at + timedelta(minutes=1), department_id=23),
                ev.TicketAction("ox-s", "OX-1", "sign", at + timedelta(minutes=2)),
            ],
        )
    return city_url


def user(s, name: str) -> Actor:
    row = s.scalars(select(AppUser).where(AppUser.username == name)).one()
    return Actor(accounts.Principal(row.id, row.username, row.role, row.department_id, row.session_version))


def do(url: str, who: str, action: str, **form) -> None:
    with write_session(url) as s:
        state = tq.ticket_state(s, "OX-1")
        req = cmd.TicketRequest("OX-1", state["version"], action, **form)
        cmd.act_on_ticket(s, user(s, who), req)


def ticket(url: str) -> Ticket:
    with read_session(url) as s:
        t = s.scalars(select(Ticket).where(Ticket.ticket_no == "OX-1")).one()
        s.expunge(t)
        return t


def test_the_days_asked_for_are_the_days_applied_and_the_approver_sees_the_request(url):
    do(url, "officer", "extend_request", note="需协调燃气公司停气", days=2)
    assert ticket(url).extension_requested_days == 2
    with read_session(url) as s:
        d = tq.ticket_detail(s, "OX-1", role="supervisor", now=utcnow())
    req = d["extension_request"]
    assert req["days"] == 2 and req["note"] == "需协调燃气公司停气" and "值班员" in req["by"]
    shown = str(hr.extension_request(req, "zh"))
    assert "延期申请" in shown and "2 个工作日" in shown and "需协调燃气公司停气" in shown
    due_before = ticket(url).due_at
    do(url, "supervisor", "extend_approve", note="同意", days=None)  # the approver leaves the days as asked
    t = ticket(url)
    with read_session(url) as s:
        at = s.scalar(select(TicketEvent.at).where(TicketEvent.action == "extend_approve"))
    assert t.due_at == add_work_days(max(due_before, at), 2)
    assert t.extension_requested_days is None and t.extension_count == 1


def test_an_approver_may_set_other_days_and_bad_days_are_refused(url):
    with pytest.raises(Refused):
        do(url, "officer", "extend_request", note="x", days=45)
    assert ticket(url).status == "in_progress"  # refused: nothing written
    do(url, "officer", "extend_request", note="需要更多时间", days=2)
    due_before = ticket(url).due_at
    do(url, "supervisor", "extend_approve", note="给 5 天", days=5)
    with read_session(url) as s:
        at = s.scalar(select(TicketEvent.at).where(TicketEvent.action == "extend_approve"))
    assert ticket(url).due_at == add_work_days(max(due_before, at), 5)


def test_the_centre_acts_under_the_officers_own_name(url):
    do(url, "supervisor", "supervise", note="请加快办理")
    with read_session(url) as s:
        tl = tq.timeline(s, "OX-1", role="officer")
    rows = {r["action"]: r for r in tl.to_dict("records")}
    sup = hr.who_did("supervise", rows["supervise"]["actor"], rows["supervise"]["department"], "zh")
    sign = hr.who_did("sign", rows["sign"]["actor"], rows["sign"]["department"], "zh")
    assert sup.startswith("督办员") and "→" in sup  # the supervisor, towards the department it presses
    assert sign and "指挥中心" not in sign  # a department's own step stays under the department
    assert hr.who_did("close", "值班员", "灵武市城管局", "zh") == "值班员"  # 核查结案: the centre's officer
    assert hr.who_did("close", "sim", "灵武市城管局", "zh") == "指挥中心"
    assert hr.who_did("reply", "sim", "灵武市城管局", "zh") == "灵武市城管局"


def test_a_redo_puts_the_stage_bar_back_to_handling():
    done = ["create", "dispatch", "sign", "reply", "close", "callback", "redo"]
    bar = hr.stages("hotline", done, "zh")
    lit = [li.children for li in bar.children if "done" in li.className]
    assert lit == ["受理", "派单", "签收", "办理"]
    again = hr.stages("hotline", [*done, "reply"], "zh")
    assert [li.children for li in again.children if "done" in li.className] == ["受理", "派单", "签收", "办理", "回复"]
    cm = hr.stages("cm", ["create", "register", "dispatch", "feedback", "rework"], "zh")
    assert [li.children for li in cm.children if "done" in li.className] == ["信息收集", "立案", "派遣"]
