"""Wall reads on SQLite and PostgreSQL: vital signs from rollups, takeover candidates, hotspots, nearest cameras."""

from __future__ import annotations

from datetime import timedelta

from data_access import events as ev
from data_access.db import read_session, write_session
from data_access.video import channels
from data_access.wall import alarms
from data_access.wall import vitals as wall
from data_access.worktime import utcnow
from data_access.writes import apply
from tests.factories import new_ticket


def test_vital_signs_count_today_yesterday_and_last_week(city_url):
    now = utcnow()
    with write_session(city_url) as s:
        apply(
            s,
            [new_ticket(f"V-{i}", now - timedelta(minutes=i)) for i in range(3)]
            + [new_ticket("V-y", now - timedelta(days=1)), new_ticket("V-w", now - timedelta(days=7))],
        )
    with read_session(city_url) as s:
        df = wall.vital_signs(s, now).set_index("key")
    assert df.loc["hotline_received"].tolist()[:3] == [3, 1, 1]
    assert df.loc["open", "value"] == 5


def test_takeover_lists_unacknowledged_severe_incidents_only(city_url):
    now = utcnow()
    with write_session(city_url) as s:
        apply(
            s,
            [
                ev.IncidentReported("i-2", "accident", "火灾", 2, "民房火灾", 38.1, 106.34, now),
                ev.IncidentReported("i-4", "accident", "火灾", 4, "小火情", 38.1, 106.34, now),
                ev.IncidentReported("i-1", "natural", "暴雨内涝", 1, "城区积水", 38.1, 106.34, now),
                ev.IncidentUpdate("i-1-ack", "i-1", "ack", now, actor="officer"),
            ],
        )
    with read_session(city_url) as s:
        cands = alarms.takeover_candidates(s, now)
        cams = channels.nearest_cameras(s, 38.1, 106.34, limit=4)
    assert [a.key for a in cands] == ["incident:i-2"]
    assert len(cams) == 4 and list(cams["distance_m"]) == sorted(cams["distance_m"])


def test_a_spike_in_one_town_becomes_a_hotspot_alarm(city_url):
    now = utcnow()
    spike = [
        new_ticket(f"H-{i}", now - timedelta(minutes=i), category="H0201", town_code="640181100") for i in range(8)
    ]
    with write_session(city_url) as s:
        apply(s, spike)
    with read_session(city_url) as s:
        spots = alarms.hotspot_alarms(s, now)
    assert len(spots) == 1
    row = spots[0].row()
    assert row["kind"] == "hotspot" and row["today"] == 8 and row["key"].startswith("hotspot:H0201:640181100:")


def test_a_severe_alert_stays_an_alarm_after_its_takeover_window_until_reviewed_or_acknowledged(city_url):
    now = utcnow()
    cam = "64018100001316000002"
    with write_session(city_url) as s:
        apply(
            s,
            [
                ev.AlertRaised("fire-old", cam, "XF01", 0.9, (0.1, 0.1, 0.2, 0.2), now - timedelta(minutes=40)),
                ev.AlertRaised("fire-new", cam, "XF02", 0.8, (0.1, 0.1, 0.2, 0.2), now - timedelta(minutes=1)),
                ev.AlertRaised("litter", cam, "CG07", 0.8, (0.1, 0.1, 0.2, 0.2), now - timedelta(minutes=1)),
            ],
        )
    with read_session(city_url) as s:
        found = {a.key: a for a in alarms.fire_alerts(s, now)}
        queue = channels.review_queue(s, until=now)
    assert set(found) == {"alert:fire-old", "alert:fire-new"}  # the litter alert is no alarm
    assert found["alert:fire-new"].takeover and not found["alert:fire-old"].takeover  # timed out: the rail keeps it
    assert found["alert:fire-old"].camera_id == cam and found["alert:fire-old"].facts.camera
    assert list(queue["severity"])[:2] == [1, 1] and list(queue["event_id"])[-1] == "litter"  # severity first
    with write_session(city_url) as s:
        apply(s, [ev.AlarmAcknowledged("ack-1", "alert:fire-old", now, "officer")])
        apply(s, [ev.AlertReviewed("rev-1", "fire-new", "false_positive", now, actor="officer")])
    with read_session(city_url) as s:
        assert alarms.fire_alerts(s, now) == []  # one acknowledged, one reviewed: both acted on


def test_acknowledging_an_unknown_or_reviewed_alarm_is_refused_and_changes_nothing(city_url):
    import pytest

    from data_access.errors import WriteError
    from data_access.models import AlarmAck

    now = utcnow()
    for key in ("alert:nope", "hotspot:H0201:640181100:2026-13-40", "hotspot:X9:640181100:2026-12-02", "<b>"):
        with pytest.raises(WriteError), write_session(city_url) as s:
            apply(s, [ev.AlarmAcknowledged(f"ack-{key}", key, now, "officer")])
    with read_session(city_url) as s:
        assert s.query(AlarmAck).count() == 0
