"""Write handlers for video: AI alerts raised and reviewed (a confirmation may link the case it made), camera
status changes; each moves the alert and camera rollups."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select, update

from data_access import events as ev
from data_access.errors import WriteError
from data_access.models import Algorithm, Camera, VideoAlert
from data_access.writes.batch import Batch, Needs

ALERT_STATUSES = frozenset({"confirmed", "false_positive", "dismissed"})


def needs_raised(e: ev.AlertRaised, out: Needs) -> None:
    out.row(Camera, e.camera_id)
    out.row(Algorithm, e.algorithm_code)


def needs_reviewed(e: ev.AlertReviewed, out: Needs) -> None:
    if e.ticket_no:
        out.tickets.add(e.ticket_no)


def needs_camera(e: ev.CameraStatus, out: Needs) -> None:
    out.row(Camera, e.camera_id)


def raise_alert(batch: Batch, e: ev.AlertRaised) -> None:
    """A new alert from a known camera and algorithm, pending review."""
    cam = batch.get(Camera, e.camera_id)
    algo = batch.get(Algorithm, e.algorithm_code)
    if cam is None or algo is None:
        raise WriteError(f"unknown camera {e.camera_id} or algorithm {e.algorithm_code}")
    if not 0 <= e.confidence <= 1 or len(e.bbox) != 4:
        raise WriteError("confidence must be 0..1 and bbox [x1, y1, x2, y2]")
    row = dict(
        event_id=e.event_id,
        camera_id=e.camera_id,
        algorithm_code=e.algorithm_code,
        confidence=e.confidence,
        bbox=list(e.bbox),
        occurred_at=e.at,
        status="new",
        reviewed_at=None,
        simulated=e.simulated,
    )
    batch.insert(VideoAlert, row)
    batch.alerts[e.event_id] = row
    c = batch.counters
    c.add(e.at, "alert", "raised", channel=algo.category, category=algo.code, area_code=cam.town_code)
    c.gauge("alert", "new", area_code=cam.town_code)


def review_alert(batch: Batch, e: ev.AlertReviewed) -> None:
    """Review an alert once (raised earlier or in this batch); a confirmation may link the ticket it made."""
    if e.status not in ALERT_STATUSES:
        raise WriteError(f"alert review must be one of {sorted(ALERT_STATUSES)}")
    row = batch.alerts.get(e.alert_event_id)
    if row is not None:  # raised earlier in this batch: review the pending row in place
        if row["status"] != "new":
            raise WriteError(f"alert was already reviewed ({row['status']})")
        row["status"], row["reviewed_at"] = e.status, e.at
        camera_id, algorithm_code = row["camera_id"], row["algorithm_code"]
    else:
        alert = batch.session.scalars(select(VideoAlert).where(VideoAlert.event_id == e.alert_event_id)).first()
        if alert is None:
            raise WriteError(f"no alert {e.alert_event_id}")
        if alert.status != "new":
            raise WriteError(f"alert was already reviewed ({alert.status})")
        alert.status, alert.reviewed_at = e.status, e.at
        batch.keep(alert)  # the change is flushed at commit
        camera_id, algorithm_code = alert.camera_id, alert.algorithm_code
    cam = batch.get(Camera, camera_id)
    algo = batch.get(Algorithm, algorithm_code)
    if e.ticket_no:
        if e.ticket_no not in batch.tickets:
            raise WriteError(f"no ticket {e.ticket_no} to link")
        alert_event_id, ticket_no, s = e.alert_event_id, e.ticket_no, batch.session

        def link_ticket(ids: Mapping[str, int]) -> None:  # the ticket may be inserted by this batch
            s.execute(update(VideoAlert).where(VideoAlert.event_id == alert_event_id).values(ticket_id=ids[ticket_no]))

        batch.after_flush(link_ticket)
    batch.counters.add(e.at, "alert", e.status, channel=algo.category, category=algo.code, area_code=cam.town_code)
    batch.counters.gauge("alert", "new", area_code=cam.town_code, n=-1)


def camera_status(batch: Batch, e: ev.CameraStatus) -> None:
    """A camera's online state and quality fault; a change moves the online/offline gauges."""
    cam = batch.get(Camera, e.camera_id)
    if cam is None:
        raise WriteError(f"unknown camera {e.camera_id}")
    c = batch.counters
    if cam.online != e.online:
        c.gauge("camera", "online" if cam.online else "offline", area_code=cam.town_code, n=-1)
        c.gauge("camera", "online" if e.online else "offline", area_code=cam.town_code)
        c.add(e.at, "camera", "went_online" if e.online else "went_offline", area_code=cam.town_code)
    cam.online, cam.quality_fault, cam.status_at = e.online, e.quality_fault, e.at  # flushed at commit
