"""Open311 commands: a service request posted by a key holder becomes a 12345 ticket (replays by client id return
the first ticket)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from data_access.hotline import open311 as o3
from web.commands.base import Actor, Code, Refused, audit

STATUS_CODES = {400: Code.INVALID, 403: Code.DENIED, 404: Code.NOT_FOUND, 409: Code.CONFLICT}
HTTP_STATUS = {code: status for status, code in STATUS_CODES.items()}


def create_request(s: Session, actor: Actor, r: o3.NewRequest) -> tuple[str, bool]:
    """(service_request_id, created): validated and written with its audit row."""
    try:
        rid, created = o3.create(s, r)
    except o3.Open311Error as exc:
        raise Refused(STATUS_CODES.get(exc.status, Code.INVALID), exc.description) from exc
    audit(s, actor, "open311_post", f"ticket:{rid}", detail="created" if created else "replay")
    return rid, created
