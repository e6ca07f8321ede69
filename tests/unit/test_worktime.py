"""SLA clocks count working time on the official calendar (Spring Festival 2024 as the hard case)."""

from __future__ import annotations

from datetime import datetime

from data_access.worktime import add_limit, add_work_days, add_work_hours, work_hours_between

# naive UTC; Lingwu is +08:00


def test_work_hours_skip_lunch_and_night():
    start = datetime(2024, 3, 4, 3, 0)  # Monday 11:00 local
    due = add_work_hours(start, 2)  # 1 h before lunch, 1 h after 14:30
    assert due == datetime(2024, 3, 4, 7, 30)  # 15:30 local


def test_work_days_skip_the_spring_festival_holiday():
    start = datetime(2024, 2, 8, 2, 0)  # Thursday 8 Feb 2024, 10:00 local; holiday 10-17 Feb
    due = add_work_days(start, 2)
    # 9 Feb (Fri) and 18 Feb (Sunday, an official make-up working day) are the two working days
    assert due == datetime(2024, 2, 18, 2, 0)


def test_countdown_is_negative_when_overdue_and_limits_dispatch_by_unit():
    a, b = datetime(2024, 3, 4, 1, 0), datetime(2024, 3, 5, 1, 0)
    assert work_hours_between(a, b) == 7.0
    assert work_hours_between(b, a) == -7.0
    assert add_limit(a, 24, "hours") == b
