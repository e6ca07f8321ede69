"""一户一码 through the Flask test client: the unit's public plate page shows no resident data, the landlord registers
a move-in and a move-out (validated), the grid worker checks the unit, seats read the register masked, the public
reads nothing, statistics per community follow, a revoked rental plate takes a fake-plate report."""

from __future__ import annotations

import itertools
import re

import pytest
from sqlalchemy import select

from data_access import accounts
from data_access.db import read_session, write_session
from data_access.models import RentalTenant, Ticket
from data_access.services import codes, rentals
from data_access.worktime import to_local, utcnow
from tests.templates import CITY_USERS

IPS = (f"10.17.{i // 250}.{i % 250 + 1}" for i in itertools.count())
ID_NO = "640181199003071239"  # checksum-valid, synthetic


@pytest.fixture(scope="module")
def site(tmp_path_factory, sqlite_templates, apps):
    url = sqlite_templates.copy(tmp_path_factory.mktemp("rental") / "rental.db", CITY_USERS)
    return apps.dash(url), url


def client(site, username: str | None = None):
    c = site[0].test_client()
    c.environ_base["REMOTE_ADDR"] = next(IPS)
    if username:
        page = c.get("/login").get_data(as_text=True)
        c.post("/login", data={"username": username, "password": accounts.DEMO_PASSWORD, "csrf": csrf(page)})
    return c


def csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def vacant_unit(url: str) -> tuple[int, str]:
    with read_session(url) as s:
        busy = set(s.scalars(select(RentalTenant.unit_id).where(RentalTenant.moved_out_on.is_(None))))
        uid = next(i for i in range(1, 600) if i not in busy)
        return uid, codes.active_token(s, "rental", uid)


def test_the_public_plate_page_shows_the_unit_and_nobody_living_there(site):
    url = site[1]
    with read_session(url) as s:
        t = s.scalars(select(RentalTenant).where(RentalTenant.moved_out_on.is_(None))).first()
        name, phone, id_no, uid = t.name, t.phone, t.id_no, t.unit_id
        tok = codes.active_token(s, "rental", uid)
    page = client(site).get(f"/c/{tok}").get_data(as_text=True)
    assert "公共租赁住房" in page and "租住登记须知" in page and "R" + f"{uid:05d}" in page
    for secret in (name, phone, id_no, phone[-4:] + "<", "在住"):
        assert secret not in page
    anon = client(site).get(f"/c/{tok}/tenants")
    assert anon.status_code == 302 and "/login" in anon.headers["Location"]
    assert client(site, "inspector").get(f"/c/{tok}/tenants").status_code == 403
    seat = client(site, "officer").get(f"/c/{tok}/tenants").get_data(as_text=True)
    assert name not in seat and phone not in seat and id_no not in seat and name[0] + "*" in seat
    assert "入住登记" not in seat  # seats read, never edit
    full = client(site, "landlord").get(f"/c/{tok}/tenants").get_data(as_text=True)
    assert name in full and phone in full and id_no in full


def test_the_landlord_registers_move_in_and_move_out_and_the_grid_worker_checks(site):
    url = site[1]
    uid, tok = vacant_unit(url)
    with read_session(url) as s:
        before = rentals.community_stats(s, utcnow()).set_index("community")
        community = rentals.public_unit(s, uid, utcnow())["community"]
    c = client(site, "landlord")
    page = c.get(f"/c/{tok}/tenants").get_data(as_text=True)
    today = to_local(utcnow()).date().isoformat()
    form = {
        "csrf": csrf(page),
        "do": "move_in",
        "name": "测试甲乙丙",
        "phone": "13900000001",
        "people": "2",
        "moved_in_on": today,
    }
    r = c.post(f"/c/{tok}/tenants", data={**form, "id_no": "64018119900307123X"})
    assert r.status_code == 400 and "校验位不符" in r.get_data(as_text=True)
    r = c.post(f"/c/{tok}/tenants", data={**form, "id_no": ID_NO, "phone": "123"})
    assert r.status_code == 400 and "手机号应为 11 位" in r.get_data(as_text=True)
    r = c.post(f"/c/{tok}/tenants", data={**form, "id_no": ID_NO})
    assert r.status_code == 303
    page = c.get(r.headers["Location"]).get_data(as_text=True)
    assert "测试甲乙丙" in page and "已保存" in page
    r = c.post(f"/c/{tok}/tenants", data={**form, "id_no": ID_NO})
    assert r.status_code == 400 and "请先办理迁出" in r.get_data(as_text=True)
    assert "测试甲乙丙" not in client(site).get(f"/c/{tok}").get_data(as_text=True)
    with read_session(url) as s:
        mid = rentals.community_stats(s, utcnow()).set_index("community")
        tid = s.scalars(select(RentalTenant.id).where(RentalTenant.unit_id == uid)).one()
    assert mid.loc[community, "occupied"] == before.loc[community, "occupied"] + 1
    g = client(site, "grid")
    page = g.get(f"/c/{tok}/tenants").get_data(as_text=True)
    assert "网格员核查" in page
    r = g.post(f"/c/{tok}/tenants", data={"csrf": csrf(page), "do": "check", "matches": "no", "note": "实住 3 人"})
    assert r.status_code == 303 and r.headers["Location"].endswith("/tenants?ok=saved")
    mine = c.get(f"/c/{tok}/tenants").get_data(as_text=True)
    r = c.post(f"/c/{tok}/tenants", data={"csrf": csrf(mine), "do": "move_out", "tenant": str(tid), "on": today})
    assert r.status_code == 303 and r.headers["Location"].endswith("/tenants?ok=saved")
    with read_session(url) as s:
        after = rentals.community_stats(s, utcnow()).set_index("community")
        assert s.get(RentalTenant, tid).moved_out_on is not None
    assert after.loc[community, "occupied"] == before.loc[community, "occupied"]
    assert after.loc[community, "checked_30d"] == before.loc[community, "checked_30d"] + 1
    assert after.loc[community, "mismatches"] == before.loc[community, "mismatches"] + 1


def test_a_revoked_rental_plate_takes_a_fake_plate_report_on_its_channel(site):
    url = site[1]
    uid, old = vacant_unit(url)
    with write_session(url) as s:
        codes.revoke(s, "rental", uid, "门牌更换", utcnow())
    c = client(site)
    page = c.get(f"/c/{old}").get_data(as_text=True)
    assert "作废" in page
    r = c.post(f"/c/{old}/fake", data={"csrf": csrf(page), "text": "楼道里还贴着旧牌"})
    no = re.search(r"no=([A-Z0-9]+)", r.headers["Location"]).group(1)
    with read_session(url) as s:
        t = s.scalars(select(Ticket).where(Ticket.ticket_no == no)).one()
        assert t.channel_code == "rental_code" and t.category_code == "H0303"
