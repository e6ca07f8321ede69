"""The drawer's 并入 (merge a duplicate) over HTTP on a temp database: an officer's submit writes the duplicate_link
row through DuplicateLinked and the drawer then shows both ends as text; visitors get 403 with an audit row."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pandas as pd
import pytest
from sqlalchemy import select

from callbacks.hotline import render as hr
from data_access import accounts
from data_access.db import read_session, write_session
from data_access.models import AuditLog, DuplicateLink, Ticket
from data_access.worktime import utcnow
from data_access.writes import apply
from tests.factories import new_ticket
from tests.templates import CITY_USERS
from web.commands.hotline import merge_target

PHONE = "13900000001"


@pytest.fixture(scope="module")
def server(tmp_path_factory, sqlite_templates, apps):
    url = sqlite_templates.copy(tmp_path_factory.mktemp("merge") / "merge.db", CITY_USERS)
    with write_session(url) as s:
        at = utcnow() - timedelta(minutes=30)
        apply(
            s,
            [
                new_ticket(no, at + timedelta(minutes=i), summary=f"小区停水，电话{PHONE}", citizen_phone=PHONE)
                for i, no in enumerate(("HMG-1", "HMG-2", "HMG-3", "HMG-4"))
            ],
        )
    return apps.dash(url), url


def client_as(server, username: str | None):
    c = server[0].test_client()
    if username:
        token = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").get_data(as_text=True)).group(1)
        r = c.post("/login", data={"username": username, "password": accounts.DEMO_PASSWORD, "csrf": token})
        assert r.status_code == 302
    return c


def spec(c, first_output: str) -> str:
    deps = c.get("/_dash-dependencies").get_json()
    return next(d["output"] for d in deps if d["output"].startswith(first_output))


def outputs(output: str) -> list[dict]:
    return [dict(zip(("id", "property"), o.rsplit(".", 1), strict=True)) for o in output.strip(".").split("...")]


def submit_merge(c, no: str, master: str | None, *, chosen_on: str | None = None, version: int = 1):
    """POST the action form's submit as the browser does after 并入 and 提交."""
    out = spec(c, "..hotline-message.children")
    state = [
        ("hotline-version", "data", {"ticket_no": no, "version": version}),
        ("hotline-action", "value", "merge"),
        ("hotline-act-dept", "value", None),
        ("hotline-act-co", "value", []),
        ("hotline-act-note", "value", ""),
        ("hotline-act-sat", "value", None),
        ("hotline-act-days", "value", 3),
        ("hotline-refresh", "data", 0),
        ("hotline-merge-into", "data", None if master is None else {"ticket_no": chosen_on or no, "master": master}),
    ]
    body = {
        "output": out,
        "outputs": outputs(out),
        "inputs": [{"id": "hotline-submit", "property": "n_clicks", "value": 1}],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
        "changedPropIds": ["hotline-submit.n_clicks"],
    }
    return c.post("/_dash-update-component", json=body)


def drawer(c, no: str) -> str:
    out = spec(c, "..hotline-drawer.className")
    body = {
        "output": out,
        "outputs": outputs(out),
        "inputs": [
            {"id": "hotline-ticket", "property": "data", "value": no},
            {"id": "hotline-refresh", "property": "data", "value": 1},
        ],
        "state": [],
        "changedPropIds": ["hotline-ticket.data"],
    }
    r = c.post("/_dash-update-component", json=body)
    assert r.status_code == 200
    return json.dumps(r.get_json(), ensure_ascii=False)


def links(url: str) -> list[tuple[str, str, str]]:
    with read_session(url) as s:
        ids = dict(s.execute(select(Ticket.id, Ticket.ticket_no)).all())
        rows = s.execute(select(DuplicateLink.ticket_id, DuplicateLink.other_id, DuplicateLink.kind)).all()
    return sorted((ids[a], ids[b], k) for a, b, k in rows)


def audit(url: str, action: str) -> list[tuple]:
    with read_session(url) as s:
        return s.execute(select(AuditLog.role, AuditLog.result, AuditLog.object).where(AuditLog.action == action)).all()


@pytest.mark.parametrize("who", [None, "wall", "auditor"])
def test_read_only_roles_cannot_merge_and_the_refusal_is_audited(server, who):
    before = links(server[1])
    r = submit_merge(client_as(server, who), "HMG-4", "HMG-3")
    assert r.status_code == 403 and links(server[1]) == before
    assert (who or "visitor", "denied", "/_dash-update-component") in audit(server[1], "callback:submit_ticket_action")


def test_an_officer_merges_and_the_drawer_shows_both_ends_as_text(server):
    c = client_as(server, "officer")
    r = submit_merge(c, "HMG-2", "HMG-1")
    assert r.status_code == 200 and "hl-msg ok" in json.dumps(r.get_json()), r.get_json()
    assert links(server[1]) == [("HMG-2", "HMG-1", "merged")]
    assert ("officer", "ok", "ticket:HMG-2") in audit(server[1], "ticket:merge")
    dup = drawer(c, "HMG-2")
    assert "主单" in dup and "HMG-1" in dup and "已并入" in dup and PHONE not in dup
    master = drawer(c, "HMG-1")
    assert "hl-kind-duplicate" in master and "HMG-2" in master and "hotline-open-link" in master
    public = drawer(client_as(server, None), "HMG-1")
    assert "HMG-2" in public and PHONE not in public  # scrubbed as the rest of the drawer


def test_a_merge_needs_the_master_chosen_on_this_ticket_and_writes_nothing_otherwise(server):
    c = client_as(server, "officer")
    before = links(server[1])
    for master, chosen_on in ((None, None), ("HMG-1", "HMG-4"), ("HMG-3", None)):
        r = submit_merge(c, "HMG-3", master, chosen_on=chosen_on)
        assert r.status_code == 200 and "未执行" in json.dumps(r.get_json(), ensure_ascii=False)
    assert links(server[1]) == before  # nothing chosen, chosen on another ticket, or linked to itself
    assert merge_target({"ticket_no": "A", "master": "B" * 40}, "A") == "B" * 32
    assert merge_target({"ticket_no": "A", "master": ["B"]}, "A") is None and merge_target("B", "A") is None


def test_link_rows_render_as_text_and_a_merged_ticket_offers_no_merge():
    df = pd.DataFrame(
        [("master", "RX-1", "2024-03-04 10:00", "accepted", "<img src=x onerror=alert(1)>")],
        columns=["relation", "ticket_no", "created", "status", "summary"],
    )
    out = json.dumps(hr.links(df, "zh").to_plotly_json(), default=lambda c: c.to_plotly_json(), ensure_ascii=False)
    assert "<img src=x onerror=alert(1)>" in out and "dangerously" not in out and "主单" in out
    assert hr.links(df.iloc[0:0], "zh") is None
    sim = pd.DataFrame(
        [("RX-2", "nearby", "2024-03-04 10:00", "供水", "merged", 20, "停水"),
         ("RX-3", "nearby", "2024-03-04 10:00", "供水", "accepted", 30, "停水")],
        columns=["ticket_no", "kind", "created", "category", "status", "distance_m", "summary"],
    )  # fmt: skip
    out = json.dumps(hr.similar(sim, "zh", can_merge=True).to_plotly_json(), default=lambda c: c.to_plotly_json())
    assert out.count('"hotline-merge"') == 1 and '"no": "RX-3"' in out
