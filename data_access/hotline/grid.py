"""Reads for the 12345 诉求中心 page: the paged ticket grid, the ticket drawer, the feed, similar requests.

Every reader masks citizens' personal information by `role` before data leaves this module; only
`citizen_details(..., reveal=True)` returns it in full, and the caller audits that.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

import pandas as pd
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from data_access.lifecycle import sla_state
from data_access.masking import scrub_text
from data_access.models import Category, Channel, Department, GridArea, Ticket
from data_access.worktime import LOCAL, local_day, to_local, work_hours_between

PAGE_MAX = 500  # rows one grid request may ask for
EXPORT_MAX = 100_000
SLA_STATES = ("overdue", "near_due", "on_time", "closed_late", "none")  # 超期: open and past due (lifecycle)
# the overview's and this page's KPIs drill here: each names the tickets its number counts (local days)
WHEN = ("received_today", "dispatched_today", "closed_today", "rated_30d")
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
    "merged",
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
    when: str | None = None  # one of WHEN: the tickets a KPI counts
    sort: str = "created"
    descending: bool = True
    start: int = 0
    end: int = 100
    extra: dict = field(default_factory=dict)


def grid_query(values: list, req: dict | None) -> GridQuery:
    """A GridQuery from the filter controls and AG Grid's getRowsRequest, as any client may send them (values of a
    wrong type or out of range are dropped, never an error): the grid and the export read the same filters."""
    stream, channel, category, dept, town, status, sla, text, when = (values + [None] * 9)[:9]
    req = req or {}
    sort = (req.get("sortModel") or [{}])[0] if isinstance(req.get("sortModel"), list) else {}
    col = sort.get("colId") if isinstance(sort, dict) else None
    col = col if col in SORTABLE else None

    def s(v, n=20):
        return v[:n] if isinstance(v, str) and v else None

    try:
        dept_id = int(dept) if dept not in (None, "") else None
    except (TypeError, ValueError):
        dept_id = None
    try:
        start = max(0, int(req.get("startRow") or 0))
        end = max(start, int(req.get("endRow") or start + 100))
    except (TypeError, ValueError):
        start, end = 0, 100
    return GridQuery(
        stream=stream if stream in ("hotline", "cm") else None,
        channel=s(channel),
        category=s(category),
        department_id=dept_id,
        town=s(town),
        status=status if status in STATUSES or status == "open" else None,
        sla=sla if sla in SLA_STATES else None,
        text=s(text, 40),
        when=when if when in WHEN else None,
        sort=col or "created",
        descending=(sort.get("sort") != "asc") if col else True,
        start=start,
        end=end,
    )


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
    if q.sla == "overdue":  # the one 超期: open and past due (closed after its deadline is closed_late, 超期办结)
        c.append(and_(Ticket.is_open.is_(True), Ticket.due_at < now))
    elif q.sla == "near_due":
        c.append(and_(Ticket.is_open.is_(True), Ticket.due_at >= now, Ticket.due_at <= now + timedelta(hours=24)))
    elif q.sla == "on_time":
        c.append(
            or_(
                and_(Ticket.is_open.is_(True), Ticket.due_at > now + timedelta(hours=24)),
                and_(Ticket.is_open.is_(False), Ticket.due_at.is_not(None), Ticket.closed_at <= Ticket.due_at),
            )
        )
    elif q.sla == "closed_late":
        c.append(and_(Ticket.is_open.is_(False), Ticket.closed_at.is_not(None), Ticket.closed_at > Ticket.due_at))
    elif q.sla == "none":
        c.append(Ticket.due_at.is_(None))
    c.extend(_when(q.when, now))
    if q.text:
        like = f"%{q.text.strip()[:40]}%"
        c.append(or_(Ticket.ticket_no.like(like), Ticket.summary.like(like)))
    return c


def _when(when: str | None, now: datetime) -> list:
    """The tickets a KPI counts, by local day: received (created) today up to now, dispatched today, closed today
    (办结: closed or rated, not merged or cancelled), or rated (final rating given) in the 30 days ending today."""
    if when is None:
        return []
    midnight = datetime.combine(local_day(now), time()) - LOCAL
    if when == "received_today":
        return [Ticket.created_at >= midnight, Ticket.created_at <= now]
    if when == "dispatched_today":
        return [Ticket.dispatched_at >= midnight, Ticket.dispatched_at <= now]
    if when == "closed_today":
        return [Ticket.closed_at >= midnight, Ticket.closed_at <= now, Ticket.status.in_(("closed", "rated"))]
    if when == "rated_30d":
        return [
            Ticket.callback_at >= midnight - timedelta(days=29),
            Ticket.callback_at <= now,
            Ticket.satisfaction.is_not(None),
        ]
    return []


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
            Ticket.citizen_name,  # why: the summary is scrubbed with the ticket's own known name and address
            Ticket.address,
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
        name,
        address,
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
        scrub_text(summary, role, known=(name, address)),
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


def filter_options(session: Session) -> dict[str, list[tuple[str, ...]]]:
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
            Ticket.citizen_name,
            Ticket.address,
        )
        .join(Channel, Channel.code == Ticket.channel_code)
        .join(Category, Category.code == Ticket.category_code)
        .order_by(Ticket.created_at.desc(), Ticket.id.desc())
        .limit(limit)
    ).all()
    out = [
        (no, to_local(at).strftime("%m-%d %H:%M"), ch, chn, cat, st, scrub_text(s, role, known=(name, address)))
        for no, at, ch, chn, cat, st, s, name, address in rows
    ]
    return pd.DataFrame(
        out, columns=["ticket_no", "created_local", "channel", "channel_name", "category", "status", "text"]
    )


# one ticket (the drawer) lives beside this module; re-exported for its callers
