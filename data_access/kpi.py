"""Headline KPI reads for calibration and the overview: rollups (daily_counter, gauge) only, never raw tickets.

Definitions (decided here, used by the calibration test and the overview):
- "12345 requests" = hotline-stream tickets received in the period on every channel except Weibo
  (Weibo is reported separately, as the seed does: 11,282 via 12345 and 11 via Weibo).
- "city-management work orders" = cm-stream tickets received (信息收集) in the period.
- received counts by the local day of arrival inside [start, end]; closed, callbacks and supervision
  count by the local day they happened inside [start, settle] (settle defaults to end), so a
  half-year's requests can be followed to the report date.
- satisfaction rate = requests whose final rating is satisfied or basic / requests rated, per request on its
  final rating given in [start, settle] (the definition is data_access/hotline/stats.py's); callbacks counts
  every 回访 call made, a redone request's second one included.
- open_now = tickets of the stream in a non-final status right now (gauge), i.e. "all closed" <=> 0.
- same-time comparisons (较昨日同时段 / 较上周同时段): today up to the current local minute against yesterday and
  the same weekday last week up to the same minute of the day, from intraday_counter (`same_time`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.models import (
    Algorithm,
    Camera,
    DailyCounter,
    DataSource,
    EventLog,
    ExtranetUnit,
    Gauge,
    IntradayCounter,
)
from data_access.rollups import local_minute
from data_access.worktime import local_day

OPEN_STATUSES = {
    "hotline": ("accepted", "pending_sign", "in_progress", "extension_pending", "replied"),
    "cm": ("reported", "registered", "dispatched", "disposed"),
}


@dataclass(frozen=True)
class StreamTotals:
    received: int
    closed: int  # close/answer actions (a redone ticket closes twice)
    open_now: int
    callbacks: int  # 回访 calls made
    satisfied: int  # requests whose final rating is 满意 (likewise basic, dissatisfied)
    basic: int
    dissatisfied: int
    supervised: int  # supervision messages (TicketAction supervise) sent
    satisfaction_rate: float | None  # (satisfied + basic) / rated requests


@dataclass(frozen=True)
class CityTotals:
    cameras: int
    algorithms: int
    data_records: int
    extranet_units: int


def _metric_sums(
    session: Session,
    subject: str,
    start: date,
    end: date,
    metrics: tuple[str, ...],
    *,
    exclude_channel: str | None = None,
    only_channel: str | None = None,
) -> dict[str, int]:
    dc = DailyCounter
    q = (
        select(dc.metric, func.coalesce(func.sum(dc.n), 0))
        .where(dc.subject == subject, dc.day >= start, dc.day <= end, dc.metric.in_(metrics))
        .group_by(dc.metric)
    )
    if exclude_channel:
        q = q.where(dc.channel != exclude_channel)
    if only_channel:
        q = q.where(dc.channel == only_channel)
    out = dict.fromkeys(metrics, 0)
    out.update({m: int(n) for m, n in session.execute(q).all()})
    return out


def stream_totals(
    session: Session,
    stream: str,
    start: date,
    end: date,
    *,
    settle: date | None = None,
    exclude_channel: str | None = None,
    only_channel: str | None = None,
) -> StreamTotals:
    """Period totals of one ticket stream (hotline | cm); see the module docstring for definitions."""
    settle = settle or end
    kw = {"exclude_channel": exclude_channel, "only_channel": only_channel}
    rec = _metric_sums(session, stream, start, end, ("received",), **kw)
    later = _metric_sums(
        session, stream, start, settle, ("closed", "callback", "satisfied", "basic", "dissatisfied", "supervised"), **kw
    )
    q = select(func.coalesce(func.sum(Gauge.n), 0)).where(Gauge.subject == stream, Gauge.key.in_(OPEN_STATUSES[stream]))
    open_now = int(session.scalar(q) or 0)
    cb = later["callback"]
    rated = later["satisfied"] + later["basic"] + later["dissatisfied"]
    rate = (later["satisfied"] + later["basic"]) / rated if rated else None
    return StreamTotals(
        rec["received"],
        later["closed"],
        open_now,
        cb,
        later["satisfied"],
        later["basic"],
        later["dissatisfied"],
        later["supervised"],
        rate,
    )


def hotline_12345(session: Session, start: date, end: date, *, settle: date | None = None) -> StreamTotals:
    """12345 requests: the hotline stream without Weibo."""
    return stream_totals(session, "hotline", start, end, settle=settle, exclude_channel="weibo")


def weibo(session: Session, start: date, end: date, *, settle: date | None = None) -> StreamTotals:
    """Requests that came in through the official Weibo."""
    return stream_totals(session, "hotline", start, end, settle=settle, only_channel="weibo")


def supervision_messages(session: Session, start: date, end: date) -> int:
    """Supervision/reminder messages sent in [start, end] (both streams; from the 'supervised' counter)."""
    dc = DailyCounter
    q = select(func.coalesce(func.sum(dc.n), 0)).where(
        dc.subject.in_(("hotline", "cm")), dc.metric == "supervised", dc.day >= start, dc.day <= end
    )
    return int(session.scalar(q) or 0)


def city_totals(session: Session) -> CityTotals:
    """Counts of the city's reference assets (small tables: no rollup needed)."""

    def count(model) -> int:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)

    records = int(session.scalar(select(func.coalesce(func.sum(DataSource.records), 0))) or 0)
    return CityTotals(count(Camera), count(Algorithm), records, count(ExtranetUnit))


def event_span(session: Session) -> tuple[datetime | None, datetime | None]:
    """(first, last) time of any applied event: where a simulator resumes (uses the index on event_log.at)."""
    first = session.scalar(select(EventLog.at).order_by(EventLog.at.asc()).limit(1))
    last = session.scalar(select(EventLog.at).order_by(EventLog.at.desc()).limit(1))
    return first, last


SAME_TIME = {"value": 0, "yesterday": 1, "last_week": 7}  # column -> days back


def same_time(
    session: Session,
    now: datetime,
    subjects: tuple[str, ...],
    metrics: tuple[str, ...],
    *,
    town: str | None = None,
) -> dict[tuple[str, str, str], int]:
    """{(subject, metric, column): n} for column in SAME_TIME: today from midnight up to the local minute of `now`,
    yesterday and the same weekday a week ago up to the same minute of their day (absent = 0). One read of
    intraday_counter; `town` limits it to one town."""
    today, minute = local_day(now), local_minute(now)
    days = {today - timedelta(days=back): col for col, back in SAME_TIME.items()}
    ic = IntradayCounter
    q = (
        select(ic.subject, ic.metric, ic.day, func.sum(ic.n))
        .where(ic.subject.in_(subjects), ic.metric.in_(metrics), ic.day.in_(list(days)), ic.minute <= minute)
        .group_by(ic.subject, ic.metric, ic.day)
    )
    if town is not None:
        q = q.where(ic.area_code == town)
    out = {(s, m, col): 0 for s in subjects for m in metrics for col in SAME_TIME}
    for s, m, d, n in session.execute(q):
        out[(s, m, days[d])] = int(n or 0)
    return out
