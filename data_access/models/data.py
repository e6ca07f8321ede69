"""The data foundation: data sources (catalogue resources by department), their fields, sync runs, the real records
of the sampled resources, quality checks as data with their incremental results, scores over time, rectification
items, and the exchange log between departments."""

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
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base


class DataSource(Base):
    __tablename__ = "data_source"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    cadence: Mapped[str] = mapped_column(String(12))  # realtime | hourly | daily | monthly
    records: Mapped[int] = mapped_column(Integer, default=0)
    last_sync_at: Mapped[datetime | None] = mapped_column(DateTime)
    description: Mapped[str | None] = mapped_column(String(200))
    format: Mapped[str | None] = mapped_column(String(12))  # 接口 | 库表 | 文件 | 电子表格
    share_class: Mapped[str | None] = mapped_column(String(14))  # unconditional | conditional | none
    open_class: Mapped[str | None] = mapped_column(String(14))  # open | conditional | closed
    tags: Mapped[str | None] = mapped_column(String(80))  # comma-separated
    sampled: Mapped[bool | None] = mapped_column(Boolean)  # keeps real rows (data_record)
    q_completeness: Mapped[float | None] = mapped_column(Float)  # dimension scores 0-100, kept by each sync
    q_accuracy: Mapped[float | None] = mapped_column(Float)
    q_usability: Mapped[float | None] = mapped_column(Float)


class DataField(Base):
    __tablename__ = "data_field"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("data_source.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(40))
    type: Mapped[str] = mapped_column(String(60))
    required: Mapped[bool] = mapped_column(Boolean)
    sensitive: Mapped[bool] = mapped_column(Boolean)


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
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    error: Mapped[str | None] = mapped_column(String(200))
    new_records: Mapped[int | None] = mapped_column(Integer)  # rows of a sampled resource that were new
    failed_checks: Mapped[int | None] = mapped_column(Integer)  # failures its rows added


class DataRecord(Base):
    __tablename__ = "data_record"
    __table_args__ = (
        UniqueConstraint("source_id", "rid", name="uq_data_record_source_rid"),
        Index("ix_data_record_dup", "source_id", "dup_key"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("data_source.id"))
    rid: Mapped[str] = mapped_column(String(40))  # the record's own key in its department's system
    dup_key: Mapped[str | None] = mapped_column(String(60))  # the business key duplicates share
    payload: Mapped[dict] = mapped_column(JSON)
    synced_at: Mapped[datetime] = mapped_column(DateTime)


class QualityCheck(Base):
    """A check as data: its rule (a function in data_access/data/checks.py), the fields it reads and parameters."""

    __tablename__ = "quality_check"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("data_source.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    dimension: Mapped[str] = mapped_column(String(14))  # completeness | accuracy | usability | freshness
    rule: Mapped[str] = mapped_column(String(20))
    fields: Mapped[str] = mapped_column(String(200), default="")  # comma-separated
    params: Mapped[dict] = mapped_column(JSON)
    checked: Mapped[int] = mapped_column(Integer, default=0)  # results kept by each sync (never a page load)
    failed: Mapped[int] = mapped_column(Integer, default=0)


class RecordFailure(Base):
    __tablename__ = "record_failure"
    __table_args__ = (Index("ix_record_failure_check", "check_id", "rid"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("data_source.id"), index=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("quality_check.id"))
    rid: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(String(80), default="")


class QualityScore(Base):
    """A resource's dimension scores after one sync (the trend)."""

    __tablename__ = "quality_score"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("data_source.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    completeness: Mapped[float | None] = mapped_column(Float)
    accuracy: Mapped[float | None] = mapped_column(Float)
    usability: Mapped[float | None] = mapped_column(Float)
    score: Mapped[float | None] = mapped_column(Float)


class Rectification(Base):
    """整改: a failed check handed to the owner department (open -> rectifying -> verified)."""

    __tablename__ = "rectification"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("data_source.id"), index=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("quality_check.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    status: Mapped[str] = mapped_column(String(12))
    failed_at_open: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(200), default="")
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    opened_by: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1)


class DataExchange(Base):
    """One day of one department consuming one resource: requests and rows (the exchange log's rollup)."""

    __tablename__ = "data_exchange"
    __table_args__ = (UniqueConstraint("day", "consumer_id", "source_id", name="uq_data_exchange_day"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    consumer_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    source_id: Mapped[int] = mapped_column(ForeignKey("data_source.id"))
    requests: Mapped[int] = mapped_column(Integer)
    rows: Mapped[int] = mapped_column(Integer)
