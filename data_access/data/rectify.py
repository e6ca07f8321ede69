"""Rectification items (整改) for failed quality checks: open -> rectifying -> verified. Verification is measured,
not typed in: it is refused while the check still has failing records (a clean sync from the department clears
them). Raises WriteError (InvalidTransition, VersionConflict) on bad input; nothing is written then."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from data_access.errors import InvalidTransition, VersionConflict, WriteError
from data_access.models import DataSource, QualityCheck, Rectification

STATUSES = ("open", "rectifying", "verified")
NEXT = {"open": "rectifying", "rectifying": "verified"}


@dataclass(frozen=True)
class Rect:
    id: int
    status: str
    version: int
    source_id: int
    check_code: str


def open_item(session: Session, *, source_id: int, check_id: int, note: str, actor: str, at: datetime) -> Rect:
    """Hand a failed check to the resource's department (one unverified item per check at a time)."""
    check = session.get(QualityCheck, check_id)
    src = session.get(DataSource, source_id)
    if src is None or check is None or check.source_id != source_id:
        raise WriteError("data_rect_no_check")
    if not check.failed:
        raise InvalidTransition("data_rect_nothing")
    dup = session.scalar(
        select(Rectification.id).where(Rectification.check_id == check_id, Rectification.status != "verified")
    )
    if dup is not None:
        raise InvalidTransition("data_rect_exists")
    item = Rectification(
        source_id=source_id,
        check_id=check_id,
        department_id=src.department_id,
        status="open",
        failed_at_open=check.failed,
        note=note[:200],
        opened_at=at,
        opened_by=actor[:40],
        updated_at=at,
        updated_by=actor[:40],
        version=1,
    )
    session.add(item)
    session.flush()
    return Rect(item.id, item.status, item.version, source_id, check.code)


def advance(session: Session, *, rect_id: int, to: str, expected_version: int, actor: str, at: datetime) -> Rect:
    """Move an item one step; `verified` only once the check's failures are gone."""
    item = session.get(Rectification, rect_id)
    if item is None:
        raise WriteError("data_rect_no_item")
    if NEXT.get(item.status) != to:
        raise InvalidTransition("data_rect_bad_step")
    check = session.get(QualityCheck, item.check_id)
    if to == "verified" and check is not None and check.failed:
        raise InvalidTransition("data_rect_still_failing")
    t = Rectification.__table__
    res = session.connection().execute(
        update(t)
        .where(t.c.id == rect_id, t.c.version == expected_version)
        .values(status=to, updated_at=at, updated_by=actor[:40], version=t.c.version + 1)
    )
    if res.rowcount != 1:
        raise VersionConflict("data_rect_changed")
    return Rect(rect_id, to, expected_version + 1, item.source_id, check.code if check else "")
