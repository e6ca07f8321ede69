"""The panel engine as plain functions: one read per period for all screens, no_update when unchanged,
error and empty states, masking by role, and a cache shared through Redis across workers."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pandas as pd
import pytest
import redis
from dash import no_update
from flask import Flask

from callbacks import overview
from callbacks._panels import Panel, cache, cache_config, clear_local_memo, refresh_outputs, snapshot
from data_access.db import write_session
from data_access.worktime import utcnow
from data_access.writes import apply
from settings import SETTINGS, Settings
from tests.factories import new_ticket, seeded


def flask_app(settings: Settings) -> Flask:
    server = Flask(__name__)
    server.config["CC_SETTINGS"] = settings
    cache.init_app(server, config=cache_config(settings))
    return server


@pytest.fixture
def city(tmp_path):
    url = seeded(f"sqlite:///{tmp_path / 'cb.db'}")
    settings = dataclasses.replace(SETTINGS, database_url=url, cache_dir=str(tmp_path / "cache"), redis_url="")
    return url, flask_app(settings)


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


def test_overview_panels_render_from_real_rows_and_mask_for_visitors(city):
    url, server = city
    with write_session(url) as s:
        apply(s, [new_ticket("CB-1", utcnow(), summary="噪音扰民，电话13900000001，身份证11010119900101001X")])
    panels = {p.id: p for p in overview.PANELS}
    with server.app_context():
        feed_public = str(snapshot(panels["feed"], "visitor", "zh")["body"])
        feed_seat = str(snapshot(panels["feed"], "officer", "zh")["body"])
        kpi = str(snapshot(panels["received"], "wall", "en")["body"])
    assert "噪音扰民" in feed_public and "13900000001" not in feed_public and "11010119900101001X" not in feed_public
    assert "139****0001" in feed_seat
    assert "'1'" in kpi or "1" in kpi


def test_empty_database_shows_no_data_not_zero_lines(city):
    _url, server = city
    panels = {p.id: p for p in overview.PANELS}
    with server.app_context():
        body = snapshot(panels["trend"], "visitor", "zh")["body"]
    assert "暂无数据" in str(body)


def test_redis_cache_is_shared_between_workers(city):
    url, _ = city
    try:
        redis.Redis.from_url(SETTINGS.test_redis_url, socket_connect_timeout=2).ping()
    except redis.ConnectionError as exc:
        if SETTINGS.require_postgres:
            pytest.fail(f"Redis required in CI but unreachable: {exc}")
        pytest.skip(f"Redis unreachable: {exc}")
    redis.Redis.from_url(SETTINGS.test_redis_url).flushdb()
    settings = dataclasses.replace(SETTINGS, database_url=url, redis_url=SETTINGS.test_redis_url)
    worker_a, worker_b = flask_app(settings), flask_app(settings)
    calls: list = []
    panel = counting_panel(calls)
    now = datetime(2024, 3, 4, 2, 0, 1)
    with worker_a.app_context():
        a = snapshot(panel, "wall", "zh", now)
    clear_local_memo()  # a second worker process starts with an empty local memo
    with worker_b.app_context():
        b = snapshot(panel, "wall", "zh", now)
    assert len(calls) == 1 and a["hash"] == b["hash"]
