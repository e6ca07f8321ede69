"""Every KPI drills to the list it counts: the overview's and the 12345 page's tiles link to /hotline with the
filters of their definition, and that list holds the tile's number (the same number at the top). 超期 is one
thing everywhere: open and past due."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest

from callbacks import overview
from callbacks.hotline import hotline as hotline_page
from callbacks.hotline.hotline import initial_filters
from callbacks.hotline.ids import FILTER_KEYS
from data_access import events as ev
from data_access import queries
from data_access.db import read_session, write_session
from data_access.hotline import grid as hq
from data_access.hotline import stats
from data_access.lifecycle import sla_state
from data_access.wall import vitals as wall
from data_access.worktime import local_day, utcnow
from data_access.writes import apply
from tests.factories import new_ticket
from tests.unit.test_daily_category import simulated


def listed(s, href: str, now) -> int:
    """The row count the 12345 grid shows for a drill-down link (the filters the page sets from it)."""
    url = urlsplit(href)
    assert url.path == "/hotline"
    f = initial_filters(dict(parse_qsl(url.query)))
    values = [f[k] for k in FILTER_KEYS]
    _, total = hq.ticket_page(s, hq.grid_query(values, {"startRow": 0, "endRow": 1}), now=now, role="officer")
    return total


@pytest.fixture
def city(city_url):
    """Three simulated days, plus tickets left open past their deadline (hotline and city management)."""
    simulated(city_url)
    now = utcnow()
    events = []
    for i in range(4):
        at = now - timedelta(days=6, hours=i)
        events += [
            new_ticket(f"OD-{i}", at),
            ev.TicketAction(f"od-d-{i}", f"OD-{i}", "dispatch", at + timedelta(minutes=20), department_id=23),
        ]
    at = now - timedelta(days=12)
    events += [
        new_ticket("OD-CM", at, stream="cm"),
        ev.TicketAction("od-cm-r", "OD-CM", "register", at + timedelta(minutes=30)),
    ]
    with write_session(city_url) as s:
        apply(s, events)
    return city_url


def test_overview_tiles_list_the_tickets_they_count(city):
    now = utcnow()
    with read_session(city) as s:
        v = wall.vital_signs(s, now).set_index("key")
        end = local_day(now)
        rated = int(queries.satisfaction(s, start=end - timedelta(days=29), end=end)["rated"].iloc[0])
        drills = {key: href for key, (_r, href) in overview.DRILLS.items() if href.startswith("/hotline")}
        got = {key: listed(s, href, now) for key, href in drills.items()}
    assert set(drills) == {"received", "closed", "cm", "overdue", "satisfaction30"}
    want = {
        "received": v.loc["hotline_received", "value"],
        "closed": v.loc["hotline_closed", "value"],
        "cm": v.loc["cm_received", "value"],
        "overdue": v.loc["overdue", "value"],
        "satisfaction30": rated,
    }
    assert want["received"] > 0 and want["overdue"] > 0 and rated > 0
    assert got == want
    panels = {p.id: p for p in overview.PANELS}
    assert all(panels[k].href == drills[k] for k in drills)


def test_hotline_tiles_list_the_tickets_they_count(city):
    now = utcnow()
    with read_session(city) as s:
        d = stats.today_numbers(s, now)
        panels = {p.id: p for p in hotline_page.PANELS}
        got = {k: listed(s, panels[k].href, now) for k in ("received", "dispatched", "closed", "open", "overdue")}
    assert got == {k: d[k] for k in got}
    assert d["overdue"] < d["open"]


def test_overdue_is_open_and_past_due_everywhere(city):
    now = utcnow()
    with read_session(city) as s:
        overdue_total = int(queries.open_tickets(s, now)["overdue"].sum())
        rows, n = hq.ticket_page(s, hq.GridQuery(sla="overdue", end=500), now=now, role="officer")
        late, n_late = hq.ticket_page(s, hq.GridQuery(sla="closed_late", end=500), now=now, role="officer")
    assert n == overdue_total > 0
    assert set(rows["status"]) <= {"accepted", "pending_sign", "in_progress", "extension_pending", "replied"} | {
        "registered",
        "dispatched",
        "disposed",
    }
    assert set(rows["sla"]) == {"overdue"}
    assert n_late > 0 and set(late["sla"]) == {"closed_late"}  # closed after the deadline: 超期办结, not 超期
    assert sla_state(now - timedelta(hours=2), now - timedelta(hours=1), now) == "closed_late"
    assert sla_state(now - timedelta(hours=1), None, now) == "overdue"


def test_tiles_say_what_they_count_and_what_they_compare(city):
    now = utcnow()
    with read_session(city) as s:
        v = wall.vital_signs(s, now).set_index("key")
    tiles = {k: str(overview.DRILLS[k][0](v, "zh")) for k in ("received", "overdue", "cm")}
    assert "12345 热线" in tiles["received"] and "较昨日同时段" in tiles["received"]
    assert "较上周同时段" in tiles["received"]
    assert "12345 + 数字城管" in tiles["overdue"] and "在办且已过时限" in tiles["overdue"]
    assert "数字城管" in tiles["cm"]
    assert "vs same time yesterday" in str(overview.DRILLS["received"][0](v, "en"))


def test_a_bad_drill_link_is_dropped_not_an_error():
    f = initial_filters({"sla": "drop table", "when": "ever", "stream": "cm", "department": "x", "text": 5})
    assert f["sla"] is None and f["when"] is None and f["stream"] == "cm" and f["department"] is None
    assert f["text"] is None
