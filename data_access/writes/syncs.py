"""Write handler for the data foundation: SyncRunDone records one sync run of a data source. A good run adds its
records to the source's total; a sampled resource's rows are stored and checked on arrival (data_access/data/
quality.py), a count-only resource's reported defects feed its checks; either way its scores and a trend point
move in the same transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from data_access import events as ev
from data_access.data import quality
from data_access.errors import WriteError
from data_access.models import DataExchange, DataSource, Department, QualityScore, SyncRun
from data_access.writes.batch import Batch, Needs


def needs_run(e: ev.SyncRunDone, out: Needs) -> None:
    out.row(DataSource, e.source_id)


def needs_exchange(e: ev.DataExchanged, out: Needs) -> None:
    out.row(Department, e.consumer_id)
    for sid, _r, _n in e.flows:
        out.row(DataSource, sid)


def record_run(batch: Batch, e: ev.SyncRunDone) -> None:
    """The run's row, the source's totals and quality (when it succeeded) and the sync rollups."""
    src = batch.get(DataSource, e.source_id)
    if src is None:
        raise WriteError(f"unknown data source {e.source_id}")
    if e.records < 0 or e.missing_fields < 0 or e.invalid_values < 0:
        raise WriteError("a sync run's counts cannot be negative")
    new = failed = None
    if e.ok and src.sampled:
        if len(e.rows) != e.records:
            raise WriteError(f"a sampled resource's run carries its rows ({len(e.rows)} rows, {e.records} declared)")
        res = quality.apply_rows(batch.session, src, e.rows, e.at)
        new, failed = res.new, res.failed
    elif e.ok:
        if e.rows:
            raise WriteError("rows for a resource that keeps counts only")
        src.records += e.records  # flushed at commit
        quality.apply_counts(batch.session, src, e.records, e.missing_fields, e.invalid_values)
    if e.ok:
        src.last_sync_at = e.at
        batch.insert(QualityScore, quality.rescore(batch.session, src, e.at))
        batch.keep(src)
    batch.insert(
        SyncRun,
        dict(
            event_id=e.event_id,
            source_id=e.source_id,
            at=e.at,
            ok=e.ok,
            records=e.records,
            missing_fields=e.missing_fields,
            invalid_values=e.invalid_values,
            started_at=e.started_at,
            error=(e.error or None) and e.error[:200],
            new_records=new,
            failed_checks=failed,
        ),
    )
    day, dept = e.at, src.department_id  # the time: counted on its local day and minute
    batch.counters.add(day, "sync", "ok" if e.ok else "failed", department_id=dept)
    batch.counters.add(day, "sync", "records", department_id=dept, n=e.records if e.ok else 0)


def record_exchange(batch: Batch, e: ev.DataExchanged) -> None:
    """A day of one department consuming resources (the exchange log; a department consuming its own is none)."""
    if batch.get(Department, e.consumer_id) is None:
        raise WriteError(f"unknown department {e.consumer_id}")
    if len({sid for sid, _r, _n in e.flows}) != len(e.flows):
        raise WriteError("a resource appears twice in one exchange day")
    for sid, requests, rows in e.flows:
        src = batch.get(DataSource, sid)
        if src is None:
            raise WriteError(f"unknown data source {sid}")
        if e.consumer_id == src.department_id or requests < 0 or rows < 0:
            raise WriteError("an exchange is between two departments, with counts of zero or more")
        batch.insert(
            DataExchange, dict(day=e.day, consumer_id=e.consumer_id, source_id=sid, requests=requests, rows=rows)
        )


def initial_load(session: Session, source_id: int, rows: list[tuple[str, dict]], at: datetime) -> None:
    """A sampled resource's records before any simulated sync (the static city's baseline): stored and checked like
    a sync's rows, scored, without a sync run or an event of its own."""
    src = session.get(DataSource, source_id)
    if src is None or not src.sampled:
        raise WriteError(f"not a sampled resource: {source_id}")
    quality.apply_rows(session, src, rows, at)
    session.execute(QualityScore.__table__.insert(), [quality.rescore(session, src, at)])
