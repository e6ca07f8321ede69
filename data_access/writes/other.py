"""Write handlers for everything that is not a ticket: alerts, cameras, incidents, readings, syncs, shops."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from data_access import events as ev
from data_access.errors import WriteError
from data_access.models import (
    Algorithm,
    Camera,
    DataSource,
    FeedStatus,
    Incident,
    IncidentEvent,
    Sensor,
    SensorReading,
    ShopInspection,
    ShopRating,
    SyncRun,
    VideoAlert,
)
from data_access.worktime import local_day

ALERT_STATUSES = frozenset({"confirmed", "false_positive", "dismissed"})


def handle(batch, e: ev.Event) -> None:
    """Apply one non-ticket event to the batch (rows to insert, updates, counters)."""
    s, c = batch.s, batch.counters
    if isinstance(e, ev.AlertRaised):
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
        batch.rows[VideoAlert].append(row)
        batch.alerts[e.event_id] = row
        c.add(local_day(e.at), "alert", "raised", channel=algo.category, category=algo.code, area_code=cam.town_code)
        c.gauge("alert", "new", area_code=cam.town_code)
    elif isinstance(e, ev.AlertReviewed):
        _review_alert(batch, e)
    elif isinstance(e, ev.CameraStatus):
        cam = batch.get(Camera, e.camera_id)
        if cam is None:
            raise WriteError(f"unknown camera {e.camera_id}")
        if cam.online != e.online:
            c.gauge("camera", "online" if cam.online else "offline", area_code=cam.town_code, n=-1)
            c.gauge("camera", "online" if e.online else "offline", area_code=cam.town_code)
            c.add(local_day(e.at), "camera", "went_online" if e.online else "went_offline", area_code=cam.town_code)
        cam.online, cam.quality_fault, cam.status_at = e.online, e.quality_fault, e.at  # flushed at commit
    elif isinstance(e, ev.IncidentReported):
        if e.level not in (1, 2, 3, 4):
            raise WriteError("incident level must be 1..4 (I..IV)")
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
        c.add(local_day(e.at), "incident", "reported", category=e.category, channel=str(e.level))
        c.gauge("incident", f"active_{e.level}")
    elif isinstance(e, ev.IncidentUpdate):
        _update_incident(batch, e)
    elif isinstance(e, ev.SyncRunDone):
        src = batch.get(DataSource, e.source_id)
        if src is None:
            raise WriteError(f"unknown data source {e.source_id}")
        batch.rows[SyncRun].append(
            dict(
                event_id=e.event_id,
                source_id=e.source_id,
                at=e.at,
                ok=e.ok,
                records=e.records,
                missing_fields=e.missing_fields,
                invalid_values=e.invalid_values,
            )
        )
        if e.ok:
            src.records += e.records
            src.last_sync_at = e.at
        c.add(local_day(e.at), "sync", "ok" if e.ok else "failed", department_id=src.department_id)
        c.add(local_day(e.at), "sync", "records", department_id=src.department_id, n=e.records if e.ok else 0)
    elif isinstance(e, ev.ShopInspected):
        batch.rows[ShopInspection].append(
            dict(event_id=e.event_id, shop_id=e.shop_id, at=e.at, inspector=e.inspector, passed=e.passed, note=e.note)
        )
        c.add(local_day(e.at), "shop", "inspected" if e.passed else "failed_inspection")
    elif isinstance(e, ev.ShopRated):
        if not 1 <= e.stars <= 5:
            raise WriteError("a rating is 1 to 5 stars")
        batch.rows[ShopRating].append(
            dict(event_id=e.event_id, shop_id=e.shop_id, at=e.at, stars=e.stars, comment=e.comment)
        )
        c.add(local_day(e.at), "shop", "rated")
        c.add(local_day(e.at), "shop", "stars", n=e.stars)
    else:
        raise WriteError(f"unknown event type {type(e).__name__}")


def _review_alert(batch, e: ev.AlertReviewed) -> None:
    s = batch.s
    if e.status not in ALERT_STATUSES:
        raise WriteError(f"alert review must be one of {sorted(ALERT_STATUSES)}")
    row = batch.alerts.get(e.alert_event_id)
    if row is not None:  # raised earlier in this batch: review the pending row in place
        if row["status"] != "new":
            raise WriteError(f"alert was already reviewed ({row['status']})")
        row["status"], row["reviewed_at"] = e.status, e.at
        camera_id, algorithm_code = row["camera_id"], row["algorithm_code"]
    else:
        alert = s.scalars(select(VideoAlert).where(VideoAlert.event_id == e.alert_event_id)).first()
        if alert is None:
            raise WriteError(f"no alert {e.alert_event_id}")
        if alert.status != "new":
            raise WriteError(f"alert was already reviewed ({alert.status})")
        alert.status, alert.reviewed_at = e.status, e.at
        batch.refs[(VideoAlert, alert.id)] = alert  # keep the change alive until commit
        camera_id, algorithm_code = alert.camera_id, alert.algorithm_code
    cam = batch.get(Camera, camera_id)
    algo = batch.get(Algorithm, algorithm_code)
    if e.ticket_no:
        if e.ticket_no not in batch.tickets:
            raise WriteError(f"no ticket {e.ticket_no} to link")
        alert_event_id, ticket_no = e.alert_event_id, e.ticket_no
        batch.after_flush.append(
            lambda ids: s.execute(
                update(VideoAlert).where(VideoAlert.event_id == alert_event_id).values(ticket_id=ids[ticket_no])
            )
        )
    batch.counters.add(
        local_day(e.at), "alert", e.status, channel=algo.category, category=algo.code, area_code=cam.town_code
    )
    batch.counters.gauge("alert", "new", area_code=cam.town_code, n=-1)


def _update_incident(batch, e: ev.IncidentUpdate) -> None:
    s = batch.s
    inc = s.scalars(select(Incident).where(Incident.event_id == e.incident_event_id)).first()
    if inc is None:
        raise WriteError(f"no incident {e.incident_event_id}")
    if inc.status == "closed":
        raise WriteError("the incident is closed")
    if e.kind not in ("dispatch", "update", "ack", "close"):
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
        batch.counters.add(local_day(e.at), "incident", "closed", category=inc.category, channel=str(inc.level))
    s.flush()


def write_readings(session: Session, readings: Sequence[ev.SensorReadingIn]) -> int:
    """Insert readings (idempotent on sensor and time) and move each sensor's last value; returns new rows."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    rows = [dict(sensor_id=r.sensor_id, at=r.at, value=r.value, anomaly=r.anomaly) for r in readings]
    stmt = insert(SensorReading.__table__).on_conflict_do_nothing().returning(SensorReading.sensor_id)
    new = 0
    for i in range(0, len(rows), 500):
        new += len(session.execute(stmt, rows[i : i + 500]).all())
    latest: dict[str, ev.SensorReadingIn] = {}
    for r in readings:
        if r.sensor_id not in latest or r.at > latest[r.sensor_id].at:
            latest[r.sensor_id] = r
    for sid, r in latest.items():
        session.execute(
            update(Sensor)
            .where(Sensor.id == sid, (Sensor.last_at.is_(None)) | (Sensor.last_at < r.at))
            .values(last_value=r.value, last_at=r.at)
        )
    return new


def write_heartbeats(session: Session, beats: Sequence[ev.FeedHeartbeat]) -> None:
    """Move each feed's last-seen time forward (never back)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    latest: dict[str, ev.FeedHeartbeat] = {}
    for b in beats:
        if b.source not in latest or b.at > latest[b.source].at:
            latest[b.source] = b
    table = FeedStatus.__table__
    for b in latest.values():
        stmt = insert(table).values(source=b.source, seen_at=b.at)
        stmt = stmt.on_conflict_do_update(index_elements=["source"], set_={"seen_at": stmt.excluded.seen_at},
                                          where=table.c.seen_at < stmt.excluded.seen_at)
        session.execute(stmt)
