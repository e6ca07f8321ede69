"""Digital village in a real browser: the panels fill (villages, 三务公开, irrigation, orchards) and the theme tabs
lead to the other thematic applications."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_the_village_page_fills_and_its_tabs_lead_on(live, watched):
    page = watched.page
    page.goto(live.url + "/theme/village")
    page.wait_for_selector("[data-panel=villages] .theme-table", timeout=30000)
    page.wait_for_selector("[data-panel=villages-kpi] .kpi-value", timeout=30000)
    assert page.inner_text("[data-panel=villages-kpi] .kpi-value") == "86"
    assert "亩" in page.inner_text("[data-panel=jujube-kpi]")
    assert "2026" in page.inner_text("[data-panel=disclosure]") or "三务" in page.inner_text("[data-panel=disclosure]")
    page.click(".theme-nav .theme-tab[href='/theme/water']")
    page.wait_for_url(live.url + "/theme/water")
    page.wait_for_selector("[data-panel=quality] .theme-table", timeout=30000)
