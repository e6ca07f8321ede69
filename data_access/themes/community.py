"""Smart community reads (/theme/community): communities and their grids with 人、地、物、情、事、组织 counts, the
elderly living alone on the care watch list against the care rule, their check-on visits and the rule's false-alarm
rate, door-access events and the community's tickets.

The care rule: no water used and no door access for 24 hours flags a resident for a check-on visit.
Identity (name, phone, address) is shown in full only to the staff of the resident's own community; other seats
see it masked (张**, 138****1234, no house number); the wall, visitors and anyone not signed in never get it: a
resident is "独居老人 3" of a community there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access import accounts
from data_access.masking import is_public, mask_address, mask_name, mask_phone
from data_access.models import (
    AppUser,
    Camera,
    CareCheck,
    Community,
    CommunityStaff,
    ElderResident,
    GridArea,
    RentalUnit,
    ResidentActivity,
    Ticket,
)
from data_access.worktime import local_day

RULE = timedelta(hours=24)
STATS_DAYS = 90
FALSE_ALARMS = ("safe", "away")
DEMO_STAFF = (("grid1", "社区网格员（新民社区）", 0),)  # username, display name, index of the community


@dataclass(frozen=True)
class Viewer:
    """Who reads: their role and the communities they work for (empty for everyone but community staff)."""

    role: str
    communities: frozenset[str] = frozenset()

    def sees(self, community: str) -> bool:
        return not is_public(self.role) and community in self.communities


def staff_of(session: Session, username: str | None) -> frozenset[str]:
    """The communities `username` works for."""
    if not username:
        return frozenset()
    q = select(CommunityStaff.community_code).where(CommunityStaff.username == username)
    return frozenset(session.scalars(q))


def viewer(session: Session, username: str | None, role: str) -> Viewer:
    return Viewer(role, staff_of(session, username) if not is_public(role) else frozenset())


def ensure_demo_staff(session: Session) -> int:
    """Demo community workers (simulator mode): a user per DEMO_STAFF row, staff of that community; returns how many
    users were added."""
    codes = list(session.scalars(select(Community.code).order_by(Community.code)))
    added = 0
    for username, display, k in DEMO_STAFF:
        if k >= len(codes):
            continue
        if session.scalars(select(AppUser.id).where(AppUser.username == username)).first() is None:
            accounts.create_user(session, username, accounts.DEMO_PASSWORD, "officer", display_name=display)
            added += 1
        if session.get(CommunityStaff, (username, codes[k])) is None:
            session.add(CommunityStaff(username=username, community_code=codes[k]))
    session.flush()
    return added


def _names(session: Session, codes: list[str]) -> dict[str, str]:
    return dict(session.execute(select(GridArea.code, GridArea.name).where(GridArea.code.in_(codes))).all())


def communities(session: Session, now: datetime) -> pd.DataFrame:
    """Columns code, name, grids, people, land, things, sentiment, events, organisations, households, elders:
    每个社区的 人 (residents), 地 (houses and places), 物 (facilities, cameras, rental units), 情 (12345 requests in
    30 days), 事 (city-management cases in 30 days), 组织 (organisations), plus its grid cells and watched elderly."""
    cols = ["code", "name", "grids", "people", "land", "things", "sentiment", "events", "organisations", "households",
            "elders"]  # fmt: skip
    rows = list(session.scalars(select(Community).order_by(Community.code)))
    if not rows:
        return pd.DataFrame(columns=cols)
    codes = [c.code for c in rows]
    names = _names(session, codes)
    since = now - timedelta(days=30)

    def per_prefix(q) -> dict[str, int]:
        out: dict[str, int] = {}
        for code, n in session.execute(q):
            if code:
                out[code[:12]] = out.get(code[:12], 0) + n
        return out

    grids = per_prefix(select(GridArea.code, func.count()).where(GridArea.level == 4).group_by(GridArea.code))
    cams = per_prefix(select(Camera.area_code, func.count()).group_by(Camera.area_code))
    rentals = per_prefix(select(RentalUnit.area_code, func.count()).group_by(RentalUnit.area_code))
    tickets = {
        stream: per_prefix(
            select(Ticket.area_code, func.count())
            .where(Ticket.stream == stream, Ticket.created_at >= since)
            .group_by(Ticket.area_code)
        )
        for stream in ("hotline", "cm")
    }
    elders = dict(
        session.execute(select(ElderResident.community_code, func.count()).group_by(ElderResident.community_code)).all()
    )
    out = []
    for c in rows:
        out.append(
            {"code": c.code, "name": names.get(c.code, c.code), "grids": grids.get(c.code, 0), "people": c.residents,
             "land": c.houses + c.places, "things": c.facilities + cams.get(c.code, 0) + rentals.get(c.code, 0),
             "sentiment": tickets["hotline"].get(c.code, 0), "events": tickets["cm"].get(c.code, 0),
             "organisations": c.organisations, "households": c.households, "elders": elders.get(c.code, 0)}
        )  # fmt: skip
    return pd.DataFrame(out, columns=cols)


def flagged(
    last_water: datetime | None, last_door: datetime | None, now: datetime, visited: datetime | None = None
) -> bool:
    """The care rule: neither water nor a door access for RULE (never seen counts as silent); a visit (a check
    closed) counts as seen."""
    return all(at is None or now - at >= RULE for at in (last_water, last_door, visited))


def last_visits(session: Session) -> dict[int, datetime]:
    """Each resident's latest closed check-on visit."""
    q = select(CareCheck.resident_id, func.max(CareCheck.closed_at)).where(CareCheck.status == "closed")
    return {rid: at for rid, at in session.execute(q.group_by(CareCheck.resident_id)) if at is not None}


WATCH_COLUMNS = ["id", "community", "community_name", "who", "phone", "address", "age", "hours_water", "hours_door",
                 "flagged", "check", "check_at", "identified"]  # fmt: skip


def watch(session: Session, now: datetime, who: Viewer, community: str | None = None) -> pd.DataFrame:
    """The watch list (WATCH_COLUMNS), flagged and open checks first: identity by `who` (see the module docstring);
    `check` is the open check's event id; `identified` whether the row carries the real identity."""
    q = select(ElderResident).order_by(ElderResident.community_code, ElderResident.id)
    if community:
        q = q.where(ElderResident.community_code == community)
    residents = list(session.scalars(q))
    names = _names(session, sorted({r.community_code for r in residents}))
    open_checks = dict(
        session.execute(select(CareCheck.resident_id, CareCheck.event_id).where(CareCheck.status == "open")).all()
    )
    visited = last_visits(session)
    open_at = dict(
        session.execute(select(CareCheck.resident_id, CareCheck.raised_at).where(CareCheck.status == "open")).all()
    )
    seq: dict[str, int] = {}
    out = []
    year = local_day(now).year
    for r in residents:
        seq[r.community_code] = seq.get(r.community_code, 0) + 1
        cname = names.get(r.community_code, r.community_code)
        full = who.sees(r.community_code)
        label: str | None
        phone: str | None
        address: str | None
        if full:
            label, phone, address = r.name, r.phone, r.address
        elif is_public(who.role):
            label, phone, address = f"独居老人 {seq[r.community_code]}", None, cname
        else:
            label, phone, address = (
                mask_name(r.name, "officer"),
                mask_phone(r.phone, "officer"),
                mask_address(r.address, "officer"),
            )
        out.append(
            {"id": r.id, "community": r.community_code, "community_name": cname, "who": label, "phone": phone,
             "address": address, "age": year - r.birth_year,
             "hours_water": None if r.last_water_at is None else round((now - r.last_water_at).total_seconds() / 3600, 1),
             "hours_door": None if r.last_door_at is None else round((now - r.last_door_at).total_seconds() / 3600, 1),
             "flagged": flagged(r.last_water_at, r.last_door_at, now, visited.get(r.id)), "check": open_checks.get(r.id),
             "check_at": open_at.get(r.id), "identified": full}
        )  # fmt: skip
    df = pd.DataFrame(out, columns=WATCH_COLUMNS)
    if df.empty:
        return df
    df["o"] = (~df["check"].isna()).astype(int) * 2 + df["flagged"].astype(int)
    return (
        df.sort_values(["o", "community", "id"], ascending=[False, True, True]).drop(columns="o").reset_index(drop=True)
    )


def care_stats(session: Session, now: datetime, days: int = STATS_DAYS) -> dict:
    """{raised, closed, open, false_alarms, helped, false_rate (None without closed checks), median_hours}: the
    check-on visits raised in the last `days` days; false alarms are checks closed safe or away."""
    rows = session.execute(
        select(CareCheck.status, CareCheck.outcome, CareCheck.raised_at, CareCheck.closed_at).where(
            CareCheck.raised_at >= now - timedelta(days=days)
        )
    ).all()
    closed = [r for r in rows if r.status == "closed"]
    false = sum(1 for r in closed if r.outcome in FALSE_ALARMS)
    hours = sorted((r.closed_at - r.raised_at).total_seconds() / 3600 for r in closed if r.closed_at)
    return {
        "raised": len(rows),
        "closed": len(closed),
        "open": len(rows) - len(closed),
        "false_alarms": false,
        "helped": sum(1 for r in closed if r.outcome == "helped"),
        "false_rate": (100.0 * false / len(closed)) if closed else None,
        "median_hours": hours[len(hours) // 2] if hours else None,
    }


def access_events(session: Session, now: datetime, who: Viewer, limit: int = 12) -> pd.DataFrame:
    """Columns at, community_name, who, kind: the latest door accesses (and hours of water use) of the watched,
    identity by `who`."""
    rows = session.execute(
        select(ResidentActivity.at, ResidentActivity.kind, ElderResident.community_code, ElderResident.name,
               ElderResident.id)
        .join(ElderResident, ElderResident.id == ResidentActivity.resident_id)
        .where(ResidentActivity.kind == "door", ResidentActivity.at <= now, ResidentActivity.at >= now - timedelta(days=2))
        .order_by(ResidentActivity.at.desc())
        .limit(limit)
    ).all()  # fmt: skip
    names = _names(session, sorted({r[2] for r in rows}))
    out = []
    for at, kind, code, name, rid in rows:
        label = name if who.sees(code) else ("—" if is_public(who.role) else mask_name(name, "officer"))
        out.append({"at": at, "community_name": names.get(code, code), "who": label, "kind": kind, "id": rid})
    return pd.DataFrame(out, columns=["at", "community_name", "who", "kind", "id"])


def tickets_by_channel(session: Session, now: datetime) -> pd.DataFrame:
    """Columns code, name, hotline, grid: each community's 12345 requests and grid workers' reports (30 days)."""
    codes = list(session.scalars(select(Community.code).order_by(Community.code)))
    names = _names(session, codes)
    counts = {c: {"hotline": 0, "grid": 0} for c in codes}
    q = (
        select(Ticket.area_code, Ticket.stream, Ticket.channel_code, func.count())
        .where(Ticket.created_at >= now - timedelta(days=30))
        .group_by(Ticket.area_code, Ticket.stream, Ticket.channel_code)
    )
    for area, stream, channel, n in session.execute(q):
        code = (area or "")[:12]
        if code in counts:
            if channel == "inspector":
                counts[code]["grid"] += n
            elif stream == "hotline":
                counts[code]["hotline"] += n
    return pd.DataFrame(
        [{"code": c, "name": names.get(c, c), **counts[c]} for c in codes], columns=["code", "name", "hotline", "grid"]
    )


def resident_community(session: Session, resident_id: int) -> str | None:
    r = session.get(ElderResident, resident_id)
    return r.community_code if r else None


def check_of(session: Session, event_id: str) -> CareCheck | None:
    return session.scalars(select(CareCheck).where(CareCheck.event_id == event_id)).first()
