"""Reads for the 12345 诉求中心 page: the paged ticket grid, the ticket drawer, the feed, similar requests.

Every reader masks citizens' personal information by `role` before data leaves this module; only
`citizen_details(..., reveal=True)` returns it in full, and the caller audits that.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from data_access.lifecycle import allowed_actions, sla_state
from data_access.masking import is_public, mask_address, mask_id_no, mask_name, mask_phone, scrub_text
from data_access.models import Camera, Category, Channel, Department, GridArea, Ticket, TicketEvent
from data_access.worktime import to_local, work_hours_between

PAGE_MAX = 500  # rows one grid request may ask for
EXPORT_MAX = 100_000
SLA_STATES = ("overdue", "near_due", "on_time", "none")
STATUSES = (
    "accepted",
    "pending_sign",
    "in_progress",
    "extension_pending",
    "replied",
    "closed",
    "rated",
    "reported",
    "registered",
    "dispatched",
    "disposed",
    "cancelled",
)
SORTABLE = {
    "ticket_no": Ticket.ticket_no,
    "created": Ticket.created_at,
    "due": Ticket.due_at,
    "status": Ticket.status,
    "category": Ticket.category_code,
    "channel": Ticket.channel_code,
    "department": Ticket.department_id,
    "town": Ticket.town_code,
    "updated": Ticket.updated_at,
}
GRID_COLUMNS = [
    "ticket_no",
    "stream",
    "created",
    "channel",
    "channel_name",
    "category",
    "category_name",
    "summary",
    "department_id",
    "department_name",
    "town",
    "town_name",
    "status",
    "sla",
    "due",
    "hours_left",
    "satisfaction",
]


@dataclass(frozen=True)
class GridQuery:
    """Filters (None or "" = any), one sort key and a row window [start, end)."""

    stream: str | None = None
    channel: str | None = None
    category: str | None = None
    department_id: int | None = None
    town: str | None = None
    status: str | None = None
    sla: str | None = None
    text: str | None = None
    sort: str = "created"
    descending: bool = True
    start: int = 0
    end: int = 100
    extra: dict = field(default_factory=dict)


def _conditions(q: GridQuery, now: datetime) -> list:
    c = []
    if q.stream:
        c.append(Ticket.stream == q.stream)
    if q.channel:
        c.append(Ticket.channel_code == q.channel)
    if q.category:
        c.append(Ticket.category_code == q.category)
    if q.department_id:
        c.append(Ticket.department_id == q.department_id)
    if q.town:
        c.append(Ticket.town_code == q.town)
    if q.status == "open":
        c.append(Ticket.is_open.is_(True))
    elif q.status:
        c.append(Ticket.status == q.status)
    if q.sla == "overdue":
        c.append(
            or_(
                and_(Ticket.is_open.is_(True), Ticket.due_at < now),
                and_(Ticket.closed_at.is_not(None), Ticket.closed_at > Ticket.due_at),
            )
        )
    elif q.sla == "near_due":
        c.append(and_(Ticket.is_open.is_(True), Ticket.due_at >= now, Ticket.due_at <= now + timedelta(hours=24)))
    elif q.sla == "on_time":
        c.append(
            or_(
                and_(Ticket.is_open.is_(True), Ticket.due_at > now + timedelta(hours=24)),
                and_(Ticket.is_open.is_(False), Ticket.due_at.is_not(None), Ticket.closed_at <= Ticket.due_at),
            )
        )
    elif q.sla == "none":
        c.append(Ticket.due_at.is_(None))
    if q.text:
        like = f"%{q.text.strip()[:40]}%"
        c.append(or_(Ticket.ticket_no.like(like), Ticket.summary.like(like)))
    return c


def _select_rows():
    town = GridArea.__table__.alias("town")
    return (
        select(
            Ticket.ticket_no,
            Ticket.stream,
            Ticket.created_at,
            Ticket.channel_code,
            Channel.name,
            Ticket.category_code,
            Category.name,
            Ticket.summary,
            Ticket.department_id,
            Department.name,
            Ticket.town_code,
            town.c.name,
            Ticket.status,
            Ticket.due_at,
            Ticket.closed_at,
            Ticket.satisfaction,
        )
        .join(Category, Category.code == Ticket.category_code)
        .join(Channel, Channel.code == Ticket.channel_code)
        .outerjoin(Department, Department.id == Ticket.department_id)
        .outerjoin(town, town.c.code == Ticket.town_code)
    )


def _row(r, role: str, now: datetime) -> tuple:
    (
        no,
        stream,
        created,
        ch,
        ch_name,
        cat,
        cat_name,
        summary,
        dept,
        dept_name,
        tw,
        tw_name,
        status,
        due,
        closed,
        sat,
    ) = r
    left = None
    if due is not None and closed is None:
        left = round(work_hours_between(now, due), 1)
    return (
        no,
        stream,
        to_local(created).strftime("%Y-%m-%d %H:%M"),
        ch,
        ch_name,
        cat,
        cat_name,
        scrub_text(summary, role),
        dept,
        dept_name or "",
        tw or "",
        tw_name or "",
        status,
        sla_state(due, closed, now),
        "" if due is None else to_local(due).strftime("%Y-%m-%d %H:%M"),
        left,
        sat or "",
    )


def ticket_page(session: Session, q: GridQuery, *, now: datetime, role: str) -> tuple[pd.DataFrame, int]:
    """(rows, total matching): one window of the grid, sorted and filtered in SQL (never loads all rows).

    Columns: GRID_COLUMNS (summary scrubbed for `role`; hours_left = working hours to the deadline).
    """
    cond = _conditions(q, now)
    total = int(session.scalar(select(func.count()).select_from(Ticket).where(*cond)) or 0)
    start = max(0, int(q.start))
    size = max(0, min(PAGE_MAX, int(q.end) - start))
    key = SORTABLE.get(q.sort, Ticket.created_at)
    order = [key.desc() if q.descending else key.asc(), Ticket.id.desc() if q.descending else Ticket.id.asc()]
    rows = session.execute(_select_rows().where(*cond).order_by(*order).offset(start).limit(size)).all() if size else []
    return pd.DataFrame([_row(r, role, now) for r in rows], columns=GRID_COLUMNS), total


def iter_export(
    session: Session, q: GridQuery, *, now: datetime, role: str, limit: int = EXPORT_MAX
) -> Iterator[tuple]:
    """Rows for an export (GRID_COLUMNS, masked for `role`), streamed in chunks of 2,000."""
    cond = _conditions(q, now)
    key = SORTABLE.get(q.sort, Ticket.created_at)
    stmt = _select_rows().where(*cond).order_by(key.desc() if q.descending else key.asc(), Ticket.id.desc())
    done = 0
    while done < limit:
        part = session.execute(stmt.offset(done).limit(min(2000, limit - done))).all()
        if not part:
            return
        for r in part:
            yield _row(r, role, now)
        done += len(part)


def filter_options(session: Session) -> dict[str, list[tuple[str, str]]]:
    """Choices for the grid filters: channels, categories (code, name, stream), departments, towns."""
    return {
        "channel": [(c, n) for c, n in session.execute(select(Channel.code, Channel.name).order_by(Channel.code))],
        "category": [
            (c, f"{n}", s)
            for c, n, s in session.execute(
                select(Category.code, Category.name, Category.stream).order_by(Category.stream.desc(), Category.code)
            )
        ],
        "department": [
            (str(i), n) for i, n in session.execute(select(Department.id, Department.name).order_by(Department.code))
        ],
        "town": [
            (c, n)
            for c, n in session.execute(
                select(GridArea.code, GridArea.name).where(GridArea.level == 2).order_by(GridArea.code)
            )
        ],
    }


def latest_feed(session: Session, *, role: str, limit: int = 16) -> pd.DataFrame:
    """Columns ticket_no, created_local, channel, channel_name, category, status, text: newest tickets, every channel."""
    rows = session.execute(
        select(
            Ticket.ticket_no,
            Ticket.created_at,
            Ticket.channel_code,
            Channel.name,
            Category.name,
            Ticket.status,
            Ticket.summary,
        )
        .join(Channel, Channel.code == Ticket.channel_code)
        .join(Category, Category.code == Ticket.category_code)
        .order_by(Ticket.created_at.desc(), Ticket.id.desc())
        .limit(limit)
    ).all()
    out = [
        (no, to_local(at).strftime("%m-%d %H:%M"), ch, chn, cat, st, scrub_text(s, role))
        for no, at, ch, chn, cat, st, s in rows
    ]
    return pd.DataFrame(
        out, columns=["ticket_no", "created_local", "channel", "channel_name", "category", "status", "text"]
    )


# ---- the drawer ---------------------------------------------------------------------------
def _fmt(at: datetime | None) -> str:
    return "" if at is None else to_local(at).strftime("%Y-%m-%d %H:%M")


def ticket_detail(session: Session, ticket_no: str, *, role: str, now: datetime) -> dict | None:
    """The drawer's header: ids, texts (scrubbed), deadlines with working-hour countdowns, allowed actions."""
    t = session.scalars(select(Ticket).where(Ticket.ticket_no == ticket_no)).first()
    if t is None:
        return None
    cat = session.get(Category, t.category_code)
    dept = session.get(Department, t.department_id) if t.department_id else None
    town = session.get(GridArea, t.town_code) if t.town_code else None
    area = session.get(GridArea, t.area_code) if t.area_code else None
    co = []
    for d in t.co_department_ids or []:
        obj = session.get(Department, d)
        if obj is not None:
            co.append(obj.name)

    def left(due):
        return None if due is None else round(work_hours_between(now, due), 1)

    return {
        "id": t.id,
        "ticket_no": t.ticket_no,
        "stream": t.stream,
        "channel": t.channel_code,
        "category": t.category_code,
        "category_name": cat.name if cat else t.category_code,
        "domain": cat.domain if cat else "",
        "limit": f"{cat.limit_value:g} {cat.limit_unit}" if cat else "",
        "status": t.status,
        "version": t.version,
        "summary": scrub_text(t.summary, role),
        "content": scrub_text(t.content, role),
        "department_id": t.department_id,
        "department_name": dept.name if dept else "",
        "co_departments": co,
        "town_name": town.name if town else "",
        "area_name": area.name if area and area.level >= 3 else "",
        "lat": t.lat,
        "lon": t.lon,
        "created": _fmt(t.created_at),
        "dispatched": _fmt(t.dispatched_at),
        "sign_due": _fmt(t.sign_due_at),
        "sign_hours_left": left(t.sign_due_at) if t.signed_at is None and t.sign_due_at else None,
        "signed": _fmt(t.signed_at),
        "due": _fmt(t.due_at),
        "hours_left": left(t.due_at) if t.is_open else None,
        "closed": _fmt(t.closed_at),
        "sla": sla_state(t.due_at, t.closed_at, now),
        "satisfaction": t.satisfaction or "",
        "counts": {
            "return": t.return_count,
            "redo": t.redo_count,
            "extension": t.extension_count,
            "supervise": t.supervise_count,
        },
        "actions": allowed_actions(t.stream, t.status),
        "is_open": t.is_open,
    }


def citizen_details(session: Session, ticket_no: str, *, role: str, reveal: bool = False) -> dict | None:
    """Name, phone, ID number and address: masked for `role`, or in full when `reveal` (the caller audits)."""
    t = session.scalars(select(Ticket).where(Ticket.ticket_no == ticket_no)).first()
    if t is None:
        return None
    if is_public(role):
        return {"name": None, "phone": None, "id_no": None, "address": None}
    if reveal:
        return {"name": t.citizen_name, "phone": t.citizen_phone, "id_no": t.citizen_id_no, "address": t.address}
    return {
        "name": mask_name(t.citizen_name, role),
        "phone": mask_phone(t.citizen_phone, role),
        "id_no": mask_id_no(t.citizen_id_no, role),
        "address": mask_address(t.address, role),
    }


def timeline(session: Session, ticket_no: str, *, role: str) -> pd.DataFrame:
    """Columns at, action, actor, department, note, status_after: the lifecycle log in order (notes scrubbed)."""
    rows = session.execute(
        select(
            TicketEvent.at,
            TicketEvent.action,
            TicketEvent.actor,
            Department.name,
            TicketEvent.note,
            TicketEvent.status_after,
        )
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .outerjoin(Department, Department.id == TicketEvent.department_id)
        .where(Ticket.ticket_no == ticket_no)
        .order_by(TicketEvent.at, TicketEvent.id)
    ).all()
    out = [
        (_fmt(at), a, actor if not is_public(role) else "", d or "", scrub_text(n, role), st)
        for at, a, actor, d, n, st in rows
    ]
    return pd.DataFrame(out, columns=["at", "action", "actor", "department", "note", "status_after"])


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    kx = 111_320 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot((lon2 - lon1) * kx, (lat2 - lat1) * 110_540)


def similar_requests(
    session: Session,
    ticket_no: str,
    *,
    role: str,
    radius_m: float = 500,
    days: int = 30,
    repeat_days: int = 30,
    limit: int = 10,
) -> pd.DataFrame:
    """Columns ticket_no, kind, created, category, status, distance_m, summary.

    kind "repeat": the same caller (phone) within `repeat_days`; kind "nearby": the same category within
    `radius_m` metres and `days` days either side. Uses the created_at index to narrow the window first.
    """
    cols = ["ticket_no", "kind", "created", "category", "status", "distance_m", "summary"]
    t = session.scalars(select(Ticket).where(Ticket.ticket_no == ticket_no)).first()
    if t is None:
        return pd.DataFrame(columns=cols)
    out: list[tuple] = []
    seen = {t.id}
    if t.citizen_phone:
        lo, hi = t.created_at - timedelta(days=repeat_days), t.created_at + timedelta(days=repeat_days)
        q = (
            select(
                Ticket.id,
                Ticket.ticket_no,
                Ticket.created_at,
                Category.name,
                Ticket.status,
                Ticket.summary,
                Ticket.lat,
                Ticket.lon,
            )
            .join(Category, Category.code == Ticket.category_code)
            .where(Ticket.created_at.between(lo, hi), Ticket.citizen_phone == t.citizen_phone, Ticket.id != t.id)
            .order_by(Ticket.created_at.desc())
            .limit(limit)
        )
        for i, no, at, cat, st, s, la, lo_ in session.execute(q):
            d = _metres(t.lat, t.lon, la, lo_) if None not in (t.lat, t.lon, la, lo_) else None
            out.append((no, "repeat", _fmt(at), cat, st, None if d is None else round(d), scrub_text(s, role)))
            seen.add(i)
    if t.lat is not None and t.lon is not None:
        dlat = radius_m / 110_540
        dlon = radius_m / (111_320 * math.cos(math.radians(t.lat)))
        lo, hi = t.created_at - timedelta(days=days), t.created_at + timedelta(days=days)
        q = (
            select(
                Ticket.id,
                Ticket.ticket_no,
                Ticket.created_at,
                Category.name,
                Ticket.status,
                Ticket.summary,
                Ticket.lat,
                Ticket.lon,
            )
            .join(Category, Category.code == Ticket.category_code)
            .where(
                Ticket.created_at.between(lo, hi),
                Ticket.category_code == t.category_code,
                Ticket.lat.between(t.lat - dlat, t.lat + dlat),
                Ticket.lon.between(t.lon - dlon, t.lon + dlon),
            )
            .limit(200)
        )
        near = []
        for i, no, at, cat, st, s, la, lo_ in session.execute(q):
            if i in seen:
                continue
            d = _metres(t.lat, t.lon, la, lo_)
            if d <= radius_m:
                near.append((d, (no, "nearby", _fmt(at), cat, st, round(d), scrub_text(s, role))))
        out += [row for _, row in sorted(near)[: max(0, limit - len(out))]]
    return pd.DataFrame(out, columns=cols)


def department_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every department, in code order (dispatch targets)."""
    return [(i, n) for i, n in session.execute(select(Department.id, Department.name).order_by(Department.code))]


def ticket_state(session: Session, ticket_no: str) -> dict | None:
    """stream, status, version, department_id, updated_at of one ticket (what an action is checked against)."""
    row = session.execute(
        select(Ticket.stream, Ticket.status, Ticket.version, Ticket.department_id, Ticket.updated_at).where(
            Ticket.ticket_no == ticket_no
        )
    ).first()
    return None if row is None else dict(row._mapping)


def departments_exist(session: Session, ids: list[int]) -> bool:
    """True when every id names a department (an empty list is fine)."""
    if not ids:
        return True
    found = set(session.scalars(select(Department.id).where(Department.id.in_(ids))))
    return found == set(ids)


def nearby_cameras(session: Session, ticket_no: str, *, limit: int = 5, radius_m: float = 3000) -> pd.DataFrame:
    """Columns id, name, online, distance_m, lat, lon: the cameras closest to the ticket's location."""
    cols = ["id", "name", "online", "distance_m", "lat", "lon"]
    pos = session.execute(select(Ticket.lat, Ticket.lon).where(Ticket.ticket_no == ticket_no)).first()
    if pos is None or pos[0] is None or pos[1] is None:
        return pd.DataFrame(columns=cols)
    lat, lon = pos
    box_lat = radius_m / 110_540
    box_lon = radius_m / (111_320 * math.cos(math.radians(lat)))
    rows = session.execute(
        select(Camera.id, Camera.name, Camera.online, Camera.lat, Camera.lon).where(
            Camera.lat.between(lat - box_lat, lat + box_lat), Camera.lon.between(lon - box_lon, lon + box_lon)
        )
    ).all()
    ranked = sorted(((_metres(lat, lon, r.lat, r.lon), r) for r in rows), key=lambda x: x[0])[:limit]
    return pd.DataFrame([(r.id, r.name, bool(r.online), round(d), r.lat, r.lon) for d, r in ranked], columns=cols)
