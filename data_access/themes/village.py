"""Digital village reads (/theme/village): villages (level 3 of the grid) with their tickets and cameras, 三务公开
(party, village-affairs and finance disclosure) per quarter, 灵武长枣 orchards, and canal irrigation: each village's
draw against its allocation for the season, projected to the season's end (the analysis: who will overrun).

Seasons (Ningxia Yellow River irrigation): summer 04-20 .. 09-30 (80 % of the yearly allocation), winter 冬灌
10-15 .. 11-25 (20 %). Out of season the page shows the last season, closed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.models import Camera, GridArea, IrrigationUse, Ticket, VillageDisclosure, VillageProfile
from data_access.worktime import local_day

SEASONS = (("summer", (4, 20), (9, 30), 0.8), ("winter", (10, 15), (11, 25), 0.2))
AMBER, RED = 0.95, 1.05  # projected share of the allocation that turns a village amber / red
RECENT_DAYS = 14  # the pace a projection extends
KINDS = ("party", "affairs", "finance")
# 灵武长枣 through the year: the growth stage by local month
STAGES = {1: "dormant", 2: "dormant", 3: "dormant", 4: "budding", 5: "flowering", 6: "flowering", 7: "fruit_set",
          8: "swelling", 9: "ripening", 10: "harvest", 11: "dormant", 12: "dormant"}  # fmt: skip


def season(today: date) -> tuple[str, date, date, float, bool]:
    """The season in progress, else the last one: (name, first day, last day, share of the quota, running)."""
    candidates = []
    for year in (today.year - 1, today.year):
        for name, (m0, d0), (m1, d1), share in SEASONS:
            start, end = date(year, m0, d0), date(year, m1, d1)
            if start <= today:
                candidates.append((start, name, end, share))
    start, name, end, share = max(candidates)
    return name, start, end, share, today <= end


def _names(session: Session, level: int) -> dict[str, str]:
    return dict(session.execute(select(GridArea.code, GridArea.name).where(GridArea.level == level)).all())


def irrigation(session: Session, now: datetime) -> pd.DataFrame:
    """Columns code, name, canal, allocated, used, projected, share, projected_share, state (ok | amber | red):
    each village's draw this season (or the last one) against its allocation, projected to the season's end at
    its pace of the last 14 days; amber from 95 % projected, red from 105 %."""
    cols = ["code", "name", "canal", "allocated", "used", "projected", "share", "projected_share", "state"]
    today = local_day(now)
    _name, start, end, part, running = season(today)
    last = min(today, end)
    profiles = list(session.scalars(select(VillageProfile).order_by(VillageProfile.code)))
    if not profiles:
        return pd.DataFrame(columns=cols)
    used = dict(
        session.execute(
            select(IrrigationUse.code, func.sum(IrrigationUse.m3))
            .where(IrrigationUse.day >= start, IrrigationUse.day <= last)
            .group_by(IrrigationUse.code)
        ).all()
    )
    recent_from = max(start, last - timedelta(days=RECENT_DAYS - 1))
    recent = dict(
        session.execute(
            select(IrrigationUse.code, func.sum(IrrigationUse.m3))
            .where(IrrigationUse.day >= recent_from, IrrigationUse.day <= last)
            .group_by(IrrigationUse.code)
        ).all()
    )
    names = _names(session, 3)
    remaining = (end - last).days if running else 0
    window = (last - recent_from).days + 1
    out = []
    for p in profiles:
        allocated = p.quota_m3 * part
        u = float(used.get(p.code) or 0)
        projected = u + float(recent.get(p.code) or 0) / window * remaining
        share = u / allocated if allocated else float("nan")
        pshare = projected / allocated if allocated else float("nan")
        state = "red" if pshare >= RED else "amber" if pshare >= AMBER else "ok"
        out.append(
            {"code": p.code, "name": names.get(p.code, p.code), "canal": p.canal, "allocated": round(allocated),
             "used": round(u), "projected": round(projected), "share": round(100 * share, 1),
             "projected_share": round(100 * pshare, 1), "state": state}
        )  # fmt: skip
    return pd.DataFrame(out, columns=cols)


def latest_period(now: datetime) -> str:
    """The latest quarter whose disclosures are due by now (due ten days after the quarter ends)."""
    d = local_day(now)
    q = (d.month - 1) // 3 + 1  # the quarter running now
    year, q = (d.year, q - 1) if q > 1 else (d.year - 1, 4)  # the last quarter that ended
    end_next = date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 10)
    if d < end_next:  # not due yet: the one before
        year, q = (year, q - 1) if q > 1 else (year - 1, 4)
    return f"{year}Q{q}"


def disclosures(session: Session, now: datetime, period: str | None = None) -> pd.DataFrame:
    """Columns code, name, party, affairs, finance (on_time | late | missing each), state (the worst): 三务公开
    of the latest period due (a disclosure published after now is not published yet)."""
    period = period or latest_period(now)
    rows = session.execute(
        select(
            VillageDisclosure.code, VillageDisclosure.kind, VillageDisclosure.due_at, VillageDisclosure.published_at
        ).where(VillageDisclosure.period == period)
    ).all()
    names = _names(session, 3)
    by: dict[str, dict[str, str]] = {}
    for code, kind, due, published in rows:
        state = "missing" if published is None or published > now else "on_time" if published <= due else "late"
        by.setdefault(code, {})[kind] = state
    rank = {"on_time": 0, "late": 1, "missing": 2}
    out = []
    for code, kinds in sorted(by.items()):
        worst = max((kinds.get(k, "missing") for k in KINDS), key=rank.__getitem__)
        out.append({"code": code, "name": names.get(code, code), **{k: kinds.get(k, "missing") for k in KINDS},
                    "state": worst, "period": period})  # fmt: skip
    return pd.DataFrame(out, columns=["code", "name", *KINDS, "state", "period"])


def villages(session: Session, now: datetime) -> pd.DataFrame:
    """Columns code, name, town, households, population, tickets (30 days), village_affairs (村居事务 of them),
    cameras, cameras_online, jujube_mu: every village."""
    cols = ["code", "name", "town", "households", "population", "tickets", "village_affairs", "cameras",
            "cameras_online", "jujube_mu", "lat", "lon"]  # fmt: skip
    profiles = list(session.scalars(select(VillageProfile).order_by(VillageProfile.code)))
    names, towns = _names(session, 3), _names(session, 2)
    where = {
        c: (la, lo)
        for c, la, lo in session.execute(select(GridArea.code, GridArea.lat, GridArea.lon).where(GridArea.level == 3))
    }
    tickets: dict[str, list[int]] = {}
    q = (
        select(Ticket.area_code, Ticket.category_code, func.count())
        .where(Ticket.created_at >= now - timedelta(days=30))
        .group_by(Ticket.area_code, Ticket.category_code)
    )
    for area, cat, n in session.execute(q):
        t = tickets.setdefault((area or "")[:12], [0, 0])
        t[0] += n
        t[1] += n if cat == "H1101" else 0
    cams: dict[str, list[int]] = {}
    for area, online, n in session.execute(
        select(Camera.area_code, Camera.online, func.count())
        .where(Camera.kind == "village")
        .group_by(Camera.area_code, Camera.online)
    ):
        c = cams.setdefault((area or "")[:12], [0, 0])
        c[0] += n
        c[1] += n if online else 0
    out = []
    for p in profiles:
        t, c = tickets.get(p.code, [0, 0]), cams.get(p.code, [0, 0])
        out.append(
            {"code": p.code, "name": names.get(p.code, p.code), "town": towns.get(p.code[:9], ""),
             "households": p.households, "population": p.population, "tickets": t[0], "village_affairs": t[1],
             "cameras": c[0], "cameras_online": c[1], "jujube_mu": p.jujube_mu, "lat": where.get(p.code, (0, 0))[0],
             "lon": where.get(p.code, (0, 0))[1]}
        )  # fmt: skip
    return pd.DataFrame(out, columns=cols)


def jujube(session: Session, now: datetime) -> dict:
    """{mu, villages, expected_t, stage}: 灵武长枣 orchards: area (亩), villages growing it, expected output (t),
    the growth stage this month."""
    rows = session.execute(select(VillageProfile.jujube_mu, VillageProfile.jujube_kg_per_mu)).all()
    mu = sum(m for m, _ in rows)
    return {
        "mu": round(mu),
        "villages": sum(1 for m, _ in rows if m >= 60),
        "expected_t": round(sum(m * k for m, k in rows) / 1000),
        "stage": STAGES[local_day(now).month],
    }


def overview(session: Session, now: datetime) -> dict:
    """Everything the village page shows (no personal data)."""
    name, start, end, _share, running = season(local_day(now))
    return {
        "villages": villages(session, now),
        "irrigation": irrigation(session, now),
        "season": {"name": name, "start": start, "end": end, "running": running},
        "disclosures": disclosures(session, now),
        "jujube": jujube(session, now),
    }
