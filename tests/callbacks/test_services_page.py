"""公共服务 (/services) and the 便民服务 feed: the usage feed's totals only move up and replays change nothing, the
panels read rollups only (no person in any of them), and the renderers show what a seat would check."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from callbacks.services import services as page
from data_access import events as ev
from data_access.db import read_session, write_session
from data_access.errors import WriteError
from data_access.models import ServiceUsage
from data_access.services import convenience
from data_access.worktime import to_local, utcnow
from data_access.writes import apply
from simulators.feeds import convenience as feed
from web.panels import ReadContext


def test_the_usage_feed_keeps_the_highest_total_and_replays_change_nothing(migrated_url):
    now = utcnow()
    day = to_local(now).date()
    local_day_start = datetime.combine(day, datetime.min.time())
    events = [e for h in (9, 13, 17) for e in feed.generate(1, local_day_start + timedelta(hours=h))]
    with write_session(migrated_url) as s:
        apply(s, events)
    with write_session(migrated_url) as s:
        apply(s, list(reversed(events)))  # replayed, out of order: the 17:00 totals stay
        with pytest.raises(WriteError):
            apply(s, [ev.ServiceUsage(day, "casino", "640181001", 1, now)])
    with read_session(migrated_url) as s:
        rows = s.scalar(select(func.count()).select_from(ServiceUsage))
        today = convenience.today_by_service(s, now).set_index("service")["n"]
    at17 = {e.service: 0 for e in events}
    for e in events:
        if e.at == max(x.at for x in events):
            at17[e.service] += e.n
    assert rows == len(feed.TOWNS) * len(feed.RATES)
    assert today.to_dict() == {k: at17.get(k, 0) for k in today.index}
    assert today["bus"] > today["tourism"] or day.weekday() >= 5


def test_the_services_panels_render_rollups_without_personal_data(city_url):
    now = utcnow()
    start = datetime.combine(to_local(now).date() - timedelta(days=3), datetime.min.time())
    with write_session(city_url) as s:
        apply(s, [e for h in range(0, 96) for e in feed.generate(1, start + timedelta(hours=h))])
    ctx = ReadContext(now=now, role="visitor")
    with read_session(city_url) as s:
        data = {p.id: p.reader(s, ctx) for p in page.PANELS}
    trend = data["services-conv-trend"]
    assert set(trend["group"]) == {"bills", "travel", "affairs", "health"} and trend["n"].sum() > 0
    rental = data["services-rental"]
    assert (
        rental["units"].sum() == 520
        and (rental["occupied"] + rental["vacant"] + rental["overdue"] == rental["units"]).all()
    )
    assert data["services-codes"].iloc[0]["shops"] == 640
    text = repr({k: v.to_dict() for k, v in data.items()})
    assert "name" not in data["services-rental"].columns and "phone" not in text
    html = repr(page.render_rental(rental, "zh")) + repr(page.render_today(data["services-conv-today"], "zh"))
    assert "已登记在住" in html and "公交查询" in html
    assert "Registered" in repr(page.render_rental(rental, "en"))
