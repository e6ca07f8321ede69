"""Emergency command: incidents, their timeline and the resources dispatched to them; warnings (CAP messages),
plans and their copied checklists, duty shifts and handovers, hazard sources, store items."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base


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
    # the command lifecycle (data_access/emergency/lifecycle.py): stage, optimistic version, drill flag
    stage: Mapped[str] = mapped_column(String(16), default="reported", server_default="reported")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    exercise: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0", index=True)
    reported_by: Mapped[str | None] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    plan_code: Mapped[str | None] = mapped_column(String(20))
    dead: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    injured: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    missing: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    evacuated: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - every UPDATE checks and bumps it: a stale commander loses


class IncidentEvent(Base):
    __tablename__ = "incident_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(20))  # report | dispatch | update | ack | close | <lifecycle action>
    resource_id: Mapped[int | None] = mapped_column(ForeignKey("resource.id"))
    eta_minutes: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str | None] = mapped_column(String(60))
    stage: Mapped[str | None] = mapped_column(String(16))  # the incident's stage after this step
    level: Mapped[int | None] = mapped_column(Integer)  # its level after this step
    target: Mapped[str | None] = mapped_column(String(16))  # a report's addressee (county | city | region | state)


class Resource(Base):
    __tablename__ = "resource"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # team | store | shelter | vehicle | expert
    name: Mapped[str] = mapped_column(String(80))
    town_code: Mapped[str | None] = mapped_column(String(20))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(12), default="available", server_default="available")
    occupancy: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # shelters: people now
    capacity_night: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # shelters: overnight beds
    skills: Mapped[str] = mapped_column(String(200), default="", server_default="")  # teams: comma-separated


class IncidentDispatch(Base):
    """A resource sent to an incident: requested -> reserved -> dispatched -> on_scene -> returned, with its ETA and
    route over the road graph."""

    __tablename__ = "incident_dispatch"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id"), index=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resource.id"))
    state: Mapped[str] = mapped_column(String(12))
    eta_minutes: Mapped[float | None] = mapped_column(Float)
    distance_km: Mapped[float | None] = mapped_column(Float)
    route: Mapped[str] = mapped_column(Text, default="")  # JSON [[lon, lat], ...]
    requested_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str | None] = mapped_column(String(60))


class EmergencyPlan(Base):
    """预案: for one incident type and a range of levels; its checklist is EmergencyPlanTask."""

    __tablename__ = "emergency_plan"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    category: Mapped[str] = mapped_column(String(12))
    kind: Mapped[str] = mapped_column(String(40))
    worst_level: Mapped[int] = mapped_column(Integer)  # applies to levels >= worst_level .. <= mildest_level
    mildest_level: Mapped[int] = mapped_column(Integer)


class EmergencyPlanTask(Base):
    __tablename__ = "emergency_plan_task"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_code: Mapped[str] = mapped_column(ForeignKey("emergency_plan.code"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(120))
    department: Mapped[str] = mapped_column(String(60))
    due_minutes: Mapped[int] = mapped_column(Integer)  # after activation


class IncidentTask(Base):
    """A plan's task copied onto an incident when the plan is activated (Sahana's apply-scenario)."""

    __tablename__ = "incident_task"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id"), index=True)
    plan_code: Mapped[str] = mapped_column(String(20))
    seq: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(120))
    department: Mapped[str] = mapped_column(String(60))
    due_at: Mapped[datetime] = mapped_column(DateTime)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)
    done_by: Mapped[str | None] = mapped_column(String(60))


class EmergencyWarning(Base):
    """预警: one warning's current state; each issue/update/lift is a WarningMessage (a CAP message)."""

    __tablename__ = "warning"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    hazard: Mapped[str] = mapped_column(String(20))  # rainstorm | gale | sandstorm | snow | cold | heat | flood ...
    color: Mapped[str] = mapped_column(String(8))  # red | orange | yellow | blue
    headline: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    instruction: Mapped[str] = mapped_column(Text, default="")
    area_desc: Mapped[str] = mapped_column(String(200))
    area_codes: Mapped[str] = mapped_column(String(400), default="")  # comma-separated division codes
    polygon: Mapped[str] = mapped_column(Text, default="")  # CAP polygon: "lat,lon lat,lon ..." (closed)
    status: Mapped[str] = mapped_column(String(10), default="active")  # active | lifted
    issued_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    lifted_at: Mapped[datetime | None] = mapped_column(DateTime)
    exercise: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    issued_by: Mapped[str] = mapped_column(String(60), default="system")


class WarningMessage(Base):
    __tablename__ = "warning_message"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    identifier: Mapped[str] = mapped_column(String(64), unique=True)  # GB/T 35965.1 form
    warning_id: Mapped[int] = mapped_column(ForeignKey("warning.id"), index=True)
    msg_type: Mapped[str] = mapped_column(String(8))  # Alert | Update | Cancel
    sent_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    color: Mapped[str] = mapped_column(String(8))
    actor: Mapped[str] = mapped_column(String(60), default="system")


class DutyRoster(Base):
    """值班: the people of each post, in rotation order (who is on duty on a shift follows from the rotation)."""

    __tablename__ = "duty_roster"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post: Mapped[str] = mapped_column(String(20))  # leader | chief | officer
    seq: Mapped[int] = mapped_column(Integer)
    person: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(String(20), default="")


class DutyHandover(Base):
    """A shift's handover note; the next shift must acknowledge it."""

    __tablename__ = "duty_handover"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    shift_start: Mapped[datetime] = mapped_column(DateTime, index=True)  # the shift handing over
    at: Mapped[datetime] = mapped_column(DateTime)
    by: Mapped[str] = mapped_column(String(60))
    note: Mapped[str] = mapped_column(Text)
    acked_at: Mapped[datetime | None] = mapped_column(DateTime)
    acked_by: Mapped[str | None] = mapped_column(String(60))


class HazardSource(Base):
    """危险源: a registered hazard (宁东 chemical sites, tailings, geological hazards...) and its inspections."""

    __tablename__ = "hazard_source"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20))
    level: Mapped[int] = mapped_column(Integer)  # 重大危险源 一级 (1) .. 四级 (4)
    town_code: Mapped[str | None] = mapped_column(String(20))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    inspect_days: Mapped[int] = mapped_column(Integer)
    last_inspected_on: Mapped[date | None] = mapped_column(Date)


class StoreItem(Base):
    """Stock in an emergency store: quantity, minimum (reorder) level, expiry."""

    __tablename__ = "store_item"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resource.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str] = mapped_column(String(8))
    quantity: Mapped[int] = mapped_column(Integer)
    min_quantity: Mapped[int] = mapped_column(Integer)
    expires_on: Mapped[date | None] = mapped_column(Date)
