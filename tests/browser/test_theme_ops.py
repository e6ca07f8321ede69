"""City operations in a real browser: from the city score, three clicks (domain, indicator, record) reach the
ticket behind an indicator in /hotline; the indicator shows its history against its thresholds."""

from __future__ import annotations

from datetime import timedelta

import pytest

from data_access.db import write_session
from data_access.worktime import utcnow
from data_access.writes import apply
from tests.factories import new_ticket

pytestmark = pytest.mark.browser


def test_three_clicks_from_the_city_score_reach_a_record(live, watched):
    with write_session(live.db_url) as s:
        apply(s, [new_ticket("OPS-B1", utcnow() - timedelta(minutes=2), category="H0201", summary="小区停水")])
    page = watched.page
    watched.login(live.url, "officer")
    page.goto(live.url + "/theme/ops")
    page.wait_for_selector(".ops-city-score", timeout=30000)
    assert page.locator(".ops-dom").count() == 7
    page.click(".ops-dom[data-domain=hotline]")  # 1
    page.wait_for_selector(".ops-ind[data-indicator=HC01]", timeout=20000)
    page.click(".ops-ind[data-indicator=HC01]")  # 2
    page.wait_for_selector(".ops-rec[data-record='OPS-B1']", timeout=20000)
    detail = page.inner_text("#theme_ops-detail")
    assert "供水问题诉求量" in detail and "灵武市供水公司" in detail and "预警线" in detail
    page.wait_for_selector("#theme_ops-detail .js-plotly-plot", timeout=20000)  # 30-day history with thresholds
    page.click(".ops-rec[data-record='OPS-B1'] a")  # 3
    page.wait_for_url(live.url + "/hotline?ticket=OPS-B1", timeout=20000)
    page.wait_for_selector(".hl-drawer.open .hl-timeline", timeout=30000)
    assert "OPS-B1" in page.inner_text(".hl-drawer.open")
