"""SLA clocks in working hours/days on the official Chinese holiday calendar (UTC in, UTC out)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import chinese_calendar

LOCAL = timedelta(hours=8)  # Asia/Shanghai has no DST
WORK_PERIODS = ((time(8, 30), time(12, 0)), (time(14, 30), time(18, 0)))  # 7 working hours a day
HOURS_PER_DAY = 7.0


@lru_cache(maxsize=8192)
def is_workday(day: date) -> bool:
    """Official calendar where it is published; beyond it, Monday to Friday."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def to_local(at: datetime) -> datetime:
    return at + LOCAL


def local_day(at: datetime) -> date:
    return (at + LOCAL).date()


def _next_workday(day: date) -> date:
    day += timedelta(days=1)
    while not is_workday(day):
        day += timedelta(days=1)
    return day


def add_work_days(start: datetime, days: float) -> datetime:
    """The same local clock time `days` working days later (whole days; a fraction adds hours).

    A start outside working time (a night, a lunch break, a weekend or holiday) counts from the next working
    moment: an order dispatched on Saturday with one working day is due on Tuesday morning, not on Monday at
    Saturday's clock time (which would leave it a few working hours)."""
    whole = int(days)
    start = add_work_hours(start, 0)
    local = to_local(start)
    day = local.date()
    for _ in range(whole):
        day = _next_workday(day)
    result = datetime.combine(day, local.time()) - LOCAL
    frac = days - whole
    return add_work_hours(result, frac * HOURS_PER_DAY) if frac else result


def add_work_hours(start: datetime, hours: float) -> datetime:
    """Walk the working periods from `start` until `hours` of working time have passed."""
    remaining = timedelta(hours=hours)
    local = to_local(start)
    day = local.date()
    cursor = local
    for _ in range(3660):  # at most ten years of days; a bound, never reached in practice
        if is_workday(day):
            for begin, end in WORK_PERIODS:
                lo = max(cursor, datetime.combine(day, begin))
                hi = datetime.combine(day, end)
                if lo >= hi:
                    continue
                if hi - lo >= remaining:
                    return lo + remaining - LOCAL
                remaining -= hi - lo
        day = day + timedelta(days=1)
        cursor = datetime.combine(day, time(0, 0))
    raise ValueError("working-time span too long")


def add_limit(start: datetime, value: float, unit: str) -> datetime:
    """Deadline for a time limit given as (value, unit): work_hours, work_days or hours."""
    if unit == "work_hours":
        return add_work_hours(start, value)
    if unit == "work_days":
        return add_work_days(start, value)
    if unit == "hours":
        return start + timedelta(hours=value)
    raise ValueError(f"unknown time-limit unit {unit!r}")


def work_hours_between(start: datetime, end: datetime) -> float:
    """Working hours from start to end (negative when end is before start): SLA countdowns."""
    if end < start:
        return -work_hours_between(end, start)
    total = 0.0
    a, b = to_local(start), to_local(end)
    day = a.date()
    while day <= b.date():
        if is_workday(day):
            for begin, fin in WORK_PERIODS:
                lo = max(a, datetime.combine(day, begin))
                hi = min(b, datetime.combine(day, fin))
                if hi > lo:
                    total += (hi - lo).total_seconds() / 3600
        day += timedelta(days=1)
    return total


def utcnow() -> datetime:
    """Naive UTC now (the storage convention)."""
    from datetime import UTC

    return datetime.now(UTC).replace(tzinfo=None)
