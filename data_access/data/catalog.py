"""Reads of the data foundation's catalogue: resources with their scores (kept by each sync, never computed from
records here), one resource's schema, checks, sync history, trend and masked records, departments, vital signs.
Records leave this module masked by role (data_access/masking.py): public roles never receive sensitive fields."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from data_access import masking
from data_access.data import checks as qc
from data_access.models import (
    DataExchange,
    DataField,
    DataRecord,
    DataSource,
    Department,
    QualityCheck,
    QualityScore,
    RecordFailure,
    Rectification,
    SyncRun,
)
from data_access.worktime import LOCAL, local_day

SHARE_CLASSES = ("unconditional", "conditional", "none")
OPEN_CLASSES = ("open", "conditional", "closed")
CADENCES = ("realtime", "hourly", "daily", "monthly")
STATUSES = ("fresh", "stale", "empty", "low")  # what the catalogue filters on besides its columns
LOW_SCORE = 90.0
COLUMNS = [
    "id", "name", "description", "dept_id", "dept_code", "department", "cadence", "records", "last_sync_at", "format",
    "share_class", "open_class", "tags", "sampled", "completeness", "accuracy", "usability", "fresh", "score",
    "status",
]  # fmt: skip


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _base() -> Select:
    return select(
        DataSource.id,
        DataSource.name,
        DataSource.description,
        DataSource.department_id,
        Department.code,
        Department.name,
        DataSource.cadence,
        DataSource.records,
        DataSource.last_sync_at,
        DataSource.format,
        DataSource.share_class,
        DataSource.open_class,
        DataSource.tags,
        DataSource.sampled,
        DataSource.q_completeness,
        DataSource.q_accuracy,
        DataSource.q_usability,
    ).join(Department, Department.id == DataSource.department_id, isouter=True)


def _status(records: int, last: datetime | None, fresh: bool, score: float) -> str:
    if not records and last is None:
        return "empty"
    if not fresh:
        return "stale"
    return "low" if score < LOW_SCORE else "fresh"


def _frame(rows, now: datetime) -> pd.DataFrame:
    out = []
    for r in rows:
        (sid, name, desc, dept_id, code, dept, cad, n, last, fmt, share, open_, tags, sampled, c, a, u) = r
        fresh = qc.fresh(cad, last, now)
        score = qc.overall(c, a, u, fresh)
        out.append(
            (sid, name, desc or "", dept_id, code, dept, cad, int(n or 0), last, fmt or "", share or "", open_ or "",
             tags or "", bool(sampled), c, a, u, fresh, score, _status(int(n or 0), last, fresh, score))
        )  # fmt: skip
    return pd.DataFrame(out, columns=COLUMNS)


def catalogue(
    session: Session,
    now: datetime,
    *,
    q: str = "",
    dept: str | None = None,
    share: str | None = None,
    cadence: str | None = None,
    status: str | None = None,
) -> pd.DataFrame:
    """The catalogue's resources (COLUMNS), searched by name, description and tags, and filtered."""
    stmt = _base()
    if q:
        pat = _like(q)
        stmt = stmt.where(
            or_(
                DataSource.name.like(pat, escape="\\"),
                DataSource.description.like(pat, escape="\\"),
                DataSource.tags.like(pat, escape="\\"),
                Department.name.like(pat, escape="\\"),
            )
        )
    if dept:
        stmt = stmt.where(Department.code == dept)
    if share:
        stmt = stmt.where(DataSource.share_class == share)
    if cadence:
        stmt = stmt.where(DataSource.cadence == cadence)
    df = _frame(session.execute(stmt.order_by(DataSource.id)).all(), now)
    if status:
        df = df[df["status"] == status].reset_index(drop=True)
    return df


def resource(session: Session, source_id: int, now: datetime) -> dict | None:
    """One resource's row (a dict of COLUMNS), or None."""
    df = _frame(session.execute(_base().where(DataSource.id == source_id)).all(), now)
    return None if df.empty else df.iloc[0].to_dict()


def fields(session: Session, source_id: int) -> pd.DataFrame:
    q = (
        select(DataField.name, DataField.label, DataField.type, DataField.required, DataField.sensitive)
        .where(DataField.source_id == source_id)
        .order_by(DataField.position)
    )
    return pd.DataFrame(session.execute(q).all(), columns=["name", "label", "type", "required", "sensitive"])


def source_checks(session: Session, source_id: int, now: datetime) -> pd.DataFrame:
    """Columns id, code, dimension, rule, fields, checked, failed, score (freshness: 100 or 0 now)."""
    src = session.get(DataSource, source_id)
    q = (
        select(
            QualityCheck.id,
            QualityCheck.code,
            QualityCheck.dimension,
            QualityCheck.rule,
            QualityCheck.fields,
            QualityCheck.checked,
            QualityCheck.failed,
        )
        .where(QualityCheck.source_id == source_id)
        .order_by(QualityCheck.id)
    )
    rows = []
    for cid, code, dim, rule, flds, checked, failed in session.execute(q):
        score: float | None
        if rule == "freshness":
            ok = src is not None and qc.fresh(src.cadence, src.last_sync_at, now)
            checked, failed, score = 1, 0 if ok else 1, 100.0 if ok else 0.0
        else:
            score = qc.dimension_score([(checked, failed)])
        rows.append((cid, code, dim, rule, flds, checked, failed, score))
    return pd.DataFrame(rows, columns=["id", "code", "dimension", "rule", "fields", "checked", "failed", "score"])


def sync_history(session: Session, source_id: int, limit: int = 20) -> pd.DataFrame:
    q = (
        select(
            SyncRun.started_at,
            SyncRun.at,
            SyncRun.ok,
            SyncRun.records,
            SyncRun.new_records,
            SyncRun.failed_checks,
            SyncRun.missing_fields,
            SyncRun.invalid_values,
            SyncRun.error,
        )
        .where(SyncRun.source_id == source_id)
        .order_by(SyncRun.at.desc(), SyncRun.id.desc())
        .limit(limit)
    )
    cols = ["started_at", "at", "ok", "records", "new", "failed", "missing", "invalid", "error"]
    return pd.DataFrame(session.execute(q).all(), columns=cols)


def trend(session: Session, source_ids: list[int], now: datetime, days: int = 60) -> pd.DataFrame:
    """Columns day, score, completeness, accuracy, usability: the mean of each day's last point per resource."""
    since = now - timedelta(days=days)
    q = (
        select(
            QualityScore.source_id,
            QualityScore.at,
            QualityScore.score,
            QualityScore.completeness,
            QualityScore.accuracy,
            QualityScore.usability,
        )
        .where(QualityScore.source_id.in_(source_ids), QualityScore.at >= since)
        .order_by(QualityScore.at, QualityScore.id)
    )
    df = pd.DataFrame(
        session.execute(q).all(), columns=["source_id", "at", "score", "completeness", "accuracy", "usability"]
    )
    cols = ["day", "score", "completeness", "accuracy", "usability"]
    if df.empty:
        return pd.DataFrame(columns=cols)
    df["day"] = (pd.to_datetime(df["at"]) + LOCAL).dt.date
    last = df.groupby(["day", "source_id"]).last().reset_index()
    return last.groupby("day")[cols[1:]].mean().round(2).reset_index()[cols]


def points(session: Session, source_id: int, limit: int = 40) -> pd.DataFrame:
    """A resource's last trend points (one per sync), oldest first."""
    q = (
        select(QualityScore.at, QualityScore.score, QualityScore.completeness, QualityScore.accuracy,
               QualityScore.usability)
        .where(QualityScore.source_id == source_id)
        .order_by(QualityScore.at.desc(), QualityScore.id.desc())
        .limit(limit)
    )  # fmt: skip
    df = pd.DataFrame(session.execute(q).all(), columns=["at", "score", "completeness", "accuracy", "usability"])
    return df.iloc[::-1].reset_index(drop=True)


def _mask_value(value: object, type_: str, sensitive: bool, role: str) -> object:
    public = masking.is_public(role)
    if type_ in ("lat", "lon"):
        return None if value is None or not isinstance(value, int | float) else round(value, 2 if public else 3)
    if not sensitive or value is None:
        return value
    if public:
        return None
    text = str(value)
    if type_ == "name":
        return masking.mask_name(text, role)
    if type_ == "id":
        return masking.mask_id_no(text, role)
    if type_ == "phone":
        return masking.mask_phone(text, role)
    if type_ == "address":
        return masking.mask_address(text, role)
    return "****"


def mask_records(schema: pd.DataFrame, rows: list[tuple[str, dict]], role: str) -> pd.DataFrame:
    """Records as a frame with the schema's columns, each value masked by its field's type and sensitivity."""
    spec = [(f.name, f.type, bool(f.sensitive)) for f in schema.itertuples()]
    out = [[rid] + [_mask_value(rec.get(n), t, s, role) for n, t, s in spec] for rid, rec in rows]
    return pd.DataFrame(out, columns=["rid", *[n for n, _t, _s in spec]])


def sample(session: Session, source_id: int, role: str, limit: int = 8) -> pd.DataFrame:
    """The newest records of a sampled resource, masked by role."""
    q = (
        select(DataRecord.rid, DataRecord.payload)
        .where(DataRecord.source_id == source_id)
        .order_by(DataRecord.id.desc())
        .limit(limit)
    )
    return mask_records(fields(session, source_id), [tuple(r) for r in session.execute(q)], role)


def failing(session: Session, source_id: int, check_id: int, role: str, limit: int = 50) -> tuple[int, pd.DataFrame]:
    """(how many records fail the check, the first `limit` of them masked by role with the failing field)."""
    total = session.scalar(
        select(func.count())
        .select_from(RecordFailure)
        .where(RecordFailure.source_id == source_id, RecordFailure.check_id == check_id)
    )
    q = (
        select(DataRecord.rid, DataRecord.payload, RecordFailure.detail)
        .join(DataRecord, (DataRecord.source_id == RecordFailure.source_id) & (DataRecord.rid == RecordFailure.rid))
        .where(RecordFailure.source_id == source_id, RecordFailure.check_id == check_id)
        .order_by(RecordFailure.id)
        .limit(limit)
    )
    rows = session.execute(q).all()
    df = mask_records(fields(session, source_id), [(rid, payload) for rid, payload, _d in rows], role)
    df.insert(1, "field", [d for *_x, d in rows])
    return int(total or 0), df


def rectifications(session: Session, source_id: int | None = None) -> pd.DataFrame:
    q = (
        select(
            Rectification.id,
            Rectification.source_id,
            DataSource.name,
            QualityCheck.code,
            Department.name,
            Rectification.status,
            Rectification.failed_at_open,
            QualityCheck.failed,
            Rectification.opened_at,
            Rectification.opened_by,
            Rectification.updated_at,
            Rectification.version,
            Rectification.note,
        )
        .join(DataSource, DataSource.id == Rectification.source_id)
        .join(QualityCheck, QualityCheck.id == Rectification.check_id)
        .join(Department, Department.id == Rectification.department_id, isouter=True)
        .order_by(Rectification.id.desc())
    )
    if source_id is not None:
        q = q.where(Rectification.source_id == source_id)
    cols = ["id", "source_id", "resource", "check", "department", "status", "failed_at_open", "failed_now",
            "opened_at", "opened_by", "updated_at", "version", "note"]  # fmt: skip
    return pd.DataFrame(session.execute(q.limit(200)).all(), columns=cols)


def departments(session: Session, now: datetime) -> pd.DataFrame:
    """Per publishing department: resources, records, mean score, stale and empty resources, rows shared (30 d)."""
    df = catalogue(session, now)
    cols = ["dept_code", "department", "resources", "records", "score", "stale", "empty", "shared_rows"]
    if df.empty:
        return pd.DataFrame(columns=cols)
    since = local_day(now) - timedelta(days=29)
    q = (
        select(DataSource.department_id, func.sum(DataExchange.rows))
        .join(DataSource, DataSource.id == DataExchange.source_id)
        .where(DataExchange.day >= since)
        .group_by(DataSource.department_id)
    )
    shared = {d: int(n or 0) for d, n in session.execute(q)}
    g = df.groupby(["dept_id", "dept_code", "department"], dropna=False)
    out = g.agg(
        resources=("id", "count"),
        records=("records", "sum"),
        score=("score", "mean"),
        stale=("status", lambda s: int((s == "stale").sum())),
        empty=("status", lambda s: int((s == "empty").sum())),
    ).reset_index()
    out["shared_rows"] = [shared.get(d, 0) for d in out["dept_id"]]
    out["score"] = out["score"].round(1)
    return out.sort_values(["score", "dept_code"], ascending=[True, True]).reset_index(drop=True)[cols]


def vitals(session: Session, now: datetime) -> dict:
    """The data foundation's vital signs: records, resources, synced today, stale, quality score, sharing depts."""
    df = catalogue(session, now)
    today = local_day(now)
    start = datetime(today.year, today.month, today.day) - LOCAL
    synced_today = session.scalar(
        select(func.count(func.distinct(SyncRun.source_id))).where(SyncRun.at >= start, SyncRun.ok.is_(True))
    )
    since = today - timedelta(days=29)
    sharing = session.scalar(
        select(func.count(func.distinct(DataSource.department_id)))
        .select_from(DataExchange)
        .join(DataSource, DataSource.id == DataExchange.source_id)
        .where(DataExchange.day >= since)
    )
    scored = df["score"] if not df.empty else pd.Series(dtype=float)
    return {
        "records": int(df["records"].sum()) if not df.empty else 0,
        "resources": len(df),
        "synced_today": int(synced_today or 0),
        "stale": int((df["status"] == "stale").sum()) if not df.empty else 0,
        "empty": int((df["status"] == "empty").sum()) if not df.empty else 0,
        "score": round(float(scored.mean()), 1) if len(scored) else None,
        "sharing": int(sharing or 0),
        "departments": int(df["dept_id"].nunique()) if not df.empty else 0,
    }


def dimension_summary(session: Session, now: datetime) -> pd.DataFrame:
    """Columns dimension, score: each dimension's mean over the resources that measure it."""
    df = catalogue(session, now)
    rows = [(d, round(float(df[d].dropna().mean()), 2) if df[d].notna().any() else None)
            for d in ("completeness", "accuracy", "usability")]  # fmt: skip
    rows.append(("freshness", round(100.0 * float(df["fresh"].mean()), 2) if len(df) else None))
    return pd.DataFrame(rows, columns=["dimension", "score"])
