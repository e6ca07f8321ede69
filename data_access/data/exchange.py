"""Reads of the exchange log (data_exchange, one row per day, consumer and resource): the department-to-department
matrix and the ranking of who shares and who only takes."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from data_access.models import DataExchange, DataSource, Department
from data_access.worktime import local_day


def flows(session: Session, now: datetime, days: int = 30) -> pd.DataFrame:
    """Columns provider, provider_code, consumer, consumer_code, requests, rows over the last `days` local days."""
    since = local_day(now) - timedelta(days=days - 1)
    prov, cons = aliased(Department), aliased(Department)
    q = (
        select(prov.name, prov.code, cons.name, cons.code, func.sum(DataExchange.requests), func.sum(DataExchange.rows))
        .join(DataSource, DataSource.id == DataExchange.source_id)
        .join(prov, prov.id == DataSource.department_id)
        .join(cons, cons.id == DataExchange.consumer_id)
        .where(DataExchange.day >= since)
        .group_by(prov.name, prov.code, cons.name, cons.code)
    )
    cols = ["provider", "provider_code", "consumer", "consumer_code", "requests", "rows"]
    df = pd.DataFrame(session.execute(q).all(), columns=cols)
    df[["requests", "rows"]] = df[["requests", "rows"]].astype("int64")
    return df.sort_values(["provider_code", "consumer_code"]).reset_index(drop=True)


def ranking(session: Session, now: datetime, days: int = 30) -> pd.DataFrame:
    """Columns code, name, provided, consumed, only_takes: rows others took from a department, rows it took."""
    df = flows(session, now, days)
    cols = ["code", "name", "provided", "consumed", "only_takes"]
    if df.empty:
        return pd.DataFrame(columns=cols)
    p = df.groupby(["provider_code", "provider"])["rows"].sum()
    c = df.groupby(["consumer_code", "consumer"])["rows"].sum()
    names = {**dict(p.index), **dict(c.index)}
    provided = {code: int(n) for (code, _), n in p.items()}
    consumed = {code: int(n) for (code, _), n in c.items()}
    rows = [
        (code, names[code], provided.get(code, 0), consumed.get(code, 0), provided.get(code, 0) == 0)
        for code in sorted(names)
    ]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["provided", "consumed"], ascending=[False, False]).reset_index(drop=True)


def department_flows(session: Session, dept_code: str, now: datetime, days: int = 30) -> dict[str, pd.DataFrame]:
    """{consumers: who takes this department's data, uses: whose data it takes}, each by requests and rows."""
    df = flows(session, now, days)
    consumers = df[df["provider_code"] == dept_code][["consumer", "requests", "rows"]]
    uses = df[df["consumer_code"] == dept_code][["provider", "requests", "rows"]]
    return {
        "consumers": consumers.sort_values("rows", ascending=False).reset_index(drop=True),
        "uses": uses.sort_values("rows", ascending=False).reset_index(drop=True),
    }
