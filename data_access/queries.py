"""Read functions for the overview and shared panels: each returns a DataFrame (empty, never None)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.lifecycle import OPEN_STATUSES
from data_access.masking import scrub_text
from data_access.models import (
    Category,
    DailyCounter,
    EventLog,
    FeedStatus,
    Gauge,
    GridArea,
    Sensor,
    Ticket,
)
from data_access.worktime import to_local


def _frame(rows, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame([tuple(r) for r in rows], columns=columns)


def newest_event_at(session: Session) -> datetime | None:
    """Time of the newest data of any kind (events, readings, feeds reporting in): the heartbeat."""
    a = session.scalar(select(func.max(EventLog.at)))
    b = session.scalar(select(func.max(Sensor.last_at)))
    c = session.scalar(select(func.max(FeedStatus.seen_at)))
    return max((x for x in (a, b, c) if x is not None), default=None)


def _in_town(q, town: str | None):
    """Rollup rows of one town (area_code holds the town code), or all."""
    return q if town is None else q.where(DailyCounter.area_code == town)


def daily_metric(
    session: Session, *, subject: str, metric: str, start: date, end: date, town: str | None = None
) -> pd.DataFrame:
    """Columns day, n: one row per local day in [start, end] (missing days are 0)."""
    q = (
        select(DailyCounter.day, func.sum(DailyCounter.n))
        .where(
            DailyCounter.subject == subject,
            DailyCounter.metric == metric,
            DailyCounter.day >= start,
            DailyCounter.day <= end,
        )
        .group_by(DailyCounter.day)
    )
    rows = session.execute(_in_town(q, town)).all()
    got = {d: int(n) for d, n in rows}
    days = pd.date_range(start, end, freq="D").date
    return pd.DataFrame({"day": days, "n": [got.get(d, 0) for d in days]})


def metric_total(
    session: Session,
    *,
    subject: str,
    metrics: tuple[str, ...],
    start: date,
    end: date,
    channel: str | None = None,
    town: str | None = None,
) -> dict[str, int]:
    """Sum of each metric over local days [start, end] (rollups only)."""
    q = (
        select(DailyCounter.metric, func.sum(DailyCounter.n))
        .where(
            DailyCounter.subject == subject,
            DailyCounter.metric.in_(metrics),
            DailyCounter.day >= start,
            DailyCounter.day <= end,
        )
        .group_by(DailyCounter.metric)
    )
    if channel is not None:
        q = q.where(DailyCounter.channel == channel)
    got = {m: int(n or 0) for m, n in session.execute(_in_town(q, town))}
    return {m: got.get(m, 0) for m in metrics}


def open_tickets(session: Session, now: datetime) -> pd.DataFrame:
    """Columns stream, open, overdue: open counts from the gauge, overdue from the (is_open, due_at) index."""
    gauge = dict(
        session.execute(
            select(Gauge.subject, func.sum(Gauge.n))
            .where(Gauge.subject.in_(("hotline", "cm")), Gauge.key.in_(OPEN_STATUSES))
            .group_by(Gauge.subject)
        ).all()
    )
    overdue = dict(
        session.execute(
            select(Ticket.stream, func.count())
            .where(Ticket.is_open.is_(True), Ticket.due_at < now)
            .group_by(Ticket.stream)
        ).all()
    )
    return pd.DataFrame(
        [{"stream": s, "open": int(gauge.get(s) or 0), "overdue": int(overdue.get(s) or 0)} for s in ("hotline", "cm")],
        columns=["stream", "open", "overdue"],
    )


def satisfaction(session: Session, *, start: date, end: date, town: str | None = None) -> pd.DataFrame:
    """Columns rated, satisfied, basic, dissatisfied, rate (satisfied + basic over rated, 0..1)."""
    t = metric_total(
        session,
        subject="hotline",
        metrics=("callback", "satisfied", "basic", "dissatisfied"),
        start=start,
        end=end,
        town=town,
    )
    rated = t["satisfied"] + t["basic"] + t["dissatisfied"]
    rate = (t["satisfied"] + t["basic"]) / rated if rated else float("nan")
    return pd.DataFrame(
        [
            {
                "rated": rated,
                "satisfied": t["satisfied"],
                "basic": t["basic"],
                "dissatisfied": t["dissatisfied"],
                "rate": rate,
            }
        ]
    )


def trend(session: Session, *, end: date, days: int = 30, town: str | None = None) -> pd.DataFrame:
    """Columns day, stream, n: tickets received per local day and stream."""
    start = end - timedelta(days=days - 1)
    parts = []
    for stream in ("hotline", "cm"):
        df = daily_metric(session, subject=stream, metric="received", start=start, end=end, town=town)
        df["stream"] = stream
        parts.append(df)
    return pd.concat(parts, ignore_index=True)[["day", "stream", "n"]]


def top_categories(
    session: Session, *, end: date, days: int = 7, limit: int = 10, town: str | None = None
) -> pd.DataFrame:
    """Columns category, name, n: the most frequent request categories over the last `days`."""
    start = end - timedelta(days=days - 1)
    q = (
        select(DailyCounter.category, Category.name, func.sum(DailyCounter.n).label("n"))
        .join(Category, Category.code == DailyCounter.category)
        .where(
            DailyCounter.metric == "received",
            DailyCounter.subject.in_(("hotline", "cm")),
            DailyCounter.day >= start,
            DailyCounter.day <= end,
        )
        .group_by(DailyCounter.category, Category.name)
        .order_by(func.sum(DailyCounter.n).desc())
        .limit(limit)
    )
    return _frame(session.execute(_in_town(q, town)).all(), ["category", "name", "n"])


def latest_tickets(session: Session, *, role: str, limit: int = 12, town_code: str | None = None) -> pd.DataFrame:
    """Columns ticket_no, stream, created_local, category, town, status, text (scrubbed for `role`)."""
    town = GridArea.__table__.alias("town")
    q = (
        select(
            Ticket.ticket_no,
            Ticket.stream,
            Ticket.created_at,
            Category.name,
            town.c.name,
            Ticket.status,
            Ticket.summary,
            Ticket.citizen_name,
            Ticket.address,
        )
        .join(Category, Category.code == Ticket.category_code)
        .outerjoin(town, town.c.code == Ticket.town_code)
        .order_by(Ticket.created_at.desc(), Ticket.id.desc())
        .limit(limit)
    )
    if town_code is not None:
        q = q.where(Ticket.town_code == town_code)
    rows = session.execute(q).all()
    out = [
        (
            no,
            stream,
            to_local(at).strftime("%H:%M"),
            cat,
            tname or "",
            status,
            scrub_text(summary, role, known=(name, address)),
        )
        for no, stream, at, cat, tname, status, summary, name, address in rows
    ]
    return _frame(out, ["ticket_no", "stream", "created_local", "category", "town", "status", "text"])


def open_ticket_points(session: Session, *, limit: int = 2000) -> pd.DataFrame:
    """Columns ticket_no, lat, lon, stream, overdue: open tickets with a location (for map panels)."""
    rows = session.execute(
        select(Ticket.ticket_no, Ticket.lat, Ticket.lon, Ticket.stream, Ticket.due_at)
        .where(Ticket.is_open.is_(True), Ticket.lat.is_not(None))
        .order_by(Ticket.created_at.desc())
        .limit(limit)
    ).all()
    return _frame(rows, ["ticket_no", "lat", "lon", "stream", "due_at"])


def town_outlines(session: Session) -> pd.DataFrame:
    """Columns code, name, lat, lon, geometry: level-2 areas (towns/streets) for base maps."""
    rows = session.execute(
        select(GridArea.code, GridArea.name, GridArea.lat, GridArea.lon, GridArea.geometry)
        .where(GridArea.level == 2)
        .order_by(GridArea.code)
    ).all()
    return _frame(rows, ["code", "name", "lat", "lon", "geometry"])
