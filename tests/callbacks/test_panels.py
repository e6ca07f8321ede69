"""The panel engine as plain functions: one read per period for all screens, no_update when unchanged,
error and empty states, masking by role, and a cache shared through Redis across workers."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import pytest
import redis
from dash import no_update

from callbacks import overview
from callbacks.refresh import refresh_outputs
from data_access import events as ev
from data_access.db import write_session
from data_access.geo import distance_m
from data_access.masking import snap_points
from data_access.worktime import utcnow
from data_access.writes import apply
from settings import SETTINGS
from tests.factories import new_ticket
from web.cache import cache, cached, clear_local_memo
from web.panels import Panel, snapshot


@pytest.fixture
def city(tmp_path, sqlite_templates, apps):
    url = sqlite_templates.copy(tmp_path / "cb.db")
    return url, apps.flask(url)


def texts(body, class_name: str) -> list:
    """The text of every element with `class_name` in a rendered panel body (Dash components as JSON)."""
    if isinstance(body, list):
        return [x for child in body for x in texts(child, class_name)]
    if not isinstance(body, dict):
        return []
    props = body.get("props", {})
    if class_name in str(props.get("className", "")).split():
        return [props.get("children")]
    return texts(props.get("children"), class_name)


def counting_panel(calls: list, data=None, fail: bool = False) -> Panel:
    def reader(_s, _ctx):
        calls.append(1)
        if fail:
            raise RuntimeError("database unreachable")
        return pd.DataFrame({"n": [len(calls)]}) if data is None else data

    return Panel(f"test-{id(calls)}", "panel_trend", reader, lambda df, lang: f"{lang}:{int(df['n'].sum())}")


def outputs(panel_id: str) -> list:
    spec = [{"id": {"type": "x-panel-body", "panel": panel_id}, "property": "children"}]
    meta = [{"id": {"type": "x-panel-meta", "panel": panel_id}, "property": "data-meta"}]
    return [spec, [], meta]


def test_many_screens_in_one_period_cost_one_read(city):
    _url, server = city
    calls: list = []
    panel = counting_panel(calls)
    now = datetime(2024, 3, 4, 2, 0, 1)
    with server.app_context():
        bodies = [snapshot(panel, "visitor", "zh", now)["body"] for _ in range(20)]
        snapshot(panel, "officer", "zh", now)  # seats read with other masks: their own snapshot
    assert len(calls) == 2 and set(bodies) == {"zh:1"}


def test_unchanged_panels_are_not_resent_and_failures_keep_the_last_data(city):
    _url, server = city
    calls: list = []
    panel = counting_panel(calls, data=pd.DataFrame({"n": [7]}))
    with server.app_context():
        bodies, _, metas, hashes = refresh_outputs({panel.id: panel}, outputs(panel.id), {}, "visitor", "zh")
        assert bodies == ["zh:7"] and '"data-error": ""' in metas[0]
        again, _, _, _ = refresh_outputs({panel.id: panel}, outputs(panel.id), hashes, "visitor", "zh")
        assert again == [no_update]
        broken = counting_panel([], fail=True)
        bodies, _, metas, _ = refresh_outputs({broken.id: broken}, outputs(broken.id), {}, "visitor", "zh")
    assert bodies == [no_update] and "读取失败" in metas[0]


def test_while_one_worker_computes_the_others_get_the_previous_period(city):
    _url, server = city
    with server.app_context():
        assert cached("t:1", 5, lambda: "one") == "one"
        clear_local_memo()  # another worker
        cache.add("t:2:lock", 1, timeout=5)  # ... while a third one computes period 2
        assert cached("t:2", 5, lambda: "two") == "one"
        clear_local_memo()
        assert cached("t:3", 5, lambda: "three") == "three"
        clear_local_memo()
        assert cached("t:0", 5, lambda: "zero") == "zero"  # a worker behind the others computes an old period ...
        clear_local_memo()
        assert cached("t:3", 5, lambda: "again") == "three"  # ... and never hides the newer one
        assert [cached(f"area:{c}", 60, lambda c=c: c) for c in "AB"] == ["A", "B"]  # no bucket: a family each
        clear_local_memo()
        assert [cached(f"area:{c}", 60, lambda: "?") for c in "AB"] == ["A", "B"]


def test_overview_panels_render_from_real_rows_and_mask_for_visitors(city):
    url, server = city
    with write_session(url) as s:
        apply(s, [new_ticket("CB-1", utcnow(), summary="噪音扰民，电话13900000001，身份证11010119900101001X")])
    panels = {p.id: p for p in overview.PANELS}
    with server.app_context():
        feed_public = str(snapshot(panels["feed"], "visitor", "zh")["body"])
        feed_seat = str(snapshot(panels["feed"], "officer", "zh")["body"])
        kpi = snapshot(panels["received"], "wall", "en")["body"]
    assert "噪音扰民" in feed_public and "13900000001" not in feed_public and "11010119900101001X" not in feed_public
    assert "139****0001" in feed_seat
    assert texts(kpi, "kpi-value") == ["1"]  # the tile's big number: the one request received today


def test_map_points_keep_their_order_kind_and_state(city):
    url, server = city
    now = utcnow()
    located = [("M-1", "hotline", 1), ("M-2", "hotline", 2), ("M-3", "cm", 3), ("M-4", "hotline", 4)]
    late = now - timedelta(days=30)  # dispatched a month ago: past its time limit
    with write_session(url) as s:
        apply(
            s,
            [
                new_ticket(no, now - timedelta(minutes=m), stream=st, lat=38.0 + m / 100, lon=106.3)
                for no, st, m in located
            ]
            + [
                new_ticket("M-5", late, lat=38.05, lon=106.3),
                ev.TicketAction(event_id="M-5-d", ticket_no="M-5", action="dispatch", at=late, department_id=1),
            ],
        )
    panels = {p.id: p for p in overview.PANELS}
    with server.app_context():
        body = snapshot(panels["map"], "wall", "zh", now)["body"]
    points = [f for f in body["features"] if f["geometry"]["type"] == "MultiPoint"]  # newest first, runs share one
    assert [(f["properties"]["kind"], f["properties"]["state"]) for f in points] == [
        ("hotline", "ok"),
        ("cm", "ok"),
        ("hotline", "ok"),
        ("hotline", "overdue"),
    ]
    exact = [[106.3, 38.01], [106.3, 38.02], [106.3, 38.03], [106.3, 38.04], [106.3, 38.05]]
    shown = [c for f in points for c in f["geometry"]["coordinates"]]
    assert shown == [list(reversed(snap_points(la, lo, "wall"))) for lo, la in exact]  # the wall: grid cells...
    assert all(0 < distance_m(la, lo, b, a) <= 150 for (lo, la), (a, b) in zip(exact, shown, strict=True))
    with server.app_context():
        seat = snapshot(panels["map"], "officer", "zh", now)["body"]
    seat_points = [f for f in seat["features"] if f["geometry"]["type"] == "MultiPoint"]
    assert [c for f in seat_points for c in f["geometry"]["coordinates"]] == exact  # ...a seat: the exact spot


def test_empty_database_shows_no_data_not_zero_lines(city):
    _url, server = city
    panels = {p.id: p for p in overview.PANELS}
    with server.app_context():
        body = snapshot(panels["trend"], "visitor", "zh")["body"]
    assert "暂无数据" in str(body)


def test_redis_cache_is_shared_between_workers(city, apps):
    url, _ = city
    try:
        redis.Redis.from_url(SETTINGS.test_redis_url, socket_connect_timeout=2).ping()
    except redis.ConnectionError as exc:
        if SETTINGS.require_postgres:
            pytest.fail(f"Redis required in CI but unreachable: {exc}")
        pytest.skip(f"Redis unreachable: {exc}")
    redis.Redis.from_url(SETTINGS.test_redis_url).flushdb()
    worker_a, worker_b = (apps.flask(url, redis_url=SETTINGS.test_redis_url) for _ in range(2))
    calls: list = []
    panel = counting_panel(calls)
    now = datetime(2024, 3, 4, 2, 0, 1)
    with worker_a.app_context():
        a = snapshot(panel, "wall", "zh", now)
    clear_local_memo()  # a second worker process starts with an empty local memo
    with worker_b.app_context():
        b = snapshot(panel, "wall", "zh", now)
    assert len(calls) == 1 and a["hash"] == b["hash"]
