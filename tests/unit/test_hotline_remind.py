"""Automatic reminders: sign late, due soon and overdue tickets get one 督办 each per day, through the write API."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from data_access.db import read_session, write_session
from data_access.events import TicketAction
from data_access.hotline import remind as hotline_remind
from data_access.models import SupervisionMessage, Ticket
from data_access.writes import apply
from tests.factories import new_ticket

MON_10 = datetime(2024, 3, 4, 2, 0)  # Monday 10:00 local
NOW = MON_10 + timedelta(days=1, hours=1)  # Tuesday 11:00 local


def test_sweep_sends_each_reminder_once_a_day(city_url):
    ev = [
        new_ticket("R-SIGN", MON_10 - timedelta(minutes=10)),
        TicketAction("a1", "R-SIGN", "dispatch", MON_10, department_id=23),
        new_ticket("R-LATE", MON_10 - timedelta(minutes=10)),
        TicketAction("b1", "R-LATE", "dispatch", MON_10, department_id=23),
        TicketAction("b2", "R-LATE", "sign", MON_10 + timedelta(hours=1)),
        new_ticket("R-FAR", MON_10 - timedelta(minutes=10), category="H0501"),
        TicketAction("c1", "R-FAR", "dispatch", MON_10, department_id=2),
        TicketAction("c2", "R-FAR", "sign", MON_10 + timedelta(hours=1)),
        new_ticket("R-NEAR", MON_10 - timedelta(minutes=10)),
        TicketAction("d1", "R-NEAR", "dispatch", MON_10 + timedelta(hours=4), department_id=23),
        TicketAction("d2", "R-NEAR", "sign", MON_10 + timedelta(hours=5)),
        new_ticket("R-NEW", MON_10),  # accepted, no deadline yet: nothing to remind
    ]
    with write_session(city_url) as s:
        apply(s, ev)
    with read_session(city_url) as s:
        due = {e.ticket_no: e.note.split(":")[0] for e in hotline_remind.due_reminders(s, NOW)}
    assert due == {"R-SIGN": "remind", "R-LATE": "overdue", "R-NEAR": "remind"}
    with write_session(city_url) as s:
        assert hotline_remind.sweep(s, NOW) == 3
    with write_session(city_url) as s:
        assert hotline_remind.sweep(s, NOW + timedelta(minutes=30)) == 0  # not again the same day
    with read_session(city_url) as s:
        kinds = sorted(s.scalars(select(SupervisionMessage.kind)))
        assert kinds == ["overdue", "remind", "remind"]
        late = s.scalars(select(Ticket).where(Ticket.ticket_no == "R-LATE")).one()
        assert late.supervise_count == 1 and late.status == "in_progress"
    with write_session(city_url) as s:
        assert hotline_remind.sweep(s, NOW + timedelta(days=1)) >= 2  # still late the next day
