"""Daily emergency management reads: the duty roster (two 12-hour shifts a day, 08:00 and 20:00 local, each post's
people in rotation), handovers and whether the next shift acknowledged them, hazard sources and overdue inspections,
store stock below its minimum or near expiry. Staff names and phones go to seats only."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.masking import is_public, mask_phone
from data_access.models import DutyHandover, DutyRoster, GridArea, HazardSource, Resource, StoreItem
from data_access.worktime import LOCAL, local_day, to_local

SHIFT = timedelta(hours=12)
FIRST = timedelta(hours=8)  # the day shift starts at 08:00 local
POSTS = ("leader", "chief", "officer")  # 带班领导 / 值班长 / 值班员
EPOCH = datetime(2024, 1, 1) + FIRST - LOCAL  # shift 0 (UTC)


def shift_start(now: datetime) -> datetime:
    """The UTC start of the shift on duty at `now`."""
    n = (now - EPOCH) // SHIFT
    return EPOCH + n * SHIFT


def _index(start: datetime) -> int:
    return int((start - EPOCH) // SHIFT)


def roster(session: Session, now: datetime, *, role: str, shifts: int = 3) -> pd.DataFrame:
    """This shift and the next ones: starts_at, ends_at, post, person, phone (masked; public roles see neither)."""
    people: dict[str, list[tuple[str, str]]] = {p: [] for p in POSTS}
    for post, person, phone in session.execute(
        select(DutyRoster.post, DutyRoster.person, DutyRoster.phone).order_by(DutyRoster.post, DutyRoster.seq)
    ):
        people.setdefault(post, []).append((person, phone))
    start = shift_start(now)
    out = []
    for k in range(shifts):
        s0 = start + k * SHIFT
        i = _index(s0)
        for post in POSTS:
            staff = people.get(post) or []
            if not staff:
                continue
            person, phone = staff[i % len(staff)] if post != "officer" else staff[(2 * i) % len(staff)]
            shown = "" if is_public(role) else person
            out.append([s0, s0 + SHIFT, post, shown, mask_phone(phone, role) or ""])
    return pd.DataFrame(out, columns=["starts_at", "ends_at", "post", "person", "phone"])


def handovers(session: Session, now: datetime, *, role: str, limit: int = 6) -> pd.DataFrame:
    rows = session.execute(
        select(
            DutyHandover.event_id,
            DutyHandover.shift_start,
            DutyHandover.at,
            DutyHandover.by,
            DutyHandover.note,
            DutyHandover.acked_at,
            DutyHandover.acked_by,
        )
        .order_by(DutyHandover.at.desc())
        .limit(limit)
    ).all()
    pub = is_public(role)
    out = [
        [
            eid,
            start,
            at,
            "" if pub else by,
            "" if pub else note,
            acked,
            "" if pub or not ack_by else ack_by,
            acked is None and now - at > timedelta(minutes=30),
        ]
        for eid, start, at, by, note, acked, ack_by in rows
    ]
    return pd.DataFrame(out, columns=["event_id", "shift_start", "at", "by", "note", "acked_at", "acked_by", "late"])


def hazards(session: Session, now: datetime) -> pd.DataFrame:
    """Every hazard source with its next inspection and whether it is overdue, overdue first."""
    town = GridArea.__table__.alias("town")
    rows = session.execute(
        select(
            HazardSource.id,
            HazardSource.name,
            HazardSource.kind,
            HazardSource.level,
            town.c.name,
            HazardSource.lat,
            HazardSource.lon,
            HazardSource.inspect_days,
            HazardSource.last_inspected_on,
        )
        .outerjoin(town, town.c.code == HazardSource.town_code)
        .order_by(HazardSource.id)
    ).all()
    today = local_day(now)
    out = []
    for hid, name, kind, level, tname, lat, lon, every, last in rows:
        nxt = last + timedelta(days=every) if last else today
        out.append([hid, name, kind, level, tname or "", lat, lon, last, nxt, (today - nxt).days if nxt < today else 0])
    df = pd.DataFrame(
        out, columns=["id", "name", "kind", "level", "town", "lat", "lon", "last_inspected", "next_due", "days_overdue"]
    )
    return df.sort_values(["days_overdue", "level"], ascending=[False, True]).reset_index(drop=True)


def stores(session: Session, now: datetime) -> pd.DataFrame:
    """Store stock: below minimum, or expiring within 60 days, flagged."""
    rows = session.execute(
        select(
            Resource.name,
            StoreItem.name,
            StoreItem.unit,
            StoreItem.quantity,
            StoreItem.min_quantity,
            StoreItem.expires_on,
        )
        .join(Resource, Resource.id == StoreItem.resource_id)
        .order_by(Resource.id, StoreItem.id)
    ).all()
    today = local_day(now)
    out = [
        [store, item, unit, qty, minimum, exp, qty < minimum, exp is not None and (exp - today).days <= 60]
        for store, item, unit, qty, minimum, exp in rows
    ]
    return pd.DataFrame(
        out, columns=["store", "item", "unit", "quantity", "min_quantity", "expires_on", "low", "expiring"]
    )


def local_shift_label(start: datetime) -> str:
    a = to_local(start)
    return f"{a:%m-%d %H:%M}–{to_local(start + SHIFT):%H:%M}"
