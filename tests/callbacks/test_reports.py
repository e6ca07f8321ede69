"""统一报表: a value one report fills fills the same field of the department's other reports ("fill once"), the
reuse is counted, bad values are refused with a clear message and change nothing, late and returned statuses,
and an XLSX exported, filled offline and imported round-trips."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from data_access import accounts
from data_access.db import read_session, write_session
from data_access.errors import WriteError
from data_access.models import ReportValue
from data_access.services import reports
from data_access.worktime import utcnow
from tests.templates import CITY_USERS

PERIOD = "2026-11"


def test_a_value_filled_once_fills_every_report_of_the_department(city_url):
    now = utcnow()
    with read_session(city_url) as s:
        dept = reports.departments(s)[0][0]
    with write_session(city_url) as s:
        out = reports.submit(
            s,
            "TB01",
            dept,
            PERIOD,
            {"pop_resident": "52,310", "households": "17800", "contact": "民政办"},
            "officer",
            now,
        )
        assert out["filled"] == 3 and out["reused"] == 0
    with read_session(city_url) as s:
        f = {x["key"]: x for x in reports.form(s, "TB05", dept, PERIOD)["fields"]}
    assert f["pop_resident"]["value"] == "52310" and f["pop_resident"]["source"] == "TB01"
    assert f["households"]["value"] == "17800" and f["complaints_12345"]["value"] == ""
    with write_session(city_url) as s:
        with pytest.raises(WriteError, match="complaints_12345: required"):
            reports.submit(s, "TB05", dept, PERIOD, {}, "officer", now)
        out = reports.submit(s, "TB05", dept, PERIOD, {"complaints_12345": "310", "complaints_closed": "295"}, "o", now)
    assert out["reused"] == 3 and out["filled"] == 2  # population, households, contact came from TB01
    with read_session(city_url) as s:
        assert reports.reuse_saved(s, PERIOD) == 3
        board = reports.board(s, PERIOD, now)
    mine = board[board["department"] == dept].set_index("template")["status"]
    assert mine["TB01"] in ("submitted", "late") and mine["TB02"] in ("due", "late")


def test_bad_values_are_refused_and_change_nothing_and_returned_reports_refile(city_url):
    now = utcnow()
    with read_session(city_url) as s:
        dept = reports.departments(s)[1][0]
    for bad, msg in (
        ({"safety_checks": "十二"}, "a whole number"),
        ({"safety_checks": "-3"}, "between"),
        ({"risk_level": "极高"}, "one of"),
        ({"nope": "1"}, "not a field"),
    ):
        base = {"safety_checks": "12", "hazards_found": "3", "hazards_fixed": "2", "risk_level": "低", "contact": "x"}
        with write_session(city_url) as s, pytest.raises(WriteError, match=msg):
            reports.submit(s, "TB03", dept, PERIOD, {**base, **bad}, "officer", now)
    with read_session(city_url) as s:
        assert s.scalar(select(func.count()).select_from(ReportValue).where(ReportValue.department_code == dept)) == 0
    late = reports.due_at(s_template("TB03", city_url), PERIOD) + timedelta(hours=1)
    with write_session(city_url) as s:
        assert reports.submit(s, "TB03", dept, PERIOD, base, "officer", late)["status"] == "late"
        with pytest.raises(WriteError, match="submitted already"):
            reports.submit(s, "TB03", dept, PERIOD, base, "officer", late)
        reports.return_submission(s, "TB03", dept, PERIOD, "隐患数与整改数不符")
        assert reports.form(s, "TB03", dept, PERIOD)["status"] == "returned"
        assert reports.submit(s, "TB03", dept, PERIOD, {"hazards_fixed": "3"}, "officer", late)["filled"] == 1


def s_template(code, url):
    from data_access.models import ReportTemplate

    with read_session(url) as s:
        t = s.scalars(select(ReportTemplate).where(ReportTemplate.code == code)).one()
        s.expunge(t)
        return t


@pytest.fixture(scope="module")
def seat(tmp_path_factory, sqlite_templates, apps):
    url = sqlite_templates.copy(tmp_path_factory.mktemp("reports") / "r.db", CITY_USERS)
    c = apps.dash(url).test_client()
    page = c.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    c.post("/login", data={"username": "officer", "password": accounts.DEMO_PASSWORD, "csrf": token})
    return c, url


def csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_xlsx_round_trips_through_export_offline_filling_and_import(seat):
    c, url = seat
    with read_session(url) as s:
        dept = reports.departments(s)[2][0]
    page = c.get(f"/reports/TB01/{dept}/{PERIOD}").get_data(as_text=True)
    r = c.post(
        f"/reports/TB01/{dept}/{PERIOD}",
        data={"csrf": csrf(page), "f_pop_resident": "abc", "f_households": "1", "f_contact": "x"},
    )
    assert r.status_code == 400 and "字段「常住人口」：应为整数" in r.get_data(as_text=True)
    r = c.post(
        f"/reports/TB01/{dept}/{PERIOD}",
        data={"csrf": csrf(page), "f_pop_resident": "48000", "f_households": "16000", "f_contact": "张科员"},
    )
    assert r.status_code == 200 and "已提交" in r.get_data(as_text=True)
    x = c.get(f"/reports/TB04/{dept}/{PERIOD}.xlsx")
    assert x.status_code == 200
    wb = load_workbook(io.BytesIO(x.data))
    ws = wb["报表"]
    rows = {ws.cell(r, 1).value: r for r in range(7, ws.max_row + 1)}
    assert ws.cell(rows["households"], 5).value == 16000  # prefilled from TB01
    assert "TB01" in ws.cell(rows["households"], 6).value
    ws.cell(rows["rental_occupied"], 5).value = 420
    ws.cell(rows["rental_registrations"], 5).value = 37
    buf = io.BytesIO()
    wb.save(buf)
    index = c.get(f"/reports?period={PERIOD}").get_data(as_text=True)
    r = c.post(
        "/reports/import",
        data={"csrf": csrf(index), "sheet": (io.BytesIO(buf.getvalue()), "TB04.xlsx")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 303
    with read_session(url) as s:
        f = {x["key"]: x["value"] for x in reports.form(s, "TB04", dept, PERIOD)["fields"]}
        assert reports.form(s, "TB04", dept, PERIOD)["status"] in ("submitted", "late")
    assert f == {"rental_occupied": "420", "rental_registrations": "37", "households": "16000", "contact": "张科员"}
    again = load_workbook(io.BytesIO(c.get(f"/reports/TB04/{dept}/{PERIOD}.xlsx").data))["报表"]
    assert [again.cell(r, 5).value for r in range(7, again.max_row + 1)] == [420, 37, 16000, "张科员"]
    index = c.get(f"/reports?period={PERIOD}").get_data(as_text=True)
    assert re.search(r'data-reuse="(\d+)"', index).group(1) == "2"  # households + contact not retyped in TB04
    r = c.post(
        "/reports/import",
        data={"csrf": csrf(index), "sheet": (io.BytesIO(b"not xlsx"), "x.xlsx")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 400 and "不是本系统导出的报表文件" in r.get_data(as_text=True)


def test_reports_are_for_the_seats(apps, sqlite_templates, tmp_path):
    url = sqlite_templates.copy(tmp_path / "r2.db", CITY_USERS)
    c = apps.dash(url).test_client()
    assert c.get("/reports").status_code == 302
    assert c.get(f"/reports/TB01/T01/{PERIOD}.xlsx").status_code == 302
