"""Video page: renderers as plain functions, the review command on SQLite and PostgreSQL, callback guards."""

from __future__ import annotations

import json
import math
from datetime import datetime

import pandas as pd
import pytest
from sqlalchemy import func, select

from callbacks.video import render as vr
from data_access import events as ev
from data_access.db import read_session, write_session
from data_access.errors import WriteError
from data_access.models import EventLog, Ticket, VideoAlert
from data_access.video import channels as video
from data_access.video.review import case_number, review
from data_access.writes import apply

T0 = datetime(2024, 5, 6, 2, 0)
CAM = "64018100001316000002"


def dump(children) -> str:
    return json.dumps(children, default=lambda c: c.to_plotly_json(), ensure_ascii=False)


def test_channel_list_renders_names_as_text_with_pick_attributes():
    df = pd.DataFrame(
        [(CAM, "<img src=x onerror=alert(1)>", "xueliang", "城区街道", True, None)], columns=video.CHANNEL_COLUMNS
    )
    (li,) = vr.channel_list(df, "zh")
    assert li.to_plotly_json()["props"]["data-cam"] == CAM
    assert "<img src=x onerror=alert(1)>" in dump(li)  # a string child: React renders it as text
    assert "dangerously" not in dump(li)


def test_tree_marks_the_selected_node_and_counts_offline():
    df = pd.DataFrame(
        [("town", "640181100", "东塔镇", 10, 2), ("kind", "school", "school", 5, 0)], columns=video.TREE_COLUMNS
    )
    out = dump(vr.tree(df, {"dim": "town", "key": "640181100"}, "zh"))
    assert "video-node selected" in out and "东塔镇" in out and "校园安全" in out and "has-off" in out


def test_algorithm_table_flags_noisy_algorithms():
    df = pd.DataFrame(
        [("A1", "烟雾检测", "消防", 10, 1, 8, 1, 0.8, [1] * 14), ("A2", "暴露垃圾", "城管", 9, 6, 1, 2, 1 / 9, [0] * 14),
         ("A3", "新算法", "城管", 0, 0, 0, 0, math.nan, [0] * 14)],
        columns=video.STATS_COLUMNS,
    )  # fmt: skip
    out = dump(vr.algorithm_table(df, "zh"))
    assert "待调优" in out and "有效" in out and "80%" in out and "—" in out


@pytest.fixture
def city(city_url):
    with write_session(city_url) as s:
        apply(s, [ev.AlertRaised("a-1", CAM, "CG20", 0.9, (0.1, 0.1, 0.3, 0.4), T0, simulated=False)])
    return city_url


def test_confirm_opens_one_video_ai_case_and_replays_change_nothing(city):
    with write_session(city) as s:
        res = review(s, alert_event_id="a-1", decision="confirmed", actor="officer", at=T0)
    assert res.outcome == "done" and res.ticket_no == case_number("a-1")
    with write_session(city) as s:
        again = review(s, alert_event_id="a-1", decision="false_positive", actor="officer", at=T0)
    assert again.outcome == "already" and again.status == "confirmed"
    with read_session(city) as s:
        t = s.scalars(select(Ticket).where(Ticket.ticket_no == res.ticket_no)).one()
        assert (t.stream, t.channel_code, t.category_code, t.town_code) == ("cm", "video_ai", "SJ0505", "640181001")
        a = s.scalars(select(VideoAlert).where(VideoAlert.event_id == "a-1")).one()
        assert a.status == "confirmed" and a.ticket_id == t.id
        stats = video.algorithm_stats(s, end=T0.date())
        row = stats.set_index("code").loc["CG20"]
        assert (row.raised, row.confirmed, row.fp_rate) == (1, 1, 0.0)


@pytest.mark.parametrize("alert,decision", [("nope", "confirmed"), ("a-1", "approve")])
def test_bad_review_input_is_refused_and_writes_nothing(city, alert, decision):
    with read_session(city) as s:
        before = s.scalar(select(func.count()).select_from(EventLog))
    with pytest.raises(WriteError), write_session(city) as s:
        review(s, alert_event_id=alert, decision=decision, actor="officer", at=T0)
    with read_session(city) as s:
        assert s.scalar(select(func.count()).select_from(EventLog)) == before


def test_review_callback_is_for_acting_seats_only():
    from callbacks.video.video import refresh_video_queue, review_video_alert

    assert review_video_alert.allowed_roles == {"officer", "supervisor", "admin"} and review_video_alert.acts
    assert "wall" in refresh_video_queue.allowed_roles and not refresh_video_queue.acts
