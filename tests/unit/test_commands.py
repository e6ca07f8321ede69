"""Commands (web/commands): the act and its audit row commit together; a refusal changes nothing but its own audit
row, carries a typed code, and role and scope checks hold even when a caller skips the callback's guard."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from data_access.accounts import Principal
from data_access.db import read_session, write_session
from data_access.models import AuditLog, Ticket
from data_access.writes import apply
from tests.factories import new_ticket
from web.commands import alarms, video
from web.commands import hotline as cmd
from web.commands.base import Actor, Code, Refused, execute

T0 = datetime(2024, 3, 4, 2, 0)
OFFICER = Actor(Principal(1, "officer", "officer"), "127.0.0.1", "rid-1")
AUDITOR = Actor(Principal(2, "auditor", "auditor"), "127.0.0.1", "rid-2")


def rows(url: str) -> list[tuple]:
    with read_session(url) as s:
        return s.execute(select(AuditLog.username, AuditLog.action, AuditLog.object, AuditLog.result)).all()


def ticket(url: str, no: str) -> tuple[str, int]:
    """(status, version) of one ticket."""
    with read_session(url) as s:
        return tuple(s.execute(select(Ticket.status, Ticket.version).where(Ticket.ticket_no == no)).one())


def dispatch(no: str, version: int, dept: int = 1) -> cmd.TicketRequest:
    return cmd.TicketRequest(no, version, "dispatch", department=dept, note="请处理")


def test_an_action_and_its_audit_row_commit_together(city_url):
    with write_session(city_url) as s:
        apply(s, [new_ticket("C-1", T0)])
    done = execute(
        city_url, OFFICER, "ticket:dispatch", "ticket:C-1", lambda s: cmd.act_on_ticket(s, OFFICER, dispatch("C-1", 1))
    )
    assert done.version == 2 and ticket(city_url, "C-1") == ("pending_sign", 2)
    assert rows(city_url) == [("officer", "ticket:dispatch", "ticket:C-1", "ok")]


def test_a_stale_version_is_refused_changes_nothing_and_is_audited(city_url):
    with write_session(city_url) as s:
        apply(s, [new_ticket("C-2", T0)])
    with pytest.raises(Refused) as exc:
        execute(
            city_url,
            OFFICER,
            "ticket:dispatch",
            "ticket:C-2",
            lambda s: cmd.act_on_ticket(s, OFFICER, dispatch("C-2", 7)),
        )
    assert exc.value.code is Code.CONFLICT
    assert ticket(city_url, "C-2") == ("accepted", 1)
    assert rows(city_url) == [("officer", "ticket:dispatch", "ticket:C-2", "error")]


def test_a_failure_after_the_write_rolls_the_write_back(city_url):
    """The act runs in the caller's one transaction: anything failing after apply() (here: the audit) undoes it."""
    with write_session(city_url) as s:
        apply(s, [new_ticket("C-3", T0)])

    def act_then_fail(s):
        cmd.act_on_ticket(s, OFFICER, dispatch("C-3", 1))
        raise Refused(Code.INVALID, "audit could not be written")

    with pytest.raises(Refused):
        execute(city_url, OFFICER, "ticket:dispatch", "ticket:C-3", act_then_fail)
    assert ticket(city_url, "C-3") == ("accepted", 1)
    assert [r[3] for r in rows(city_url)] == ["error"]


def test_roles_are_checked_inside_the_commands(city_url):
    with write_session(city_url) as s:
        apply(s, [new_ticket("C-4", T0)])
    for command, obj in (
        (lambda s: cmd.reveal_citizen(s, AUDITOR, "C-4", "核实来电"), "C-4"),
        (lambda s: video.review_alert(s, AUDITOR, "alert-1", "confirmed"), "alert-1"),
        (lambda s: alarms.acknowledge(s, AUDITOR, "incident:x"), "incident:x"),
    ):
        with pytest.raises(Refused) as exc:
            execute(city_url, AUDITOR, "probe", obj, command)
        assert exc.value.code is Code.DENIED
    assert {r[3] for r in rows(city_url)} == {"denied"} and len(rows(city_url)) == 3


def test_a_reveal_needs_a_reason_and_records_it(city_url):
    with write_session(city_url) as s:
        apply(s, [new_ticket("C-5", T0, citizen_phone="13900000001")])
    with pytest.raises(Refused) as exc:
        execute(city_url, OFFICER, "reveal_citizen", "C-5", lambda s: cmd.reveal_citizen(s, OFFICER, "C-5", " "))
    assert exc.value.detail == "hotline_reveal_need_reason"
    info = execute(
        city_url, OFFICER, "reveal_citizen", "C-5", lambda s: cmd.reveal_citizen(s, OFFICER, "C-5", "回访核实")
    )
    assert info["phone"] == "13900000001"
    assert [r[3] for r in rows(city_url)] == ["error", "ok"]
