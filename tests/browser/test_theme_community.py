"""Smart community in a real browser: a community worker raises a check-on visit for the resident the care rule
flags and closes it; a visitor's page never carries a resident's name, phone or address."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from data_access.db import read_session
from data_access.models import AuditLog, CareCheck, ElderResident
from data_access.worktime import utcnow
from tests.community_data import silence_one

pytestmark = pytest.mark.browser


def test_a_community_worker_raises_and_closes_a_check_on_visit(live, watched):
    r = silence_one(live.db_url, utcnow())
    page = watched.page
    watched.login(live.url, "grid1")
    page.goto(live.url + "/theme/community")
    row = f".care-row[data-resident='{r.id}']"
    page.wait_for_selector(f"{row}.care-flagged", timeout=30000)
    assert r.name in page.inner_text(row) and "需上门核查" in page.inner_text(row)
    page.click(f"{row} .theme-order")
    page.wait_for_selector("#theme_community-result:has-text('已发起上门核查')", timeout=20000)
    page.wait_for_selector(f"{row}.care-open .care-safe", timeout=20000)
    page.click(f"{row} .care-safe")
    page.wait_for_selector("#theme_community-result:has-text('核查已结束')", timeout=20000)
    page.wait_for_selector(f"{row}.care-ok", timeout=20000)
    with read_session(live.db_url) as s:
        c = s.scalars(select(CareCheck).where(CareCheck.resident_id == r.id)).one()
        assert (c.status, c.outcome, c.raised_by, c.closed_by) == ("closed", "safe", "grid1", "grid1")
        assert s.query(AuditLog).filter_by(username="grid1", action="care_close", result="ok").count() == 1


def test_a_visitor_never_sees_a_residents_identity(live, watched):
    silence_one(live.db_url, utcnow())
    page = watched.page
    page.goto(live.url + "/theme/community")
    page.wait_for_selector(".care-row", timeout=30000)
    page.wait_for_selector("[data-panel=communities] .theme-table", timeout=30000)
    page.wait_for_timeout(2500)
    html = page.content()
    with read_session(live.db_url) as s:
        residents = s.execute(select(ElderResident.name, ElderResident.phone, ElderResident.address)).all()
    assert residents
    for name, phone, address in residents:
        assert name not in html and phone not in html and address not in html
    assert "独居老人" in html and page.locator(".care-row .theme-order").count() == 0
