"""Who works when: the duty hours of the simulated city's people, on the official holiday calendar.

The 12345 intake is 7x24 (a call is taken the minute it arrives, an agent may answer it at once); everything else a
person does happens in that person's hours:
- OFFICE: bureaus, town governments and the utilities' offices: the working periods of the SLA clock on working days.
- CENTER: the 12345 and 数字城管 back office (dispatch, review and close, extensions, 退回重办, 督办): a long day shift
  on working days and a shorter duty shift on rest days.
- CALLBACK: 回访 calls to citizens: daytime and early evening, later and shorter on rest days; never at night.
- FIELD: 城管 crews and 数字城管 supervisors (处置, 核查): a long day every day.
- DUTY: the night duty a real 12345 keeps: urgent requests (a 24-hour or few-hour limit: water, power, gas, drains,
  a burst main) are dispatched at once, and the departments' 24-hour duty desks sign for them at any hour.
- CREW: the repair and emergency crews who go out for urgent orders: early morning to late evening every day.
The Spring Festival core (除夕 afternoon, 初一, 初二) has no one at work but the intake and the night duty.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from data_access.worktime import WORK_PERIODS, is_workday

LOCAL = timedelta(hours=8)
# 初一 (the first day of the lunar year) by Gregorian year: the Spring Festival core is 除夕 (the day before), 初一, 初二
LUNAR_NEW_YEAR = {
    2020: date(2020, 1, 25),
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 3),
}
Periods = tuple[tuple[time, time], ...]


@dataclass(frozen=True)
class Shift:
    """On-duty periods (local clock) by kind of day: working day, rest day, 除夕 (the eve)."""

    name: str
    workday: Periods
    restday: Periods
    eve: Periods = ()
    festival_off: bool = True  # nobody on 初一 and 初二

    def periods(self, day: date) -> Periods:
        kind = day_kind(day)
        if kind == "festival":
            return () if self.festival_off else self.restday
        if kind == "eve":  # 除夕: a short day where it is a working day; a holiday for those without rest-day duty
            return self.eve if is_workday(day) or self.restday else ()
        return self.workday if kind == "workday" else self.restday


def _p(*spans: str) -> Periods:
    """("08:30-12:00", ...) as time pairs; "24:00" is the end of the day."""
    out = []
    for s in spans:
        a, b = s.split("-")
        ta = time.fromisoformat(a)
        tb = time.max if b == "24:00" else time.fromisoformat(b)
        out.append((ta, tb))
    return tuple(out)


OFFICE = Shift("office", WORK_PERIODS, (), WORK_PERIODS[:1])
CENTER = Shift("center", _p("08:30-12:00", "14:00-18:30"), _p("09:00-12:00", "14:30-17:30"), _p("08:30-12:00"))
CALLBACK = Shift("callback", _p("09:00-12:00", "14:30-20:00"), _p("10:00-12:00", "15:00-19:00"), _p("09:00-11:30"))
FIELD = Shift("field", _p("07:30-12:00", "14:00-19:00"), _p("08:30-12:00", "14:30-18:00"), _p("07:30-12:00"))
DUTY = Shift("duty", _p("00:00-24:00"), _p("00:00-24:00"), _p("00:00-24:00"), festival_off=False)
CREW = Shift("crew", _p("06:30-23:00"), _p("07:00-22:30"), _p("07:00-20:00"), festival_off=False)
SHIFTS = {s.name: s for s in (OFFICE, CENTER, CALLBACK, FIELD, DUTY, CREW)}


@lru_cache(maxsize=8192)
def day_kind(day: date) -> str:
    """workday | restday | eve (除夕) | festival (初一, 初二)."""
    first = LUNAR_NEW_YEAR.get(day.year) or LUNAR_NEW_YEAR.get(day.year + 1)
    if first is not None:
        if day == first - timedelta(days=1):
            return "eve"
        if first <= day <= first + timedelta(days=1):
            return "festival"
    return "workday" if is_workday(day) else "restday"


def _spans(shift: Shift, day: date) -> list[tuple[datetime, datetime]]:
    return [(datetime.combine(day, a), datetime.combine(day, b)) for a, b in shift.periods(day)]


def on_duty(shift: Shift, at: datetime) -> bool:
    """Whether someone of `shift` is at work at UTC `at`."""
    local = at + LOCAL
    return any(a <= local < b for a, b in _spans(shift, local.date()))


def add_hours(shift: Shift, start: datetime, hours: float) -> datetime:
    """UTC `start` plus `hours` of `shift`'s on-duty time (0 hours: the first on-duty moment at or after start)."""
    remaining = timedelta(hours=max(0.0, hours))
    local = start + LOCAL
    day = local.date()
    for _ in range(400):  # a bound: even the longest festival leaves someone at work within days
        for a, b in _spans(shift, day):
            lo = max(local, a)
            if lo >= b:
                continue
            if b - lo > remaining:
                return lo + remaining - LOCAL
            remaining -= b - lo
        day += timedelta(days=1)
        local = datetime.combine(day, time(0, 0))
    raise ValueError(f"no {shift.name} duty within 400 days of {start}")


def hours_between(shift: Shift, start: datetime, end: datetime) -> float:
    """On-duty hours of `shift` from UTC start to end (0 when end is not after start)."""
    if end <= start:
        return 0.0
    a, b = start + LOCAL, end + LOCAL
    total = 0.0
    day = a.date()
    while day <= b.date():
        for lo, hi in _spans(shift, day):
            lo, hi = max(lo, a), min(hi, b)
            if hi > lo:
                total += (hi - lo).total_seconds() / 3600
        day += timedelta(days=1)
    return total
