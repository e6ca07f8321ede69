"""Alarm commands: a seat acknowledges an incident that holds the wall (the takeover releases)."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from data_access import events as ev
from data_access.errors import WriteError
from data_access.roles import ACT_ROLES
from data_access.worktime import utcnow
from data_access.writes import apply
from web.commands.base import Actor, Code, Refused, audit

ACK_NOTE = "席位确认"


def acknowledge(s: Session, actor: Actor, key: object) -> None:
    """Acknowledge the incident behind an alarm key ("incident:<event id>"); closed or unknown: refused."""
    if actor.who.role not in ACT_ROLES:
        raise Refused(Code.DENIED)
    if not isinstance(key, str) or not key.startswith("incident:") or not 9 < len(key) <= 80:
        raise Refused(Code.INVALID, "not an incident alarm")
    update = ev.IncidentUpdate(
        event_id=f"ack:{uuid.uuid4().hex}",
        incident_event_id=key.split(":", 1)[1],
        kind="ack",
        at=utcnow(),
        actor=actor.who.username,
        note=ACK_NOTE,
    )
    try:
        apply(s, [update])
    except WriteError as exc:
        raise Refused(Code.NOT_FOUND, str(exc)) from exc
    audit(s, actor, "incident_ack", key)
