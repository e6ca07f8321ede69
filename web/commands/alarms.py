"""Alarm commands: a seat acknowledges an alarm of any kind, which releases the wall's takeover and takes it off the
wall's rail and the seats' strips: an incident on the incident itself (its timeline), an AI alert (before its
review, which the video page's queue still asks for) or a hotspot as an alarm acknowledgement."""

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
KINDS = ("incident", "alert", "hotspot")


def action(key: object) -> str:
    """The audit action of acknowledging this key: incident_ack for incidents (as before), alarm_ack otherwise."""
    return "incident_ack" if isinstance(key, str) and key.startswith("incident:") else "alarm_ack"


def acknowledge(s: Session, actor: Actor, key: object) -> None:
    """Acknowledge the alarm behind a key ("incident:<event id>", "alert:<event id>",
    "hotspot:<category>:<town>:<day>"); unknown, closed or already reviewed: refused."""
    if actor.who.role not in ACT_ROLES:
        raise Refused(Code.DENIED)
    if not isinstance(key, str) or not 9 < len(key) <= 80 or key.split(":", 1)[0] not in KINDS:
        raise Refused(Code.INVALID, "not an alarm")
    who = actor.who.username or actor.who.role
    if key.startswith("incident:"):
        event: ev.IncidentUpdate | ev.AlarmAcknowledged = ev.IncidentUpdate(
            event_id=f"ack:{uuid.uuid4().hex}",
            incident_event_id=key.split(":", 1)[1],
            kind="ack",
            at=utcnow(),
            actor=actor.who.username,
            note=ACK_NOTE,
        )
    else:
        event = ev.AlarmAcknowledged(event_id=f"ack:{uuid.uuid4().hex}", key=key, at=utcnow(), actor=who)
    try:
        apply(s, [event])
    except WriteError as exc:
        raise Refused(Code.NOT_FOUND, str(exc)) from exc
    audit(s, actor, action(key), key)
