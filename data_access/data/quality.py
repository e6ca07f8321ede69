"""Quality run incrementally on each sync (called by the write handler of SyncRunDone, never by a page): the sync's
rows are checked on arrival, corrections replace a record's earlier failures, counters move by the difference,
and the resource's dimension scores and a trend point are written in the same transaction."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from data_access.data import checks as qc
from data_access.errors import WriteError
from data_access.models import DataRecord, DataSource, QualityCheck, RecordFailure
from data_access.worktime import local_day

CHUNK = 500
PER_RECORD = frozenset(qc.RULES) | {"duplicate"}


@dataclass(frozen=True)
class RunResult:
    new: int  # records that did not exist before
    updated: int  # records replaced by a corrected version
    failed: int  # failures the sync's rows carry


def _parts(seq: Sequence, n: int = CHUNK):
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def source_checks(session: Session, source_id: int) -> list[QualityCheck]:
    """The resource's checks, loaded once per transaction for all resources (a few hundred rows, held in
    session.info: their counters change in place and are flushed at commit)."""
    cache = session.info.get("quality_checks")
    if cache is None:
        cache = defaultdict(list)
        for c in session.scalars(select(QualityCheck).order_by(QualityCheck.id)):
            cache[c.source_id].append(c)
        session.info["quality_checks"] = cache
    return cache.get(source_id, [])


def evaluate(
    checks: Sequence[QualityCheck], rows: Sequence[tuple[str, dict]], ctx: qc.Context
) -> list[tuple[int, str, str]]:
    """(check id, rid, detail) for every failing (row, check) of the per-record rules but duplicates (pure)."""
    compiled = [
        (c.id, qc.compile_check(c.rule, [f for f in c.fields.split(",") if f], c.params, ctx))
        for c in checks
        if c.rule in qc.RULES
    ]
    rids = [rid for rid, _ in rows]
    recs = [rec for _, rec in rows]
    out: list[tuple[int, str, str]] = []
    for cid, run in compiled:  # check by check: map() keeps the per-record loop in C
        out.extend((cid, rid, d) for rid, d in zip(rids, map(run, recs), strict=True) if d is not None)
    return out


def _validate(rows: Sequence[tuple[str, dict]]) -> None:
    for rid, rec in rows:
        if not isinstance(rid, str) or not 0 < len(rid) <= 40 or not isinstance(rec, dict):
            raise WriteError("a record needs an id (1-40 characters) and a field mapping")
    if len({rid for rid, _ in rows}) != len(rows):
        raise WriteError("a record id appears twice in one sync")


def _existing(session: Session, source_id: int, rids: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for part in _parts(rids):
        q = select(DataRecord.rid, DataRecord.id).where(DataRecord.source_id == source_id, DataRecord.rid.in_(part))
        out.update({rid: i for rid, i in session.execute(q)})
    return out


def _take_back(session: Session, source_id: int, rids: list[str], delta: Counter[int]) -> None:
    """Corrections: the failures the replaced versions carried leave the counters and the drill-down."""
    for part in _parts(rids):
        q = (
            select(RecordFailure.check_id, func.count())
            .where(RecordFailure.source_id == source_id, RecordFailure.rid.in_(part))
            .group_by(RecordFailure.check_id)
        )
        for cid, n in session.execute(q):
            delta[cid] -= n
        session.execute(delete(RecordFailure).where(RecordFailure.source_id == source_id, RecordFailure.rid.in_(part)))


def _duplicates(
    session: Session, source_id: int, dup: QualityCheck, rows: Sequence[tuple[str, dict]]
) -> list[tuple[int, str, str]]:
    """A row whose business key another record (stored, or earlier in this sync) already holds is a duplicate."""
    keys = {rid: _key(rec.get(dup.fields)) for rid, rec in rows}
    holders: dict[str, set[str]] = defaultdict(set)
    for part in _parts(sorted({k for k in keys.values() if k})):
        q = select(DataRecord.dup_key, DataRecord.rid).where(
            DataRecord.source_id == source_id, DataRecord.dup_key.in_(part)
        )
        for k, rid in session.execute(q):
            if k is not None:
                holders[k].add(rid)
    out, seen, incoming = [], set(), set(keys)  # incoming rows' stored keys are being replaced: they hold nothing
    for rid, _rec in rows:
        k = keys[rid]
        if k and ((holders.get(k, set()) - incoming) or k in seen):
            out.append((dup.id, rid, dup.fields))
        if k:
            seen.add(k)
    return out


def _store(
    session: Session, source_id: int, rows: Sequence[tuple[str, dict]], existing: dict[str, int], dup_field: str | None,
    at: datetime,
) -> tuple[int, int]:  # fmt: skip
    def key(rec: dict) -> str | None:
        return _key(rec.get(dup_field)) if dup_field else None

    new_rows = [
        {"source_id": source_id, "rid": rid, "dup_key": key(rec), "payload": rec, "synced_at": at}
        for rid, rec in rows
        if rid not in existing
    ]
    for part in _parts(new_rows):
        session.execute(DataRecord.__table__.insert(), list(part))
    changed = [
        {"b_id": existing[rid], "payload": rec, "dup_key": key(rec), "synced_at": at}
        for rid, rec in rows
        if rid in existing
    ]
    if changed:
        t = DataRecord.__table__
        stmt = (
            update(t)
            .where(t.c.id == bindparam("b_id"))
            .values(payload=bindparam("payload"), dup_key=bindparam("dup_key"), synced_at=bindparam("synced_at"))
        )
        for part in _parts(changed):
            session.connection().execute(stmt, list(part))
    return len(new_rows), len(changed)


def apply_rows(session: Session, src: DataSource, rows: Sequence[tuple[str, dict]], at: datetime) -> RunResult:
    """Upsert a sampled resource's rows by rid and move its checks' counters by what changed."""
    _validate(rows)
    checks = source_checks(session, src.id)
    dup = next((c for c in checks if c.rule == "duplicate"), None)
    rids = [rid for rid, _ in rows]
    existing = _existing(session, src.id, rids)
    delta: Counter[int] = Counter()
    _take_back(session, src.id, [rid for rid in rids if rid in existing], delta)
    failures = evaluate(checks, rows, qc.Context(today=local_day(at)))
    if dup is not None and dup.fields:
        failures += _duplicates(session, src.id, dup, rows)
    for cid, _rid, _d in failures:
        delta[cid] += 1
    new, updated = _store(session, src.id, rows, existing, dup.fields if dup is not None else None, at)
    fail_rows = [{"source_id": src.id, "check_id": cid, "rid": rid, "detail": d[:80]} for cid, rid, d in failures]
    for part in _parts(fail_rows):
        session.execute(RecordFailure.__table__.insert(), list(part))
    for c in checks:
        if c.rule in PER_RECORD:
            c.checked = (c.checked or 0) + new
            c.failed = max(0, (c.failed or 0) + delta.get(c.id, 0))
    src.records = (src.records or 0) + new
    return RunResult(new=new, updated=updated, failed=len(failures))


def apply_counts(session: Session, src: DataSource, records: int, missing: int, invalid: int) -> None:
    """A count-only resource: the sync's own counts of missing and invalid values feed its two checks."""
    for c in source_checks(session, src.id):
        if c.rule == "sync_missing":
            c.checked, c.failed = (c.checked or 0) + records, (c.failed or 0) + min(missing, records)
        elif c.rule == "sync_invalid":
            c.checked, c.failed = (c.checked or 0) + records, (c.failed or 0) + min(invalid, records)


def rescore(session: Session, src: DataSource, at: datetime) -> dict:
    """Recompute the resource's dimension scores from its counters; returns its trend point (freshness: just synced)
    as a quality_score row for the caller to insert."""
    by_dim: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for c in source_checks(session, src.id):
        if c.dimension != "freshness":
            by_dim[c.dimension].append((c.checked or 0, c.failed or 0))
    src.q_completeness = qc.dimension_score(by_dim["completeness"])
    src.q_accuracy = qc.dimension_score(by_dim["accuracy"])
    src.q_usability = qc.dimension_score(by_dim["usability"])
    return dict(
        source_id=src.id,
        at=at,
        completeness=src.q_completeness,
        accuracy=src.q_accuracy,
        usability=src.q_usability,
        score=qc.overall(src.q_completeness, src.q_accuracy, src.q_usability, True),
    )


def _key(v: object) -> str | None:
    if v is None:
        return None
    s = str(v).strip().upper()
    return s[:60] or None
