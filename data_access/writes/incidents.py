"""Write handlers for emergency incidents: IncidentReported opens one (level I..IV), IncidentUpdate adds a step to
its timeline (dispatch, update, ack, close). Both write through the session at once: the steps need the incident's
id, and an update may follow its report in the same batch."""

from __future__ import annotations

from sqlalchemy import select

from data_access import events as ev
from data_access.errors import WriteError
from data_access.models import Incident, IncidentEvent
from data_access.writes.batch import Batch

UPDATE_KINDS = ("dispatch", "update", "ack", "close")


def report(batch: Batch, e: ev.IncidentReported) -> None:
    """A new active incident and the first row of its timeline."""
    if e.level not in (1, 2, 3, 4):
        raise WriteError("incident level must be 1..4 (I..IV)")
    s = batch.session
    inc = Incident(
        event_id=e.event_id,
        category=e.category,
        kind=e.kind,
        level=e.level,
        title=e.title,
        lat=e.lat,
        lon=e.lon,
        area_code=e.area_code,
        status="active",
        started_at=e.at,
        simulated=e.simulated,
    )
    s.add(inc)
    s.flush()
    s.add(IncidentEvent(event_id=e.event_id + ":report", incident_id=inc.id, at=e.at, kind="report", note=e.title))
    batch.counters.add(e.at, "incident", "reported", category=e.category, channel=str(e.level))
    batch.counters.gauge("incident", f"active_{e.level}")


def update(batch: Batch, e: ev.IncidentUpdate) -> None:
    """One step on an open incident; an ack is kept once, a close ends it."""
    s = batch.session
    inc = s.scalars(select(Incident).where(Incident.event_id == e.incident_event_id)).first()
    if inc is None:
        raise WriteError(f"no incident {e.incident_event_id}")
    if inc.status == "closed":
        raise WriteError("the incident is closed")
    if e.kind not in UPDATE_KINDS:
        raise WriteError(f"unknown incident update {e.kind!r}")
    s.add(
        IncidentEvent(
            event_id=e.event_id,
            incident_id=inc.id,
            at=e.at,
            kind=e.kind,
            resource_id=e.resource_id,
            eta_minutes=e.eta_minutes,
            note=e.note,
        )
    )
    if e.kind == "ack" and inc.acknowledged_at is None:
        inc.acknowledged_at, inc.acknowledged_by = e.at, e.actor
    if e.kind == "close":
        inc.status, inc.closed_at = "closed", e.at
        batch.counters.gauge("incident", f"active_{inc.level}", n=-1)
        batch.counters.add(e.at, "incident", "closed", category=inc.category, channel=str(inc.level))
    s.flush()
