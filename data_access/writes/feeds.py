"""Bulk write handler for feed heartbeats: each feed's last-seen time, moved forward only (never back). A heartbeat
is a signal, not a record: no event id, no event_log row, counted neither applied nor skipped."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from data_access import events as ev
from data_access.models import FeedStatus


def write(session: Session, beats: Sequence[ev.FeedHeartbeat]) -> None:
    """Upsert the latest heartbeat of each feed (an older one leaves the stored time alone)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    latest: dict[str, ev.FeedHeartbeat] = {}
    for b in beats:
        if b.source not in latest or b.at > latest[b.source].at:
            latest[b.source] = b
    table = FeedStatus.__table__
    for b in latest.values():
        stmt = insert(table).values(source=b.source, seen_at=b.at)
        stmt = stmt.on_conflict_do_update(
            index_elements=["source"],
            set_={"seen_at": stmt.excluded.seen_at},
            where=table.c.seen_at < stmt.excluded.seen_at,
        )
        session.execute(stmt)
