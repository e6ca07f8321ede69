"""The visitors' tour, and privacy: wall, visitor and tour screens never receive a citizen's personal data."""

from __future__ import annotations

import pytest

from data_access import accounts
from data_access.db import write_session
from data_access.worktime import utcnow
from data_access.writes import apply
from tests.factories import new_ticket

pytestmark = pytest.mark.browser

CANARIES = ("13900000001", "11010119900101001X", "测试甲乙丙", "幸福小区12号楼")


def seed_canary(db_url: str) -> None:
    with write_session(db_url) as s:
        apply(
            s,
            [
                new_ticket(
                    "CANARY-1",
                    utcnow(),
                    summary="测试甲乙丙反映路灯不亮，电话13900000001，身份证11010119900101001X",
                    citizen_name="测试甲乙丙",
                    citizen_phone="13900000001",
                    citizen_id_no="11010119900101001X",
                    address="城区街道幸福小区12号楼3单元",
                )
            ],
        )


def test_tour_advances_pauses_and_shows_bilingual_captions_with_live_data(live, watched):
    page = watched.page
    page.goto(live.url + "/tour")
    page.wait_for_selector(".tour-step.step-active")
    first = page.inner_text(".tour-step.step-active .tour-title")
    assert first == "指挥中心"
    assert "The command center" in page.inner_text(".tour-step.step-active")
    assert "43" in page.inner_text(".tour-step.step-active .tour-figs")
    page.wait_for_selector(".tour-step.step-active [data-panel$='received'] .kpi-value")  # live data beside it
    page.click("#tour-next")
    assert page.inner_text(".tour-step.step-active .tour-title") == "数据基础底座"
    assert "186.7" in page.inner_text(".tour-step.step-active .tour-figs")
    page.click("#tour-pause")
    page.evaluate("window.cc_tour.at = Date.now() - 60000")  # the dwell has long passed...
    page.wait_for_timeout(1200)
    assert page.inner_text(".tour-step.step-active .tour-title") == "数据基础底座"  # ...but paused holds
    page.click("#tour-pause")
    page.wait_for_function(
        "() => document.querySelector('.tour-step.step-active .tour-title').innerText !== '数据基础底座'"
    )
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert page.inner_text(".tour-step.step-active .tour-title") in ("数据基础底座", "指挥中心")


@pytest.mark.parametrize("who", ["anonymous", "visitor", "wall"])
def test_public_screens_never_receive_personal_data(live, browser, who):
    seed_canary(live.db_url)
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    bodies: list[str] = []
    page.on("response", lambda r: r.request.resource_type in ("fetch", "xhr", "document") and bodies.append(r.text()))
    if who != "anonymous":
        page.goto(live.url + "/login")
        page.fill("input[name=username]", who)
        page.fill("input[name=password]", accounts.DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(live.url + "/")
    for path in ("/", "/wall/4k", "/tour"):
        page.goto(live.url + path)
        page.wait_for_selector(".panel:not(.state-loading) .kpi-value", timeout=15000)  # data has arrived
        page.wait_for_timeout(1500)
        dom = page.content()
        if path in ("/", "/wall/4k"):  # the canary ticket is on screen (its safe words), so the check means something
            page.wait_for_function("() => document.body.innerText.includes('路灯不亮')", timeout=15000)
        for canary in CANARIES:
            assert canary not in dom, f"{canary} in the DOM of {path} for {who}"
    storage = page.evaluate("JSON.stringify(localStorage) + JSON.stringify(sessionStorage)")
    context.close()
    leaks = [c for c in CANARIES for b in bodies if c in b]
    assert not leaks, f"personal data in HTTP bodies for {who}: {set(leaks)}"
    assert not any(c in storage for c in CANARIES)
