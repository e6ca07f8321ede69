"""Bulk write handler for the 便民服务 usage feed: one running total per local day, service and town, moved up only
(a replayed or late, smaller total leaves the stored one alone)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from data_access import events as ev
from data_access.errors import WriteError
from data_access.models import ServiceUsage

SERVICES = ("water_bill", "power_bill", "gas_bill", "bus", "fund", "hospital", "guide", "tourism", "social")


def write(session: Session, rows: Sequence[ev.ServiceUsage]) -> int:
    """Upsert the highest total of each (day, service, town); returns how many totals were new or moved up (a replay
    of the same totals writes nothing and counts 0)."""
    latest: dict[tuple, ev.ServiceUsage] = {}
    for r in rows:
        if r.service not in SERVICES:
            raise WriteError(f"unknown convenience service {r.service!r}")
        if not 0 <= r.n <= 10_000_000:
            raise WriteError("a usage count is 0 to 10,000,000")
        key = (r.day, r.service, r.town_code)
        if key not in latest or r.n > latest[key].n:
            latest[key] = r
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = ServiceUsage.__table__
    written = 0
    for r in latest.values():
        stmt = insert(table).values(day=r.day, service=r.service, town_code=r.town_code, n=r.n, updated_at=r.at)
        stmt = stmt.on_conflict_do_update(
            index_elements=["day", "service", "town_code"],
            set_={"n": stmt.excluded.n, "updated_at": stmt.excluded.updated_at},
            where=table.c.n < stmt.excluded.n,
        )
        written += getattr(session.execute(stmt), "rowcount", 0) or 0  # a CursorResult: rows inserted or moved up
    return written
