"""Saved video-wall layouts over HTTP against the live server: seats save and delete their own, read-only roles and
foreign origins get 403 with an audit row, forged sharing and other users' layouts are refused. (A live server: Dash
hands its callbacks to the first app of a process, so a second in-process app would serve none.)"""

from __future__ import annotations

import json
import re

import pytest
import requests
from sqlalchemy import select

from data_access import accounts
from data_access.db import read_session
from data_access.models import AuditLog, VideoLayout
from data_access.video import layouts as video_layouts

pytestmark = pytest.mark.browser

CAM = "64018100001316000002"
FOUR = {"n": 4, "cams": [[CAM, "东塔镇政务大厅"], ["", ""], ["", ""], ["", ""]]}
CHANGE = "..video-layout-msg.children...video-layout-changed.data.."


@pytest.fixture(scope="module")
def server(live):
    return live, live.db_url


class Seat:
    """A requests session against the live server, signed in as `username` (or anonymous)."""

    def __init__(self, live, username: str | None):
        self.url, self.http = live.url, requests.Session()
        if username:
            page = self.http.get(self.url + "/login", timeout=10).text
            token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
            form = {"username": username, "password": accounts.DEMO_PASSWORD, "csrf": token}
            r = self.http.post(self.url + "/login", data=form, allow_redirects=False, timeout=10)
            assert r.status_code == 302

    def post(self, body, headers=None):
        return self.http.post(self.url + "/_dash-update-component", json=body, headers=headers or {}, timeout=10)


def client_as(server, username: str | None) -> Seat:
    return Seat(server[0], username)


def change(c, *, save=None, delete=None, origin=None):
    """POST the acting callback as the browser does after a click on 保存布局 or 删除."""
    trig = "video-layout-delete.data" if delete is not None else "video-layout-save.data"
    body = {
        "output": CHANGE,
        "outputs": [{"id": "video-layout-msg", "property": "children"},
                    {"id": "video-layout-changed", "property": "data"}],
        "inputs": [{"id": "video-layout-save", "property": "data", "value": save},
                   {"id": "video-layout-delete", "property": "data", "value": delete}],
        "changedPropIds": [trig],
        "state": [],
    }  # fmt: skip
    return c.post(body, {"Origin": origin} if origin else None)


def text(r) -> str:
    return json.dumps(r.json(), ensure_ascii=False)


def listed(c) -> str:
    body = {
        "output": "video-saved.children",
        "outputs": {"id": "video-saved", "property": "children"},
        "inputs": [{"id": "video-layout-changed", "property": "data", "value": None}],
        "changedPropIds": [],
        "state": [],
    }
    r = c.post(body)
    assert r.status_code == 200
    return text(r)


def rows(url, owner=None):
    with read_session(url) as s:
        q = select(VideoLayout.name, VideoLayout.owner, VideoLayout.shared)
        return s.execute(q.where(VideoLayout.owner == owner) if owner else q).all()


def audit(url, action):
    with read_session(url) as s:
        return s.execute(select(AuditLog.role, AuditLog.result, AuditLog.object).where(AuditLog.action == action)).all()


@pytest.mark.parametrize("who", [None, "wall"])
def test_read_only_roles_cannot_save_and_the_refusal_is_audited(server, who):
    c = client_as(server, who)
    before = rows(server[1])
    r = change(c, save={"name": "forged", "layout": FOUR, "shared": False, "at": 1})
    assert r.status_code == 403 and rows(server[1]) == before
    role = who or "visitor"
    assert (role, "denied", "/_dash-update-component") in audit(server[1], "callback:change_video_layouts")


def test_a_foreign_origin_is_refused_even_for_an_officer(server):
    c = client_as(server, "officer")
    r = change(c, save={"name": "csrf", "layout": FOUR, "at": 1}, origin="http://evil.example")
    assert r.status_code == 403 and ("csrf",) not in [(n,) for n, *_ in rows(server[1])]


def test_an_officer_saves_lists_and_deletes_with_audit_rows(server):
    c = client_as(server, "officer")
    r = change(c, save={"name": "早班四画面", "layout": FOUR, "shared": False, "at": 1})
    assert r.status_code == 200 and "已保存布局" in text(r)
    assert rows(server[1], "officer") == [("早班四画面", "officer", False)]
    assert "早班四画面" in listed(c) and "早班四画面" not in listed(client_as(server, "supervisor"))
    with read_session(server[1]) as s:
        (ident,) = video_layouts.layouts(s, owner="officer").id.tolist()
    r = change(c, delete={"id": str(ident), "at": 2})
    assert r.status_code == 200 and "已删除布局" in text(r)
    assert rows(server[1], "officer") == []
    assert ("officer", "ok", "早班四画面") in audit(server[1], "video_layout_save")
    assert ("officer", "ok", "早班四画面") in audit(server[1], "video_layout_delete")


def test_bad_input_and_forged_sharing_are_refused_and_write_nothing(server):
    c = client_as(server, "officer")
    for req in [
        {"name": "x" * 21, "layout": FOUR},
        {"name": "bad", "layout": {"n": 5, "cams": []}},
        {"name": "bad", "layout": {"n": 4, "cams": [["1; DROP TABLE", "x"]]}},
        {"name": "bad", "layout": "nope"},
    ]:
        r = change(c, save=req)
        assert r.status_code == 200 and "未完成" in text(r)
    r = change(c, save={"name": "全城", "layout": FOUR, "shared": True})
    assert r.status_code == 200 and "只有督办员或管理员" in text(r)
    assert rows(server[1], "officer") == []
    assert ("officer", "denied", "全城") in audit(server[1], "video_layout_save")
    assert ("officer", "rejected", "bad") in audit(server[1], "video_layout_save")


def test_a_supervisor_shares_every_seat_sees_it_and_an_officer_cannot_delete_it(server):
    sup = client_as(server, "supervisor")
    assert change(sup, save={"name": "全城共享", "layout": FOUR, "shared": True}).status_code == 200
    for seat in ("officer", None):
        assert "全城共享（共享）" in listed(client_as(server, seat))
    with read_session(server[1]) as s:
        (ident,) = video_layouts.layouts(s, owner="supervisor").id.tolist()
    r = change(client_as(server, "officer"), delete={"id": str(ident)})
    assert "未完成" in text(r) and rows(server[1], "supervisor") == [("全城共享", "supervisor", True)]
    assert "已删除" in text(change(client_as(server, "admin"), delete={"id": str(ident)}))
    assert rows(server[1], "supervisor") == []


def test_controls_are_disabled_with_a_tooltip_for_read_only_roles(server):
    body = {
        "output": "..video-save-name.disabled...video-save.disabled...video-saved-delete.disabled..."
        "video-save-tools.title...video-save-shared-box.hidden..",
        "outputs": [{"id": i, "property": p} for i, p in [("video-save-name", "disabled"), ("video-save", "disabled"),
                    ("video-saved-delete", "disabled"), ("video-save-tools", "title"),
                    ("video-save-shared-box", "hidden")]],
        "inputs": [{"id": "video-save-tools", "property": "id", "value": "video-save-tools"}],
        "changedPropIds": [],
        "state": [],
    }  # fmt: skip

    def controls(who):
        return client_as(server, who).post(body).json()["response"]

    visitor = controls(None)
    assert visitor["video-save"]["disabled"] is True and "登录" in visitor["video-save-tools"]["title"]
    officer = controls("officer")
    assert officer["video-save"]["disabled"] is False and officer["video-save-shared-box"]["hidden"] is True
    assert controls("supervisor")["video-save-shared-box"]["hidden"] is False
