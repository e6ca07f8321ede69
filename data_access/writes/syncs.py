"""Write handler for the data foundation: SyncRunDone records one sync run of a data source; a good run adds its
records to the source's total."""

from __future__ import annotations

from data_access import events as ev
from data_access.errors import WriteError
from data_access.models import DataSource, SyncRun
from data_access.writes.batch import Batch


def record_run(batch: Batch, e: ev.SyncRunDone) -> None:
    """The run's row, the source's totals (when it succeeded) and the sync rollups."""
    src = batch.get(DataSource, e.source_id)
    if src is None:
        raise WriteError(f"unknown data source {e.source_id}")
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
        ),
    )
    if e.ok:
        src.records += e.records  # flushed at commit
        src.last_sync_at = e.at
    day, dept = e.at, src.department_id  # the time: counted on its local day and minute
    batch.counters.add(day, "sync", "ok" if e.ok else "failed", department_id=dept)
    batch.counters.add(day, "sync", "records", department_id=dept, n=e.records if e.ok else 0)
