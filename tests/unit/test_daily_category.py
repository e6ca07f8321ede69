"""daily_category (daily_counter summed per subject x metric x day x category): kept by the write API in the same
transaction, backfilled by its migration, and the overview's reads from it give the numbers daily_counter gives."""

from __future__ import annotations

from datetime import date, timedelta

from alembic import command
from sqlalchemy import func, select

from data_access import queries
from data_access.db import dispose, read_session
from data_access.models import DailyCategory, DailyCounter
from data_access.schema import alembic_config, migrate
from data_access.wall import vitals as wall
from data_access.worktime import local_day, utcnow
from simulators import runner

KEYS = ("subject", "metric", "day", "category")


def by_counter(s) -> dict:
    cols = [getattr(DailyCounter, k) for k in KEYS]
    rows = s.execute(select(*cols, func.sum(DailyCounter.n)).group_by(*cols))
    return {tuple(r[:-1]): int(r[-1]) for r in rows if r[-1]}


def by_category(s) -> dict:
    rows = s.execute(select(*(getattr(DailyCategory, k) for k in KEYS), DailyCategory.n))
    return {tuple(r[:-1]): int(r[-1]) for r in rows if r[-1]}


def simulated(url: str) -> date:
    """Three simulated days of every feed on the static city at `url`, written through the write API as the backfill
    does; returns today."""
    now = utcnow()
    today = local_day(now)
    runner.backfill(url, today - timedelta(days=2), today, scale=0.3, settle=today, readings_days=0, until=now)
    return today


def test_write_api_keeps_daily_category_equal_to_daily_counter_summed(city_url):
    simulated(city_url)
    with read_session(city_url) as s:
        got, want = by_category(s), by_counter(s)
    assert {"hotline", "cm", "alert"} <= {k[0] for k in want}
    assert got == want


def test_migration_backfills_daily_category_from_daily_counter(city_url):
    simulated(city_url)
    with read_session(city_url) as s:
        before = by_category(s)
    dispose(city_url)
    command.downgrade(alembic_config(city_url), "0005")  # a database from before daily_category
    migrate(city_url)
    with read_session(city_url) as s:
        assert by_category(s) == by_counter(s) == before


def test_overview_reads_give_the_daily_counter_numbers(city_url):
    today = simulated(city_url)
    start = today - timedelta(days=29)
    with read_session(city_url) as s:
        counter = by_counter(s)
        trend = queries.trend(s, end=today, days=30)
        top = queries.top_categories(s, end=today, days=7, limit=5)
        sat = queries.metric_total(
            s, subject="hotline", metrics=("callback", "satisfied", "basic", "dissatisfied"), start=start, end=today
        )
        vitals = wall.vital_signs(s, utcnow()).set_index("key")

    def summed(subject: str, metric: str, first: date, last: date, category: str | None = None) -> int:
        return sum(
            n
            for (sub, m, d, cat), n in counter.items()
            if sub == subject and m == metric and first <= d <= last and category in (None, cat)
        )

    assert len(trend) == 60 and trend["n"].sum() > 0
    for rec in trend.to_dict("records"):
        assert rec["n"] == summed(rec["stream"], "received", rec["day"], rec["day"])
    week = today - timedelta(days=6)
    by_cat = {
        c: summed("hotline", "received", week, today, c) + summed("cm", "received", week, today, c)
        for c in {k[3] for k in counter}
    }
    assert list(top["n"]) == sorted(by_cat.values(), reverse=True)[:5]
    assert all(by_cat[c] == n for c, n in zip(top["category"], top["n"], strict=True))
    assert sat == {m: summed("hotline", m, start, today) for m in sat}
    for key, (sub, m) in {"hotline_received": ("hotline", "received"), "alert_raised": ("alert", "raised")}.items():
        assert vitals.loc[key, "value"] == summed(sub, m, today, today)
        # yesterday up to the same minute (tests/unit/test_intraday.py): never more than the whole of yesterday
        assert vitals.loc[key, "yesterday"] <= summed(sub, m, today - timedelta(days=1), today - timedelta(days=1))
