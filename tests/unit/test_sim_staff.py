"""Who works when in the simulated city (simulators/staff.py) and the pieces the feeds build on: fast checks that
need no backfill (the H1 checks are in test_calibration_city.py)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from itertools import pairwise

from simulators import staff
from simulators.feeds import arrivals as arr
from simulators.feeds import hotline as sim

UTC8 = timedelta(hours=8)


def local(y, m, d, h=0, mi=0) -> datetime:
    """A naive UTC time for a Lingwu local time."""
    return datetime(y, m, d, h, mi) - UTC8


def test_an_office_works_weekdays_and_the_centre_a_shorter_weekend_shift():
    fri_evening = local(2024, 3, 8, 19, 0)
    assert staff.add_hours(staff.OFFICE, fri_evening, 0) == local(2024, 3, 11, 8, 30)  # Monday morning
    assert staff.add_hours(staff.CENTER, fri_evening, 0) == local(2024, 3, 9, 9, 0)  # Saturday duty shift
    assert staff.add_hours(staff.CALLBACK, local(2024, 3, 10, 20, 30), 0) == local(2024, 3, 11, 9, 0)
    assert staff.add_hours(staff.OFFICE, local(2024, 3, 11, 11, 0), 2) == local(2024, 3, 11, 15, 30)  # lunch skipped
    assert staff.hours_between(staff.OFFICE, local(2024, 3, 11, 8, 0), local(2024, 3, 11, 19, 0)) == 7.0
    assert staff.on_duty(staff.DUTY, local(2024, 3, 10, 3, 0)) and not staff.on_duty(
        staff.CENTER, local(2024, 3, 10, 3)
    )


def test_the_spring_festival_and_its_eve():
    assert staff.day_kind(date(2024, 2, 9)) == "eve" and staff.day_kind(date(2024, 2, 10)) == "festival"
    assert staff.day_kind(date(2024, 2, 12)) == "restday" and staff.day_kind(date(2024, 2, 18)) == "workday"
    eve_afternoon = local(2024, 2, 9, 13, 0)
    assert staff.add_hours(staff.CENTER, eve_afternoon, 0) == local(2024, 2, 12, 9, 0)  # after 初一 and 初二
    assert staff.add_hours(staff.DUTY, eve_afternoon, 0) == eve_afternoon  # the night duty never stops
    assert staff.add_hours(staff.OFFICE, eve_afternoon, 0) == local(2024, 2, 18, 8, 30)  # the make-up working day


def test_id_check_digit_follows_gb_11643():
    assert sim.id_check_digit("11010519491231002") == "X"  # the standard's own example
    _name, phone, no = sim.citizen(random.Random(5))
    assert len(no) == 18 and sim.id_check_digit(no[:17]) == no[17] and len(phone) == 11 and phone[0] == "1"


def test_seasons_hold_and_weibo_is_irregular():
    assert arr.season_factor(1, "heating", date(2024, 5, 10)) == 0
    assert arr.season_factor(1, "heating", date(2024, 1, 10)) > 1
    snow_days = [d for d in (date(2024, 1, 1) + timedelta(days=k) for k in range(366)) if arr.weather(1, d) == "snow"]
    assert snow_days and all(d.month in (11, 12, 1, 2, 3) for d in snow_days)
    assert all(arr.season_factor(1, "snow", date(2024, m, 15)) == 0 for m in (4, 5, 6, 7, 8, 9, 10))
    days = [date(2024, 1, 1) + timedelta(days=k) for k in range(366)]
    posts = [d for d in days for _ in arr.rare_arrivals(1, "weibo", d, 11 / 182)]
    gaps = [(b - a).days for a, b in pairwise(posts)]
    assert 15 <= len(posts) <= 30 and max(gaps) - min(gaps) >= 10  # about 22 a year, never like clockwork
