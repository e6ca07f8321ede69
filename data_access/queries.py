"""Read functions for the overview and shared panels: each returns a DataFrame (empty, never None)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.lifecycle import OPEN_STATUSES
from data_access.masking import scrub_text, snap_points
from data_access.models import (
    Category,
    DailyCategory,
    DailyCounter,
    EventLog,
    FeedStatus,
    Gauge,
    GridArea,
    Sensor,
    Ticket,
)
from data_access.worktime import to_local

STREAMS = ("hotline", "cm")


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


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def daily_sums(
    session: Session,
    *,
    subjects: tuple[str, ...],
    metrics: tuple[str, ...],
    start: date,
    end: date,
    town: str | None = None,
) -> dict[tuple[str, str, date], int]:
    """{(subject, metric, day): n} over local days [start, end] (absent = 0): the whole city from daily_category
    (one row per category a day), one town from daily_counter."""
    src = DailyCategory if town is None else DailyCounter
    q = (
        select(src.subject, src.metric, src.day, func.sum(src.n))
        .where(src.subject.in_(subjects), src.metric.in_(metrics), src.day >= start, src.day <= end)
        .group_by(src.subject, src.metric, src.day)
    )
    return {(sub, m, d): int(n) for sub, m, d, n in session.execute(_in_town(q, town))}


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
    """Sum of each metric over local days [start, end] (rollups only: daily_category unless a channel or town)."""
    if channel is None and town is None:
        by_day = daily_sums(session, subjects=(subject,), metrics=metrics, start=start, end=end)
        return {m: sum(n for (_s, gm, _d), n in by_day.items() if gm == m) for m in metrics}
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
    """Columns day, stream, n: tickets received per local day and stream (one range read)."""
    start = end - timedelta(days=days - 1)
    got = daily_sums(session, subjects=STREAMS, metrics=("received",), start=start, end=end, town=town)
    span = _days(start, end)
    rows = [(d, stream, got.get((stream, "received", d), 0)) for stream in STREAMS for d in span]
    return pd.DataFrame(rows, columns=["day", "stream", "n"])


def top_categories(
    session: Session, *, end: date, days: int = 7, limit: int = 10, town: str | None = None
) -> pd.DataFrame:
    """Columns category, name, n: the most frequent request categories over the last `days` (ties by code)."""
    start = end - timedelta(days=days - 1)
    src = DailyCategory if town is None else DailyCounter
    q = (
        select(src.category, Category.name, func.sum(src.n).label("n"))
        .join(Category, Category.code == src.category)
        .where(src.metric == "received", src.subject.in_(STREAMS), src.day >= start, src.day <= end)
        .group_by(src.category, Category.name)
        .order_by(func.sum(src.n).desc(), src.category)
        .limit(limit)
    )
    return _frame(session.execute(_in_town(q, town)).all(), ["category", "name", "n"])


def latest_tickets(session: Session, *, role: str, limit: int = 12, town_code: str | None = None) -> pd.DataFrame:
    """Columns ticket_no, stream, created_local (HH:MM), category, town, status, text (scrubbed for `role`),
    created_at (naive UTC)."""
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
            at,
        )
        for no, stream, at, cat, tname, status, summary, name, address in rows
    ]
    return _frame(out, ["ticket_no", "stream", "created_local", "category", "town", "status", "text", "created_at"])


def open_ticket_points(session: Session, *, now: datetime, limit: int = 2000, role: str = "anonymous") -> pd.DataFrame:
    """Columns lat, lon, stream, overdue (bool): the newest open tickets with a location (map panels); for wall,
    visitor and anonymous (the default) each point is the centre of its public grid cell, never the exact spot.

    Read from the partial index ix_ticket_open_map alone (it holds exactly these columns of the open tickets);
    overdue is compared in SQL, so no due_at is parsed into a datetime per point; plain rows on the session's
    connection skip the ORM's per-row work (a third of the read at 2,000 points).
    """
    q = (
        select(Ticket.lat, Ticket.lon, Ticket.stream, Ticket.due_at < now)
        .where(Ticket.is_open.is_(True), Ticket.lat.is_not(None))
        .order_by(Ticket.created_at.desc(), Ticket.id.desc())
        .limit(limit)
    )
    rows = session.connection().execute(q).all()
    lat, lon, stream, late = zip(*rows, strict=True) if rows else ((), (), (), ())
    if rows:
        lat, lon = snap_points(lat, lon, role)
    return pd.DataFrame({"lat": lat, "lon": lon, "stream": stream, "overdue": [bool(x) for x in late]})


def town_outlines(session: Session) -> pd.DataFrame:
    """Columns code, name, lat, lon, geometry: level-2 areas (towns/streets) for base maps."""
    rows = session.execute(
        select(GridArea.code, GridArea.name, GridArea.lat, GridArea.lon, GridArea.geometry)
        .where(GridArea.level == 2)
        .order_by(GridArea.code)
    ).all()
    return _frame(rows, ["code", "name", "lat", "lon", "geometry"])
