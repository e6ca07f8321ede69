"""Write handlers for the thematic applications: the water simulator's ground truth, water alerts turned into orders,
the care watch list's signs of life and check-on visits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from data_access import events as ev
from data_access.errors import WriteError
from data_access.models import (
    CareCheck,
    ElderResident,
    IrrigationUse,
    ResidentActivity,
    WaterAlertOrder,
    WaterLeakTruth,
)
from data_access.writes.batch import Batch, chunks

LEAK_KINDS = ("burst", "leak")
ALERT_KINDS = ("burst", "leak", "quality")


def record_truth(batch: Batch, e: ev.WaterLeakInjected) -> None:
    """One injected burst or leak (the bench's ground truth)."""
    if e.kind not in LEAK_KINDS or e.end_at <= e.at or e.excess <= 0:
        raise WriteError("an injection is a burst or leak with a positive size that ends after it starts")
    batch.insert(
        WaterLeakTruth,
        dict(event_id=e.event_id, zone_code=e.zone_code, kind=e.kind, start_at=e.at, end_at=e.end_at,
             excess=e.excess, ramp_hours=e.ramp_hours),
    )  # fmt: skip


def record_order(batch: Batch, e: ev.WaterAlertOrdered) -> None:
    """The link from a water alert to the work order it became (one per alert: the key is the primary key)."""
    if e.kind not in ALERT_KINDS or not e.alert_key or not e.ticket_no:
        raise WriteError("an order needs an alert key, a kind and a ticket")
    batch.insert(
        WaterAlertOrder,
        dict(alert_key=e.alert_key, kind=e.kind, subject=e.subject, ticket_no=e.ticket_no, at=e.at, actor=e.actor),
    )


CHECK_OUTCOMES = ("safe", "away", "helped")  # safe and away: the rule's false alarms; helped: a true one
ACTIVITY_KINDS = ("water", "door")


def raise_check(batch: Batch, e: ev.CareCheckRaised) -> None:
    """Open a check-on visit; a resident has at most one open check (a second is refused)."""
    s = batch.session
    if s.get(ElderResident, e.resident_id) is None:
        raise WriteError("no such resident")
    if e.reason not in ("rule", "manual"):
        raise WriteError("a check is raised by the rule or manually")
    open_now = s.scalars(
        select(CareCheck.id).where(CareCheck.resident_id == e.resident_id, CareCheck.status == "open")
    ).first()
    if open_now is not None or any(
        r["resident_id"] == e.resident_id and r["status"] == "open" for r in batch.queued(CareCheck)
    ):
        raise WriteError("this resident already has an open check")
    batch.insert(
        CareCheck,
        dict(event_id=e.event_id, resident_id=e.resident_id, reason=e.reason, raised_at=e.at, raised_by=e.actor,
             status="open", outcome=None, closed_at=None, closed_by=None, note=""),
    )  # fmt: skip


def close_check(batch: Batch, e: ev.CareCheckClosed) -> None:
    """Close an open check with its outcome (a check raised in the same batch is closed in place)."""
    if e.outcome not in CHECK_OUTCOMES:
        raise WriteError(f"outcome must be one of {CHECK_OUTCOMES}")
    values = dict(status="closed", outcome=e.outcome, closed_at=e.at, closed_by=e.actor, note=e.note[:200])
    for r in batch.queued(CareCheck):
        if r["event_id"] == e.check_event_id:
            if r["status"] != "open":
                raise WriteError("this check is closed already")
            r.update(values)
            return
    check = batch.session.scalars(select(CareCheck).where(CareCheck.event_id == e.check_event_id)).first()
    if check is None:
        raise WriteError("no such check")
    if check.status != "open":
        raise WriteError("this check is closed already")
    for k, v in values.items():
        setattr(check, k, v)
    batch.keep(check)


def write_activity(session: Session, acts: Sequence[ev.ResidentActivityIn]) -> int:
    """Insert the signs of life not stored yet and move each resident's last water / door time forward."""
    bad = [a for a in acts if a.kind not in ACTIVITY_KINDS]
    if bad:
        raise WriteError(f"activity kind must be one of {ACTIVITY_KINDS}")
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    rows = [dict(resident_id=a.resident_id, kind=a.kind, at=a.at) for a in acts]
    stmt = insert(ResidentActivity.__table__).on_conflict_do_nothing().returning(ResidentActivity.resident_id)
    new = 0
    for part in chunks(rows):
        new += len(session.execute(stmt, list(part)).all())
    latest: dict[tuple[int, str], datetime] = {}
    for a in acts:
        k = (a.resident_id, a.kind)
        latest[k] = max(latest.get(k, a.at), a.at)
    for (rid, kind), at in latest.items():
        col = ElderResident.last_water_at if kind == "water" else ElderResident.last_door_at
        session.execute(
            update(ElderResident).where(ElderResident.id == rid, (col.is_(None)) | (col < at)).values({col.key: at})
        )
    return new


def write_irrigation(session: Session, uses: Sequence[ev.IrrigationUseIn]) -> int:
    """Insert the daily canal draws not stored yet (a village's day is metered once); returns how many were new."""
    if any(u.m3 < 0 for u in uses):
        raise WriteError("a day's irrigation is zero or more m3")
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(IrrigationUse.__table__).on_conflict_do_nothing().returning(IrrigationUse.code)
    rows = [dict(code=u.code, day=u.day, m3=u.m3) for u in uses]
    return sum(len(session.execute(stmt, list(part)).all()) for part in chunks(rows))
