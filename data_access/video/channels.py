"""Reads for the video wall: channels, the channel tree, AI alerts, per-algorithm statistics, quality faults."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from data_access import geo
from data_access.models import Algorithm, Camera, DailyCounter, GridArea, VideoAlert
from data_access.worktime import to_local

CAMERA_ID = re.compile(r"^\d{20}$")
KINDS = ("hall", "village", "school", "enterprise", "community", "xueliang")
FAULTS = ("loss", "freeze", "occlusion", "blur", "colour")
STATE_COLUMNS = ["id", "name", "kind", "online", "quality_fault", "status_at"]
CHANNEL_COLUMNS = ["id", "name", "kind", "town", "online", "quality_fault"]
TREE_COLUMNS = ["dimension", "key", "label", "online", "offline"]
ALERT_COLUMNS = [
    "event_id",
    "camera_id",
    "camera",
    "algorithm_code",
    "algorithm",
    "category",
    "severity",
    "confidence",
    "bbox",
    "occurred_at",
    "occurred_local",
    "status",
]
STATS_COLUMNS = ["code", "name", "category", "raised", "confirmed", "false_positive", "dismissed", "fp_rate", "trend"]
FAULT_COLUMNS = ["id", "name", "town", "fault", "since_local"]


def _frame(rows, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame([tuple(r) for r in rows], columns=columns)


def camera_states(session: Session) -> pd.DataFrame:
    """Columns id, name, kind, online, quality_fault, status_at (naive UTC): every channel, for the streamer."""
    rows = session.execute(
        select(Camera.id, Camera.name, Camera.kind, Camera.online, Camera.quality_fault, Camera.status_at)
    ).all()
    return _frame(rows, STATE_COLUMNS)


def towns(session: Session) -> dict[str, str]:
    """Town/street code -> name (level 2 of the grid)."""
    return dict(session.execute(select(GridArea.code, GridArea.name).where(GridArea.level == 2)).all())


def channel_tree(session: Session) -> pd.DataFrame:
    """Columns dimension (town | kind), key, label, online, offline: the two groupings of the channel tree."""
    names = towns(session)
    out = []
    for dim, col in (("town", Camera.town_code), ("kind", Camera.kind)):
        rows = session.execute(
            select(col, Camera.online, func.count()).group_by(col, Camera.online).order_by(col)
        ).all()
        counts: dict[str, list[int]] = {}
        for key, online, n in rows:
            counts.setdefault(key or "", [0, 0])[0 if online else 1] += n
        for key, (on, off) in counts.items():
            out.append((dim, key, names.get(key, key) if dim == "town" else key, on, off))
    return _frame(out, TREE_COLUMNS)


def channels(
    session: Session, *, town: str | None = None, kind: str | None = None, query: str = "", limit: int = 200
) -> tuple[pd.DataFrame, int]:
    """(Columns id, name, kind, town, online, quality_fault; total matching) for a group and/or a search."""
    cond = []
    if town:
        cond.append(Camera.town_code == town)
    if kind:
        cond.append(Camera.kind == kind)
    query = query.strip()
    if query.isdigit():  # an id prefix, any 6+ digit part of an id, or the number in a name (雪亮工程019)
        by_id = Camera.id.contains(query) if len(query) >= 6 else Camera.id.startswith(query)
        cond.append(or_(by_id, Camera.name.contains(query)))
    elif query:
        cond.append(Camera.name.contains(query, autoescape=True))
    total = session.scalar(select(func.count()).select_from(Camera).where(*cond)) or 0
    rows = session.execute(
        select(Camera.id, Camera.name, Camera.kind, Camera.town_code, Camera.online, Camera.quality_fault)
        .where(*cond)
        .order_by(Camera.online.desc(), Camera.id)
        .limit(limit)
    ).all()
    names = towns(session)
    df = _frame(rows, CHANNEL_COLUMNS)
    df["town"] = df["town"].map(lambda c: names.get(c, c or ""))
    return df, int(total)


def _alert_rows(session: Session, *conds, limit: int, severity_first: bool = False) -> pd.DataFrame:
    rows = session.execute(
        select(
            VideoAlert.event_id,
            VideoAlert.camera_id,
            Camera.name,
            VideoAlert.algorithm_code,
            Algorithm.name,
            Algorithm.category,
            Algorithm.severity,
            VideoAlert.confidence,
            VideoAlert.bbox,
            VideoAlert.occurred_at,
            VideoAlert.occurred_at,
            VideoAlert.status,
        )
        .join(Camera, Camera.id == VideoAlert.camera_id)
        .join(Algorithm, Algorithm.code == VideoAlert.algorithm_code)
        .where(*conds)
        .order_by(
            *([Algorithm.severity] if severity_first else []), VideoAlert.occurred_at.desc(), VideoAlert.id.desc()
        )
        .limit(limit)
    ).all()
    df = _frame(rows, ALERT_COLUMNS)
    df["occurred_local"] = df["occurred_local"].map(lambda t: to_local(t).strftime("%m-%d %H:%M:%S"))
    return df


def latest_alerts(session: Session, *, since: datetime, until: datetime, limit: int = 20) -> pd.DataFrame:
    """ALERT_COLUMNS for alerts raised in [since, until] (naive UTC), newest first (the wall's linkage)."""
    return _alert_rows(session, VideoAlert.occurred_at >= since, VideoAlert.occurred_at <= until, limit=limit)


def review_queue(session: Session, *, until: datetime, limit: int = 40) -> pd.DataFrame:
    """ALERT_COLUMNS for alerts raised by `until` and still waiting for review (status new), most severe first
    (severity 1: fire, smoke, drowning...), newest first among equals."""
    return _alert_rows(
        session, VideoAlert.status == "new", VideoAlert.occurred_at <= until, limit=limit, severity_first=True
    )


def severe_unreviewed(session: Session, *, since: datetime, until: datetime, limit: int = 6) -> pd.DataFrame:
    """ALERT_COLUMNS for severity-1 alerts raised in [since, until] still waiting for review, newest first (the
    alarms a seat opening the video page gets pinned)."""
    return _alert_rows(
        session,
        VideoAlert.status == "new",
        Algorithm.severity == 1,
        VideoAlert.occurred_at >= since,
        VideoAlert.occurred_at <= until,
        limit=limit,
    )


def alert(session: Session, event_id: str) -> pd.DataFrame:
    """ALERT_COLUMNS for one alert (empty when unknown)."""
    return _alert_rows(session, VideoAlert.event_id == event_id, limit=1)


def algorithm_stats(session: Session, *, end: date, days: int = 30, trend_days: int = 14) -> pd.DataFrame:
    """STATS_COLUMNS per algorithm over `days` to `end` (from the rollups); trend = raised per day, oldest first.
    fp_rate = false positives / reviewed (NaN when nothing was reviewed)."""
    start = end - timedelta(days=days - 1)
    algos = session.execute(select(Algorithm.code, Algorithm.name, Algorithm.category).order_by(Algorithm.code)).all()
    rows = session.execute(
        select(DailyCounter.category, DailyCounter.metric, DailyCounter.day, func.sum(DailyCounter.n))
        .where(DailyCounter.subject == "alert", DailyCounter.day >= start, DailyCounter.day <= end)
        .group_by(DailyCounter.category, DailyCounter.metric, DailyCounter.day)
    ).all()
    totals: dict[tuple[str, str], int] = {}
    per_day: dict[tuple[str, date], int] = {}
    for code, metric, day, n in rows:
        totals[(code, metric)] = totals.get((code, metric), 0) + int(n)
        if metric == "raised":
            per_day[(code, day)] = per_day.get((code, day), 0) + int(n)
    trend_start = end - timedelta(days=trend_days - 1)
    out = []
    for code, name, category in algos:
        m = {k: totals.get((code, k), 0) for k in ("raised", "confirmed", "false_positive", "dismissed")}
        reviewed = m["confirmed"] + m["false_positive"] + m["dismissed"]
        fp = m["false_positive"] / reviewed if reviewed else float("nan")
        trend = [per_day.get((code, trend_start + timedelta(days=i)), 0) for i in range(trend_days)]
        out.append((code, name, category, *m.values(), fp, trend))
    return _frame(out, STATS_COLUMNS)


def quality_faults(session: Session, *, limit: int = 200) -> tuple[pd.DataFrame, dict[str, int]]:
    """(FAULT_COLUMNS for channels offline or with a quality fault, longest first; count per fault).
    An offline channel counts as loss (视频丢失)."""
    names = towns(session)
    cond = or_(Camera.online.is_(False), Camera.quality_fault.is_not(None))
    counts = {f: 0 for f in FAULTS}
    for online, fault, n in session.execute(
        select(Camera.online, Camera.quality_fault, func.count())
        .where(cond)
        .group_by(Camera.online, Camera.quality_fault)
    ):
        key = "loss" if not online else fault
        if key in counts:
            counts[key] += n
    rows = session.execute(
        select(Camera.id, Camera.name, Camera.town_code, Camera.online, Camera.quality_fault, Camera.status_at)
        .where(cond)
        .order_by(Camera.status_at, Camera.id)
        .limit(limit)
    ).all()
    out = [
        (
            cid,
            name,
            names.get(town, town) if town else "",
            "loss" if not online else fault,
            to_local(at).strftime("%m-%d %H:%M") if at else "",
        )
        for cid, name, town, online, fault, at in rows
    ]
    return _frame(out, FAULT_COLUMNS), counts


NEAR_BOXES_M = (2_000, 8_000, 50_000)  # search radii tried in turn until enough cameras are inside


def nearest_cameras(
    session: Session, lat: float | None, lon: float | None, *, limit: int = 5, radius_m: float | None = None
) -> pd.DataFrame:
    """Columns geo.NEAREST_COLUMNS (id, name, kind, lat, lon, heading, view_angle, range_m, online, distance_m,
    bearing, in_view): the `limit` cameras nearest to the point, nearest first, within `radius_m` if given.

    The product's one nearest-cameras query (wall takeover, ticket drawer, GIS drawer): a bounding-box pre-filter on
    the camera table, widened until it holds enough cameras, then exact distances and view cones (geo)."""
    if lat is None or lon is None:
        return pd.DataFrame(columns=geo.NEAREST_COLUMNS)
    boxes = [b for b in NEAR_BOXES_M if radius_m is None or b < radius_m] + ([radius_m] if radius_m else [])
    cols = [getattr(Camera, c) for c in geo.CAMERA_COLUMNS]
    frame = pd.DataFrame(columns=geo.CAMERA_COLUMNS)
    for box in boxes:
        dlat, dlon = geo.degrees_around(lat, box)
        rows = session.execute(
            select(*cols).where(Camera.lat.between(lat - dlat, lat + dlat), Camera.lon.between(lon - dlon, lon + dlon))
        ).all()
        frame = pd.DataFrame(rows, columns=geo.CAMERA_COLUMNS)
        if len(frame) >= limit:
            break
    out = geo.nearest_cameras(frame, float(lat), float(lon), k=limit)
    if radius_m is not None:
        out = out[out["distance_m"] <= radius_m].reset_index(drop=True)
    return out
