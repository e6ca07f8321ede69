"""The overview in a real browser: first paint, a write shows up without reload, staleness, recovery."""

from __future__ import annotations

import pytest

from data_access.db import write_session
from data_access.worktime import utcnow
from data_access.writes import apply
from tests.browser.conftest import REFRESH_SECONDS, FeedAlive
from tests.factories import new_ticket

pytestmark = pytest.mark.browser


def write_ticket(db_url: str, no: str, summary: str) -> None:
    with write_session(db_url) as s:
        apply(s, [new_ticket(no, utcnow(), summary=summary)])


def kpi_value(page, panel: str) -> int:
    return int(page.inner_text(f"[data-panel={panel}] .kpi-value").replace(",", ""))


def test_overview_shows_a_new_ticket_within_one_refresh_period(live, watched):
    page = watched.page
    write_ticket(live.db_url, "B-0", "首条工单")
    page.goto(live.url + "/")
    page.wait_for_selector("[data-panel=received] .kpi-value")
    page.wait_for_timeout(REFRESH_SECONDS * 2000)  # settle: the first paint may be the previous period's snapshot
    before = kpi_value(page, "received")
    write_ticket(live.db_url, "B-1", "路灯不亮，电话13900000001")
    page.wait_for_function(
        f"() => +document.querySelector('[data-panel=received] .kpi-value').innerText.replace(/,/g, '') > {before}",
        timeout=(REFRESH_SECONDS * 2 + 3) * 1000,
    )
    feed = page.inner_text("[data-panel=feed]")
    assert "路灯不亮" in feed and "13900000001" not in feed  # the visitor sees the text, never the number
    hb = page.inner_text("#shell-heartbeat")
    assert "秒前" in hb


def test_panels_go_amber_then_red_keep_their_data_and_recover(live, watched):
    page = watched.page
    write_ticket(live.db_url, "S-0", "开始")
    period = REFRESH_SECONDS * 1000
    with FeedAlive(live.db_url):
        page.goto(live.url + "/")
        page.wait_for_selector("[data-panel=received].state-live", timeout=20000)
        page.wait_for_timeout(period * 2)  # a first paint may come from the previous period's shared snapshot
        value = page.inner_text("[data-panel=received] .kpi-value")
    page.wait_for_selector("[data-panel=received].state-stale", timeout=period * 3 + 3000)
    page.wait_for_selector("[data-panel=received].state-dead", timeout=period * 2 + 3000)
    assert "数据中断" in page.inner_text("[data-panel=received] .panel-age")
    assert page.inner_text("[data-panel=received] .kpi-value") == value  # last data kept
    write_ticket(live.db_url, "S-1", "恢复")
    page.wait_for_selector("[data-panel=received].state-live", timeout=period * 2 + 3000)
    assert page.inner_text("[data-panel=received] .kpi-value") != value


def test_english_switch_translates_the_shell(live, watched):
    page = watched.page
    page.goto(live.url + "/")
    page.click("#shell-lang")
    page.wait_for_selector("text=Lingwu Smart City Operation Center")
    assert "12345 received today" in page.inner_text("[data-panel=received]")
    page.click("#shell-lang")
    page.wait_for_selector("text=灵武市智慧城市运营中心")
