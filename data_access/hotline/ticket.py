"""One ticket for the drawer: details, citizen (masked by role), timeline, similar requests, nearby cameras.

Every reader masks citizens' personal information by `role` before data leaves this module; only
`citizen_details(..., reveal=True)` returns it in full, and the caller audits that.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from data_access.geo import degrees_around, distance_m
from data_access.lifecycle import allowed_actions, sla_state
from data_access.masking import (
    is_public,
    mask_address,
    mask_id_no,
    mask_name,
    mask_phone,
    scrub_text,
    snap_points,
)
from data_access.models import AppUser, Category, Department, DuplicateLink, GridArea, Ticket, TicketEvent
from data_access.worktime import to_local, work_hours_between
from data_access.writes.links import MERGED


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

    known = (t.citizen_name, t.address)
    lat, lon = snap_points(t.lat, t.lon, role) if t.lat is not None and t.lon is not None else (None, None)

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
        "summary": scrub_text(t.summary, role, known=known),
        "content": scrub_text(t.content, role, known=known),
        "department_id": t.department_id,
        "department_name": dept.name if dept else "",
        "co_departments": co,
        "town_name": town.name if town else "",
        "area_name": area.name if area and area.level >= 3 else "",
        "address": mask_address(t.address, role, town.name if town else None),
        "lat": lat,
        "lon": lon,
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
        "extension_request": _extension_request(session, t, role) if t.status == "extension_pending" else None,
    }


def _extension_request(session: Session, t: Ticket, role: str) -> dict | None:
    """The pending 延期申请 the approver decides on: days asked (None: not said), reason, who asked and when."""
    row = session.execute(
        select(TicketEvent.at, TicketEvent.actor, AppUser.display_name, Department.name, TicketEvent.note)
        .outerjoin(AppUser, AppUser.username == TicketEvent.actor)
        .outerjoin(Department, Department.id == TicketEvent.department_id)
        .where(TicketEvent.ticket_id == t.id, TicketEvent.action == "extend_request")
        .order_by(TicketEvent.at.desc(), TicketEvent.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    at, actor, name, dept, note = row
    return {
        "days": t.extension_requested_days,
        "at": _fmt(at),
        "by": "" if is_public(role) else " · ".join(x for x in (dept, name or actor) if x),
        "note": scrub_text(note or "", role),
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
    """Columns at, action, actor, department, note, status_after: the lifecycle log in order (notes scrubbed; actor is
    the user's display name; department is the department holding the ticket at that step)."""
    rows = session.execute(
        select(
            TicketEvent.at,
            TicketEvent.action,
            func.coalesce(AppUser.display_name, TicketEvent.actor),  # a user by the name they sign with
            Department.name,
            TicketEvent.note,
            TicketEvent.status_after,
            Ticket.citizen_name,
            Ticket.address,
        )
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .outerjoin(Department, Department.id == TicketEvent.department_id)
        .outerjoin(AppUser, AppUser.username == TicketEvent.actor)
        .where(Ticket.ticket_no == ticket_no)
        .order_by(TicketEvent.at, TicketEvent.id)
    ).all()
    out = [
        (_fmt(at), a, actor if not is_public(role) else "", d or "", scrub_text(n, role, known=(cn, addr)), st)
        for at, a, actor, d, n, st, cn, addr in rows
    ]
    return pd.DataFrame(out, columns=["at", "action", "actor", "department", "note", "status_after"])


def _distance(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return float(distance_m(lat1, lon1, lat2, lon2))


def _similar_select():
    """The columns every similar-request list shows (repeat callers and nearby same-category reports)."""
    return select(
        Ticket.id,
        Ticket.ticket_no,
        Ticket.created_at,
        Category.name,
        Ticket.status,
        Ticket.summary,
        Ticket.lat,
        Ticket.lon,
        Ticket.citizen_name,
        Ticket.address,
        Ticket.citizen_phone,
    ).join(Category, Category.code == Ticket.category_code)


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

    kind "repeat": the same caller (phone) within `repeat_days` (seats only: nothing links one person's tickets
    for wall, visitor or anonymous); kind "nearby": the same category within `radius_m` metres and `days` days
    either side (public roles: distances to 100 m). Each summary is scrubbed with its own ticket's name and address.
    Uses the created_at index to narrow the window first.
    """
    cols = ["ticket_no", "kind", "created", "category", "status", "distance_m", "summary"]
    t = session.scalars(select(Ticket).where(Ticket.ticket_no == ticket_no)).first()
    if t is None:
        return pd.DataFrame(columns=cols)
    out: list[tuple] = []
    seen = {t.id}
    here = (t.lat, t.lon) if t.lat is not None and t.lon is not None else None
    public = is_public(role)
    if t.citizen_phone and not public:
        lo, hi = t.created_at - timedelta(days=repeat_days), t.created_at + timedelta(days=repeat_days)
        q = (
            _similar_select()
            .where(Ticket.created_at.between(lo, hi), Ticket.citizen_phone == t.citizen_phone, Ticket.id != t.id)
            .order_by(Ticket.created_at.desc())
            .limit(limit)
        )
        for i, no, at, cat, st, s, la, lo_, cn, addr, _ph in session.execute(q):
            d = _distance(*here, la, lo_) if here and la is not None and lo_ is not None else None
            summary = scrub_text(s, role, known=(cn, addr))
            out.append((no, "repeat", _fmt(at), cat, st, None if d is None else round(d), summary))
            seen.add(i)
    if t.lat is not None and t.lon is not None:
        dlat, dlon = degrees_around(t.lat, radius_m)
        lo, hi = t.created_at - timedelta(days=days), t.created_at + timedelta(days=days)
        q = (
            _similar_select()
            .where(
                Ticket.created_at.between(lo, hi),
                Ticket.category_code == t.category_code,
                Ticket.lat.between(t.lat - dlat, t.lat + dlat),
                Ticket.lon.between(t.lon - dlon, t.lon + dlon),
            )
            .limit(200)
        )
        near = []
        for i, no, at, cat, st, s, la, lo_, cn, addr, ph in session.execute(q):
            if i in seen or (public and ph is not None and ph == t.citizen_phone):  # the same caller: no link
                continue
            d = _distance(t.lat, t.lon, la, lo_)
            if d <= radius_m:
                shown = round(d, -2) if public else round(d)
                near.append((d, (no, "nearby", _fmt(at), cat, st, shown, scrub_text(s, role, known=(cn, addr)))))
        out += [row for _, row in sorted(near)[: max(0, limit - len(out))]]
    return pd.DataFrame(out, columns=cols)


def duplicate_links(session: Session, ticket_no: str, *, role: str) -> pd.DataFrame:
    """Columns relation, ticket_no, created, status, summary: the master this ticket was merged into (relation
    "master") and the duplicates merged into it ("duplicate"), oldest first; summaries scrubbed by role. None for
    wall, visitor and anonymous (a merge often links one caller's tickets)."""
    cols = ["relation", "ticket_no", "created", "status", "summary"]
    me = session.scalar(select(Ticket.id).where(Ticket.ticket_no == ticket_no))
    if me is None or is_public(role):
        return pd.DataFrame(columns=cols)
    other = aliased(Ticket)
    out = []
    for relation, mine, theirs in (
        ("master", DuplicateLink.ticket_id, DuplicateLink.other_id),
        ("duplicate", DuplicateLink.other_id, DuplicateLink.ticket_id),
    ):
        rows = session.execute(
            select(other.ticket_no, other.created_at, other.status, other.summary, other.citizen_name, other.address)
            .join(DuplicateLink, theirs == other.id)
            .where(mine == me, DuplicateLink.kind == MERGED)
            .order_by(other.created_at, other.id)
        ).all()
        out += [(relation, no, _fmt(at), st, scrub_text(s, role, known=(cn, a))) for no, at, st, s, cn, a in rows]
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
