"""Public services: shops with inspections and ratings (一铺一码), rental housing units (一户一码), extranet units."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base


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
    scope: Mapped[str | None] = mapped_column(String(200))  # 经营范围 (public)
    licence_no: Mapped[str | None] = mapped_column(String(32))  # 统一社会信用代码 on the displayed licence (public)
    licence_until: Mapped[date | None] = mapped_column(Date)  # None: no licence on record


class ShopInspection(Base):
    __tablename__ = "shop_inspection"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shop.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    inspector: Mapped[str] = mapped_column(String(40))
    passed: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str | None] = mapped_column(String(12))  # pass | rectify | fail (None: a feed's passed flag only)
    checklist: Mapped[dict | None] = mapped_column(JSON)  # item key -> true (ok) / false (failed)
    issues: Mapped[str | None] = mapped_column(Text)
    rectify_by: Mapped[datetime | None] = mapped_column(DateTime)  # deadline for rectification (UTC)
    rectified_at: Mapped[datetime | None] = mapped_column(DateTime)
    cm_ticket_no: Mapped[str | None] = mapped_column(String(32))  # the 数字城管 case an overdue rectification became
    has_photo: Mapped[bool] = mapped_column(Boolean, default=False)


class InspectionPhoto(Base):
    """An inspector's photo (seats and inspectors only: it may show people)."""

    __tablename__ = "inspection_photo"
    inspection_event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    mime: Mapped[str] = mapped_column(String(20))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ServiceCode(Base):
    """一铺一码 / 一户一码: the unguessable, revocable token a plate's QR code carries (never the row id).

    Revoking keeps the row (its old plates then show 作废) and issues the next version with a new token."""

    __tablename__ = "service_code"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # shop | rental
    subject_id: Mapped[int] = mapped_column(Integer)  # shop.id or rental_unit.id
    short_code: Mapped[str] = mapped_column(String(12), index=True)  # printed on the plate, e.g. S00042
    version: Mapped[int] = mapped_column(Integer, default=1)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="active")  # active | revoked
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (Index("ix_service_code_subject", "kind", "subject_id", "status"),)


class ShopRating(Base):
    __tablename__ = "shop_rating"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shop.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    stars: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    device_hash: Mapped[str | None] = mapped_column(String(64), index=True)  # keyed hash of the rater's device cookie
    ip_hash: Mapped[str | None] = mapped_column(String(64))  # keyed hash of the rater's IP (never the IP itself)


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


class PortalClient(Base):
    """统一门户: a department system signed in through the portal (an OpenID Connect relying party)."""

    __tablename__ = "portal_client"
    client_id: Mapped[str] = mapped_column(String(48), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    secret_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the client secret
    redirect_uris: Mapped[list] = mapped_column(JSON)
    scope: Mapped[str] = mapped_column(String(200), default="openid profile")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class PortalCode(Base):
    """An authorization code (single use, 5 minutes), with its PKCE challenge and nonce."""

    __tablename__ = "portal_code"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("portal_client.client_id"))
    user_id: Mapped[int] = mapped_column(Integer)
    redirect_uri: Mapped[str] = mapped_column(String(300))
    scope: Mapped[str] = mapped_column(String(200))
    nonce: Mapped[str | None] = mapped_column(String(128))
    code_challenge: Mapped[str | None] = mapped_column(String(128))
    code_challenge_method: Mapped[str | None] = mapped_column(String(10))
    auth_time: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class PortalToken(Base):
    """An access token the portal issued (stored as a hash)."""

    __tablename__ = "portal_token"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("portal_client.client_id"))
    user_id: Mapped[int] = mapped_column(Integer, index=True)
    scope: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class PortalConsent(Base):
    """A user's consent to sign in to a system with a scope (recorded once, audited)."""

    __tablename__ = "portal_consent"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, index=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("portal_client.client_id"))
    scope: Mapped[str] = mapped_column(String(200))
    granted_at: Mapped[datetime] = mapped_column(DateTime)


class ReportField(Base):
    """统一报表: one entry of the shared field dictionary (a value filled once serves every template using it)."""

    __tablename__ = "report_field"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(10))  # int | decimal | text | date | choice
    unit: Mapped[str] = mapped_column(String(20), default="")
    choices: Mapped[list | None] = mapped_column(JSON)
    min_value: Mapped[float | None] = mapped_column(Float)
    max_value: Mapped[float | None] = mapped_column(Float)


class ReportTemplate(Base):
    """A report in the catalogue: its owner, cadence, due day and fields (keys of the dictionary)."""

    __tablename__ = "report_template"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    owner_code: Mapped[str] = mapped_column(String(20))  # department code that collects it
    cadence: Mapped[str] = mapped_column(String(10))  # monthly | quarterly
    due_day: Mapped[int] = mapped_column(Integer)  # day of the month after the period
    fields: Mapped[list] = mapped_column(JSON)  # [field key, ...] in order
    required: Mapped[list] = mapped_column(JSON)  # required field keys


class ReportValue(Base):
    """A department's value of a dictionary field for a period: the one place a value is filled."""

    __tablename__ = "report_value"
    department_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    period: Mapped[str] = mapped_column(String(10), primary_key=True)  # 2026-11 | 2026-Q4
    field_key: Mapped[str] = mapped_column(ForeignKey("report_field.key"), primary_key=True)
    value: Mapped[str] = mapped_column(String(500))
    template_code: Mapped[str] = mapped_column(String(20))  # the report it was first filled for
    filled_at: Mapped[datetime] = mapped_column(DateTime)
    filled_by: Mapped[str] = mapped_column(String(40))


class ReportSubmission(Base):
    """A department's submission of a template for a period: due, submitted, late or returned."""

    __tablename__ = "report_submission"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    template_code: Mapped[str] = mapped_column(String(20))
    department_code: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))  # submitted | late | returned
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    submitted_by: Mapped[str] = mapped_column(String(40), default="")
    reused_fields: Mapped[int] = mapped_column(Integer, default=0)  # values taken from another report, not retyped
    note: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (Index("ux_report_submission", "template_code", "department_code", "period", unique=True),)


class RentalTenant(Base):
    """一户一码: the tenant register of a rental unit (人来登记、人走注销). Personal data: shown in full to the landlord
    and the grid worker only, masked for every other role, never on the unit's public page."""

    __tablename__ = "rental_tenant"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("rental_unit.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(String(20))
    id_no: Mapped[str] = mapped_column(String(18))
    people: Mapped[int] = mapped_column(Integer, default=1)
    moved_in_on: Mapped[date] = mapped_column(Date)
    registered_at: Mapped[datetime] = mapped_column(DateTime)
    registered_by: Mapped[str] = mapped_column(String(40))
    moved_out_on: Mapped[date | None] = mapped_column(Date)
    moved_out_by: Mapped[str | None] = mapped_column(String(40))


class RentalCheck(Base):
    """A grid worker's visit to a unit: whoever lives there matches the register, or not."""

    __tablename__ = "rental_check"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("rental_unit.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    by: Mapped[str] = mapped_column(String(40))
    matches: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(200), default="")


class ServiceUsage(Base):
    """便民服务: the mini-program's usage feed, services used per local day, service and town (a running total)."""

    __tablename__ = "service_usage"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    service: Mapped[str] = mapped_column(String(20), primary_key=True)
    town_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
