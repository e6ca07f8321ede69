"""一铺一码 on a phone (390x844) in a real browser: the shop page opened from its plate URL, a rating that moves the
average, a complaint that shows up in /hotline with the shop and channel, an inspector who scans, signs in and logs
an inspection that appears on the shop page; nothing personal reaches the public page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from data_access import accounts
from data_access.db import read_session
from data_access.models import Shop, ShopInspection
from data_access.services import codes
from tests.browser.conftest import Watched

pytestmark = pytest.mark.browser
SCREENS = Path("/work/notes/screens/16")
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN")
    w = Watched(ctx.new_page())
    yield w
    ctx.close()
    assert not w.problems, "\n".join(w.problems)


def token(db_url: str, shop_id: int) -> str:
    with read_session(db_url) as s:
        return codes.active_token(s, "shop", shop_id)


def shoot(page, name: str) -> None:
    if SCREENS.parent.exists():
        SCREENS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENS / name), full_page=True)


def test_the_plate_opens_the_shop_page_and_a_rating_moves_the_average(live, phone):
    page = phone.page
    url = f"{live.url}/c/{token(live.db_url, 21)}"
    page.goto(url)
    with read_session(live.db_url) as s:
        name = s.get(Shop, 21).name
    assert page.locator("h1.svc-name").inner_text() == name
    assert page.locator(".svc-chip").first.is_visible() and "<script" not in page.content().split("</head>")[1]
    shoot(page, "shop_page_390x844.png")
    before = page.locator("#rating").inner_text()
    page.locator("label[for=star4]").click()
    page.fill("textarea[name=comment]", "老板很热情 电话13900000001")
    page.click("#rate button[type=submit]")
    page.wait_for_selector(".svc-flash-ok")
    assert "感谢您的评价" in page.locator(".svc-flash-ok").inner_text()
    after = page.locator("#rating").inner_text()
    assert after != before and "1 人评价" in after and page.locator(".svc-avg").inner_text() == "4.0"
    assert "13900000001" not in page.content()  # scrubbed: 139****0001
    page.locator("label[for=star1]").click()
    page.click("#rate button[type=submit]")
    page.wait_for_selector(".svc-flash-err")
    assert "已评价过" in page.locator(".svc-flash-err").inner_text()
    assert "1 人评价" in page.locator("#rating").inner_text()


def test_a_complaint_from_the_plate_appears_in_the_hotline_with_the_shop_and_channel(live, phone, watched):
    page = phone.page
    page.goto(f"{live.url}/c/{token(live.db_url, 22)}")
    page.select_option("select[name=kind]", "consumer")
    page.fill("textarea[name=text]", "买到过期酸奶，商家拒绝退换")
    page.fill("input[name=phone]", "13900000001")
    shoot(page, "shop_complaint_390x844.png")
    page.click("#complain button[type=submit]")
    page.wait_for_selector(".svc-flash-ok")
    no = re.search(r"工单号 ([A-Z0-9]+)", page.locator(".svc-flash-ok").inner_text()).group(1)
    assert "13900000001" not in page.content()
    with read_session(live.db_url) as s:
        name = s.get(Shop, 22).name
    desk = watched.page
    watched.login(live.url, "officer")
    desk.goto(live.url + "/hotline")
    row = desk.locator(f".ag-row[row-id='{no}']").first
    row.wait_for(timeout=20_000)
    text = row.inner_text()
    assert name in text and "一铺一码" in text
    shoot(desk, "hotline_with_plate_complaint_1920x1080.png")


def test_an_inspector_scans_signs_in_and_the_inspection_appears_on_the_shop_page(live, phone):
    page = phone.page
    tok = token(live.db_url, 23)
    page.goto(f"{live.url}/c/{tok}")
    page.click(".svc-inspector a")
    page.wait_for_url(re.compile(r"/login"))
    page.fill("input[name=username]", "inspector")
    page.fill("input[name=password]", accounts.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(rf"/c/{re.escape(tok)}/inspect"))
    for radio in page.locator("input[type=radio][value=ok]").all():
        radio.check()
    page.locator("input[type=radio][value=no]").first.check()
    page.select_option("select[name=result]", "rectify")
    page.fill("textarea[name=issues]", "灭火器过期，限期更换")
    page.fill("input[name=rectify_by]", "2099-01-31")
    shoot(page, "inspection_form_390x844.png")
    page.click("form button[type=submit]")
    page.wait_for_selector(".svc-flash-ok")
    box = page.locator("#inspections").inner_text()
    assert "限期整改" in box and "整改期限 2099-01-31" in box
    with read_session(live.db_url) as s:
        insp = s.scalars(select(ShopInspection).where(ShopInspection.shop_id == 23)).first()
        assert insp.inspector == "inspector" and insp.result == "rectify"
    public = page.context.browser.new_context(viewport=PHONE).new_page()
    public.goto(f"{live.url}/c/{tok}")
    assert (
        "限期整改" in public.locator("#inspections").inner_text()
        and "inspector" not in public.locator("#inspections").inner_text()
    )
    shoot(public, "shop_after_inspection_390x844.png")
    public.context.close()


def test_a_guessed_token_finds_nothing_and_a_revoked_one_shows_void(live, phone, browser):
    from data_access.db import write_session
    from data_access.worktime import utcnow

    guess = browser.new_context(viewport=PHONE).new_page()  # a 404 is logged by the browser: not a watched page
    r = guess.goto(f"{live.url}/c/AAAAAAAAAAAAAAAA")
    assert r.status == 404 and "未找到此码" in guess.content()
    guess.context.close()
    page = phone.page
    old = token(live.db_url, 24)
    with write_session(live.db_url) as s:
        codes.revoke(s, "shop", 24, "更换门牌", utcnow())
    page.goto(f"{live.url}/c/{old}")
    assert page.locator(".svc-stamp").inner_text().strip() == "作废"
    shoot(page, "revoked_plate_390x844.png")
