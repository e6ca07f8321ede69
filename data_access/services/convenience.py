"""便民服务 on the data layer: the mini-program's usage (bills paid, bus queries, appointments...) per day, service
and town, from its usage feed. Rollups only: no person is in this feed."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.models import GridArea, ServiceUsage
from data_access.worktime import to_local
from data_access.writes.convenience import SERVICES

# service -> group (the catalogue's sections); names are in web/i18n/services.py (conv_svc_<service>)
GROUPS = {
    "water_bill": "bills",
    "power_bill": "bills",
    "gas_bill": "bills",
    "bus": "travel",
    "tourism": "travel",
    "fund": "affairs",
    "social": "affairs",
    "guide": "affairs",
    "hospital": "health",
}


def trend(session: Session, now: datetime, days: int = 30) -> pd.DataFrame:
    """Columns day, service, n: the county's uses per day and service over the last `days` local days."""
    today = to_local(now).date()
    rows = session.execute(
        select(ServiceUsage.day, ServiceUsage.service, func.sum(ServiceUsage.n))
        .where(ServiceUsage.day > today - timedelta(days=days), ServiceUsage.day <= today)
        .group_by(ServiceUsage.day, ServiceUsage.service)
        .order_by(ServiceUsage.service, ServiceUsage.day)
    ).all()
    return pd.DataFrame([(d, s, int(n)) for d, s, n in rows], columns=["day", "service", "n"])


def today_by_service(session: Session, now: datetime) -> pd.DataFrame:
    """Columns service, group, n, yesterday: today's running totals and yesterday's whole day."""
    today = to_local(now).date()
    rows = dict(
        session.execute(
            select(ServiceUsage.service, func.sum(ServiceUsage.n))
            .where(ServiceUsage.day == today)
            .group_by(ServiceUsage.service)
        ).all()
    )
    prev = dict(
        session.execute(
            select(ServiceUsage.service, func.sum(ServiceUsage.n))
            .where(ServiceUsage.day == today - timedelta(days=1))
            .group_by(ServiceUsage.service)
        ).all()
    )
    return pd.DataFrame(
        [(s, GROUPS[s], int(rows.get(s) or 0), int(prev.get(s) or 0)) for s in SERVICES],
        columns=["service", "group", "n", "yesterday"],
    )


def by_town(session: Session, now: datetime, days: int = 7) -> pd.DataFrame:
    """Columns town, name, n: uses per town over the last `days` local days, most first."""
    today = to_local(now).date()
    rows = session.execute(
        select(ServiceUsage.town_code, GridArea.name, func.sum(ServiceUsage.n))
        .outerjoin(GridArea, GridArea.code == ServiceUsage.town_code)
        .where(ServiceUsage.day > today - timedelta(days=days))
        .group_by(ServiceUsage.town_code, GridArea.name)
    ).all()
    df = pd.DataFrame([(c, n or c, int(v)) for c, n, v in rows], columns=["town", "name", "n"])
    return df.sort_values("n", ascending=False).reset_index(drop=True)
