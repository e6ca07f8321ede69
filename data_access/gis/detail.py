"""Detail records for the GIS drawer, masked by role before they leave Python, plus the nearest cameras.

A detail is a dict: kind, key, title, lat, lon, fields [(label_key, value, translate)], timeline [(at, action,
note)]. Labels are translation keys; values are plain text; `translate` marks values that are keys too."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.gis import layers as gis
from data_access.hotline import ticket
from data_access.masking import is_public, scrub_text
from data_access.models import (
    Algorithm,
    Camera,
    GridArea,
    Incident,
    IncidentEvent,
    RentalUnit,
    Resource,
    Sensor,
    Shop,
    VideoAlert,
)
from data_access.video.channels import nearest_cameras
from data_access.worktime import to_local

KINDS = ("tickets", "cameras", "alerts", "incidents", "resources", "shops", "rental", "sensors")


def _fmt(at: datetime | None) -> str:
    return to_local(at).strftime("%Y-%m-%d %H:%M") if at else "—"


def _area_name(session: Session, code: str | None) -> str:
    if not code:
        return "—"
    return session.scalar(select(GridArea.name).where(GridArea.code == code)) or "—"


def _ticket(session: Session, key: str, role: str, now: datetime) -> dict | None:
    """A ticket on the map: the drawer's one ticket read (data_access.hotline.ticket), as fields and a timeline."""
    d = ticket.ticket_detail(session, key, role=role, now=now)
    if d is None or d["lat"] is None:
        return None
    fields = [
        ("gis_f_category", d["category_name"], False),
        ("gis_f_status", f"st_{d['status']}", True),
        ("gis_f_sla", f"gis_sla_{d['sla']}", True),
        ("gis_f_created", d["created"] or "—", False),
        ("gis_f_due", d["due"] or "—", False),
        ("gis_f_department", d["department_name"] or "—", False),
        ("gis_f_area", (d["town_name"] if is_public(role) else d["area_name"] or d["town_name"]) or "—", False),
        ("gis_f_address", d["address"] or "—", False),
        ("gis_f_summary", d["summary"], False),
    ]
    if not is_public(role):  # wall and visitors never see citizens' details, not even masked
        who = ticket.citizen_details(session, key, role=role) or {}
        fields += [("gis_f_citizen", who.get("name") or "—", False), ("gis_f_phone", who.get("phone") or "—", False)]
    steps = ticket.timeline(session, key, role=role)
    timeline = [(r.at, f"gis_act_{r.action}", r.note) for r in steps.itertuples()]
    return {"title": d["ticket_no"], "lat": d["lat"], "lon": d["lon"], "fields": fields, "timeline": timeline}


def _camera(session: Session, key: str, role: str, now: datetime) -> dict | None:
    c = session.get(Camera, key)
    if c is None:
        return None
    fields = [
        ("gis_f_camera_id", c.id, False),
        ("gis_f_kind", f"gis_cam_{c.kind}", True),
        ("gis_f_group", c.group_name, False),
        ("gis_f_online", "gis_online" if c.online else "gis_offline", True),
        ("gis_f_fault", f"gis_fault_{c.quality_fault}" if c.quality_fault else "gis_none", True),
        ("gis_f_heading", f"{c.heading:.0f}° / {c.view_angle:.0f}° / {c.range_m:.0f} m", False),
    ]
    return {"title": c.name, "lat": c.lat, "lon": c.lon, "fields": fields, "timeline": []}


def _alert(session: Session, key: str, role: str, now: datetime) -> dict | None:
    row = session.execute(
        select(VideoAlert, Algorithm.name, Algorithm.severity, Camera)
        .join(Algorithm, Algorithm.code == VideoAlert.algorithm_code)
        .join(Camera, Camera.id == VideoAlert.camera_id)
        .where(VideoAlert.event_id == key)
    ).first()
    if row is None:
        return None
    a, algo, sev, cam = row
    fields = [
        ("gis_f_algorithm", algo, False),
        ("gis_f_severity", f"gis_sev_{sev}", True),
        ("gis_f_confidence", f"{a.confidence:.0%}", False),
        ("gis_f_time", _fmt(a.occurred_at), False),
        ("gis_f_status", f"gis_alert_{a.status}", True),
        ("gis_f_camera", cam.name, False),
    ]
    return {"title": algo, "lat": cam.lat, "lon": cam.lon, "fields": fields, "timeline": []}


def _incident(session: Session, key: str, role: str, now: datetime) -> dict | None:
    i = session.get(Incident, int(key)) if key.isdigit() else None
    if i is None:
        return None
    fields = [
        ("gis_f_level", f"gis_level_{i.level}", True),
        ("gis_f_category", f"gis_icat_{i.category}", True),
        ("gis_f_status", f"gis_inc_{i.status}", True),
        ("gis_f_time", _fmt(i.started_at), False),
        ("gis_f_area", _area_name(session, i.area_code), False),
    ]
    events = session.execute(
        select(IncidentEvent.at, IncidentEvent.kind, IncidentEvent.note)
        .where(IncidentEvent.incident_id == i.id)
        .order_by(IncidentEvent.at, IncidentEvent.id)
    ).all()
    timeline = [(_fmt(at), f"gis_iev_{k}", scrub_text(n, role)) for at, k, n in events]
    return {"title": scrub_text(i.title, role), "lat": i.lat, "lon": i.lon, "fields": fields, "timeline": timeline}


def _resource(session: Session, key: str, role: str, now: datetime) -> dict | None:
    r = session.get(Resource, int(key)) if key.isdigit() else None
    if r is None:
        return None
    fields = [("gis_f_kind", f"gis_res_{r.kind}", True), ("gis_f_capacity", str(r.capacity), False)]
    return {"title": r.name, "lat": r.lat, "lon": r.lon, "fields": fields, "timeline": []}


def _shop(session: Session, key: str, role: str, now: datetime) -> dict | None:
    from data_access.roles import SEAT_ROLES
    from data_access.services import codes, shops

    s = session.get(Shop, int(key)) if key.isdigit() else None
    if s is None:
        return None
    page = shops.public_shop(session, s.id, now) or {}
    last = (page.get("inspections") or [None])[0]
    fields = [
        ("gis_f_trade", s.trade, False),
        ("gis_f_code", codes.short_code("shop", s.id), False),
        ("gis_f_address", s.address, False),  # a business address, not a citizen's
        ("gis_f_licence", f"svc_licence_{page.get('licence_state', 'none')}", True),
        ("gis_f_inspection", f"svc_res_{last['result']}" if last else "svc_no_inspections", True),
    ]
    if last:
        fields.append(("gis_f_inspected_on", str(last["day"]), False))
    rating = f"{page['rating_avg']} ★ ({page['rating_count']})" if page.get("rating_count") else "—"
    fields.append(("gis_f_rating", rating, False))
    token = codes.active_token(session, "shop", s.id) if role in SEAT_ROLES else None
    links = [("gis_open_shop_page", f"/c/{token}")] if token else []
    return {"title": s.name, "lat": s.lat, "lon": s.lon, "fields": fields, "timeline": [], "links": links}


def _rental(session: Session, key: str, role: str, now: datetime) -> dict | None:
    from data_access.roles import CODE_ROLES, SEAT_ROLES
    from data_access.services.rentals import unregistered_units

    rows = session.execute(
        select(RentalUnit.id, RentalUnit.lat, RentalUnit.lon, RentalUnit.occupied, RentalUnit.area_code).where(
            RentalUnit.building == key
        )
    ).all()
    if not rows:
        return None
    occupied = sum(1 for r in rows if r[3])
    fields = [
        ("gis_f_units", str(len(rows)), False),
        ("gis_f_occupied", f"{occupied} / {len(rows)}", False),
        ("gis_f_area", _area_name(session, rows[0][4][:12] if rows[0][4] else None), False),
    ]
    if role in SEAT_ROLES:
        missing = unregistered_units(session) & {r[0] for r in rows}
        fields.append(("gis_f_unregistered", str(len(missing)), False))
    links = (
        [("gis_open_plates", f"/services/plates/sheet?kind=rental&group={quote(key)}")] if role in CODE_ROLES else []
    )
    return {"title": key, "lat": rows[0][1], "lon": rows[0][2], "fields": fields, "timeline": [], "links": links}


def _sensor(session: Session, key: str, role: str, now: datetime) -> dict | None:
    s = session.get(Sensor, key)
    if s is None:
        return None
    state = gis.sensor_state(s.last_value, s.low, s.high, s.last_at, now)
    value = "—" if s.last_value is None else f"{s.last_value:g} {s.unit}"
    fields = [
        ("gis_f_kind", f"gis_sensor_{s.kind}", True),
        ("gis_f_value", value, False),
        ("gis_f_range", f"{s.low:g} – {s.high:g} {s.unit}", False),
        ("gis_f_state", f"gis_sstate_{state}", True),
        ("gis_f_time", _fmt(s.last_at), False),
    ]
    return {"title": s.name, "lat": s.lat, "lon": s.lon, "fields": fields, "timeline": []}


_READERS = {
    "tickets": _ticket,
    "cameras": _camera,
    "alerts": _alert,
    "incidents": _incident,
    "resources": _resource,
    "shops": _shop,
    "rental": _rental,
    "sensors": _sensor,
}


def detail(session: Session, kind: str, key: str, *, role: str, now: datetime, k: int = 5) -> dict | None:
    """The record behind a map feature, masked for `role`, with its k nearest cameras; None if not found.

    Raises ValueError for an unknown kind or a malformed key (nothing is read)."""
    if kind not in _READERS:
        raise ValueError(f"unknown layer {kind!r}")
    if not isinstance(key, str) or not 0 < len(key) <= 64:
        raise ValueError("bad key")
    rec = _READERS[kind](session, key, role, now)
    if rec is None:
        return None
    cams = nearest_cameras(session, float(rec["lat"]), float(rec["lon"]), limit=k)
    if kind == "cameras":
        cams = cams[cams["id"] != key].reset_index(drop=True)
    return {"kind": kind, "key": key, **rec, "cameras": cams}
