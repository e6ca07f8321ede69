"""The one write API: apply(session, events) -> WriteResult. Idempotent; rollups in the same transaction.

Each event class has one handler in `registry.HANDLERS` (modules by domain: tickets, links, video, incidents, syncs,
shops, readings, feeds); the handlers collect their effects in a `batch.Batch`, flushed in bulk.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import events as ev
from data_access.models import EventLog
from data_access.writes.batch import Batch, Needs, chunks
from data_access.writes.registry import HANDLERS, Bulk, PerEvent, handler_for


@dataclass(frozen=True)
class WriteResult:
    applied: int
    skipped: int  # already applied earlier (same event id) or repeated in the batch


def _already_applied(session: Session, keys: list[str]) -> set[str]:
    seen: set[str] = set()
    for part in chunks(keys):
        seen.update(session.scalars(select(EventLog.event_id).where(EventLog.event_id.in_(part))))
    return seen


def apply(session: Session, events: Sequence[ev.Event]) -> WriteResult:
    """Apply events in order in the caller's transaction; replays are skipped; bad input raises WriteError."""
    per_event: list[tuple[PerEvent, ev.Logged]] = []
    bulk: dict[type, list[ev.Event]] = defaultdict(list)
    for e in events:
        handler = handler_for(e)
        if isinstance(handler, Bulk):
            bulk[type(e)].append(e)
        else:  # why cast: the registry gives a PerEvent exactly to the Logged classes (test_write_registry)
            per_event.append((handler, cast(ev.Logged, e)))
    seen = _already_applied(session, [e.event_id for _, e in per_event]) if per_event else set()
    todo, skipped = [], 0
    for handler, e in per_event:
        if e.event_id in seen:
            skipped += 1
            continue
        seen.add(e.event_id)
        todo.append((handler, e))
    batch = Batch(session)
    needs = Needs()
    for handler, e in todo:
        handler.needs(e, needs)
    batch.load(needs)
    for handler, e in todo:
        handler.apply(batch, e)
        batch.record(e.event_id, type(e).__name__, e.at)
    batch.flush()
    applied = len(todo)
    for kind, handler in HANDLERS.items():  # registry order
        if isinstance(handler, Bulk) and bulk.get(kind):
            new = handler.write(session, bulk[kind])
            if new is not None:
                applied, skipped = applied + new, skipped + len(bulk[kind]) - new
    return WriteResult(applied=applied, skipped=skipped)


__all__ = ["WriteResult", "apply"]
