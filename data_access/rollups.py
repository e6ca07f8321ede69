"""Rollups kept at write time: daily counters, their per-category sums, intraday counters (per local minute of the
day and town, for same-time comparisons) and current-state gauges, upserted in bulk.

Every count given a time (`at`) lands in daily_counter and intraday_counter alike, with the same sign: a superseded
rating taken back (n = -1) is taken back on the minute it was given, so for each subject x metric x day the
intraday rows sum to the daily rows."""

from __future__ import annotations

from collections import Counter as _Counter
from datetime import date, datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from data_access.models import DailyCategory, DailyCounter, Gauge, IntradayCounter
from data_access.worktime import local_day, to_local

_DAILY_KEYS = ("day", "subject", "channel", "category", "department_id", "area_code", "metric")
_GAUGE_KEYS = ("subject", "key", "department_id", "area_code")
_CATEGORY_KEYS = ("subject", "metric", "day", "category")
_INTRADAY_KEYS = ("subject", "metric", "day", "minute", "area_code")


def local_minute(at: datetime) -> int:
    """The local minute of the day (0..1439) of a UTC time."""
    t = to_local(at)
    return t.hour * 60 + t.minute


def _upsert(session: Session, model, keys: tuple[str, ...], rows: list[dict]) -> None:
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(model.__table__)
    stmt = stmt.on_conflict_do_update(index_elements=list(keys), set_={"n": model.__table__.c.n + stmt.excluded.n})
    for i in range(0, len(rows), 1000):
        session.execute(stmt, rows[i : i + 1000])


class Counters:
    """Accumulates increments for one transaction; flush() writes them in four statements."""

    def __init__(self) -> None:
        self.daily: _Counter[tuple] = _Counter()
        self.intraday: _Counter[tuple] = _Counter()
        self.gauges: _Counter[tuple] = _Counter()

    def add(
        self,
        day: date | datetime,
        subject: str,
        metric: str,
        *,
        channel: str = "",
        category: str = "",
        department_id: int | None = 0,
        area_code: str | None = "",
        n: int = 1,
    ) -> None:
        """Count on a local day; given the time itself (a datetime), on its local day and minute as well."""
        if isinstance(day, datetime):
            at, day = day, local_day(day)
            self.intraday[(subject, metric, day, local_minute(at), area_code or "")] += n
        self.daily[(day, subject, channel, category, department_id or 0, area_code or "", metric)] += n

    def gauge(
        self, subject: str, key: str, *, department_id: int | None = 0, area_code: str | None = "", n: int = 1
    ) -> None:
        self.gauges[(subject, key, department_id or 0, area_code or "")] += n

    def ticket(self, t: dict, at: datetime, metrics: list[str], n: int = 1) -> None:
        """Count `metrics` of ticket `t` on the local day of `at` (n = -1 takes a count back)."""
        for m in metrics:
            self.add(
                at,
                t["stream"],
                m,
                channel=t["channel_code"],
                category=t["category_code"],
                department_id=t["department_id"],
                area_code=t["town_code"],
                n=n,
            )

    def gauge_move(self, t: dict, old: tuple[str, int | None] | None) -> None:
        """Move a ticket's gauge from its old (status, department) to its current one."""
        if old is not None:
            if old == (t["status"], t["department_id"]):
                return
            self.gauge(t["stream"], old[0], department_id=old[1], area_code=t["town_code"], n=-1)
        self.gauge(t["stream"], t["status"], department_id=t["department_id"], area_code=t["town_code"])

    def flush(self, session: Session) -> None:
        by_category: _Counter[tuple] = _Counter()  # daily_category = daily_counter summed over the other dimensions
        for (day, subject, _channel, category, _department, _area, metric), n in self.daily.items():
            by_category[(subject, metric, day, category)] += n
        _upsert(
            session,
            DailyCounter,
            _DAILY_KEYS,
            [dict(zip(_DAILY_KEYS, k, strict=True), n=n) for k, n in self.daily.items() if n],
        )
        _upsert(
            session,
            DailyCategory,
            _CATEGORY_KEYS,
            [dict(zip(_CATEGORY_KEYS, k, strict=True), n=n) for k, n in by_category.items() if n],
        )
        _upsert(
            session,
            IntradayCounter,
            _INTRADAY_KEYS,
            [dict(zip(_INTRADAY_KEYS, k, strict=True), n=n) for k, n in self.intraday.items() if n],
        )
        _upsert(
            session,
            Gauge,
            _GAUGE_KEYS,
            [dict(zip(_GAUGE_KEYS, k, strict=True), n=n) for k, n in self.gauges.items() if n],
        )
        self.daily.clear()
        self.intraday.clear()
        self.gauges.clear()
