"""Bookkeeping tables: the static city's seed, the idempotency log, feed heartbeats and the rollups kept at write
time."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base


class StaticCity(Base):
    """One row: the simulator seed the static city (grid, cameras, shops, buildings...) was built with, so that
    feeds run later with another seed are refused instead of referring to places that do not exist."""

    __tablename__ = "static_city"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    seed: Mapped[int] = mapped_column(Integer)
    built_at: Mapped[datetime] = mapped_column(DateTime)


class EventLog(Base):
    """Every applied write, by its stable event id: the idempotency key and the heartbeat source."""

    __tablename__ = "event_log"
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime] = mapped_column(DateTime, index=True)


class FeedStatus(Base):
    """Each feed's last report, even when it had nothing new: 'the data is flowing' for the heartbeat."""

    __tablename__ = "feed_status"
    source: Mapped[str] = mapped_column(String(40), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime)


class DailyCounter(Base):
    """Rollup kept at write time: counts per local day x subject x dimensions x metric."""

    __tablename__ = "daily_counter"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    subject: Mapped[str] = mapped_column(String(12), primary_key=True)  # hotline | cm | alert | ...
    channel: Mapped[str] = mapped_column(String(20), primary_key=True, default="")
    category: Mapped[str] = mapped_column(String(20), primary_key=True, default="")
    department_id: Mapped[int] = mapped_column(Integer, primary_key=True, default=0)
    area_code: Mapped[str] = mapped_column(String(20), primary_key=True, default="")
    metric: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_daily_counter_subject_metric_day", "subject", "metric", "day"),)


class DailyCategory(Base):
    """Rollup kept at write time beside daily_counter: its sum over channel, department and town, per subject x
    metric x local day x category (what the overview's trend, top categories and vital signs read)."""

    __tablename__ = "daily_category"
    subject: Mapped[str] = mapped_column(String(12), primary_key=True)
    metric: Mapped[str] = mapped_column(String(20), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    category: Mapped[str] = mapped_column(String(20), primary_key=True, default="")
    n: Mapped[int] = mapped_column(Integer, default=0)


class IntradayCounter(Base):
    """Rollup kept at write time beside daily_counter: counts per subject x metric x local day x local minute of the
    day (0..1439) x town, so a KPI can compare today-so-far with yesterday and last week up to the same minute."""

    __tablename__ = "intraday_counter"
    subject: Mapped[str] = mapped_column(String(12), primary_key=True)
    metric: Mapped[str] = mapped_column(String(20), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    minute: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_code: Mapped[str] = mapped_column(String(20), primary_key=True, default="")
    n: Mapped[int] = mapped_column(Integer, default=0)


class Gauge(Base):
    """Rollup of current state (e.g. open tickets by status x department x town)."""

    __tablename__ = "gauge"
    subject: Mapped[str] = mapped_column(String(12), primary_key=True)
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    department_id: Mapped[int] = mapped_column(Integer, primary_key=True, default=0)
    area_code: Mapped[str] = mapped_column(String(20), primary_key=True, default="")
    n: Mapped[int] = mapped_column(Integer, default=0)
