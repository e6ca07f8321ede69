"""Thematic applications (/theme/...): water supply zones, the injected-leak ground truth, water alerts turned into
work orders; communities, their staff and the care watch list; villages, 三务公开 and canal irrigation."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, String
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


class Community(Base):
    """A community (社区, level 3 of the grid) and its static 人、地、物、事、组织 register counts."""

    __tablename__ = "community"
    code: Mapped[str] = mapped_column(ForeignKey("grid_area.code"), primary_key=True)
    households: Mapped[int] = mapped_column(Integer)
    residents: Mapped[int] = mapped_column(Integer)
    houses: Mapped[int] = mapped_column(Integer)  # 房屋 (buildings)
    places: Mapped[int] = mapped_column(Integer)  # 地: places and venues on the register
    facilities: Mapped[int] = mapped_column(Integer)  # 物: public facilities
    organisations: Mapped[int] = mapped_column(Integer)  # 组织: party branches, social organisations, committees


class CommunityStaff(Base):
    """Who works for a community (its 社区工作者 and grid workers): only they see its residents' identities."""

    __tablename__ = "community_staff"
    username: Mapped[str] = mapped_column(String(40), primary_key=True)
    community_code: Mapped[str] = mapped_column(ForeignKey("community.code"), primary_key=True)


class ElderResident(Base):
    """An elderly resident living alone, on the community's care watch list (personal data: masked by role)."""

    __tablename__ = "elder_resident"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_code: Mapped[str] = mapped_column(ForeignKey("community.code"), index=True)
    grid_code: Mapped[str | None] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str] = mapped_column(String(40))
    address: Mapped[str] = mapped_column(String(200))
    birth_year: Mapped[int] = mapped_column(Integer)
    last_water_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_door_at: Mapped[datetime | None] = mapped_column(DateTime)


class ResidentActivity(Base):
    """A sign of life: water used in an hour (smart meter) or a door access (门禁); idempotent on its key."""

    __tablename__ = "resident_activity"
    resident_id: Mapped[int] = mapped_column(ForeignKey("elder_resident.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # water | door
    at: Mapped[datetime] = mapped_column(DateTime, primary_key=True)


class CareCheck(Base):
    """A check-on visit (上门核查) for an elderly resident, raised and closed by a community worker."""

    __tablename__ = "care_check"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("elder_resident.id"), index=True)
    reason: Mapped[str] = mapped_column(String(12))  # rule | manual
    raised_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    raised_by: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(8))  # open | closed
    outcome: Mapped[str | None] = mapped_column(String(8))  # safe | away | helped
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_by: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(String(200), default="")


class VillageProfile(Base):
    """A village (行政村, level 3 of the grid): its people, its 灵武长枣 orchards and its canal water allocation."""

    __tablename__ = "village_profile"
    code: Mapped[str] = mapped_column(ForeignKey("grid_area.code"), primary_key=True)
    households: Mapped[int] = mapped_column(Integer)
    population: Mapped[int] = mapped_column(Integer)
    jujube_mu: Mapped[float] = mapped_column(Float)  # 灵武长枣 orchards, 亩
    jujube_kg_per_mu: Mapped[float] = mapped_column(Float)  # expected yield
    canal: Mapped[str] = mapped_column(String(20))  # the Yellow River canal it draws from
    quota_m3: Mapped[float] = mapped_column(Float)  # water allocated per irrigation season


class VillageDisclosure(Base):
    """三务公开: a village's party, village-affairs and finance disclosure for one quarter (published_at None: not
    yet published)."""

    __tablename__ = "village_disclosure"
    code: Mapped[str] = mapped_column(ForeignKey("village_profile.code"), primary_key=True)
    period: Mapped[str] = mapped_column(String(8), primary_key=True)  # e.g. 2026Q3
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # party | affairs | finance
    due_at: Mapped[datetime] = mapped_column(DateTime)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)


class IrrigationUse(Base):
    """Canal water a village drew on one local day (m3, metered at its gate); idempotent on (village, day)."""

    __tablename__ = "irrigation_use"
    code: Mapped[str] = mapped_column(ForeignKey("village_profile.code"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    m3: Mapped[float] = mapped_column(Float)
