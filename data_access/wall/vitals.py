"""Read functions for the wall: the city's vital signs across platforms, and what should take the wall over."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access import kpi
from data_access.data import checks as qc
from data_access.models import (
    Camera,
    DailyCounter,
    DataSource,
    Gauge,
    GridArea,
    Sensor,
    Ticket,
)
from data_access.queries import metric_total, open_tickets
from data_access.worktime import local_day

CADENCE = qc.CADENCE  # one definition of "synced within its cadence" (data_access/data/checks.py)


def vital_signs(session: Session, now: datetime) -> pd.DataFrame:
    """Columns key, value, yesterday, last_week: today's headline numbers by platform so far, and yesterday's and
    last week's up to the same minute (rollups only: intraday_counter; overdue and open are now, no comparison)."""
    today = local_day(now)
    days = {"value": today, "yesterday": today - timedelta(days=1), "last_week": today - timedelta(days=7)}
    pairs = {
        "hotline_received": ("hotline", "received"),
        "hotline_dispatched": ("hotline", "dispatched"),
        "hotline_signed_on_time": ("hotline", "signed_on_time"),
        "hotline_signed": ("hotline", "signed"),
        "hotline_closed": ("hotline", "closed"),
        "cm_received": ("cm", "received"),
        "cm_closed": ("cm", "closed"),
        "alert_raised": ("alert", "raised"),
        "incident_reported": ("incident", "reported"),
    }
    rated = ("satisfied", "basic", "dissatisfied")
    got = kpi.same_time(  # one read: today so far, yesterday and last week up to the same minute
        session, now, tuple({s for s, _ in pairs.values()}), tuple({m for _, m in pairs.values()} | set(rated))
    )
    by_day = {(s, m, days[col]): n for (s, m, col), n in got.items()}
    out = [{"key": key, **{col: by_day.get((s, m, d), 0) for col, d in days.items()}} for key, (s, m) in pairs.items()]
    sat: dict[str, object] = {"key": "hotline_satisfaction"}  # per day: satisfied + basic over rated
    for col, d in days.items():
        t = {m: by_day.get(("hotline", m, d), 0) for m in rated}
        n = sum(t.values())
        sat[col] = round(100 * (t["satisfied"] + t["basic"]) / n, 1) if n else None
    out.append(sat)
    opened = open_tickets(session, now)
    out.append({"key": "overdue", "value": int(opened["overdue"].sum()), "yesterday": None, "last_week": None})
    out.append({"key": "open", "value": int(opened["open"].sum()), "yesterday": None, "last_week": None})
    return pd.DataFrame(out, columns=["key", "value", "yesterday", "last_week"])


def alerts_by_category(session: Session, now: datetime) -> pd.DataFrame:
    """Columns category, n: AI alerts raised today by algorithm category."""
    rows = session.execute(
        select(DailyCounter.channel, func.sum(DailyCounter.n))
        .where(DailyCounter.subject == "alert", DailyCounter.metric == "raised", DailyCounter.day == local_day(now))
        .group_by(DailyCounter.channel)
        .order_by(func.sum(DailyCounter.n).desc())
    ).all()
    return pd.DataFrame([(c, int(n)) for c, n in rows], columns=["category", "n"])


def active_incidents(session: Session) -> pd.DataFrame:
    """Columns level (1..4), n: active emergencies by level (gauge)."""
    rows = dict(
        session.execute(
            select(Gauge.key, func.sum(Gauge.n)).where(Gauge.subject == "incident").group_by(Gauge.key)
        ).all()
    )
    return pd.DataFrame([(lvl, int(rows.get(f"active_{lvl}") or 0)) for lvl in (1, 2, 3, 4)], columns=["level", "n"])


def camera_status(session: Session) -> pd.DataFrame:
    """Columns online, offline, rate (0..1), faults: the video pool's health."""
    g = dict(
        session.execute(select(Gauge.key, func.sum(Gauge.n)).where(Gauge.subject == "camera").group_by(Gauge.key)).all()
    )
    faults = session.scalar(select(func.count()).select_from(Camera).where(Camera.quality_fault.is_not(None)))
    online, offline = int(g.get("online") or 0), int(g.get("offline") or 0)
    total = online + offline
    return pd.DataFrame(
        [
            {
                "online": online,
                "offline": offline,
                "rate": online / total if total else float("nan"),
                "faults": int(faults or 0),
            }
        ]
    )


def water_status(session: Session, now: datetime) -> pd.DataFrame:
    """Columns kind, total, abnormal, silent: water sensors by kind (abnormal = outside limits)."""
    rows = session.execute(select(Sensor.kind, Sensor.low, Sensor.high, Sensor.last_value, Sensor.last_at)).all()
    agg: dict[str, list[int]] = {}
    for kind, low, high, value, at in rows:
        a = agg.setdefault(kind, [0, 0, 0])
        a[0] += 1
        if value is not None and not (low <= value <= high):
            a[1] += 1
        if at is None or now - at > timedelta(hours=1):
            a[2] += 1
    return pd.DataFrame([(k, *v) for k, v in sorted(agg.items())], columns=["kind", "total", "abnormal", "silent"])


def data_freshness(session: Session, now: datetime) -> pd.DataFrame:
    """Columns sources, fresh, records: data-foundation sources synced within their cadence."""
    rows = session.execute(select(DataSource.cadence, DataSource.last_sync_at, DataSource.records)).all()
    fresh = sum(1 for cad, at, _ in rows if at is not None and now - at <= CADENCE.get(cad, timedelta(days=2)))
    return pd.DataFrame([{"sources": len(rows), "fresh": fresh, "records": int(sum(r for *_, r in rows))}])


def signing_rate(session: Session, now: datetime, days: int = 7) -> pd.DataFrame:
    """Columns value, yesterday, last_week: 按时签收率 (%) over the `days` ending today, yesterday, a week ago."""
    today = local_day(now)
    out = {}
    for col, end in (
        ("value", today),
        ("yesterday", today - timedelta(days=1)),
        ("last_week", today - timedelta(days=7)),
    ):
        t = metric_total(
            session,
            subject="hotline",
            metrics=("signed", "signed_on_time"),
            start=end - timedelta(days=days - 1),
            end=end,
        )
        out[col] = round(100 * t["signed_on_time"] / t["signed"], 1) if t["signed"] else None
    return pd.DataFrame([out], columns=["value", "yesterday", "last_week"])


def town_vitals(session: Session, now: datetime, town: str | None) -> pd.DataFrame:
    """Columns key, value, yesterday, last_week for one town (received and closed so far today against the same time
    yesterday and last week; overdue now; satisfaction over 30 days)."""
    cols = ["key", "value", "yesterday", "last_week"]
    if not town:
        return pd.DataFrame(columns=cols)
    today = local_day(now)
    days = {"value": today, "yesterday": today - timedelta(days=1), "last_week": today - timedelta(days=7)}
    out: list[dict[str, object]] = []
    got = kpi.same_time(session, now, ("hotline", "cm"), ("received", "closed"), town=town)  # up to the same minute
    for metric in ("received", "closed"):
        out.append({"key": metric, **{col: got[("hotline", metric, col)] + got[("cm", metric, col)] for col in days}})
    overdue = session.scalar(
        select(func.count())
        .select_from(Ticket)
        .where(Ticket.is_open.is_(True), Ticket.due_at < now, Ticket.town_code == town)
    )
    out.append({"key": "overdue", "value": int(overdue or 0), "yesterday": None, "last_week": None})
    sat = metric_total(
        session,
        subject="hotline",
        metrics=("satisfied", "basic", "dissatisfied"),
        start=today - timedelta(days=29),
        end=today,
        town=town,
    )
    rated = sum(sat.values())
    out.append(
        {
            "key": "satisfaction",
            "value": round(100 * (sat["satisfied"] + sat["basic"]) / rated, 1) if rated else None,
            "yesterday": None,
            "last_week": None,
        }
    )
    return pd.DataFrame(out, columns=cols)


def town_names(session: Session, codes: list[str]) -> dict[str, str]:
    """Names of level-2 areas (towns and streets) by code."""
    if not codes:
        return {}
    return dict(session.execute(select(GridArea.code, GridArea.name).where(GridArea.code.in_(codes))).all())
