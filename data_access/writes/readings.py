"""Bulk write handler for sensor readings: idempotent on (sensor, time) by themselves, so they carry no event id
and leave no event_log row; written after the batch, each sensor's last value moved forward only."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from data_access import events as ev
from data_access.models import Sensor, SensorReading
from data_access.writes.batch import chunks


def write(session: Session, readings: Sequence[ev.SensorReadingIn]) -> int:
    """Insert the readings not stored yet and move each sensor's last value; returns how many were new."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    rows = [dict(sensor_id=r.sensor_id, at=r.at, value=r.value, anomaly=r.anomaly) for r in readings]
    stmt = insert(SensorReading.__table__).on_conflict_do_nothing().returning(SensorReading.sensor_id)
    new = 0
    for part in chunks(rows):
        new += len(session.execute(stmt, list(part)).all())
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
