"""The wall's city map: towns and villages with their open-ticket heat, open tickets by stream and SLA state, cameras,
active incidents, unreviewed AI alerts and the events of the last minutes. Positions, states and counts only: no
personal data (a ticket is a point, a stream and whether it is overdue)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from data_access.models import Algorithm, Camera, GridArea, Incident, Ticket, VideoAlert

RECENT = timedelta(minutes=3)  # events this young pulse on the map as they appear
ALERTS_SHOWN = timedelta(hours=2)  # unreviewed AI alerts this recent are drawn
VILLAGE_LEN = 12  # grid codes nest by prefix: a village's code is the first 12 digits of its cells'


def _frame(rows, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame([tuple(r) for r in rows], columns=columns)


def areas(session: Session, level: int) -> pd.DataFrame:
    """Columns code, name, lat, lon, geometry: the grid areas of one level (2 towns, 3 villages)."""
    rows = session.execute(
        select(GridArea.code, GridArea.name, GridArea.lat, GridArea.lon, GridArea.geometry)
        .where(GridArea.level == level)
        .order_by(GridArea.code)
    ).all()
    return _frame(rows, ["code", "name", "lat", "lon", "geometry"])


def open_by_village(session: Session, now: datetime) -> pd.DataFrame:
    """Columns code (village), n (open tickets), overdue (open and past due): every village with an open ticket."""
    village = func.substr(Ticket.area_code, 1, VILLAGE_LEN)
    late = func.sum(case((Ticket.due_at < now, 1), else_=0))
    rows = session.execute(select(village, func.count(), late).where(Ticket.is_open.is_(True)).group_by(village)).all()
    df = _frame(rows, ["code", "n", "overdue"])
    return df.dropna(subset=["code"]).astype({"n": int, "overdue": int})


def open_tickets(session: Session, now: datetime, limit: int = 2000) -> pd.DataFrame:
    """Columns lat, lon, stream, overdue (bool), recent (created in the last minutes), key: newest open tickets first."""
    rows = session.execute(
        select(Ticket.lat, Ticket.lon, Ticket.stream, Ticket.due_at < now, Ticket.created_at, Ticket.id)
        .where(Ticket.is_open.is_(True), Ticket.lat.is_not(None))
        .order_by(Ticket.created_at.desc(), Ticket.id.desc())
        .limit(limit)
    ).all()
    df = _frame(rows, ["lat", "lon", "stream", "overdue", "created_at", "id"])
    df["overdue"] = df["overdue"].astype(bool)
    df["recent"] = [bool(at is not None and now - RECENT <= at <= now) for at in df["created_at"]]
    df["key"] = "t" + df["id"].astype(str)
    return df[["lat", "lon", "stream", "overdue", "recent", "key"]]


def cameras(session: Session) -> pd.DataFrame:
    """Columns lat, lon, online: every camera."""
    rows = session.execute(select(Camera.lat, Camera.lon, Camera.online).order_by(Camera.id)).all()
    df = _frame(rows, ["lat", "lon", "online"])
    df["online"] = df["online"].astype(bool)
    return df


def incidents(session: Session) -> pd.DataFrame:
    """Columns key, lat, lon, level (1 = I .. 4 = IV), title: active incidents, most severe first."""
    rows = session.execute(
        select(Incident.event_id, Incident.lat, Incident.lon, Incident.level, Incident.title)
        .where(Incident.status == "active")
        .order_by(Incident.level, Incident.started_at.desc())
    ).all()
    return _frame(rows, ["key", "lat", "lon", "level", "title"])


def alerts(session: Session, now: datetime) -> pd.DataFrame:
    """Columns key, lat, lon (the camera's), severity (1 worst), recent: unreviewed AI alerts of the last hours."""
    rows = session.execute(
        select(VideoAlert.event_id, Camera.lat, Camera.lon, Algorithm.severity, VideoAlert.occurred_at)
        .join(Camera, Camera.id == VideoAlert.camera_id)
        .join(Algorithm, Algorithm.code == VideoAlert.algorithm_code)
        .where(VideoAlert.status == "new", VideoAlert.occurred_at >= now - ALERTS_SHOWN, VideoAlert.occurred_at <= now)
        .order_by(VideoAlert.occurred_at.desc())
    ).all()
    df = _frame(rows, ["key", "lat", "lon", "severity", "at"])
    df["recent"] = [bool(now - RECENT <= at) for at in df["at"]]
    return df[["key", "lat", "lon", "severity", "recent"]]


def city_map(session: Session, now: datetime) -> dict[str, pd.DataFrame]:
    """Every layer of the wall's city map, as frames: towns, villages (with n and overdue), tickets, cameras,
    incidents, alerts (columns as in the functions above)."""
    villages = areas(session, 3).merge(open_by_village(session, now), on="code", how="left")
    villages[["n", "overdue"]] = villages[["n", "overdue"]].fillna(0).astype(int)
    return {
        "towns": areas(session, 2),
        "villages": villages,
        "tickets": open_tickets(session, now),
        "cameras": cameras(session),
        "incidents": incidents(session),
        "alerts": alerts(session, now),
    }


def around(session: Session, lat: float, lon: float, *, dlat: float = 0.012, dlon: float = 0.016) -> dict:
    """The map of a place (the takeover's): towns (code, name, lat, lon, geometry), and the villages and grid cells
    whose centres lie in a box around the point (same columns)."""

    def box(level: int, k: float) -> pd.DataFrame:
        rows = session.execute(
            select(GridArea.code, GridArea.name, GridArea.lat, GridArea.lon, GridArea.geometry).where(
                GridArea.level == level,
                GridArea.lat.between(lat - dlat * k, lat + dlat * k),
                GridArea.lon.between(lon - dlon * k, lon + dlon * k),
            )
        ).all()
        return _frame(rows, ["code", "name", "lat", "lon", "geometry"])

    return {"towns": areas(session, 2), "villages": box(3, 4), "cells": box(4, 1)}
