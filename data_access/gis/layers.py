"""Map layer reads for 一张图 GIS: compact point frames per layer (ids and states only, never personal data),
grid areas, per-area counts and time filtering. Every frame has columns key, lat, lon (+ layer columns)."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import or_, select, text
from sqlalchemy.orm import Session

from data_access.models import (
    Algorithm,
    Camera,
    GridArea,
    Incident,
    RentalUnit,
    Resource,
    Sensor,
    Shop,
    VideoAlert,
)

LAYERS = ("grid", "cameras", "tickets", "alerts", "incidents", "resources", "shops", "rental", "sensors")
SLA_STATES = ("closed", "on_time", "near_due", "overdue")  # best -> worst
CODE_LEN = {1: 6, 2: 9, 3: 12, 4: 15}  # grid codes nest by prefix: county 6, town 9, village 12, cell 15
NEAR_DUE = timedelta(hours=24)
_TICKETS = text(  # 50,000 rows per snapshot: plain columns, dates parsed by pandas in one go
    "SELECT ticket_no, lat, lon, area_code, created_at, due_at, closed_at, is_open FROM ticket"
    " WHERE lat IS NOT NULL AND (is_open = :open OR created_at >= :since)"
)


def _frame(rows, columns: list[str], dates: tuple[str, ...] = ()) -> pd.DataFrame:
    df = pd.DataFrame([tuple(r) for r in rows], columns=columns)
    for col in dates:  # an all-NULL column would otherwise be `object` and refuse date arithmetic
        df[col] = pd.to_datetime(df[col], format="ISO8601")
    return df


def tickets(session: Session, *, since: datetime) -> pd.DataFrame:
    """Columns key (ticket_no), lat, lon, area_code, created_at, due_at, closed_at, is_open: tickets with a
    location that are open or were created since `since`."""
    rows = session.execute(_TICKETS, {"open": True, "since": since}).all()  # why: untyped rows are 2-3x faster
    cols = ["key", "lat", "lon", "area_code", "created_at", "due_at", "closed_at", "is_open"]
    df = _frame(rows, cols, ("created_at", "due_at", "closed_at"))
    df["is_open"] = df["is_open"].astype(bool)
    return df


def cameras(session: Session) -> pd.DataFrame:
    """Columns key, id, name, kind, lat, lon, heading, view_angle, range_m, online, area_code, state."""
    rows = session.execute(
        select(
            Camera.id,
            Camera.name,
            Camera.kind,
            Camera.lat,
            Camera.lon,
            Camera.heading,
            Camera.view_angle,
            Camera.range_m,
            Camera.online,
            Camera.area_code,
        ).order_by(Camera.id)
    ).all()
    cols = ["id", "name", "kind", "lat", "lon", "heading", "view_angle", "range_m", "online", "area_code"]
    df = _frame(rows, cols)
    df.insert(0, "key", df["id"])
    df["state"] = np.where(df["online"].astype(bool), "online", "offline")
    return df


def alerts(session: Session, *, since: datetime) -> pd.DataFrame:
    """Columns key (event id), lat, lon (the camera's), area_code, at, severity (1 worst .. 4), status, state."""
    rows = session.execute(
        select(
            VideoAlert.event_id,
            Camera.lat,
            Camera.lon,
            Camera.area_code,
            VideoAlert.occurred_at,
            Algorithm.severity,
            VideoAlert.status,
        )
        .join(Camera, Camera.id == VideoAlert.camera_id)
        .join(Algorithm, Algorithm.code == VideoAlert.algorithm_code)
        .where(VideoAlert.occurred_at >= since)
    ).all()
    df = _frame(rows, ["key", "lat", "lon", "area_code", "at", "severity", "status"], ("at",))
    df["state"] = "s" + df["severity"].astype(str)
    return df


def incidents(session: Session, *, since: datetime) -> pd.DataFrame:
    """Columns key (id), lat, lon, area_code, at, closed_at, level (1 = I .. 4 = IV), category, state:
    incidents still active or started since `since`."""
    rows = session.execute(
        select(
            Incident.id,
            Incident.lat,
            Incident.lon,
            Incident.area_code,
            Incident.started_at,
            Incident.closed_at,
            Incident.level,
            Incident.category,
        ).where(or_(Incident.status == "active", Incident.started_at >= since), Incident.exercise.is_(False))
    ).all()
    df = _frame(rows, ["key", "lat", "lon", "area_code", "at", "closed_at", "level", "category"], ("at", "closed_at"))
    df["key"] = df["key"].astype(str)
    df["state"] = "l" + df["level"].astype(str)
    return df


def resources(session: Session) -> pd.DataFrame:
    """Columns key (id), lat, lon, state (kind: team | store | shelter | vehicle | expert)."""
    rows = session.execute(select(Resource.id, Resource.lat, Resource.lon, Resource.kind)).all()
    df = _frame(rows, ["key", "lat", "lon", "state"])
    df["key"] = df["key"].astype(str)
    return df


def shops(session: Session) -> pd.DataFrame:
    """Columns key (id), lat, lon, state: the shop's standing from its latest inspection and its citizens' ratings
    (一铺一码, data_access/services/shops.py): shop_good | shop_none | shop_watch | shop_poor."""
    from data_access.services.shops import map_states

    rows = session.execute(select(Shop.id, Shop.lat, Shop.lon)).all()
    df = _frame(rows, ["key", "lat", "lon"])
    states = map_states(session)
    df["state"] = [states.get(int(k), "shop_none") for k in df["key"]]
    df["key"] = df["key"].astype(str)
    return df


def rental(session: Session) -> pd.DataFrame:
    """Columns key (building), lat, lon, n_units, n_occupied, state (full | vacancies | unregistered: someone lives
    in a unit nobody registered, 一户一码): one row per building."""
    from data_access.services.rentals import unregistered_units

    rows = session.execute(
        select(RentalUnit.id, RentalUnit.building, RentalUnit.lat, RentalUnit.lon, RentalUnit.occupied)
    ).all()
    df = _frame(rows, ["id", "key", "lat", "lon", "occupied"])
    if df.empty:
        return pd.DataFrame(columns=["key", "lat", "lon", "n_units", "n_occupied", "state"])
    df["unregistered"] = df["id"].isin(unregistered_units(session))
    g = df.groupby("key", sort=True).agg(
        lat=("lat", "first"),
        lon=("lon", "first"),
        n_units=("occupied", "size"),
        n_occupied=("occupied", "sum"),
        n_unregistered=("unregistered", "sum"),
    )
    g["state"] = np.where(
        g["n_unregistered"] > 0, "unregistered", np.where(g["n_occupied"] < g["n_units"], "vacancies", "full")
    )
    return g.drop(columns=["n_unregistered"]).reset_index()


def sensor_state(value: float | None, low: float, high: float, at: datetime | None, now: datetime) -> str:
    """ok | low | high | silent (no reading in the last 3 hours)."""
    if value is None or at is None or now - at > timedelta(hours=3):
        return "silent"
    return "low" if value < low else ("high" if value > high else "ok")


def sensors(session: Session, *, now: datetime) -> pd.DataFrame:
    """Columns key (id), lat, lon, kind, state (ok | low | high | silent)."""
    rows = session.execute(
        select(
            Sensor.id, Sensor.lat, Sensor.lon, Sensor.kind, Sensor.last_value, Sensor.low, Sensor.high, Sensor.last_at
        )
    ).all()
    out = [(i, la, lo, k, sensor_state(v, lw, hi, at, now)) for i, la, lo, k, v, lw, hi, at in rows]
    return _frame(out, ["key", "lat", "lon", "kind", "state"])


def areas(session: Session, *, level: int, parent: str | None = None) -> pd.DataFrame:
    """Columns code, name, level, parent_code, lat, lon, geometry: areas of one level (under `parent`)."""
    q = select(
        GridArea.code,
        GridArea.name,
        GridArea.level,
        GridArea.parent_code,
        GridArea.lat,
        GridArea.lon,
        GridArea.geometry,
    ).where(GridArea.level == level)
    if parent:
        q = q.where(GridArea.parent_code == parent)
    rows = session.execute(q.order_by(GridArea.code)).all()
    return _frame(rows, ["code", "name", "level", "parent_code", "lat", "lon", "geometry"])


def area_path(session: Session, code: str) -> pd.DataFrame:
    """Columns code, name, level: `code` and its ancestors, county first (empty for an unknown code)."""
    out = []
    at: str | None = code
    while at:
        row = session.execute(
            select(GridArea.code, GridArea.name, GridArea.level, GridArea.parent_code).where(GridArea.code == at)
        ).first()
        if row is None:
            break
        out.append(tuple(row[:3]))
        at = row[3]
    return _frame(reversed(out), ["code", "name", "level"])


# ---- pure helpers on the frames above ------------------------------------------------------------
def ticket_states(df: pd.DataFrame, at: datetime) -> pd.Series:
    """SLA state of each ticket as it stood at `at`: closed | on_time | near_due | overdue."""
    if df.empty:
        return pd.Series([], dtype=object)
    closed = df["closed_at"].notna() & (df["closed_at"] <= at)
    due = df["due_at"]
    overdue = due.notna() & (due < at)
    near = due.notna() & ~overdue & (due - at <= NEAR_DUE)
    state = np.select([closed, overdue, near], ["closed", "overdue", "near_due"], default="on_time")
    return pd.Series(state, index=df.index)


def tickets_at(df: pd.DataFrame, at: datetime, start: datetime | None) -> pd.DataFrame:
    """Tickets as of `at`: open then (start None) or created in [start, at]; with a `state` column."""
    if df.empty:
        return df.assign(state=pd.Series([], dtype=object))
    if start is None:
        keep = df["is_open"].astype(bool) & (df["created_at"] <= at)
    else:
        keep = (df["created_at"] >= start) & (df["created_at"] <= at)
    part = df[keep]
    return part.assign(state=ticket_states(part, at))


def between(df: pd.DataFrame, start: datetime, end: datetime, col: str = "at") -> pd.DataFrame:
    """Rows whose `col` lies in [start, end]."""
    if df.empty:
        return df
    return df[(df[col] >= start) & (df[col] <= end)]


def area_counts(level: int, tickets_now: pd.DataFrame, alerts_now: pd.DataFrame) -> pd.DataFrame:
    """Columns code, tickets, overdue, alerts: counts per area of `level` (by grid-code prefix)."""
    n = CODE_LEN[level]
    t = tickets_now.dropna(subset=["area_code"])
    a = alerts_now.dropna(subset=["area_code"])
    frames = [
        t.groupby(t["area_code"].str[:n]).size().rename("tickets"),
        t[t["state"] == "overdue"].groupby(t["area_code"].str[:n]).size().rename("overdue"),
        a.groupby(a["area_code"].str[:n]).size().rename("alerts"),
    ]
    out = pd.concat(frames, axis=1).fillna(0).astype(int)
    out.index.name = "code"
    return out.reset_index().reindex(columns=["code", "tickets", "overdue", "alerts"])


def area_bounds(session: Session, code: str) -> list | None:
    """[[south, west], [north, east]] of an area's geometry, or None for an unknown code."""
    geom = session.scalar(select(GridArea.geometry).where(GridArea.code == code))
    if not geom:
        return None
    ring = [
        pt for poly in ([geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]) for pt in poly[0]
    ]
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]
