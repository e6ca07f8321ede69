"""intraday_counter (per local minute of the day and town): kept by the write API in the same transaction as
daily_counter and summing to it, backfilled by its migration from the raw rows, and read by the overview's KPIs so
that today-so-far is compared with yesterday and last week up to the same minute (较昨日同时段)."""

from __future__ import annotations

from datetime import datetime, timedelta

from alembic import command
from sqlalchemy import func, select, text

from data_access import kpi
from data_access.db import dispose, read_session
from data_access.models import DailyCounter, IntradayCounter
from data_access.rollups import local_minute
from data_access.schema import alembic_config, migrate
from data_access.wall import vitals as wall
from data_access.worktime import LOCAL, local_day
from tests.unit.test_daily_category import simulated

NOT_BACKFILLED = {"signed_on_time", "closed_on_time", "went_online", "went_offline"}  # see migration 0035


def daily(s) -> dict:
    dc = DailyCounter
    rows = s.execute(select(dc.subject, dc.metric, dc.day, func.sum(dc.n)).group_by(dc.subject, dc.metric, dc.day))
    return {(sub, m, d): int(n) for sub, m, d, n in rows if n}


def intraday(s) -> dict:
    ic = IntradayCounter
    rows = s.execute(select(ic.subject, ic.metric, ic.day, func.sum(ic.n)).group_by(ic.subject, ic.metric, ic.day))
    return {(sub, m, d): int(n) for sub, m, d, n in rows if n}


def test_write_api_keeps_intraday_summing_to_daily_counter(city_url):
    simulated(city_url)
    with read_session(city_url) as s:
        got, want = intraday(s), daily(s)
        ratings_taken_back = s.scalar(
            select(func.count()).select_from(IntradayCounter).where(IntradayCounter.metric == "satisfied")
        )
    assert {"hotline", "cm", "alert", "incident"} <= {k[0] for k in want}
    assert ratings_taken_back
    assert got == want


def test_migration_backfills_intraday_from_the_raw_rows(city_url):
    simulated(city_url)
    with read_session(city_url) as s:
        before = {k: n for k, n in intraday(s).items() if k[1] not in NOT_BACKFILLED}
        minutes = s.execute(select(IntradayCounter).where(IntradayCounter.metric.not_in(NOT_BACKFILLED))).scalars()
        rows = {(r.subject, r.metric, r.day, r.minute, r.area_code): r.n for r in minutes}
    dispose(city_url)
    command.downgrade(alembic_config(city_url), "0015")  # a database from before intraday_counter
    migrate(city_url)
    with read_session(city_url) as s:
        after = intraday(s)
        again = {
            (r.subject, r.metric, r.day, r.minute, r.area_code): r.n
            for r in s.execute(select(IntradayCounter)).scalars()
        }
    assert after == before
    assert again == rows  # minute by minute and town by town, not only per day


def test_overview_compares_with_yesterday_up_to_the_same_minute(city_url):
    today = simulated(city_url)
    now = datetime.combine(today, datetime.min.time()) - LOCAL + timedelta(hours=10, minutes=7)  # 10:07 local today
    cut_y = now - timedelta(days=1)
    with read_session(city_url) as s:
        vitals = wall.vital_signs(s, now).set_index("key")

        def received(start, end) -> int:  # independent SQL on the raw tickets
            q = text(
                "SELECT count(*) FROM ticket WHERE stream = 'hotline' AND created_at >= :a AND created_at < :b"
            ).bindparams(a=start, b=end)
            return int(s.scalar(q))

        midnight = datetime.combine(today, datetime.min.time()) - LOCAL
        whole_yesterday = received(midnight - timedelta(days=1), midnight)
        same_time_yesterday = received(midnight - timedelta(days=1), cut_y.replace(second=0) + timedelta(minutes=1))
        so_far = received(midnight, now.replace(second=0) + timedelta(minutes=1))
    assert local_minute(now) == 607 and local_day(cut_y) == today - timedelta(days=1)
    assert 0 < same_time_yesterday < whole_yesterday
    assert vitals.loc["hotline_received", "yesterday"] == same_time_yesterday
    assert vitals.loc["hotline_received", "value"] == so_far


def test_a_town_compares_with_its_own_same_time(city_url):
    today = simulated(city_url)
    now = datetime.combine(today, datetime.min.time()) - LOCAL + timedelta(hours=9)
    with read_session(city_url) as s:
        town = s.scalar(text("SELECT town_code FROM ticket GROUP BY town_code ORDER BY count(*) DESC LIMIT 1"))
        got = wall.town_vitals(s, now, town).set_index("key")
        want = kpi.same_time(s, now, ("hotline", "cm"), ("received",), town=town)
        city = kpi.same_time(s, now, ("hotline", "cm"), ("received",))
    for col in ("value", "yesterday", "last_week"):
        assert got.loc["received", col] == want[("hotline", "received", col)] + want[("cm", "received", col)]
    assert sum(city[("hotline", "received", c)] for c in kpi.SAME_TIME) > sum(
        want[("hotline", "received", c)] for c in kpi.SAME_TIME
    )
