"""Open311 GeoReport v2 on the data layer: services from the category table, request records for the
public (masked as for a visitor), and intake through the one write API (channel `open311`).

Idempotency: a client-supplied id becomes the ticket's external_id ("open311:<id>") and the create event's
id is derived from it, so a replay finds the first ticket and writes nothing.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from data_access import events as ev
from data_access.errors import WriteError
from data_access.geo import contains
from data_access.lifecycle import OPEN_STATUSES
from data_access.masking import scrub_text, snap_points
from data_access.models import Category, Department, GridArea, Ticket
from data_access.worktime import to_local, utcnow
from data_access.writes import apply

CHANNEL = "open311"
DEFAULT_DAYS = 90
MAX_ROWS = 1000
DESCRIPTION_MAX = 4000
BOUNDS = (37.45, 38.45, 106.0, 107.0)  # lat_min, lat_max, lon_min, lon_max of the county (generous)
STATUS_NOTES = {
    "accepted": "已受理",
    "pending_sign": "已派单，待签收",
    "in_progress": "办理中",
    "extension_pending": "申请延期",
    "replied": "已回复，待审核",
    "closed": "已办结",
    "rated": "已办结，已回访",
    "reported": "已上报",
    "registered": "已立案",
    "dispatched": "已派遣",
    "disposed": "已处置，待核查",
    "cancelled": "已作废",
    "merged": "重复件，已并入同一诉求办理",
}
# Service definitions: every service takes these optional attributes (metadata=true everywhere).
ATTRIBUTES = {
    "hotline": [
        {
            "variable": True,
            "code": "urgency",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": "普通或紧急",
            "order": 1,
            "description": "紧急程度",
            "values": [{"key": "normal", "name": "普通"}, {"key": "urgent", "name": "紧急"}],
        }
    ],
    "cm": [
        {
            "variable": True,
            "code": "component_id",
            "datatype": "string",
            "required": False,
            "datatype_description": "16 位部件编码（6 位区划 + 2 大类 + 2 小类 + 6 位序号）",
            "order": 1,
            "description": "部件编码（如有）",
            "values": [],
        }
    ],
}


class Open311Error(ValueError):
    """A request the spec answers with an error: (http status, error code, description)."""

    def __init__(self, status: int, description: str, code: int | None = None):
        super().__init__(description)
        self.status = status
        self.code = code or status
        self.description = description


def iso(at: datetime | None) -> str | None:
    """W3C datetime with the +08:00 offset (storage is naive UTC)."""
    if at is None:
        return None
    return to_local(at).replace(microsecond=0).isoformat() + "+08:00"


def parse_datetime(value: str, name: str) -> datetime:
    """A W3C/ISO-8601 datetime (offset optional, +08:00 assumed) as naive UTC; bad input -> 400."""
    try:
        at = datetime.fromisoformat(value.strip().replace(" ", "+"))
    except ValueError as exc:
        raise Open311Error(400, f"{name} is not a W3C datetime (e.g. 2024-03-04T10:00:00+08:00)") from exc
    offset = at.utcoffset()
    if offset is None:  # no offset given: Lingwu time
        return at - timedelta(hours=8)
    return (at - offset).replace(tzinfo=None)


def services(session: Session) -> list[dict]:
    """The service list: one service per 12345 category and 数字城管 部件/事件 小类."""
    out = []
    for c in session.scalars(select(Category).order_by(Category.stream.desc(), Category.code)):
        out.append(
            {
                "service_code": c.code,
                "service_name": c.name,
                "description": f"{'12345 诉求' if c.stream == 'hotline' else '数字城管'} · {c.domain} · 时限 {c.limit_value:g} {c.limit_unit}",
                "metadata": True,
                "type": "realtime",
                "keywords": ",".join((c.keywords or "").split()),
                "group": ("12345-" if c.stream == "hotline" else "数字城管-") + c.domain,
            }
        )
    return out


def service_definition(session: Session, code: str) -> dict | None:
    c = session.get(Category, code)
    if c is None:
        return None
    return {"service_code": c.code, "attributes": ATTRIBUTES[c.stream]}


def _locate(session: Session, lat: float, lon: float) -> tuple[str | None, str | None]:
    """(area_code, town_code): the village/community polygon containing the point, else the nearest one."""
    best, best_d = None, None
    for code, la, lo, geom in session.execute(
        select(GridArea.code, GridArea.lat, GridArea.lon, GridArea.geometry).where(GridArea.level == 3)
    ):
        if geom and contains(geom, lon, lat):
            return code, code[:9]
        d = (la - lat) ** 2 + (lo - lon) ** 2
        if best_d is None or d < best_d:
            best, best_d = code, d
    return (best, best[:9]) if best else (None, None)


@dataclass(frozen=True)
class NewRequest:
    service_code: str
    lat: float | None = None
    lon: float | None = None
    address_string: str | None = None
    address_id: str | None = None
    description: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    email: str = ""
    attributes: tuple[tuple[str, str], ...] = ()
    client_id: str | None = None  # replay key (external_id)


def validate(session: Session, r: NewRequest) -> Category:
    """The request's category; raises Open311Error (404 unknown service, 400 bad input) otherwise."""
    if not r.service_code:
        raise Open311Error(400, "service_code is required")
    if len(r.service_code) > 40 or _has_control(r.service_code):
        raise Open311Error(404, "service_code not found")
    cat = session.get(Category, r.service_code)
    if cat is None:
        raise Open311Error(404, f"service_code {r.service_code!r} not found")
    _check_location(r)
    _check_lengths(r)
    _check_attributes(ATTRIBUTES[cat.stream], r.attributes)
    return cat


def _check_location(r: NewRequest) -> None:
    """A point (both coordinates, inside the county) or an address."""
    if (r.lat is None) != (r.lon is None):
        raise Open311Error(400, "lat and long go together")
    if r.lat is None or r.lon is None:
        if not (r.address_string or r.address_id):
            raise Open311Error(400, "a location is required: lat & long, address_string or address_id")
    elif not (BOUNDS[0] <= r.lat <= BOUNDS[1] and BOUNDS[2] <= r.lon <= BOUNDS[3]):
        raise Open311Error(400, "the location is outside this jurisdiction")


def _has_control(value: str) -> bool:
    """NUL and other control characters (tabs and line breaks aside): PostgreSQL cannot store NUL in text."""
    return any((ord(c) < 32 and c not in "\t\n\r") or ord(c) == 127 for c in value)


def _check_lengths(r: NewRequest) -> None:
    texts = (r.description, r.address_string or "", r.address_id or "", r.first_name, r.last_name, r.phone, r.email)
    if any(_has_control(v) for v in (*texts, r.client_id or "", *(v for _, v in r.attributes))):
        raise Open311Error(400, "a field holds a control character (NUL or another one below U+0020)")
    if len(r.description) > DESCRIPTION_MAX:
        raise Open311Error(400, f"description is longer than {DESCRIPTION_MAX} characters")
    for value in (r.address_string or "", r.address_id or "", r.first_name, r.last_name, r.phone, r.email):
        if len(value) > 200:
            raise Open311Error(400, "a field is longer than 200 characters")
    if r.client_id is not None and not (0 < len(r.client_id) <= 64):
        raise Open311Error(400, "the client request id is 1 to 64 characters")


def _check_attributes(attributes: list[dict], given: tuple[tuple[str, str], ...]) -> None:
    """Every given attribute is one of the service's, with a listed value; every required one is given."""
    spec = {a["code"]: a for a in attributes}
    for code, value in given:
        a = spec.get(code)
        if a is None:
            raise Open311Error(400, f"unknown attribute {code!r}")
        if a["datatype"] == "singlevaluelist" and value not in {v["key"] for v in a["values"]}:
            raise Open311Error(400, f"attribute {code!r} has no value {value!r}")
        if len(value) > 200:
            raise Open311Error(400, f"attribute {code!r} is too long")
    for code, a in spec.items():
        if a["required"] and code not in dict(given):
            raise Open311Error(400, f"attribute {code!r} is required")


def find_by_client_id(session: Session, client_id: str) -> str | None:
    return session.scalar(select(Ticket.ticket_no).where(Ticket.external_id == f"open311:{client_id}"))


def create(session: Session, r: NewRequest, *, now: datetime | None = None) -> tuple[str, bool]:
    """(service_request_id, created): validate, then write a TicketCreated (replays return the first ticket)."""
    cat = validate(session, r)
    if r.client_id:
        existing = find_by_client_id(session, r.client_id)
        if existing:
            return existing, False
    now = now or utcnow()
    area, town = _locate(session, r.lat, r.lon) if r.lat is not None and r.lon is not None else (None, None)
    key = hashlib.sha1(f"open311:{r.client_id}".encode()).hexdigest() if r.client_id else uuid.uuid4().hex
    no = f"OS{to_local(now):%Y%m%d}{key[:8].upper()}"
    text = r.description.strip() or cat.name
    attrs = "；".join(f"{k}={v}" for k, v in r.attributes)
    content = text + (f"（{attrs}）" if attrs else "") + (f"\n地址：{r.address_string}" if r.address_string else "")
    name = (r.last_name + r.first_name).strip() or None
    event = ev.TicketCreated(
        event_id=f"open311:{key}",
        ticket_no=no,
        stream=cat.stream,
        channel=CHANNEL,
        category=cat.code,
        summary=text[:60],
        content=content,
        at=now,
        area_code=area,
        town_code=town,
        lat=r.lat,
        lon=r.lon,
        address=r.address_string or r.address_id,
        citizen_name=name,
        citizen_phone=r.phone or None,
        external_id=f"open311:{r.client_id}" if r.client_id else None,
        actor="open311",
        simulated=False,
    )
    try:
        with session.begin_nested():
            apply(session, [event])
    except IntegrityError:  # the same client id raced us: the other request's ticket is the answer
        existing = find_by_client_id(session, r.client_id) if r.client_id else None
        if existing:
            return existing, False
        raise
    except WriteError as exc:
        raise Open311Error(400, str(exc)) from exc
    return no, True


def _record(row) -> dict:
    """One request as the public sees it (anonymous): the text scrubbed with the caller's own name and address, no
    number of any kind, the location as the centre of its public grid cell."""
    t, cat_name, dept_name, town_name = row
    lat, lon = snap_points(t.lat, t.lon, "anonymous") if t.lat is not None and t.lon is not None else (None, None)
    return {
        "service_request_id": t.ticket_no,
        "status": "open" if t.status in OPEN_STATUSES else "closed",
        "status_notes": STATUS_NOTES.get(t.status, t.status),
        "service_name": cat_name,
        "service_code": t.category_code,
        "description": scrub_text(t.content, "anonymous", known=(t.citizen_name, t.address)),
        "agency_responsible": dept_name,
        "service_notice": None,
        "requested_datetime": iso(t.created_at),
        "updated_datetime": iso(t.closed_at if t.status not in OPEN_STATUSES and t.closed_at else t.updated_at),
        "expected_datetime": iso(t.due_at),
        "address": town_name,
        "address_id": None,
        "zipcode": None,
        "lat": lat,
        "long": lon,
        "media_url": None,
    }


def _base():
    town = GridArea.__table__.alias("town")
    return (
        select(Ticket, Category.name, Department.name, town.c.name)
        .join(Category, Category.code == Ticket.category_code)
        .outerjoin(Department, Department.id == Ticket.department_id)
        .outerjoin(town, town.c.code == Ticket.town_code)
    )


def get_request(session: Session, service_request_id: str) -> dict | None:
    row = session.execute(_base().where(Ticket.ticket_no == service_request_id)).first()
    return None if row is None else _record(row)


def list_requests(
    session: Session,
    *,
    ids: list[str] | None = None,
    codes: list[str] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    statuses: list[str] | None = None,
    now: datetime | None = None,
    page: int = 1,
    page_size: int = MAX_ROWS,
) -> list[dict]:
    """GET requests: ids override every other filter; else a window of at most 90 days (default: the last
    90 days ending now), newest first, at most 1000 rows a page."""
    if ids:
        rows = session.execute(
            _base().where(Ticket.ticket_no.in_(ids[:MAX_ROWS])).order_by(Ticket.created_at.desc())
        ).all()
        return [_record(r) for r in rows]
    now = now or utcnow()
    if end is None:
        end = now if start is None else start + timedelta(days=DEFAULT_DAYS)
    if start is None:
        start = end - timedelta(days=DEFAULT_DAYS)
    if start > end:
        raise Open311Error(400, "start_date is after end_date")
    if end - start > timedelta(days=DEFAULT_DAYS):
        raise Open311Error(400, "start_date to end_date spans more than 90 days")
    q = _base().where(Ticket.created_at >= start, Ticket.created_at <= end)
    if codes:
        q = q.where(Ticket.category_code.in_(codes))
    if statuses:
        want = set(statuses)
        if want == {"open"}:
            q = q.where(Ticket.status.in_(OPEN_STATUSES))
        elif want == {"closed"}:
            q = q.where(Ticket.status.not_in(OPEN_STATUSES))
    size = max(1, min(MAX_ROWS, page_size))
    q = q.order_by(Ticket.created_at.desc(), Ticket.id.desc()).offset((max(1, page) - 1) * size).limit(size)
    return [_record(r) for r in session.execute(q).all()]


def known_codes(session: Session, codes: list[str]) -> set[str]:
    return set(session.scalars(select(Category.code).where(Category.code.in_(codes))))


def count_channel(session: Session) -> int:
    """Tickets that came in through Open311 (for tests and the health of the intake)."""
    return int(session.scalar(select(func.count()).select_from(Ticket).where(Ticket.channel_code == CHANNEL)) or 0)


__all__ = ["NewRequest", "Open311Error", "create", "get_request", "list_requests", "service_definition", "services"]
