"""The data foundation in a real browser, the issue's done-when flow: an officer finds a resource, sees its quality
fall after a sync with defects, drills to the failing (masked) records, opens a rectification, and the score
recovers after the department's clean sync (the item can then be verified)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from data_access import events as ev
from data_access.db import read_session, write_session
from data_access.models import QualityCheck, RecordFailure
from data_access.worktime import utcnow
from data_access.writes import apply
from simulators.feeds import records

pytestmark = pytest.mark.browser
SOURCE = 21  # 公租房一户一码台账 (市住房保障中心)
TILE = "[data-dim=dim_completeness] .data-score"


def sync(db_url: str, eid: str, rows: list) -> None:
    with write_session(db_url) as s:
        apply(s, [ev.SyncRunDone(eid, SOURCE, utcnow(), True, len(rows), rows=tuple(rows))])


def score(page) -> float:
    return float(page.inner_text(TILE))


def test_officer_finds_a_resource_drills_rectifies_and_the_score_recovers(live, watched):
    page = watched.page
    watched.login(live.url, "officer")
    page.goto(live.url + "/data")
    page.fill("#data-search", "公租房")
    page.press("#data-search", "Enter")
    page.wait_for_function("() => document.querySelectorAll('#data-table tbody tr').length === 1", timeout=30000)
    assert page.locator("#data-table tr[data-resource='21']").count() == 1
    page.click("#data-table a[href='/data/resource?id=21']")
    page.wait_for_selector(TILE, timeout=30000)
    before = score(page)

    today = date.today()
    bad = []
    for i in range(40):  # the department's sync: 40 new tenants, half without a name
        rid = f"GZFT{i:04d}"
        rec = records.clean(1, SOURCE, rid, today)
        if i % 2 == 0:
            rec = {**rec, "tenant_name": ""}
        bad.append((rid, rec))
    sync(live.db_url, "browser-bad-sync", bad)
    page.wait_for_function(f"() => parseFloat(document.querySelector('{TILE}').innerText) < {before}", timeout=30000)
    fallen = score(page)

    row = page.locator("#data_resource-checks tr[data-check='required']")
    row.locator("button", has_text="查看问题记录").click()
    page.wait_for_selector("#data_resource-failing table tbody tr", timeout=30000)
    failing = page.inner_text("#data_resource-failing")
    assert "必填字段完整" in failing and "tenant_name" in failing
    assert "****" in failing  # phones and ID numbers masked on the server
    raw_phone = bad[1][1]["phone"]
    assert raw_phone not in page.content()

    row.locator("button", has_text="发起整改").click()
    page.wait_for_selector("#data_resource-rects tr[data-rect] .data-rect-open", timeout=30000)
    page.locator("#data_resource-rects button", has_text="转整改中").click()
    page.wait_for_selector("#data_resource-rects .data-rect-rectifying", timeout=30000)

    with read_session(live.db_url) as s:  # the department corrects every record the check flags
        cid = s.scalar(select(QualityCheck.id).where(QualityCheck.source_id == SOURCE, QualityCheck.code == "required"))
        rids = list(s.scalars(select(RecordFailure.rid).where(RecordFailure.check_id == cid)))
    sync(live.db_url, "browser-clean-sync", [(rid, records.clean(1, SOURCE, rid, today)) for rid in rids])
    page.wait_for_function(f"() => parseFloat(document.querySelector('{TILE}').innerText) > {fallen}", timeout=30000)
    assert score(page) == 100.0 and score(page) >= before
    page.locator("#data_resource-rects button", has_text="核验").click()
    page.wait_for_selector("#data_resource-rects .data-rect-verified", timeout=30000)
