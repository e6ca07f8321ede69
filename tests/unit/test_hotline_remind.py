"""Automatic reminders: sign late, due soon and overdue tickets get one 督办 each per day, through the write API."""

from __future__ import annotations

from datetime import datetime, timedelta

from alembic import command
from sqlalchemy import select, update

from data_access.db import dispose, read_session, write_session
from data_access.events import TicketAction
from data_access.hotline import remind as hotline_remind
from data_access.models import SupervisionMessage, Ticket, TicketEvent
from data_access.schema import alembic_config, migrate
from data_access.writes import apply
from tests.factories import new_ticket

MON_10 = datetime(2024, 3, 4, 2, 0)  # Monday 10:00 local
NOW = MON_10 + timedelta(days=1, hours=1)  # Tuesday 11:00 local


def due_soon_late_and_new() -> list:
    """Five tickets at Tuesday 11:00: sign late, deadline passed, deadline far, deadline near, no deadline yet."""
    return [
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


def test_sweep_sends_each_reminder_once_a_day(city_url):
    with write_session(city_url) as s:
        apply(s, due_soon_late_and_new())
    with read_session(city_url) as s:
        due = {e.ticket_no: (e.reminder, e.note) for e in hotline_remind.due_reminders(s, NOW)}
    assert due == {
        "R-SIGN": ("sign", "签收超时，请尽快签收"),
        "R-LATE": ("overdue", "已超期，请立即办理并说明原因"),
        "R-NEAR": ("near", "即将超期，请抓紧办理"),
    }
    with write_session(city_url) as s:
        assert hotline_remind.sweep(s, NOW) == 3
    with write_session(city_url) as s:
        assert hotline_remind.sweep(s, NOW + timedelta(minutes=30)) == 0  # not again the same day
    with read_session(city_url) as s:
        sent = sorted(s.execute(select(SupervisionMessage.kind, SupervisionMessage.text)))
        assert sent == [
            ("near", "即将超期，请抓紧办理"),
            ("overdue", "已超期，请立即办理并说明原因"),
            ("sign", "签收超时，请尽快签收"),
        ]
        late = s.scalars(select(Ticket).where(Ticket.ticket_no == "R-LATE")).one()
        assert late.supervise_count == 1 and late.status == "in_progress"
    with write_session(city_url) as s:
        assert hotline_remind.sweep(s, NOW + timedelta(days=1)) >= 2  # still late the next day


def test_migration_moves_the_old_note_prefixes_into_the_kind(city_url):
    with write_session(city_url) as s:
        apply(s, due_soon_late_and_new())
        hotline_remind.sweep(s, NOW)
        apply(s, [TicketAction("p1", "R-FAR", "supervise", NOW, actor="li", note="overdue: 市民再次来电")])
    messages = select(SupervisionMessage.kind, SupervisionMessage.text)
    notes = select(TicketEvent.note).where(TicketEvent.action == "supervise")
    with read_session(city_url) as s:
        new_messages, new_notes = sorted(s.execute(messages)), sorted(s.scalars(notes))
    dispose(city_url)
    command.downgrade(alembic_config(city_url), "0007")  # what the write API stored before the reminder field
    with read_session(city_url) as s:
        assert sorted(s.execute(messages)) == [
            ("overdue", "overdue: 已超期，请立即办理并说明原因"),
            ("remind", "remind: 即将超期，请抓紧办理"),
            ("remind", "remind: 签收超时，请尽快签收"),
            ("supervise", "overdue: 市民再次来电"),
        ]
        assert "remind: 签收超时，请尽快签收" in set(s.scalars(notes))
    with write_session(city_url) as s:  # the old write API took a person's prefix for the kind
        s.execute(
            update(SupervisionMessage).where(SupervisionMessage.text.like("overdue: 市民%")).values(kind="overdue")
        )
    migrate(city_url)
    with read_session(city_url) as s:
        assert sorted(s.execute(messages)) == new_messages
        assert sorted(s.scalars(notes)) == new_notes
    assert ("supervise", "overdue: 市民再次来电") in new_messages
    assert not any(n.startswith("remind:") for n in new_notes)
