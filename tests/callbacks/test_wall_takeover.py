"""The takeover card renders every kind of alarm from its typed record (a hotspot's evidence included)."""

from __future__ import annotations

from datetime import datetime, timedelta

from callbacks.wall.alarms import alarms_now
from callbacks.wall.wall import render_takeover
from data_access.db import write_session
from data_access.wall.alarms import Alarm
from data_access.worktime import utcnow
from data_access.writes import apply
from tests.factories import new_ticket


def text(node) -> str:
    if isinstance(node, list | tuple):
        return " ".join(text(n) for n in node)
    children = getattr(node, "children", node if isinstance(node, str) else None)
    return "" if children is None else children if isinstance(children, str) else text(children)


def top(alarm: Alarm) -> dict:
    return {
        **alarm.row(),
        "at": "10:41:00",
        "cameras": [{"id": "c1", "name": "东门", "online": True, "distance_m": 120}],
    }


def test_a_hotspot_on_top_shows_its_spike_against_the_baseline():
    spot = Alarm("hotspot:H0201:640181100:2026-12-02", "hotspot", 2, "供水问题 · 东塔镇", 38.1, 106.3,
                 datetime(2026, 12, 2, 2, 41), {"today": 26, "baseline": 3.4})  # fmt: skip
    shown = text(render_takeover(top(spot), "zh", public=True))
    assert "供水问题 · 东塔镇" in shown and "26" in shown and "3.4" in shown and "东门" in shown


def test_an_incident_on_top_shows_its_level():
    inc = Alarm("incident:i-1", "incident", 2, "民房火灾", 38.1, 106.3, datetime(2026, 12, 2, 2, 41))
    shown = text(render_takeover(top(inc), "zh", public=True))
    assert "民房火灾" in shown and "重大" in shown


def test_when_a_hotspot_is_the_top_alarm_the_takeover_renders_it(apps, city_url):
    """The top alarm keeps its kind's facts from the source to the card (a hotspot used to lose them: KeyError)."""
    now = utcnow()
    spike = [
        new_ticket(f"H-{i}", now - timedelta(minutes=i), category="H0201", town_code="640181100") for i in range(8)
    ]
    with write_session(city_url) as s:
        apply(s, spike)
    with apps.flask(city_url).app_context():
        snap = alarms_now()
    assert snap["top"]["kind"] == "hotspot" and [i["key"] for i in snap["items"]] == [snap["top"]["key"]]
    shown = text(render_takeover(snap["top"], "zh", public=True))
    assert "今日 8 件" in shown
