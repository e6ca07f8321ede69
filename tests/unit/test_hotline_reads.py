"""The 12345 page's reads: paged/filtered/sorted grid, masking by role, drawer, timeline, similar requests."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from data_access import events as ev
from data_access.db import read_session, write_session
from data_access.hotline import grid as hq
from data_access.hotline import ticket as tq
from data_access.writes import apply
from tests.factories import new_ticket

T0 = datetime(2024, 3, 4, 2, 0)  # a Monday, 10:00 local
NOW = T0 + timedelta(hours=3)


@pytest.fixture
def url(city_url):
    events = []
    for i in range(30):
        events.append(
            new_ticket(
                f"G-{i:02d}",
                T0 + timedelta(minutes=i),
                category="H0201" if i % 2 else "H0501",
                summary=f"第{i}号 停水 电话13912345678",
                channel="phone" if i % 3 else "wechat",
                town_code="640181001",
                lat=38.1 + i * 1e-5,
                lon=106.34,
                citizen_name="张三丰",
                citizen_phone="13912345678" if i < 3 else f"1391234{i:04d}",
                citizen_id_no="11010119900101001X",
                address="灵武市城区街道某小区3号楼2单元",
            )
        )
    events.append(ev.TicketAction("d-1", "G-01", "dispatch", T0 + timedelta(hours=1), department_id=23))
    events.append(ev.TicketAction("d-2", "G-03", "dispatch", T0 + timedelta(hours=1), department_id=23))
    events.append(ev.TicketAction("s-2", "G-03", "sign", T0 + timedelta(hours=2)))
    with write_session(city_url) as s:
        apply(s, events)
    return city_url


def test_grid_pages_sorts_and_filters_in_sql(url):
    with read_session(url) as s:
        df, total = hq.ticket_page(s, hq.GridQuery(start=0, end=10), now=NOW, role="officer")
        assert total == 30 and len(df) == 10 and df["ticket_no"].iloc[0] == "G-29"
        df2, _ = hq.ticket_page(s, hq.GridQuery(start=10, end=20), now=NOW, role="officer")
        assert set(df["ticket_no"]).isdisjoint(df2["ticket_no"])
        asc, _ = hq.ticket_page(s, hq.GridQuery(sort="ticket_no", descending=False, end=3), now=NOW, role="officer")
        assert list(asc["ticket_no"]) == ["G-00", "G-01", "G-02"]
        _, n = hq.ticket_page(s, hq.GridQuery(channel="wechat"), now=NOW, role="officer")
        assert n == 10
        _, n = hq.ticket_page(s, hq.GridQuery(category="H0201", status="pending_sign"), now=NOW, role="officer")
        assert n == 1
        _, n = hq.ticket_page(s, hq.GridQuery(department_id=23), now=NOW, role="officer")
        assert n == 2
        _, n = hq.ticket_page(s, hq.GridQuery(status="open", town="640181001"), now=NOW, role="officer")
        assert n == 30
        _, n = hq.ticket_page(s, hq.GridQuery(sla="on_time"), now=NOW, role="officer")
        assert n == 0  # 24-hour limits: both dispatched tickets are due within the day
        _, n = hq.ticket_page(s, hq.GridQuery(sla="near_due"), now=NOW, role="officer")
        assert n == 2
        _, n = hq.ticket_page(s, hq.GridQuery(sla="overdue"), now=NOW + timedelta(days=3), role="officer")
        assert n == 2
        _, n = hq.ticket_page(s, hq.GridQuery(sla="none"), now=NOW, role="officer")
        assert n == 28
        _, n = hq.ticket_page(s, hq.GridQuery(text="G-1"), now=NOW, role="officer")
        assert n == 10
        big, _ = hq.ticket_page(s, hq.GridQuery(start=0, end=10**6), now=NOW, role="officer")
        assert len(big) == 30  # capped by PAGE_MAX, never more than asked


def test_masking_in_the_grid_and_the_drawer(url):
    with read_session(url) as s:
        df, _ = hq.ticket_page(s, hq.GridQuery(end=5), now=NOW, role="visitor")
        assert not df["summary"].str.contains("13912345678").any()
        officer = tq.citizen_details(s, "G-01", role="officer")
        assert officer["phone"] == "139****5678" and officer["name"] == "张**"
        assert officer["id_no"].startswith("110") and "19900101" not in officer["id_no"]
        assert "3号楼" not in officer["address"]
        assert tq.citizen_details(s, "G-01", role="visitor") == {
            "name": None,
            "phone": None,
            "id_no": None,
            "address": None,
        }
        full = tq.citizen_details(s, "G-01", role="officer", reveal=True)
        assert full["phone"] == "13912345678"
        assert tq.citizen_details(s, "nope", role="officer") is None


def test_drawer_detail_timeline_and_similar(url):
    with read_session(url) as s:
        d = tq.ticket_detail(s, "G-03", role="officer", now=NOW)
        assert d["status"] == "in_progress" and d["version"] == 1  # created and acted on in one batch
        assert d["department_name"] and "reply" in d["actions"] and d["hours_left"] is not None
        tl = tq.timeline(s, "G-03", role="officer")
        assert list(tl["action"]) == ["create", "dispatch", "sign"]
        sim = tq.similar_requests(s, "G-01", role="officer")
        kinds = dict(zip(sim["ticket_no"], sim["kind"], strict=True))
        assert kinds["G-00"] == "repeat" and kinds["G-02"] == "repeat"  # the same caller
        assert kinds.get("G-05") == "nearby"  # same category, metres away
        assert "G-04" not in kinds  # another category, another caller
        assert tq.ticket_detail(s, "missing", role="officer", now=NOW) is None


def test_export_iterates_every_matching_row(url):
    with read_session(url) as s:
        rows = list(hq.iter_export(s, hq.GridQuery(channel="phone"), now=NOW, role="officer"))
    assert len(rows) == 20 and all("13912345678" not in r[hq.GRID_COLUMNS.index("summary")] for r in rows)


def test_repeat_callers_never_show_the_number(url):
    from data_access.hotline import stats as hotline_stats

    with read_session(url) as s:
        df = hotline_stats.repeat_callers(s, NOW, min_tickets=2)
    assert list(df.columns) == ["category", "category_name", "tickets", "last_ticket"]
    assert list(zip(df["category"], df["tickets"], strict=True)) == [("H0501", 2)]
    assert df["last_ticket"].iloc[0] == "G-02"


def test_stats_run_on_both_backends(url):
    from data_access.hotline import stats as hs

    with read_session(url) as s:
        today = hs.today_numbers(s, NOW)
        assert today["received"] == 30 and today["dispatched"] == 2 and today["signed"] == 1 and today["open"] == 30
        df = hs.assessment_trend(s, NOW.date() - timedelta(days=1), NOW.date())
        total = df[df["code"] == "TOTAL"].iloc[0]
        assert total["received"] == 30 and total["dispatched"] == 2
        water = df[df["department_id"] == 23].iloc[0]
        assert water["assigned"] == 2 and water["sign_on_time_rate"] == 1.0
        summary = hs.daily_summary(s, NOW.date(), NOW)
        assert summary["new"].sum() == 2
        spots = hs.hotspots(s, NOW, min_count=4)
        assert set(spots["category"]) <= {"H0201", "H0501"} and (spots["today"] >= 4).all()
