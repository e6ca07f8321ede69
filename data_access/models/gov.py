"""数字政府: the e-government extranet units' sites and security findings, the joint inspection campaign with the
网信办, 互联网+监管 uploads by department and month, and the informatization projects register (集约建设)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base


class ExtranetSite(Base):
    """Where an extranet unit (extranet_unit) is and what it connects."""

    __tablename__ = "extranet_site"
    unit_id: Mapped[int] = mapped_column(ForeignKey("extranet_unit.id"), primary_key=True)
    address: Mapped[str] = mapped_column(String(80))
    segment: Mapped[str] = mapped_column(String(20))  # e.g. 59.255.12.0/26
    devices: Mapped[int] = mapped_column(Integer)
    last_inspected_at: Mapped[datetime | None] = mapped_column(DateTime)


class InspectionCampaign(Base):
    __tablename__ = "inspection_campaign"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    partner: Mapped[str] = mapped_column(String(40))
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)


class ExtranetFinding(Base):
    __tablename__ = "extranet_finding"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("extranet_unit.id"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("inspection_campaign.id"))
    severity: Mapped[str] = mapped_column(String(8))  # high | medium | low
    category: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(80))
    found_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    rectified_on: Mapped[date | None] = mapped_column(Date)
    verified_on: Mapped[date | None] = mapped_column(Date)


class SupervisionUpload(Base):
    """互联网+监管: one department's month of uploads."""

    __tablename__ = "supervision_upload"
    __table_args__ = (UniqueConstraint("department_id", "month", name="uq_supervision_upload_month"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    month: Mapped[date] = mapped_column(Date)  # first day of the month
    staff_registered: Mapped[int] = mapped_column(Integer)
    inspections: Mapped[int] = mapped_column(Integer)
    penalties: Mapped[int] = mapped_column(Integer)
    on_time: Mapped[int] = mapped_column(Integer)  # uploads within 7 days of the act
    uploads: Mapped[int] = mapped_column(Integer)


class ItProject(Base):
    __tablename__ = "it_project"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    budget: Mapped[float] = mapped_column(Float)  # 万元
    stage: Mapped[str] = mapped_column(String(12))  # proposed | approved | building | accepted | running
    year: Mapped[int] = mapped_column(Integer)
