"""Water page: an injected burst is an alert an officer turns into a 数字城管 case (audited, once); a quality
exceedance becomes a 12345 request with its GB 5749-2022 limit; visitors and auditors cannot dispatch; the
renderers show the band, the alert and its limit."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from callbacks.themes import theme_water as page
from data_access import events as ev
from data_access.accounts import Principal
from data_access.db import read_session, write_session
from data_access.models import AuditLog, Sensor, Ticket, WaterAlertOrder
from data_access.themes import water
from data_access.worktime import utcnow
from data_access.writes import apply
from tests.water_data import BURST_ZONE, inject_burst, write_history
from web.commands import themes as cmd
from web.commands.base import Actor, Code, Refused, execute
from web.panels import ReadContext

OFFICER = Actor(Principal(1, "officer", "officer"), "127.0.0.1", "rid-1")
AUDITOR = Actor(Principal(2, "auditor", "auditor"), "127.0.0.1", "rid-2")
VISITOR = Actor(Principal(None, "visitor", "visitor"), "127.0.0.1", "rid-3")


@pytest.fixture
def burst(city_url):
    now = (utcnow() - timedelta(days=1)).replace(hour=4, minute=30)  # 12:30 local, a day ago (see test_water)
    write_history(city_url, now)
    inject_burst(city_url, now)
    with read_session(city_url) as s:
        det = water.detections(s, now)
    key = det[(det["zone"] == BURST_ZONE) & det["active"]].iloc[0]["key"]
    return city_url, now, key


def _text(children) -> str:
    return json.dumps(children, default=lambda o: o.to_plotly_json(), ensure_ascii=False)


def test_an_officer_turns_a_burst_into_one_city_management_case(burst):
    url, _now, key = burst
    res = execute(url, OFFICER, "water_order", key, lambda s: cmd.order_water_alert(s, OFFICER, key))
    assert res.outcome == "done" and res.ticket_no == water.order_number(key)
    again = execute(url, OFFICER, "water_order", key, lambda s: cmd.order_water_alert(s, OFFICER, key))
    assert again.outcome == "already" and again.ticket_no == res.ticket_no
    with read_session(url) as s:
        t = s.scalars(select(Ticket).where(Ticket.ticket_no == res.ticket_no)).one()
        assert (t.stream, t.category_code, t.channel_code, t.status) == ("cm", "SJ0402", "iot", "reported")
        assert "1号计量分区" in t.summary and "超出预测带" in t.content
        assert s.scalar(select(func.count()).select_from(Ticket).where(Ticket.ticket_no == res.ticket_no)) == 1
        assert s.get(WaterAlertOrder, key).ticket_no == res.ticket_no
        audit = s.execute(select(AuditLog.action, AuditLog.object, AuditLog.result)).all()
        assert audit == [("water_order", key, "ok"), ("water_order", key, "already")]
        assert not water.alarm_rows(s, utcnow())  # ordered: it no longer holds the wall
        data = page.read_water(s, ReadContext(now=utcnow(), role="officer"))
    assert res.ticket_no in _text(page.render_alerts(data, "zh"))


def test_visitors_and_auditors_cannot_dispatch_and_bad_keys_change_nothing(burst):
    url, now, key = burst
    for who, code in ((VISITOR, Code.DENIED), (AUDITOR, Code.DENIED)):
        with pytest.raises(Refused) as exc:
            execute(url, who, "water_order", key, lambda s, who=who: cmd.order_water_alert(s, who, key))
        assert exc.value.code is code
    for bad in ("", "water:", "x" * 200, 42, "water:DMA-99:2024010100", "ticket:1"):
        with pytest.raises(Refused):
            execute(url, OFFICER, "water_order", "?", lambda s, bad=bad: cmd.order_water_alert(s, OFFICER, bad))
    with read_session(url) as s:
        assert s.scalar(select(func.count()).select_from(WaterAlertOrder)) == 0
        assert s.scalar(select(func.count()).select_from(Ticket)) == 0
        assert s.scalar(select(func.count()).select_from(AuditLog)) == 8  # every refusal audited
        data = page.read_water(s, ReadContext(now=now, role="visitor"))
    html_text = _text(page.render_alerts(data, "zh"))
    assert "疑似爆管" in html_text and "重大" in html_text and "theme_water-order" not in html_text  # no button


def test_a_quality_exceedance_becomes_a_12345_request_with_its_limit(city_url):
    now = utcnow().replace(microsecond=0)
    with read_session(city_url) as s:
        turb = s.scalars(select(Sensor).where(Sensor.kind == "quality").order_by(Sensor.id)).first().id
    with write_session(city_url) as s:
        apply(s, [ev.SensorReadingIn(turb, now - timedelta(minutes=m), 1.6, True) for m in (20, 10)])
    with read_session(city_url) as s:
        data = page.read_water(s, ReadContext(now=now, role="officer"))
    key = data["alerts"].iloc[0]["key"]
    shown = _text(page.render_alerts(data, "zh")) + _text(page.render_quality(data, "zh"))
    assert "水质超标" in shown and "≤ 1 NTU" in shown and "1.60" in shown
    res = execute(city_url, OFFICER, "water_order", key, lambda s: cmd.order_water_alert(s, OFFICER, key))
    with read_session(city_url) as s:
        t = s.scalars(select(Ticket).where(Ticket.ticket_no == res.ticket_no)).one()
        assert (t.stream, t.category_code) == ("hotline", "H0201") and "≤ 1 NTU" in t.content


def test_the_band_chart_shows_measured_expected_and_the_band(burst):
    url, now, _key = burst
    with read_session(url) as s:
        data = page.read_water(s, ReadContext(now=now, role="visitor"))
    text = _text(page.render_band(data, "en"))
    assert "Measured" in text and "Band upper (99%)" in text and "Expected" in text
    assert "1号计量分区" in text  # the zone most outside its band is the one drawn
    zones = _text(page.render_zones(data, "zh"))
    assert "超出预测带" in zones
    geo = page.render_map(data, "zh")
    assert any(f["properties"].get("tone") == "red" for f in geo["features"])
