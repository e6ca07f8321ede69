"""Read functions for the wall: the city's vital signs across platforms, and what should take the wall over."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.models import (
    Algorithm,
    Camera,
    DailyCategory,
    DailyCounter,
    DataSource,
    Gauge,
    GridArea,
    Incident,
    Sensor,
    Ticket,
    VideoAlert,
)
from data_access.queries import metric_total, open_tickets
from data_access.worktime import local_day

CADENCE = {
    "realtime": timedelta(hours=1),
    "hourly": timedelta(hours=3),
    "daily": timedelta(days=2),
    "monthly": timedelta(days=40),
}
TAKEOVER_ALERT_WINDOW = timedelta(minutes=10)


def vital_signs(session: Session, now: datetime) -> pd.DataFrame:
    """Columns key, value, yesterday, last_week: today's headline numbers by platform (rollups only)."""
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
    dc = DailyCategory  # one read: the three days, every metric shown (satisfaction's too)
    rows = session.execute(
        select(dc.subject, dc.metric, dc.day, func.sum(dc.n))
        .where(
            dc.subject.in_({s for s, _ in pairs.values()}),
            dc.metric.in_({m for _, m in pairs.values()} | set(rated)),
            dc.day.in_(list(days.values())),
        )
        .group_by(dc.subject, dc.metric, dc.day)
    )
    got = {(s, m, d): int(n) for s, m, d, n in rows}
    out = [{"key": key, **{col: got.get((s, m, d), 0) for col, d in days.items()}} for key, (s, m) in pairs.items()]
    sat: dict[str, object] = {"key": "hotline_satisfaction"}  # per day: satisfied + basic over rated
    for col, d in days.items():
        t = {m: got.get(("hotline", m, d), 0) for m in rated}
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


def takeover_candidates(session: Session, now: datetime) -> pd.DataFrame:
    """Columns key, kind, severity (1 highest), title, lat, lon, at: what should interrupt the wall now.

    Level I/II incidents not yet acknowledged, and fire/smoke (severity 1) AI alerts of the last minutes
    still unreviewed. Hotspot warnings join here once they exist as data.
    """
    out = []
    for inc in session.scalars(
        select(Incident).where(Incident.status == "active", Incident.level <= 2, Incident.acknowledged_at.is_(None))
    ):
        out.append((f"incident:{inc.event_id}", "incident", inc.level, inc.title, inc.lat, inc.lon, inc.started_at))
    rows = session.execute(
        select(VideoAlert.event_id, Algorithm.name, Camera.name, Camera.lat, Camera.lon, VideoAlert.occurred_at)
        .join(Algorithm, Algorithm.code == VideoAlert.algorithm_code)
        .join(Camera, Camera.id == VideoAlert.camera_id)
        .where(
            VideoAlert.status == "new",
            Algorithm.severity == 1,
            VideoAlert.occurred_at >= now - TAKEOVER_ALERT_WINDOW,
            VideoAlert.occurred_at <= now,
        )
    ).all()
    for eid, algo, cam, lat, lon, at in rows:
        out.append((f"alert:{eid}", "alert", 1, f"{algo} · {cam}", lat, lon, at))
    df = pd.DataFrame(out, columns=["key", "kind", "severity", "title", "lat", "lon", "at"])
    return df.sort_values(["severity", "at"], ascending=[True, False]).reset_index(drop=True)


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


def hotspot_alarms(session: Session, now: datetime, limit: int = 5) -> pd.DataFrame:
    """Hotspot warnings (a category spiking in one town against its own baseline) as takeover candidates.

    Same columns as takeover_candidates, plus today/baseline for the wall's hotspot panel.
    """
    from data_access.hotline.stats import hotspots

    cols = ["key", "kind", "severity", "title", "lat", "lon", "at", "today", "baseline"]
    spots = hotspots(session, now).head(limit)
    if spots.empty:
        return pd.DataFrame(columns=cols)
    centres = dict(
        (code, (lat, lon))
        for code, lat, lon in session.execute(
            select(GridArea.code, GridArea.lat, GridArea.lon).where(GridArea.code.in_(list(spots["town"])))
        )
    )
    day = local_day(now).isoformat()
    out = []
    for rec in spots.to_dict("records"):
        lat, lon = centres.get(rec["town"], (None, None))
        if lat is None:
            continue
        out.append(
            (
                f"hotspot:{rec['category']}:{rec['town']}:{day}",
                "hotspot",
                2,
                f"{rec['category_name']} · {rec['town_name']}",
                lat,
                lon,
                now,
                int(rec["today"]),
                round(float(rec["baseline_mean"]), 1),
            )
        )
    return pd.DataFrame(out, columns=cols)


def town_vitals(session: Session, now: datetime, town: str | None) -> pd.DataFrame:
    """Columns key, value, yesterday, last_week for one town (received, closed, overdue, satisfaction 30 d)."""
    cols = ["key", "value", "yesterday", "last_week"]
    if not town:
        return pd.DataFrame(columns=cols)
    today = local_day(now)
    days = {"value": today, "yesterday": today - timedelta(days=1), "last_week": today - timedelta(days=7)}
    out: list[dict[str, object]] = []
    for key, metric in (("received", "received"), ("closed", "closed")):
        row: dict[str, object] = {"key": key}
        for col, d in days.items():
            row[col] = sum(
                metric_total(session, subject=s, metrics=(metric,), start=d, end=d, town=town)[metric]
                for s in ("hotline", "cm")
            )
        out.append(row)
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
