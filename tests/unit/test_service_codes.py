"""一铺一码 / 一户一码 on the data layer: every shop and unit has an unguessable token, revoking keeps the old one
as 作废 and issues a new version, complaints become 12345 tickets on the plate channel, ratings move the average,
an overdue rectification becomes a 数字城管 case."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from data_access.db import read_session, write_session
from data_access.models import RentalUnit, ServiceCode, Shop, Ticket
from data_access.services import codes, shops
from data_access.worktime import utcnow


def test_every_shop_and_unit_has_one_active_random_token(city_url):
    with read_session(city_url) as s:
        n_shops = s.scalar(select(func.count()).select_from(Shop))
        n_units = s.scalar(select(func.count()).select_from(RentalUnit))
        rows = s.execute(select(ServiceCode.kind, ServiceCode.subject_id, ServiceCode.token)).all()
    assert n_shops > 500 and n_units > 400
    assert len(rows) == n_shops + n_units
    tokens = [r.token for r in rows]
    assert len(set(tokens)) == len(tokens)
    assert all(len(tok) == 16 and codes.TOKEN_RE.match(tok) for tok in tokens)
    assert not any(str(r.subject_id) in r.token[:6] and r.token[:6].isdigit() for r in rows)  # never the row id


def test_revoking_keeps_the_old_token_as_void_and_issues_the_next_version(city_url):
    with read_session(city_url) as s:
        old = codes.active_token(s, "shop", 7)
    with write_session(city_url) as s:
        new = codes.revoke(s, "shop", 7, "plate stolen", utcnow())
        assert codes.issue_missing(s, utcnow()) == 0  # every unit still has exactly one active code
    with read_session(city_url) as s:
        assert codes.resolve(s, old)["status"] == "revoked"
        assert new["status"] == "active" and new["version"] == 2 and new["short_code"] == "S00007"
        assert codes.active_token(s, "shop", 7) == new["token"] != old
        assert codes.resolve(s, "A" * 16) is None and codes.resolve(s, "../etc/passwd") is None


def test_a_complaint_becomes_a_ticket_on_the_plate_channel_with_the_shop_prefilled(city_url):
    with write_session(city_url) as s:
        no = shops.complain(s, 3, "consumer", "价格标签与结账不符", "13900000001", utcnow())
    with read_session(city_url) as s:
        t = s.scalars(select(Ticket).where(Ticket.ticket_no == no)).one()
        shop = s.get(Shop, 3)
        assert t.channel_code == "shop_code" and t.category_code == "H0701" and t.stream == "hotline"
        assert shop.name in t.summary and t.address == shop.address and t.lat == shop.lat
        page = shops.public_shop(s, 3, utcnow())
    assert "13900000001" not in repr(page)


def test_ratings_move_the_average_and_one_device_rates_once(city_url):
    now = utcnow()
    with write_session(city_url) as s:
        before = shops.public_shop(s, 5, now)
        shops.rate(s, 5, 5, "很好", "dev-a", "ip-1", now)
        shops.rate(s, 5, 1, "", "dev-b", "ip-1", now)
        assert shops.rating_refusal(s, 5, "dev-a", "ip-2", now) == "device"
        shops.rate(s, 5, 3, "", "dev-c", "ip-1", now)
        assert shops.rating_refusal(s, 5, "dev-d", "ip-1", now) == "address"
        assert shops.rating_refusal(s, 5, "dev-a", "ip-9", now + timedelta(days=31)) is None
    with read_session(city_url) as s:
        after = shops.public_shop(s, 5, now)
    assert after["rating_count"] == before["rating_count"] + 3
    total = (before["rating_avg"] or 0) * before["rating_count"] + 9
    assert after["rating_avg"] == round(total / after["rating_count"], 1)


def test_an_overdue_rectification_becomes_a_city_management_case_once(city_url):
    now = utcnow()
    with read_session(city_url) as s:
        trade = s.get(Shop, 9).trade
    checklist = {k: k != "encroach" for k in shops.items_for(trade)}
    checklist[next(iter(checklist))] = False
    with write_session(city_url) as s:
        shops.inspect(s, 9, "inspector", checklist, "rectify", "门前堆放货物", now + timedelta(days=3), None, now)
        assert shops.escalate_overdue(s, now + timedelta(days=2)) == []
        cases = shops.escalate_overdue(s, now + timedelta(days=4))
        assert shops.escalate_overdue(s, now + timedelta(days=5)) == []
    assert len(cases) == 1
    with read_session(city_url) as s:
        t = s.scalars(select(Ticket).where(Ticket.ticket_no == cases[0])).one()
        assert t.stream == "cm" and "整改逾期" in t.content
        page = shops.public_shop(s, 9, now)
    assert page["inspections"][0]["result"] == "rectify" and page["inspections"][0]["failed"]


def test_the_map_colours_shops_by_inspections_and_ratings_and_links_seats_to_the_page(city_url):
    from data_access.gis import detail, layers

    now = utcnow()
    with read_session(city_url) as s:
        trades = {i: s.get(Shop, i).trade for i in (11, 12, 13)}
    with write_session(city_url) as s:
        ok = {k: True for k in shops.items_for(trades[11])}
        shops.inspect(s, 11, "inspector", ok, "pass", "", None, None, now)
        bad = {k: False for k in shops.items_for(trades[12])}
        shops.inspect(s, 12, "inspector", bad, "fail", "", None, None, now)
        for i, dev in enumerate("abc"):
            shops.rate(s, 13, 2, "", f"dev-{dev}", f"ip-{i}", now)
    with read_session(city_url) as s:
        states = layers.shops(s).set_index("key")["state"]
        seat = detail.detail(s, "shops", "12", role="officer", now=now)
        public = detail.detail(s, "shops", "12", role="visitor", now=now)
        rental = layers.rental(s)
    assert states["11"] == "shop_good" and states["12"] == "shop_poor" and states["13"] == "shop_poor"
    assert (states == "shop_none").any()
    assert seat["links"][0][1].startswith("/c/") and not public["links"]
    assert ("gis_f_inspection", "svc_res_fail", True) in seat["fields"]
    assert set(rental["state"]) <= {"full", "vacancies", "unregistered"} and (rental["state"] == "unregistered").any()
