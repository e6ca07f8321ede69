"""Warnings as CAP 1.2: each issue/update/lift is one message that validates against the CAP 1.2 XSD, with a
GB/T 35965.1 identifier (area code 640181), references to its earlier messages, status Exercise for drills; the
CAP feed lists them; red and orange warnings take the wall."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from lxml import etree

from data_access.accounts import Principal
from data_access.db import read_session
from data_access.emergency import cap
from data_access.emergency import warnings as wq
from data_access.wall.alarms import takeover_candidates
from web.commands import emergency as cmd
from web.commands.base import Actor, Refused, execute

T0 = datetime(2024, 7, 10, 6, 30)  # 14:30 local
OFFICER = Actor(Principal(1, "zhangwei", "officer"), "127.0.0.1", "rid-1")
NS = {"c": "urn:oasis:names:tc:emergency:cap:1.2"}
SANDSTORM = cmd.NewWarning(
    "sandstorm", "orange", "灵武市气象台发布沙尘暴橙色预警", "灵武市全境", "未来 12 小时能见度小于 500 米 <b>", "减少外出",
    hours=12, area_codes=("640181", "640181103"), polygon=((38.3, 106.2), (38.3, 106.8), (37.6, 106.8), (38.3, 106.2)),
)  # fmt: skip


def issue(url, form=SANDSTORM, at=T0) -> str:
    return execute(url, OFFICER, "warning:issue", "w", lambda s: cmd.issue_warning(s, OFFICER, form, at))


def change(url, eid, version, action, color=None, at=T0 + timedelta(hours=1)):
    execute(url, OFFICER, "w", eid, lambda s: cmd.change_warning(s, OFFICER, eid, version, action, color, at))


def messages(url):
    with read_session(url) as s:
        return list(reversed(wq.messages(s, since=T0 - timedelta(days=1))))


def test_every_message_of_a_warning_validates_against_the_cap_xsd_with_a_gbt_35965_identifier(city_url):
    eid = issue(city_url)
    change(city_url, eid, 1, "update", "red")
    change(city_url, eid, 2, "lift", at=T0 + timedelta(hours=2))
    schema = cap.schema()
    msgs = messages(city_url)
    assert [m["msg_type"] for m in msgs] == ["Alert", "Update", "Cancel"]
    for m in msgs:
        doc = etree.fromstring(cap.alert_xml(m))
        schema.assertValid(doc)
        assert re.fullmatch(r"640181\d{8}_\d{14}_\d+", m["identifier"])
    first = etree.fromstring(cap.alert_xml(msgs[0]))
    assert first.findtext("c:identifier", namespaces=NS) == "64018141600000_20240710143000_1"
    assert first.findtext("c:sent", namespaces=NS) == "2024-07-10T14:30:00+08:00"
    assert first.findtext("c:status", namespaces=NS) == "Actual"
    assert first.findtext("c:info/c:severity", namespaces=NS) == "Severe"
    assert first.findtext("c:info/c:description", namespaces=NS).endswith("<b>")  # text, escaped by the serialiser
    assert [g.text for g in first.findall("c:info/c:area/c:geocode/c:value", NS)] == ["640181", "640181103"]
    red = etree.fromstring(cap.alert_xml(msgs[1]))
    assert red.findtext("c:info/c:severity", namespaces=NS) == "Extreme"
    assert (
        red.findtext("c:references", namespaces=NS)
        == f"{cap.C.SENDER},{msgs[0]['identifier']},2024-07-10T14:30:00+08:00"
    )
    cancel = etree.fromstring(cap.alert_xml(msgs[2]))
    assert cancel.findtext("c:info/c:responseType", namespaces=NS) == "AllClear"
    assert len(cancel.findtext("c:references", namespaces=NS).split()) == 2


def test_the_schema_rejects_what_cap_forbids():
    schema = cap.schema()
    bad = b"""<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier><sender>s</sender>
    <sent>2024-07-10T14:30:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope></alert>"""
    assert not schema.validate(etree.fromstring(bad))  # no time zone on <sent>
    worse = bad.replace(b"2024-07-10T14:30:00", b"2024-07-10T14:30:00+08:00").replace(b"Actual", b"Real")
    assert not schema.validate(etree.fromstring(worse))


def test_a_drill_warning_is_an_exercise_and_never_takes_the_wall(city_url):
    drill = cmd.NewWarning("rainstorm", "red", "演练：暴雨红色预警", "城区街道", hours=3, exercise=True)
    issue(city_url, drill)
    m = messages(city_url)[0]
    doc = etree.fromstring(cap.alert_xml(m))
    cap.schema().assertValid(doc)
    assert doc.findtext("c:status", namespaces=NS) == "Exercise"
    with read_session(city_url) as s:
        assert [a.kind for a in takeover_candidates(s, T0 + timedelta(minutes=1))] == []


def test_red_and_orange_warnings_take_the_wall_yellow_does_not_and_a_lift_releases_it(city_url):
    eid = issue(city_url)
    issue(city_url, cmd.NewWarning("gale", "yellow", "大风黄色预警", "宁东镇", hours=6))
    with read_session(city_url) as s:
        held = [(a.kind, a.severity) for a in takeover_candidates(s, T0 + timedelta(minutes=1))]
    assert held == [("warning", 2)]
    change(city_url, eid, 1, "lift", at=T0 + timedelta(minutes=2))
    with read_session(city_url) as s:
        assert takeover_candidates(s, T0 + timedelta(minutes=3)) == []


def test_bad_warnings_are_refused_and_change_nothing(city_url):
    for form in (
        cmd.NewWarning("tsunami", "red", "x", "y"),
        cmd.NewWarning("gale", "purple", "x", "y"),
        cmd.NewWarning("gale", "red", "", "y"),
        cmd.NewWarning("gale", "red", "x", "y", hours=0),
        cmd.NewWarning("gale", "red", "x", "y", area_codes=("110101",)),
    ):
        with pytest.raises(Refused):
            issue(city_url, form)
    assert messages(city_url) == []
