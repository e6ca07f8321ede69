"""Thematic applications (/theme/...): water supply zones, the injected-leak ground truth, water alerts turned into
work orders."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base


class WaterZone(Base):
    """A district metered area (DMA): its inflow meter and the pressure sensor that watches it."""

    __tablename__ = "water_zone"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    town_code: Mapped[str | None] = mapped_column(String(20))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    flow_sensor_id: Mapped[str] = mapped_column(ForeignKey("sensor.id"), unique=True)
    pressure_sensor_id: Mapped[str | None] = mapped_column(ForeignKey("sensor.id"))
    base_flow: Mapped[float] = mapped_column(Float)  # m3/h, the zone's mean demand
    households: Mapped[int] = mapped_column(Integer)


class WaterLeakTruth(Base):
    """Ground truth of the simulator's injected bursts and leaks: read by the bench, never by a page."""

    __tablename__ = "water_leak_truth"
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    zone_code: Mapped[str] = mapped_column(ForeignKey("water_zone.code"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # burst | leak
    start_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    end_at: Mapped[datetime] = mapped_column(DateTime)
    excess: Mapped[float] = mapped_column(Float)  # m3/h at full size
    ramp_hours: Mapped[float] = mapped_column(Float)


class WaterAlertOrder(Base):
    """A water alert (a detected burst or leak, a quality exceedance) an officer turned into a work order."""

    __tablename__ = "water_alert_order"
    alert_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # burst | leak | quality
    subject: Mapped[str] = mapped_column(String(24))  # zone code or sensor id
    ticket_no: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(40))
