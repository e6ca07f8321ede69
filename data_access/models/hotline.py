"""Tickets (12345 requests and 数字城管 cases share one table), their timeline, duplicate links and supervision
messages."""

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
    column,
)
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base


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
    extension_requested_days: Mapped[float | None] = mapped_column(Float)  # a pending 延期申请's working days
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
    satisfaction: Mapped[str | None] = mapped_column(
        String(12)
    )  # a callback's rating (satisfied | basic | dissatisfied)
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
    kind: Mapped[str] = mapped_column(String(16))  # a reminder (events.REMINDERS: sign | near | overdue) | supervise
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    text: Mapped[str] = mapped_column(Text)
