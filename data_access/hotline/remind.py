"""Automatic reminders (催办) for open tickets, written through the one write API as 督办 actions:
sign overdue, deadline near (within N working hours) and deadline passed. One per ticket, kind and
local day (the event id), so a sweep can run every few minutes without repeating itself.

Run: python -m data_access.hotline.remind [--url URL] [--every SECONDS]
"""

from __future__ import annotations

import argparse
import logging
import time
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from data_access.errors import WriteError
from data_access.events import TicketAction
from data_access.lifecycle import LIFECYCLES
from data_access.models import Ticket
from data_access.worktime import local_day, utcnow, work_hours_between
from data_access.writes import apply

NEAR_WORK_HOURS = 4.0
NOTES = {  # the text the department reads, by reminder kind (events.REMINDERS)
    "sign": "签收超时，请尽快签收",
    "near": "即将超期，请抓紧办理",
    "overdue": "已超期，请立即办理并说明原因",
}


def due_reminders(session: Session, now: datetime, *, near_hours: float = NEAR_WORK_HOURS) -> list[TicketAction]:
    """The reminder actions due now (not yet sent today), most urgent first."""
    horizon = now + timedelta(days=4)  # calendar bound for the working-hours check below
    rows = session.execute(
        select(Ticket.ticket_no, Ticket.stream, Ticket.status, Ticket.due_at, Ticket.sign_due_at, Ticket.department_id)
        .where(
            Ticket.is_open.is_(True),
            or_(Ticket.due_at <= horizon, and_(Ticket.status == "pending_sign", Ticket.sign_due_at < now)),
        )
        .order_by(Ticket.due_at)
    ).all()
    day = local_day(now)
    out = []
    for no, stream, status, due, sign_due, dept in rows:
        if status not in LIFECYCLES[stream]["supervise"][0]:
            continue
        if status == "pending_sign" and sign_due is not None and sign_due < now:
            kind = "sign"
        elif due is not None and due < now:
            kind = "overdue"
        elif due is not None and work_hours_between(now, due) <= near_hours:
            kind = "near"
        else:
            continue
        out.append(
            TicketAction(
                event_id=f"remind:{no}:{kind}:{day:%Y%m%d}"[:64],
                ticket_no=no,
                action="supervise",
                at=now,
                actor="system:remind",
                department_id=dept,
                note=NOTES[kind],
                reminder=kind,
            )
        )
    return out


def sweep(session: Session, now: datetime | None = None) -> int:
    """Send the reminders due now in the caller's transaction; returns how many were written."""
    now = now or utcnow()
    events = due_reminders(session, now)
    if not events:
        return 0
    return apply(session, events).applied


def main(argv: list[str] | None = None) -> None:
    from data_access.db import write_session
    from settings import SETTINGS

    p = argparse.ArgumentParser(prog="python -m data_access.hotline.remind")
    p.add_argument("--url", default=SETTINGS.database_url)
    p.add_argument("--every", type=float, default=0, help="repeat every N seconds (0: once)")
    a = p.parse_args(argv)
    log = logging.getLogger("remind")
    while True:
        try:
            with write_session(a.url) as s:
                n = sweep(s)
            print(f"reminders sent: {n}", flush=True)
        except WriteError as exc:  # an officer changed a ticket meanwhile: the next sweep catches up
            log.warning("sweep skipped: %s", exc)
        if not a.every:
            return
        time.sleep(a.every)


if __name__ == "__main__":
    main()
