"""The plate pages a phone opens (/c/<token>) through the Flask test client on a temp database: the public shop page,
a guessed or revoked token, a complaint that lands in the 12345 feed on channel 一铺一码, ratings (once per device,
a burst refused), the inspector's form, and the plates themselves (roles, SVG, PNG, a sheet)."""

from __future__ import annotations

import itertools
import re

import pytest
from sqlalchemy import select

from data_access import accounts
from data_access.db import read_session, write_session
from data_access.hotline import grid
from data_access.models import AuditLog, Shop, ShopInspection, Ticket
from data_access.services import codes, shops
from data_access.worktime import utcnow
from tests.templates import CITY_USERS

IPS = (f"10.16.{i // 250}.{i % 250 + 1}" for i in itertools.count())


@pytest.fixture(scope="module")
def site(tmp_path_factory, sqlite_templates, apps):
    url = sqlite_templates.copy(tmp_path_factory.mktemp("plates") / "plates.db", CITY_USERS)
    return apps.dash(url), url


def phone(site):
    """A fresh phone: its own cookies and address."""
    c = site[0].test_client()
    c.environ_base["REMOTE_ADDR"] = next(IPS)
    return c


def token_of(url: str, shop_id: int) -> str:
    with read_session(url) as s:
        return codes.active_token(s, "shop", shop_id)


def csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_the_plate_opens_the_public_shop_page_and_a_guessed_token_finds_nothing(site):
    url = site[1]
    c = phone(site)
    r = c.get(f"/c/{token_of(url, 1)}")
    page = r.get_data(as_text=True)
    with read_session(url) as s:
        shop = s.get(Shop, 1)
        name, scope = shop.name, shop.scope
    assert r.status_code == 200 and name in page and scope in page and "S00001" in page
    assert "营业执照" in page and "最近检查" in page and "群众评价" in page
    assert len(r.data) < 20_000 and "<script" not in page  # small, no bundle
    assert c.get_cookie("cc_dev") is not None
    for guess in ("AAAAAAAAAAAAAAAA", "1", "S00001", "%3Cscript%3E", token_of(url, 1)[:-1] + "x"):
        g = c.get(f"/c/{guess}")
        assert g.status_code == 404 and "未找到此码" in g.get_data(as_text=True)


def test_a_revoked_plate_shows_void_and_takes_a_fake_plate_report(site):
    url = site[1]
    old = token_of(url, 2)
    with write_session(url) as s:
        codes.revoke(s, "shop", 2, "换发新牌", utcnow())
    c = phone(site)
    page = c.get(f"/c/{old}").get_data(as_text=True)
    assert "作废" in page and "此码已作废" in page and "举报假冒或旧码" in page
    assert "我要评价" not in page
    r = c.post(f"/c/{old}/rating", data={"csrf": csrf(page), "stars": "5"})
    assert "err=svc_revoked" in r.headers["Location"]
    r = c.post(f"/c/{old}/fake", data={"csrf": csrf(page), "text": "店门口还贴着旧码"})
    assert r.status_code == 303 and "ok=reported" in r.headers["Location"]
    assert "已收到您的举报" in c.get(r.headers["Location"]).get_data(as_text=True)
    assert token_of(url, 2) != old and c.get(f"/c/{token_of(url, 2)}").status_code == 200


def test_a_complaint_from_the_plate_lands_in_the_hotline_feed_with_the_shop_and_channel(site):
    url = site[1]
    c = phone(site)
    tok = token_of(url, 3)
    page = c.get(f"/c/{tok}").get_data(as_text=True)
    form = {
        "csrf": csrf(page),
        "kind": "consumer",
        "text": "<script>window.__x=1</script>价格不符",
        "phone": "13900000001",
    }
    r = c.post(f"/c/{tok}/complaint", data=form)
    assert r.status_code == 303 and "ok=complained" in r.headers["Location"]
    no = re.search(r"no=([A-Z0-9]+)", r.headers["Location"]).group(1)
    back = c.get(r.headers["Location"]).get_data(as_text=True)
    assert f"工单号 {no}" in back and "13900000001" not in back and "<script>window" not in back
    with read_session(url) as s:
        t = s.scalars(select(Ticket).where(Ticket.ticket_no == no)).one()
        assert t.channel_code == "shop_code" and t.citizen_phone == "13900000001"
        feed = grid.latest_feed(s, role="officer")
        name = s.get(Shop, 3).name
    row = feed[feed["ticket_no"] == no].iloc[0]
    assert row["channel_name"] == "一铺一码" and name in row["text"]
    # bad input: a clear message, nothing written
    with read_session(url) as s:
        before = s.query(Ticket).count()
    for bad in (
        {"kind": "consumer", "text": "x"},
        {"kind": "nope", "text": "一二三四五"},
        {"kind": "noise", "text": "吵吵吵吵", "phone": "abc"},
    ):
        r = c.post(f"/c/{tok}/complaint", data={"csrf": csrf(page), **bad})
        assert r.status_code == 303 and "err=svc_bad" in r.headers["Location"]
    r = c.post(f"/c/{tok}/complaint", data={"csrf": "forged", "kind": "noise", "text": "吵吵吵吵"})
    assert "err=svc_bad_form" in r.headers["Location"]
    with read_session(url) as s:
        assert s.query(Ticket).count() == before


def test_a_rating_moves_the_average_once_per_device_and_a_burst_is_refused(site):
    url = site[1]
    tok = token_of(url, 4)
    c = phone(site)
    page = c.get(f"/c/{tok}").get_data(as_text=True)
    with read_session(url) as s:
        before = shops.public_shop(s, 4, utcnow())
    r = c.post(f"/c/{tok}/rating", data={"csrf": csrf(page), "stars": "1", "comment": "态度差 13800138000"})
    assert "ok=rated" in r.headers["Location"]
    page = c.get(r.headers["Location"]).get_data(as_text=True)
    assert "感谢您的评价" in page and "13800138000" not in page
    assert (
        "138****8000" not in page and "8000" not in page.split("感谢您的评价")[-1].split("svc-foot")[0]
    )  # no phone at all, masked or not
    assert f"{before['rating_count'] + 1} 人评价" in page
    avg = float(re.search(r'data-avg="([0-9.]+)"', page).group(1))
    assert avg == round(((before["rating_avg"] or 0) * before["rating_count"] + 1) / (before["rating_count"] + 1), 1)
    r = c.post(f"/c/{tok}/rating", data={"csrf": csrf(page), "stars": "5"})
    assert "err=svc_rated_device" in r.headers["Location"]
    r = c.post(f"/c/{tok}/rating", data={"csrf": csrf(page), "stars": "9"})
    assert "err=svc_bad_stars" in r.headers["Location"]
    # no device cookie: refused
    bare = phone(site)
    r = bare.post(f"/c/{tok}/rating", data={"csrf": "x", "stars": "5"})
    assert "err=" in r.headers["Location"]
    # a burst from one address: the limiter answers 429 (shown as a message) before the tenth post
    burst = phone(site)
    statuses = []
    for _ in range(10):
        p = burst.get(f"/c/{tok}").get_data(as_text=True)
        burst.delete_cookie("cc_dev")
        r = burst.post(f"/c/{tok}/rating", data={"csrf": csrf(p), "stars": "5"})
        statuses.append(r.headers.get("Location", str(r.status_code)))
    assert any("svc_too_many" in s for s in statuses)
    with read_session(url) as s:
        after = shops.public_shop(s, 4, utcnow())
    assert after["rating_count"] <= before["rating_count"] + 1 + shops.RATING_IP_PER_DAY


def login(client, username: str):
    page = client.get("/login").get_data(as_text=True)
    return client.post("/login", data={"username": username, "password": accounts.DEMO_PASSWORD, "csrf": csrf(page)})


def test_an_inspector_scans_signs_in_and_the_inspection_appears_on_the_shop_page(site):
    url = site[1]
    tok = token_of(url, 6)
    c = phone(site)
    r = c.get(f"/c/{tok}/inspect")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login?next=/c/")
    login(c, "visitor")
    assert c.get(f"/c/{tok}/inspect").status_code == 403
    c = phone(site)
    login(c, "inspector")
    form = c.get(f"/c/{tok}/inspect").get_data(as_text=True)
    items = re.findall(r'name="item_([a-z_]+)" value="ok"', form)
    assert items and "检查清单" in form
    with read_session(url) as s:
        trade = s.get(Shop, 6).trade
    assert items == list(shops.items_for(trade))
    data = {"csrf": csrf(form), "result": "pass", **{f"item_{k}": "ok" for k in items}}
    data["item_" + items[0]] = "no"
    r = c.post(f"/c/{tok}/inspect", data=data)
    assert r.status_code == 400 and "有问题项时不能判定为合格" in r.get_data(as_text=True)
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 100
    data.update(result="rectify", issues="灭火器过期", rectify_by="2099-01-31")
    import io

    r = c.post(
        f"/c/{tok}/inspect", data={**data, "photo": (io.BytesIO(png), "p.png")}, content_type="multipart/form-data"
    )
    assert r.status_code == 303 and "ok=inspected" in r.headers["Location"]
    page = phone(site).get(f"/c/{tok}").get_data(as_text=True)
    assert "限期整改" in page and "整改期限 2099-01-31" in page and "灭火器过期" not in page
    assert 'class="svc-office">inspector' not in page  # the office, never the person
    with read_session(url) as s:
        insp = s.scalars(
            select(ShopInspection).where(ShopInspection.shop_id == 6).order_by(ShopInspection.id.desc())
        ).first()
        assert insp.has_photo and insp.inspector == "inspector" and insp.rectify_by.year == 2099
        assert s.scalars(select(AuditLog.action).where(AuditLog.action == "shop_inspection")).first()


def test_plates_are_for_supervisors_and_come_as_svg_png_and_a_sheet(site):
    url = site[1]
    anon = phone(site)
    assert anon.get("/services/plates/shop/1.svg").status_code == 403
    assert anon.get("/services/plates/sheet?kind=shop&group=朔方路").status_code == 403
    c = phone(site)
    login(c, "supervisor")
    svg = c.get("/services/plates/shop/1.svg")
    assert svg.status_code == 200 and svg.headers["Content-Type"].startswith("image/svg+xml")
    body = svg.get_data(as_text=True)
    assert "S00001" in body and "一铺一码" in body and "<path" in body
    png = c.get("/services/plates/shop/1.png")
    assert png.status_code == 200 and png.data[:8] == b"\x89PNG\r\n\x1a\n"
    with read_session(url) as s:
        street = codes.groups(s, "shop")[0]
        building = codes.groups(s, "rental")[0]
    sheet = c.get("/services/plates/sheet", query_string={"kind": "shop", "group": street[0]}).get_data(as_text=True)
    assert sheet.count("<svg xmlns") == street[1]
    sheet = c.get("/services/plates/sheet", query_string={"kind": "rental", "group": building[0]}).get_data(
        as_text=True
    )
    assert sheet.count("<svg xmlns") == building[1] == 40
    index = c.get("/services/plates").get_data(as_text=True)
    old = token_of(url, 8)
    r = c.post("/services/plates/revoke", data={"csrf": csrf(index), "short_code": "S00008", "reason": "破损重制"})
    assert "revoked=S00008" in r.headers["Location"]
    assert "作废" in phone(site).get(f"/c/{old}").get_data(as_text=True)
