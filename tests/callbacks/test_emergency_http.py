"""The emergency routes over HTTP: the CAP feed and messages are public and valid; the situation report (page and
XLSX) is for seats only, escapes what users typed, carries 演练 for a drill, and is audited."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from lxml import etree
from openpyxl import load_workbook
from sqlalchemy import select

from data_access import accounts
from data_access.accounts import Principal
from data_access.db import read_session
from data_access.emergency import cap
from data_access.emergency import incidents as q
from data_access.models import AuditLog
from data_access.worktime import utcnow
from tests.templates import CITY_USERS
from web.commands import emergency as cmd
from web.commands.base import Actor, execute

OFFICER = Actor(Principal(1, "officer", "officer"))


@pytest.fixture(scope="module")
def site(tmp_path_factory, sqlite_templates, apps):
    url = sqlite_templates.copy(tmp_path_factory.mktemp("emhttp") / "em.db", CITY_USERS)
    now = utcnow() - timedelta(minutes=5)
    form = cmd.NewIncident("燃气泄漏", 3, "<script>alert(1)</script>燃气泄漏", 38.06, 106.38, "=HYPERLINK(1)")
    eid = execute(url, OFFICER, "r", "x", lambda s: cmd.report_incident(s, OFFICER, form, now))
    drill = cmd.NewIncident("火灾", 2, "综合演练", 38.1, 106.34, exercise=True)
    did = execute(url, OFFICER, "r", "x", lambda s: cmd.report_incident(s, OFFICER, drill, now))
    w = cmd.NewWarning("rainstorm", "red", "暴雨红色预警", "城区街道", hours=6)
    execute(url, OFFICER, "w", "x", lambda s: cmd.issue_warning(s, OFFICER, w, now))
    with read_session(url) as s:
        ids = q.find(s, eid).id, q.find(s, did).id
    return apps.dash(url).test_client(), url, ids


def login(client, username: str) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": username, "password": accounts.DEMO_PASSWORD, "csrf": token})


def test_the_cap_feed_links_messages_that_validate(site):
    client = site[0]
    feed = etree.fromstring(client.get("/api/cap/feed.xml").data)
    links = feed.findall(".//{http://www.w3.org/2005/Atom}link")
    assert len(links) == 1
    href = links[0].get("href").split("://", 1)[1].split("/", 1)[1]
    r = client.get("/" + href)
    assert r.status_code == 200 and r.mimetype == "application/cap+xml"
    cap.schema().assertValid(etree.fromstring(r.data))
    assert client.get("/api/cap/nope.xml").status_code == 404
    assert client.get("/api/cap/64018141600000_20240710143000_9.xml").status_code == 404


def test_the_situation_report_is_for_seats_escapes_text_and_marks_drills(site):
    client, url, (iid, drill_id) = site
    assert client.get(f"/emergency/report/{iid}").status_code == 403  # anonymous
    login(client, "officer")
    page = client.get(f"/emergency/report/{iid}").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "Ⅲ级 较大" in page and "演练" not in page.split("<h1>", 1)[1].split("</h1>")[0]
    assert "wm" in client.get(f"/emergency/report/{drill_id}").get_data(as_text=True)
    x = client.get(f"/emergency/report/{iid}.xlsx")
    wb = load_workbook(io.BytesIO(x.data))
    cells = [c.value for row in wb.worksheets[0].iter_rows() for c in row]
    assert "'=HYPERLINK(1)" in cells  # a formula typed by a user is neutralised
    assert client.get("/emergency/report/999999").status_code == 404
    with read_session(url) as s:
        acts = s.scalars(select(AuditLog.action).where(AuditLog.action.like("incident:situation%"))).all()
    assert "incident:situation_report" in acts and "incident:situation_xlsx" in acts
