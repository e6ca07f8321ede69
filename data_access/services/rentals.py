"""一户一码 on the data layer: a rental unit's public plate page (what residents may see: no occupancy, no names),
the tenant register (move-in and move-out by the landlord or the grid worker; full for them, masked for the seats,
absent for everyone else), the grid workers' checks, and statistics per community."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.errors import WriteError
from data_access.masking import mask_id_no, mask_name, mask_phone
from data_access.models import GridArea, RentalCheck, RentalTenant, RentalUnit
from data_access.roles import SEAT_ROLES, TENANT_ROLES
from data_access.worktime import to_local

NAME_RE = re.compile(r"^[\u4e00-\u9fff·]{2,10}$|^[A-Za-z][A-Za-z .'-]{1,39}$")
PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
ID_RE = re.compile(r"^\d{17}[\dX]$")
REGISTER_DAYS = 3  # 人来登记: within three days of moving in
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_checksum_ok(id_no: str) -> bool:
    if not ID_RE.match(id_no):
        return False
    total = sum(int(c) * w for c, w in zip(id_no[:17], ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == id_no[17]


def _community(session: Session, area_code: str | None) -> str:
    if not area_code:
        return ""
    return session.scalar(select(GridArea.name).where(GridArea.code == area_code[:12])) or ""


def public_unit(session: Session, unit_id: int, now: datetime) -> dict | None:
    """What the plate shows anyone: building, unit, community, the last grid check's date. Never who lives there,
    nor whether anyone does (a vacant flat is nobody's business on a stairwell)."""
    u = session.get(RentalUnit, unit_id)
    if u is None:
        return None
    last = session.scalar(select(func.max(RentalCheck.at)).where(RentalCheck.unit_id == unit_id))
    return dict(
        id=u.id,
        building=u.building,
        unit_no=u.unit_no,
        community=_community(session, u.area_code),
        last_check=to_local(last).date() if last else None,
    )


def register(session: Session, unit_id: int, role: str) -> list[dict]:
    """The unit's tenants, newest first: full for the landlord and the grid worker, masked for the seats, [] else."""
    if role not in TENANT_ROLES and role not in SEAT_ROLES:
        return []
    full = role in TENANT_ROLES
    rows = session.scalars(
        select(RentalTenant).where(RentalTenant.unit_id == unit_id).order_by(RentalTenant.moved_in_on.desc())
    ).all()
    return [
        dict(
            id=r.id,
            name=r.name if full else mask_name(r.name, role),
            phone=r.phone if full else mask_phone(r.phone, role),
            id_no=r.id_no if full else mask_id_no(r.id_no, role),
            people=r.people,
            moved_in_on=r.moved_in_on,
            moved_out_on=r.moved_out_on,
            active=r.moved_out_on is None,
        )
        for r in rows
    ]


def move_in(
    session: Session,
    unit_id: int,
    name: str,
    phone: str,
    id_no: str,
    people: int,
    moved_in_on: date,
    by: str,
    now: datetime,
) -> int:
    """Register a household moving in; the unit must have no active household. Returns the record id."""
    if session.get(RentalUnit, unit_id) is None:
        raise WriteError("no such unit")
    name, phone, id_no = name.strip(), phone.strip().replace(" ", ""), id_no.strip().upper()
    if not NAME_RE.match(name):
        raise WriteError("rent_bad_name")
    if not PHONE_RE.match(phone):
        raise WriteError("rent_bad_phone")
    if not id_checksum_ok(id_no):
        raise WriteError("rent_bad_id")
    if not 1 <= people <= 10:
        raise WriteError("rent_bad_people")
    today = to_local(now).date()
    if not today - timedelta(days=366) <= moved_in_on <= today:
        raise WriteError("rent_bad_date")
    active = session.scalar(
        select(func.count())
        .select_from(RentalTenant)
        .where(RentalTenant.unit_id == unit_id, RentalTenant.moved_out_on.is_(None))
    )
    if active:
        raise WriteError("rent_occupied")
    t = RentalTenant(
        unit_id=unit_id,
        name=name,
        phone=phone,
        id_no=id_no,
        people=people,
        moved_in_on=moved_in_on,
        registered_at=now,
        registered_by=by[:40],
    )
    session.add(t)
    u = session.get(RentalUnit, unit_id)
    assert u is not None
    u.occupied = True
    session.flush()
    return t.id


def move_out(session: Session, unit_id: int, tenant_id: int, on: date, by: str, now: datetime) -> None:
    """人走注销: close the household's record; the unit becomes vacant."""
    t = session.get(RentalTenant, tenant_id)
    if t is None or t.unit_id != unit_id or t.moved_out_on is not None:
        raise WriteError("rent_no_tenant")
    if not t.moved_in_on <= on <= to_local(now).date():
        raise WriteError("rent_bad_date")
    t.moved_out_on, t.moved_out_by = on, by[:40]
    u = session.get(RentalUnit, unit_id)
    assert u is not None
    u.occupied = False
    session.flush()


def check(session: Session, unit_id: int, matches: bool, note: str, by: str, now: datetime) -> None:
    if session.get(RentalUnit, unit_id) is None:
        raise WriteError("no such unit")
    if len(note) > 200:
        raise WriteError("rent_bad_note")
    session.add(RentalCheck(unit_id=unit_id, at=now, by=by[:40], matches=matches, note=note.strip()))
    session.flush()


def report_fake(session: Session, unit_id: int, text: str, phone: str, now: datetime) -> str:
    """A fake or revoked rental plate reported from its page -> a 12345 ticket (保障性住房, channel 一户一码)."""
    import uuid

    from data_access import events as ev
    from data_access.services.shops import ensure_channels
    from data_access.writes import apply

    u = session.get(RentalUnit, unit_id)
    if u is None:
        raise WriteError("no such unit")
    if len(text) > 500:
        raise WriteError("a complaint is at most 500 characters")
    ensure_channels(session)
    key = uuid.uuid4().hex
    no = f"PR{to_local(now):%Y%m%d}{key[:8].upper()}"
    body = "举报假冒或已作废的一户一码门牌。" + text.strip()
    apply(
        session,
        [
            ev.TicketCreated(
                event_id=f"rentalcode:{key}",
                ticket_no=no,
                stream="hotline",
                channel="rental_code",
                category="H0303",
                summary=f"{u.building}：{body}"[:60],
                content=f"【一户一码】{u.building}\n{body}",
                at=now,
                area_code=u.area_code,
                town_code=u.area_code[:9] if u.area_code else None,
                lat=u.lat,
                lon=u.lon,
                address=u.building,
                citizen_phone=phone or None,
                actor="rental_code",
                simulated=False,
            )
        ],
    )
    return no


def unregistered_units(session: Session) -> set[int]:
    """Units the housing ledger marks occupied with nobody registered (登记逾期)."""
    active = set(session.scalars(select(RentalTenant.unit_id).where(RentalTenant.moved_out_on.is_(None))))
    occupied = set(session.scalars(select(RentalUnit.id).where(RentalUnit.occupied.is_(True))))
    return occupied - active


def community_stats(session: Session, now: datetime) -> pd.DataFrame:
    """Per community: units, occupied (an active registration), vacant, overdue (the housing ledger says someone
    lives there but nobody is registered), checked in the last 30 days, checks that found a mismatch.

    Columns: community, units, occupied, vacant, overdue, checked_30d, mismatches."""
    units = session.execute(select(RentalUnit.id, RentalUnit.area_code, RentalUnit.occupied)).all()
    cols = ["community", "units", "occupied", "vacant", "overdue", "checked_30d", "mismatches"]
    if not units:
        return pd.DataFrame(columns=cols)
    active = set(session.scalars(select(RentalTenant.unit_id).where(RentalTenant.moved_out_on.is_(None))))
    since = now - timedelta(days=30)
    checks = session.execute(select(RentalCheck.unit_id, RentalCheck.matches).where(RentalCheck.at >= since)).all()
    checked = {u for u, _ in checks}
    mismatched = {u for u, m in checks if not m}
    names = dict(
        session.execute(
            select(GridArea.code, GridArea.name).where(GridArea.code.in_({(a or "")[:12] for _, a, _ in units}))
        ).all()
    )
    df = pd.DataFrame(
        [
            (
                names.get((a or "")[:12], "-"),
                uid in active,
                bool(occ) and uid not in active,
                uid in checked,
                uid in mismatched,
            )
            for uid, a, occ in units
        ],
        columns=["community", "occupied", "overdue", "checked", "mismatch"],
    )
    g = df.groupby("community")
    out = pd.DataFrame(
        {
            "units": g.size(),
            "occupied": g["occupied"].sum(),
            "overdue": g["overdue"].sum(),
            "checked_30d": g["checked"].sum(),
            "mismatches": g["mismatch"].sum(),
        }
    ).reset_index()
    out["vacant"] = out["units"] - out["occupied"] - out["overdue"]
    for c in cols[1:]:
        out[c] = out[c].astype(int)
    return out[cols].sort_values("units", ascending=False).reset_index(drop=True)
