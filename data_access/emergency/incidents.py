"""Reads of the emergency command: the incident list with its clocks, one incident's command view (facts, clocks,
timeline, plan checklist, dispatches with routes, nearest resources by road ETA, cameras, tickets and AI alerts
near it, shelters), counts for the page and the wall (drills never counted), and the supervision list.

Personal data: incidents hold none of citizens; staff names (timeline actors, dispatch officers) are shown to seats
only; related tickets are scrubbed by role like every ticket read."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from data_access import geo
from data_access.emergency import roads
from data_access.emergency.clocks import Clock, Step, clocks, next_due, worst
from data_access.masking import is_public, scrub_text
from data_access.models import (
    Algorithm,
    Camera,
    Category,
    EmergencyPlan,
    GridArea,
    Incident,
    IncidentDispatch,
    IncidentEvent,
    IncidentTask,
    Resource,
    Ticket,
    VideoAlert,
)
from data_access.video.channels import nearest_cameras
from data_access.worktime import to_local

RECENT = timedelta(hours=24)  # closed incidents stay on the list this long
NEAR_M = 3000  # tickets and AI alerts this close belong to the command view
LIST_COLUMNS = [
    "id",
    "event_id",
    "title",
    "category",
    "kind",
    "level",
    "stage",
    "status",
    "exercise",
    "started_at",
    "town",
    "clock_state",
    "next_due",
    "lat",
    "lon",
    "version",
]


def _steps(session: Session, ids: list[int]) -> dict[int, list[Step]]:
    out: dict[int, list[Step]] = {i: [] for i in ids}
    if not ids:
        return out
    q = select(
        IncidentEvent.incident_id, IncidentEvent.kind, IncidentEvent.at, IncidentEvent.level, IncidentEvent.target
    )
    for iid, kind, at, level, target in session.execute(q.where(IncidentEvent.incident_id.in_(ids))):
        out[iid].append(Step(kind, at, level, target))
    return out


def incident_clocks(inc: Incident | dict, steps: list[Step], now: datetime) -> list[Clock]:
    g = inc if isinstance(inc, dict) else {c: getattr(inc, c) for c in ("started_at", "level", "closed_at")}
    return clocks(g["started_at"], g["level"], steps, now, g["closed_at"])


def incident_list(session: Session, now: datetime, *, since: timedelta = RECENT) -> pd.DataFrame:
    """Active incidents and those closed in the last day, most severe and newest first, with their clock state."""
    town = GridArea.__table__.alias("town")
    area = GridArea.__table__.alias("area")
    rows = session.execute(
        select(Incident, town.c.name)
        .outerjoin(area, area.c.code == Incident.area_code)
        .outerjoin(town, town.c.code == func.substr(Incident.area_code, 1, 9))
        .where(or_(Incident.status == "active", Incident.closed_at >= now - since))
        .order_by(Incident.level, Incident.started_at.desc())
        .limit(300)
    ).all()
    steps = _steps(session, [inc.id for inc, _t in rows])
    out = []
    for inc, tname in rows:
        cl = incident_clocks(inc, steps[inc.id], now)
        out.append(
            [
                inc.id,
                inc.event_id,
                inc.title,
                inc.category,
                inc.kind,
                inc.level,
                inc.stage,
                inc.status,
                bool(inc.exercise),
                inc.started_at,
                tname or "",
                worst(cl),
                next_due(cl),
                inc.lat,
                inc.lon,
                inc.version,
            ]
        )
    return pd.DataFrame(out, columns=LIST_COLUMNS)


def counts(session: Session) -> pd.DataFrame:
    """Active real incidents (drills excluded) by category x level: columns category, level, n."""
    rows = session.execute(
        select(Incident.category, Incident.level, func.count())
        .where(Incident.status == "active", Incident.exercise.is_(False))
        .group_by(Incident.category, Incident.level)
    ).all()
    return pd.DataFrame(rows, columns=["category", "level", "n"])


def supervision(session: Session, now: datetime) -> pd.DataFrame:
    """督办: every overdue report clock of an active incident (drills included, flagged)."""
    df = incident_list(session, now, since=timedelta(0))
    df = df[df["status"] == "active"]
    steps = _steps(session, [int(i) for i in df["id"]])
    out = []
    for rec in df.to_dict("records"):
        inc = {"started_at": rec["started_at"], "level": rec["level"], "closed_at": None}
        for c in incident_clocks(inc, steps[rec["id"]], now):
            if c.state == "overdue":
                late = (now - c.due).total_seconds() / 60 if c.due else 0
                out.append(
                    [rec["id"], rec["event_id"], rec["title"], rec["level"], rec["exercise"], c.key, c.due, late]
                )
    cols = ["id", "event_id", "title", "level", "exercise", "clock", "due", "minutes_late"]
    return pd.DataFrame(out, columns=cols).sort_values("minutes_late", ascending=False).reset_index(drop=True)


def _actor(name: str | None, role: str) -> str:
    if not name:
        return ""
    return "" if is_public(role) else name


def timeline(session: Session, incident_id: int, role: str) -> pd.DataFrame:
    """The incident's steps, oldest first: at, kind, note, actor (seats only), stage, level, target, resource."""
    rows = session.execute(
        select(
            IncidentEvent.at,
            IncidentEvent.kind,
            IncidentEvent.note,
            IncidentEvent.actor,
            IncidentEvent.stage,
            IncidentEvent.level,
            IncidentEvent.target,
            Resource.name,
            IncidentEvent.eta_minutes,
        )
        .outerjoin(Resource, Resource.id == IncidentEvent.resource_id)
        .where(IncidentEvent.incident_id == incident_id)
        .order_by(IncidentEvent.at, IncidentEvent.id)
    ).all()
    out = [
        [at, kind, scrub_text(note, role), _actor(actor, role), stage, level, target, rname or "", eta]
        for at, kind, note, actor, stage, level, target, rname, eta in rows
    ]
    cols = ["at", "kind", "note", "actor", "stage", "level", "target", "resource", "eta_minutes"]
    return pd.DataFrame(out, columns=cols)


def tasks(session: Session, incident_id: int, now: datetime) -> pd.DataFrame:
    """The activated plans' checklist: seq, action, department, due_at, done_at, state (done | late | due | open)."""
    rows = session.execute(
        select(
            IncidentTask.id,
            IncidentTask.plan_code,
            IncidentTask.seq,
            IncidentTask.action,
            IncidentTask.department,
            IncidentTask.due_at,
            IncidentTask.done_at,
        )
        .where(IncidentTask.incident_id == incident_id)
        .order_by(IncidentTask.plan_code, IncidentTask.seq)
    ).all()
    out = []
    for tid, plan, seq, action, dept, due, done in rows:
        if done is not None:
            state = "done" if done <= due else "done_late"
        else:
            state = "late" if now > due else ("due" if due - now <= timedelta(minutes=15) else "open")
        out.append([tid, plan, seq, action, dept, due, done, state])
    return pd.DataFrame(out, columns=["id", "plan_code", "seq", "action", "department", "due_at", "done_at", "state"])


def dispatches(session: Session, incident_id: int) -> pd.DataFrame:
    rows = session.execute(
        select(
            IncidentDispatch.id,
            Resource.id,
            Resource.name,
            Resource.kind,
            IncidentDispatch.state,
            IncidentDispatch.eta_minutes,
            IncidentDispatch.distance_km,
            IncidentDispatch.route,
            IncidentDispatch.requested_at,
            IncidentDispatch.updated_at,
        )
        .join(Resource, Resource.id == IncidentDispatch.resource_id)
        .where(IncidentDispatch.incident_id == incident_id)
        .order_by(IncidentDispatch.requested_at, IncidentDispatch.id)
    ).all()
    out = []
    for did, rid, name, kind, state, eta, km, route, req, upd in rows:
        arrive = req + timedelta(minutes=eta) if eta is not None else None
        out.append([did, rid, name, kind, state, eta, km, json.loads(route or "[]"), req, upd, arrive])
    cols = [
        "id",
        "resource_id",
        "name",
        "kind",
        "state",
        "eta_minutes",
        "distance_km",
        "route",
        "requested_at",
        "updated_at",
        "arrives_at",
    ]
    return pd.DataFrame(out, columns=cols)


def nearest_resources(session: Session, lat: float, lon: float, *, kinds=("team", "vehicle"), limit: int = 8):
    """Dispatchable resources by road ETA to the point, fastest first: id, name, kind, status, skills, eta, km."""
    res = session.execute(
        select(Resource.id, Resource.name, Resource.kind, Resource.status, Resource.skills, Resource.lat, Resource.lon)
        .where(Resource.kind.in_(kinds))
        .order_by(Resource.id)
    ).all()
    if not res:
        return pd.DataFrame(columns=["id", "name", "kind", "status", "skills", "eta_minutes", "distance_km"])
    found = roads.routes_to((lon, lat), [(r.lon, r.lat) for r in res])
    out = [
        [r.id, r.name, r.kind, r.status, r.skills, rt.minutes if rt else None, rt.km if rt else None]
        for r, rt in zip(res, found, strict=True)
    ]
    df = pd.DataFrame(out, columns=["id", "name", "kind", "status", "skills", "eta_minutes", "distance_km"])
    return df.sort_values(["eta_minutes", "id"], na_position="last").head(limit).reset_index(drop=True)


def shelters(session: Session, lat: float | None = None, lon: float | None = None) -> pd.DataFrame:
    rows = session.execute(
        select(
            Resource.id,
            Resource.name,
            Resource.capacity,
            Resource.capacity_night,
            Resource.occupancy,
            Resource.lat,
            Resource.lon,
        )
        .where(Resource.kind == "shelter")
        .order_by(Resource.id)
    ).all()
    df = pd.DataFrame(rows, columns=["id", "name", "capacity", "capacity_night", "occupancy", "lat", "lon"])
    if lat is not None and lon is not None and not df.empty:
        df["distance_m"] = geo.distance_m(df["lat"].to_numpy(float), df["lon"].to_numpy(float), lat, lon).round(0)
        df = df.sort_values("distance_m").reset_index(drop=True)
    return df


def _near_tickets(session: Session, lat: float, lon: float, since: datetime, role: str) -> pd.DataFrame:
    dlat, dlon = geo.degrees_around(lat, NEAR_M)
    rows = session.execute(
        select(
            Ticket.ticket_no,
            Ticket.created_at,
            Category.name,
            Ticket.status,
            Ticket.summary,
            Ticket.citizen_name,
            Ticket.address,
            Ticket.lat,
            Ticket.lon,
        )
        .join(Category, Category.code == Ticket.category_code)
        .where(
            Ticket.created_at >= since,
            Ticket.lat.between(lat - dlat, lat + dlat),
            Ticket.lon.between(lon - dlon, lon + dlon),
        )
        .order_by(Ticket.created_at.desc())
        .limit(40)
    ).all()
    out = []
    for no, at, cat, status, summary, name, address, tlat, tlon in rows:
        d = float(geo.distance_m(tlat, tlon, lat, lon))
        if d <= NEAR_M:
            out.append([no, at, cat, status, scrub_text(summary, role, known=(name, address)), round(d)])
    return pd.DataFrame(out, columns=["ticket_no", "at", "category", "status", "text", "distance_m"]).head(8)


def _near_alerts(session: Session, lat: float, lon: float, since: datetime) -> pd.DataFrame:
    dlat, dlon = geo.degrees_around(lat, NEAR_M)
    rows = session.execute(
        select(
            VideoAlert.event_id,
            VideoAlert.occurred_at,
            Algorithm.name,
            Camera.name,
            VideoAlert.status,
            Camera.lat,
            Camera.lon,
        )
        .join(Algorithm, Algorithm.code == VideoAlert.algorithm_code)
        .join(Camera, Camera.id == VideoAlert.camera_id)
        .where(
            VideoAlert.occurred_at >= since,
            Camera.lat.between(lat - dlat, lat + dlat),
            Camera.lon.between(lon - dlon, lon + dlon),
        )
        .order_by(VideoAlert.occurred_at.desc())
        .limit(8)
    ).all()
    out = [
        [eid, at, algo, cam, status, round(float(geo.distance_m(clat, clon, lat, lon)))]
        for eid, at, algo, cam, status, clat, clon in rows
    ]
    return pd.DataFrame(out, columns=["event_id", "at", "algorithm", "camera", "status", "distance_m"])


def plans_for(session: Session, kind: str, level: int) -> pd.DataFrame:
    rows = session.execute(
        select(EmergencyPlan.code, EmergencyPlan.name)
        .where(EmergencyPlan.kind == kind, EmergencyPlan.worst_level <= level, EmergencyPlan.mildest_level >= level)
        .order_by(EmergencyPlan.code)
    ).all()
    return pd.DataFrame(rows, columns=["code", "name"])


def find(session: Session, key: object) -> Incident | None:
    """An incident by its numeric id or its event id (bad input: None)."""
    if isinstance(key, int) and not isinstance(key, bool):
        return session.get(Incident, key)
    if isinstance(key, str) and 0 < len(key) <= 64:
        if key.isdigit():
            return session.get(Incident, int(key))
        return session.scalars(select(Incident).where(Incident.event_id == key)).first()
    return None


FACT_COLUMNS = (
    "id",
    "event_id",
    "title",
    "category",
    "kind",
    "level",
    "stage",
    "status",
    "exercise",
    "lat",
    "lon",
    "started_at",
    "closed_at",
    "version",
    "description",
    "plan_code",
    "dead",
    "injured",
    "missing",
    "evacuated",
    "area_code",
    "acknowledged_at",
)


def command_view(session: Session, key: object, *, role: str, now: datetime) -> dict | None:
    """Everything the command view of one incident shows; None if there is no such incident."""
    inc = find(session, key)
    if inc is None:
        return None
    facts = {c: getattr(inc, c) for c in FACT_COLUMNS}
    facts["exercise"] = bool(inc.exercise)
    if is_public(role):
        facts["description"] = scrub_text(inc.description, role)
    town = session.scalar(select(GridArea.name).where(GridArea.code == (inc.area_code or "")[:9]))
    facts["town"] = town or ""
    facts["reported_by"] = _actor(inc.reported_by, role)
    steps = _steps(session, [inc.id])[inc.id]
    since = inc.started_at - timedelta(days=2)
    return {
        "facts": facts,
        "clocks": incident_clocks(inc, steps, now),
        "timeline": timeline(session, inc.id, role),
        "tasks": tasks(session, inc.id, now),
        "dispatches": dispatches(session, inc.id),
        "nearest": nearest_resources(session, inc.lat, inc.lon) if inc.status == "active" else pd.DataFrame(),
        "shelters": shelters(session, inc.lat, inc.lon).head(5),
        "cameras": nearest_cameras(session, inc.lat, inc.lon, limit=4),
        "tickets": _near_tickets(session, inc.lat, inc.lon, since, role),
        "alerts": _near_alerts(session, inc.lat, inc.lon, since),
        "plans": plans_for(session, inc.kind, inc.level),
        "local_started": to_local(inc.started_at),
    }


def resources_out(session: Session) -> int:
    """Resources now reserved, on their way or on scene (any incident)."""
    return int(
        session.scalar(
            select(func.count(func.distinct(IncidentDispatch.resource_id))).where(
                IncidentDispatch.state.in_(("reserved", "dispatched", "on_scene"))
            )
        )
        or 0
    )


def resource_points(session: Session) -> pd.DataFrame:
    rows = session.execute(
        select(Resource.id, Resource.kind, Resource.name, Resource.status, Resource.lat, Resource.lon)
    ).all()
    return pd.DataFrame(rows, columns=["id", "kind", "name", "status", "lat", "lon"])


def area_at(session: Session, lat: float, lon: float) -> str | None:
    """The code of the village/community (level 3) holding the point, else its town (level 2), else None."""
    for level in (3, 2):
        dlat, dlon = geo.degrees_around(lat, 6000 if level == 3 else 30000)
        rows = session.execute(
            select(GridArea.code, GridArea.geometry).where(
                GridArea.level == level,
                GridArea.lat.between(lat - dlat, lat + dlat),
                GridArea.lon.between(lon - dlon, lon + dlon),
            )
        ).all()
        for code, geometry in rows:
            if geo.contains(geometry, lon, lat):
                return code
    return None
