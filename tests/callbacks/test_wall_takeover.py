"""The takeover card and the seats' alarm strip render every kind of alarm from its typed record (a hotspot's
evidence included), and the wall's rail keeps every alarm that waits for a seat."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from callbacks.overview import render_alarms
from callbacks.wall.alarms import CAMERA_COLUMNS, Top, alarms_now, rail
from callbacks.wall.wall import render_takeover
from data_access.db import write_session
from data_access.wall.alarms import Alarm, AlertFacts, HotspotFacts, IncidentFacts
from data_access.worktime import utcnow
from data_access.writes import apply
from tests.factories import new_ticket

CAMS = pd.DataFrame(
    [{"id": "64018100001310000001", "name": "东门", "online": True, "distance_m": 120, "lat": 38.1, "lon": 106.3}],
    columns=CAMERA_COLUMNS,
)
AT = datetime(2026, 12, 2, 2, 41)


def text(node) -> str:
    if isinstance(node, list | tuple):
        return " ".join(text(n) for n in node)
    children = getattr(node, "children", node if isinstance(node, str) else None)
    return "" if children is None else children if isinstance(children, str) else text(children)


def test_a_hotspot_on_top_shows_its_spike_against_the_baseline():
    spot = Alarm("hotspot:H0201:640181100:2026-12-02", 2, "供水问题 · 东塔镇", 38.1, 106.3, AT,
                 HotspotFacts(26, 3.4, "H0201", "640181100"))  # fmt: skip
    shown = text(render_takeover(Top(spot, CAMS, "64018100001310000001", "东门"), "zh", public=True))
    assert "供水问题 · 东塔镇" in shown and "26" in shown and "3.4" in shown and "东门" in shown


def test_an_incident_on_top_shows_its_level():
    inc = Alarm("incident:i-1", 2, "民房火灾", 38.1, 106.3, AT, IncidentFacts(2, "accident"))
    shown = text(render_takeover(Top(inc, CAMS, "64018100001310000001", "东门"), "zh", public=True))
    assert "民房火灾" in shown and "重大" in shown and "现场实时画面" in shown


def test_an_alert_shows_its_own_camera_live_and_confidence():
    cam = "64018100001310000099"
    alert = Alarm(
        "alert:a-1", 1, "溺水检测 · 河堤", 38.1, 106.3, AT, AlertFacts("溺水检测", "河堤", 0.93), camera_id=cam
    )
    card = render_takeover(Top(alert, CAMS, cam, "河堤"), "zh", public=False)
    assert "置信度 93%" in text(card)
    live = card[3]
    assert live.children[0].src == f"/media/mjpeg/{cam}"  # the alarmed camera, not the nearest one


def test_the_rail_and_the_strip_hold_every_kind_with_its_evidence():
    items = [
        Alarm("incident:i-1", 1, "城区积水", 38.1, 106.3, AT, IncidentFacts(1, "natural")),
        Alarm("alert:a-1", 1, "火焰检测 · 东门", 38.1, 106.3, AT, AlertFacts("火焰检测", "东门", 0.9), takeover=False),
        Alarm("hotspot:H0201:640181100:2026-12-02", 2, "供水问题 · 东塔镇", 38.1, 106.3, AT,
              HotspotFacts(26, 3.4, "H0201", "640181100")),
    ]  # fmt: skip
    chips = text(rail(items, "zh"))
    assert "城区积水" in chips and "火焰检测 · 东门" in chips and "供水问题 · 东塔镇" in chips
    rows = render_alarms(items, "zh", can_ack=True)
    assert len(rows) == 3 and all(r.children[-1] is not None for r in rows)  # every kind can be acknowledged
    assert "今日 26 件" in text(rows[2]) and "Ⅰ级" in text(rows[0])


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
    assert snap.top is not None and snap.top.alarm.kind == "hotspot"
    assert [i["key"] for i in snap.items] == [snap.top.alarm.key]
    shown = text(render_takeover(snap.top, "zh", public=True))
    assert "今日 8 件" in shown


def test_ticker_rows_show_their_date_when_not_today():
    from callbacks.wall.vitals import dated

    now = datetime(2026, 12, 2, 2, 26)  # 10:26 in Lingwu
    df = pd.DataFrame(
        {
            "created_local": ["10:20", "16:17"],
            "created_at": [datetime(2026, 12, 2, 2, 20), datetime(2026, 12, 1, 8, 17)],
        }
    )
    assert list(dated(df, now)["created_local"]) == ["10:20", "12-01"]
