"""The data model: typed SQLAlchemy 2.0 tables for the whole city (times are naive UTC)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    column,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


# ---- reference data -------------------------------------------------------------------------
class GridArea(Base):
    """Four-level grid: 1 county, 2 town/street, 3 village/community, 4 grid cell."""

    __tablename__ = "grid_area"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    level: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(80))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("grid_area.code"), index=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    area_km2: Mapped[float] = mapped_column(Float, default=0.0)
    geometry: Mapped[dict | None] = mapped_column(JSON)  # GeoJSON geometry
    simulated: Mapped[bool] = mapped_column(Boolean, default=True)


class Department(Base):
    __tablename__ = "department"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20))  # bureau | town | utility | center
    area_code: Mapped[str | None] = mapped_column(ForeignKey("grid_area.code"))


class Channel(Base):
    __tablename__ = "channel"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(40))


class Category(Base):
    """12345 request types and 数字城管 部件/事件 小类, each with its time limit."""

    __tablename__ = "category"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    stream: Mapped[str] = mapped_column(String(10), index=True)  # hotline | cm
    name: Mapped[str] = mapped_column(String(60))
    domain: Mapped[str] = mapped_column(String(40))  # hotline: 咨询/求助/投诉/举报/建议; cm: 部件/事件 大类
    limit_value: Mapped[float] = mapped_column(Float)
    limit_unit: Mapped[str] = mapped_column(String(12))  # work_hours | work_days | hours
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    keywords: Mapped[str] = mapped_column(Text, default="")


# ---- tickets (12345 requests and 数字城管 cases share one table) ------------------------------
class Ticket(Base):
    __tablename__ = "ticket"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_no: Mapped[str] = mapped_column(String(32), unique=True)
    stream: Mapped[str] = mapped_column(String(10))  # hotline | cm
    channel_code: Mapped[str] = mapped_column(ForeignKey("channel.code"))
    category_code: Mapped[str] = mapped_column(ForeignKey("category.code"))
    status: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    co_department_ids: Mapped[list | None] = mapped_column(JSON)
    area_code: Mapped[str | None] = mapped_column(ForeignKey("grid_area.code"))  # finest known level
    town_code: Mapped[str | None] = mapped_column(String(20), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(String(200))
    citizen_name: Mapped[str | None] = mapped_column(String(60))
    citizen_phone: Mapped[str | None] = mapped_column(String(40))
    citizen_id_no: Mapped[str | None] = mapped_column(String(24))
    external_id: Mapped[str | None] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    dispatched_at: Mapped[datetime | None] = mapped_column(DateTime)
    sign_due_at: Mapped[datetime | None] = mapped_column(DateTime)
    signed_at: Mapped[datetime | None] = mapped_column(DateTime)
    due_at: Mapped[datetime | None] = mapped_column(DateTime)
    replied_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    callback_at: Mapped[datetime | None] = mapped_column(DateTime)
    satisfaction: Mapped[str | None] = mapped_column(String(12))  # satisfied | basic | dissatisfied
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    return_count: Mapped[int] = mapped_column(Integer, default=0)
    redo_count: Mapped[int] = mapped_column(Integer, default=0)
    extension_count: Mapped[int] = mapped_column(Integer, default=0)
    supervise_count: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    simulated: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (
        Index("ix_ticket_open_due", "is_open", "due_at"),
        Index("ix_ticket_stream_created", "stream", "created_at"),
        Index("ix_ticket_open_created", "is_open", "created_at"),
        # the map panels' newest open points, read from this index alone; partial: open tickets only, so it stays small
        Index(
            "ix_ticket_open_map",
            "is_open",
            "created_at",
            "id",
            "lat",
            "lon",
            "stream",
            "due_at",
            sqlite_where=column("is_open", Boolean).is_(True),
            postgresql_where=column("is_open", Boolean).is_(True),
        ),
    )


class TicketEvent(Base):
    """The lifecycle log of a ticket: one row per action, in order."""

    __tablename__ = "ticket_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(60), default="system")
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    status_after: Mapped[str] = mapped_column(String(20))


class DuplicateLink(Base):
    __tablename__ = "duplicate_link"
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), primary_key=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # repeat | nearby | merged
    score: Mapped[float] = mapped_column(Float, default=1.0)


class SupervisionMessage(Base):
    __tablename__ = "supervision_message"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    kind: Mapped[str] = mapped_column(String(16))  # remind | overdue | supervise
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    text: Mapped[str] = mapped_column(Text)


# ---- video ----------------------------------------------------------------------------------
class Camera(Base):
    __tablename__ = "camera"
    id: Mapped[str] = mapped_column(String(20), primary_key=True)  # GB/T 28181 20-digit id
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20))  # hall | village | school | enterprise | community | xueliang
    group_name: Mapped[str] = mapped_column(String(40))
    town_code: Mapped[str | None] = mapped_column(String(20), index=True)
    area_code: Mapped[str | None] = mapped_column(ForeignKey("grid_area.code"))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    heading: Mapped[float] = mapped_column(Float)  # degrees from north
    view_angle: Mapped[float] = mapped_column(Float)
    range_m: Mapped[float] = mapped_column(Float, default=150.0)
    online: Mapped[bool] = mapped_column(Boolean, default=True)
    quality_fault: Mapped[str | None] = mapped_column(String(16))  # loss|freeze|occlusion|blur|colour
    status_at: Mapped[datetime | None] = mapped_column(DateTime)


class Algorithm(Base):
    __tablename__ = "algorithm"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(12))  # 城管 | 消防 | 环保 | 交通 | 安全 | 质量
    severity: Mapped[int] = mapped_column(Integer, default=3)  # 1 highest .. 4


class VideoAlert(Base):
    __tablename__ = "video_alert"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    camera_id: Mapped[str] = mapped_column(ForeignKey("camera.id"), index=True)
    algorithm_code: Mapped[str] = mapped_column(ForeignKey("algorithm.code"))
    confidence: Mapped[float] = mapped_column(Float)
    bbox: Mapped[list] = mapped_column(JSON)  # [x1, y1, x2, y2] normalised 0..1
    occurred_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    status: Mapped[str] = mapped_column(String(16), default="new")  # new|confirmed|false_positive|dismissed
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"))
    simulated: Mapped[bool] = mapped_column(Boolean, default=True)


class VideoLayout(Base):
    """A saved tile-wall layout: one user's own, or shared with every seat by a supervisor or admin."""

    __tablename__ = "video_layout"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(40))  # app_user.username
    name: Mapped[str] = mapped_column(String(20))
    layout: Mapped[dict] = mapped_column(JSON)  # {"n": 4, "cams": [[camera id or "", name], ...]}
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (UniqueConstraint("owner", "name", name="uq_video_layout_owner_name"),)


# ---- emergency ------------------------------------------------------------------------------
class Incident(Base):
    __tablename__ = "incident"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    category: Mapped[str] = mapped_column(String(12))  # natural | accident | health | social
    kind: Mapped[str] = mapped_column(String(40))
    level: Mapped[int] = mapped_column(Integer)  # 1 (I, 特别重大) .. 4 (IV, 一般)
    title: Mapped[str] = mapped_column(String(120))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    area_code: Mapped[str | None] = mapped_column(ForeignKey("grid_area.code"))
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | closed
    started_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)
    acknowledged_by: Mapped[str | None] = mapped_column(String(60))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    simulated: Mapped[bool] = mapped_column(Boolean, default=True)


class IncidentEvent(Base):
    __tablename__ = "incident_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(20))  # report | dispatch | update | ack | close
    resource_id: Mapped[int | None] = mapped_column(ForeignKey("resource.id"))
    eta_minutes: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")


class Resource(Base):
    __tablename__ = "resource"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # team | store | shelter | vehicle | expert
    name: Mapped[str] = mapped_column(String(80))
    town_code: Mapped[str | None] = mapped_column(String(20))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    capacity: Mapped[int] = mapped_column(Integer, default=0)


# ---- sensors --------------------------------------------------------------------------------
class Sensor(Base):
    __tablename__ = "sensor"
    id: Mapped[str] = mapped_column(String(24), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # pressure | quality | river | well | waterlog
    name: Mapped[str] = mapped_column(String(80))
    unit: Mapped[str] = mapped_column(String(12))
    low: Mapped[float] = mapped_column(Float)
    high: Mapped[float] = mapped_column(Float)
    town_code: Mapped[str | None] = mapped_column(String(20))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    last_value: Mapped[float | None] = mapped_column(Float)
    last_at: Mapped[datetime | None] = mapped_column(DateTime)


class SensorReading(Base):
    __tablename__ = "sensor_reading"
    sensor_id: Mapped[str] = mapped_column(ForeignKey("sensor.id"), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, primary_key=True)
    value: Mapped[float] = mapped_column(Float)
    anomaly: Mapped[bool] = mapped_column(Boolean, default=False)


# ---- data foundation ------------------------------------------------------------------------
class DataSource(Base):
    __tablename__ = "data_source"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    cadence: Mapped[str] = mapped_column(String(12))  # realtime | hourly | daily | monthly
    records: Mapped[int] = mapped_column(Integer, default=0)
    last_sync_at: Mapped[datetime | None] = mapped_column(DateTime)


class SyncRun(Base):
    __tablename__ = "sync_run"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("data_source.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    ok: Mapped[bool] = mapped_column(Boolean)
    records: Mapped[int] = mapped_column(Integer)
    missing_fields: Mapped[int] = mapped_column(Integer, default=0)
    invalid_values: Mapped[int] = mapped_column(Integer, default=0)


# ---- shops, housing, extranet ---------------------------------------------------------------
class Shop(Base):
    __tablename__ = "shop"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(24), unique=True)  # 一铺一码
    name: Mapped[str] = mapped_column(String(80))
    trade: Mapped[str] = mapped_column(String(20))
    area_code: Mapped[str | None] = mapped_column(ForeignKey("grid_area.code"))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    address: Mapped[str] = mapped_column(String(120))


class ShopInspection(Base):
    __tablename__ = "shop_inspection"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shop.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    inspector: Mapped[str] = mapped_column(String(40))
    passed: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")


class ShopRating(Base):
    __tablename__ = "shop_rating"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shop.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    stars: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")


class RentalUnit(Base):
    __tablename__ = "rental_unit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(24), unique=True)  # 一户一码
    building: Mapped[str] = mapped_column(String(60))
    unit_no: Mapped[str] = mapped_column(String(20))
    area_code: Mapped[str | None] = mapped_column(ForeignKey("grid_area.code"))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    occupied: Mapped[bool] = mapped_column(Boolean, default=True)


class ExtranetUnit(Base):
    __tablename__ = "extranet_unit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    findings: Mapped[int] = mapped_column(Integer, default=0)
    rectified: Mapped[int] = mapped_column(Integer, default=0)


# ---- people, audit, bookkeeping -------------------------------------------------------------
class AppUser(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    role: Mapped[str] = mapped_column(String(12))
    password_hash: Mapped[str] = mapped_column(String(200))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)


class AuditLog(Base):
    """Append-only, hash-chained: each row's hash covers the previous row's hash."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    username: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(12))
    action: Mapped[str] = mapped_column(String(40))
    object: Mapped[str] = mapped_column(String(80))
    result: Mapped[str] = mapped_column(String(12))  # ok | denied | error
    ip: Mapped[str] = mapped_column(String(45))
    request_id: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


# bookkeeping tables (idempotency log, feed heartbeats, rollups) live beside this module; imported here so every
# `from data_access.models import ...` and Alembic's metadata see the whole model
from data_access.models_ops import DailyCategory, DailyCounter, EventLog, FeedStatus, Gauge  # noqa: E402

__all__ = ["Base", "DailyCategory", "DailyCounter", "EventLog", "FeedStatus", "Gauge"]
