"""Data-foundation quality: every check on hand-made records with known defects gives exact scores; a corrected
sync takes the failures back; rectification follows the data (verified only once clean) and is audited with its
act; failing records leave masked by role; the 1,867,000 total is exact after the H1 backfill."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from data_access import events as ev
from data_access.accounts import Principal
from data_access.data import catalog
from data_access.data import checks as qc
from data_access.db import read_session, write_session
from data_access.models import AuditLog, DataField, DataRecord, DataSource, Department, QualityCheck, RecordFailure
from data_access.writes import apply
from web.commands import data as data_cmd
from web.commands.base import Actor, Code, Refused, execute

AT = datetime(2024, 3, 4, 2, 0)
SCHEMA = (
    ("code", "编号", "str", True, False),
    ("name", "姓名", "name", True, True),
    ("id_no", "身份证号", "id", True, True),
    ("phone", "电话", "phone", True, True),
    ("kind", "类别", "enum:甲|乙", True, False),
    ("born", "日期", "date", True, False),
    ("lat", "纬度", "lat", True, False),
    ("lon", "经度", "lon", True, False),
)
OFFICER = Actor(Principal(1, "officer1", "officer"))
VISITOR = Actor(Principal(None, "anonymous", "visitor"))


def good_id(seq: int) -> str:
    body = f"64018119800101{seq:03d}"
    return body + qc.id_check_digit(body)


def rec(i: int, **over) -> tuple[str, dict]:
    r = {"code": f"R{i:03d}", "name": "马建国", "id_no": good_id(i), "phone": f"1390951{i:04d}", "kind": "甲",
         "born": "1980-01-01", "lat": 38.10, "lon": 106.34}  # fmt: skip
    r.update(over)
    return r["code"], r


# ten records, seven defects: one each, and one clean duplicate pair (R009 repeats R001's ID number)
DEFECTIVE = [
    rec(0),
    rec(1, name=""),  # completeness: required field missing
    rec(2, id_no=good_id(2)[:-1] + ("0" if good_id(2)[-1] != "0" else "1")),  # accuracy: bad ID checksum
    rec(3, phone="0951-12"),  # accuracy: bad phone
    rec(4, phone="+86 13909510004"),  # accuracy: bad phone (not normalised)
    rec(5, lat=39.9, lon=116.4),  # accuracy: Beijing, outside Lingwu
    rec(6, born="2024-02-30"),  # accuracy: no such date
    rec(7, kind="丙"),  # usability: off the schema
    rec(8),
    rec(9, id_no=good_id(1)),  # usability: duplicate of R001's ID number
]


def make_resource(url: str) -> int:
    with write_session(url) as s:
        s.add(Department(id=1, code="B13", name="市民政局", kind="bureau"))
        s.flush()
        s.add(DataSource(id=1, name="测试台账", department_id=1, cadence="daily", records=0, sampled=True))
        s.flush()
        for pos, (n, label, t, req, sens) in enumerate(SCHEMA, start=1):
            s.add(DataField(source_id=1, position=pos, name=n, label=label, type=t, required=req, sensitive=sens))
        for c in qc.checks_for([(n, t, req) for n, _l, t, req, _s in SCHEMA], "id_no"):
            s.add(QualityCheck(source_id=1, code=c.code, dimension=c.dimension, rule=c.rule, fields=",".join(c.fields),
                               params=c.params or {}, checked=0, failed=0))  # fmt: skip
    return 1


def sync(url: str, eid: str, rows: list, at: datetime = AT) -> None:
    with write_session(url) as s:
        apply(s, [ev.SyncRunDone(eid, 1, at, True, len(rows), rows=tuple(rows))])


def checks_by_code(url: str) -> dict[str, tuple[int, int]]:
    with read_session(url) as s:
        return {c.code: (c.checked, c.failed) for c in s.scalars(select(QualityCheck))}


def test_rules_on_known_values():
    assert qc.valid_id(good_id(7)) and not qc.valid_id(good_id(7)[:-1] + "X" if good_id(7)[-1] != "X" else "0")
    assert qc.valid_uscc("91350100M000100Y43") and not qc.valid_uscc("91350100M000100Y44")
    ctx = qc.Context(today=date(2024, 3, 4))
    phone = qc.compile_check("phone_format", ["phone"], {}, ctx)
    assert [phone({"phone": p}) for p in ("13909510001", "0951-4012345", "0951-12", "无", "")] == [
        None, None, "phone", "phone", None,
    ]  # fmt: skip
    dates = qc.compile_check("date_plausible", ["d"], {}, ctx)
    assert [dates({"d": d}) for d in ("2024-03-04", "2024-03-05", "1949-12-31", "2024-02-30")] == [None, "d", "d", "d"]


def test_each_check_scores_exactly_and_a_corrected_sync_recovers(migrated_url):
    url = migrated_url
    make_resource(url)
    sync(url, "s1", DEFECTIVE)
    got = checks_by_code(url)
    assert got == {
        "required": (10, 1), "id_checksum": (10, 1), "phone_format": (10, 2), "date_plausible": (10, 1),
        "within_county": (10, 1), "schema": (10, 1), "duplicate": (10, 1), "freshness": (0, 0),
    }  # fmt: skip
    with read_session(url) as s:
        row = catalog.resource(s, 1, AT)
    # completeness 9/10; accuracy (40 checked, 5 failed); usability (20 checked, 2 failed); fresh: just synced
    assert (row["completeness"], row["accuracy"], row["usability"], row["fresh"]) == (90.0, 87.5, 90.0, True)
    assert row["score"] == 91.88 and row["records"] == 10
    # a week without a sync: a daily resource is stale, freshness 0
    with read_session(url) as s:
        assert catalog.resource(s, 1, datetime(2024, 3, 11))["score"] == round((90 + 87.5 + 90 + 0) / 4, 2)

    fixed = [rec(i) for i in range(1, 8)] + [rec(9, id_no=good_id(19))]
    sync(url, "s2", fixed, AT.replace(hour=5))
    got = checks_by_code(url)
    assert all(failed == 0 for _c, (_n, failed) in got.items()) and got["required"] == (10, 0), got
    with read_session(url) as s:
        assert catalog.resource(s, 1, AT.replace(hour=6))["score"] == 100.0
        assert s.scalar(select(func.count()).select_from(RecordFailure)) == 0
        assert s.scalar(select(func.count()).select_from(DataRecord)) == 10  # corrections replace, never add
        points = catalog.points(s, 1)
    assert list(points["score"]) == [91.88, 100.0]  # the trend: one point per sync


def test_failing_records_drill_masked_by_role(migrated_url):
    url = migrated_url
    make_resource(url)
    sync(url, "s1", DEFECTIVE)
    with read_session(url) as s:
        cid = s.scalar(select(QualityCheck.id).where(QualityCheck.code == "phone_format"))
        n, seat = catalog.failing(s, 1, cid, "officer")
        _n, public = catalog.failing(s, 1, cid, "visitor")
    assert n == 2 and list(seat["rid"]) == ["R003", "R004"] and set(seat["field"]) == {"phone"}
    assert seat.loc[0, "name"] == "马**" and seat.loc[0, "id_no"].startswith("640") and "*" in seat.loc[0, "id_no"]
    assert "13909510004" not in seat.to_json(force_ascii=False)
    assert public[["name", "id_no", "phone"]].isna().all().all()  # public roles never receive personal fields


def test_rectification_follows_the_data_and_is_audited_with_its_act(migrated_url):
    url = migrated_url
    make_resource(url)
    sync(url, "s1", DEFECTIVE)
    with read_session(url) as s:
        cid = s.scalar(select(QualityCheck.id).where(QualityCheck.code == "required"))
        clean = s.scalar(select(QualityCheck.id).where(QualityCheck.code == "freshness"))
    act = "data_rect_open"
    with pytest.raises(Refused) as denied:
        execute(url, VISITOR, act, "rect", lambda s: data_cmd.open_rectification(s, VISITOR, 1, cid))
    assert denied.value.code is Code.DENIED
    with pytest.raises(Refused) as nothing:  # a check that does not fail has nothing to rectify
        execute(url, OFFICER, act, "rect", lambda s: data_cmd.open_rectification(s, OFFICER, 1, clean))
    assert nothing.value.detail == "data_rect_nothing"
    item = execute(url, OFFICER, act, "rect", lambda s: data_cmd.open_rectification(s, OFFICER, 1, cid, "补录姓名"))
    with pytest.raises(Refused):
        execute(url, OFFICER, act, "rect", lambda s: data_cmd.open_rectification(s, OFFICER, 1, cid))  # one at a time
    step = "data_rect_rectifying"
    moved = execute(
        url, OFFICER, step, "rect", lambda s: data_cmd.advance_rectification(s, OFFICER, item.id, "rectifying", 1)
    )
    with pytest.raises(Refused) as failing:
        execute(url, OFFICER, "data_rect_verified", "rect",
                lambda s: data_cmd.advance_rectification(s, OFFICER, item.id, "verified", moved.version))  # fmt: skip
    assert failing.value.detail == "data_rect_still_failing"
    sync(url, "s2", [rec(1)], AT.replace(hour=5))  # the department's clean sync
    done = execute(url, OFFICER, "data_rect_verified", "rect",
                   lambda s: data_cmd.advance_rectification(s, OFFICER, item.id, "verified", moved.version))  # fmt: skip
    assert done.status == "verified"
    with read_session(url) as s:
        audit = [(a.action, a.result) for a in s.scalars(select(AuditLog).order_by(AuditLog.id))]
        items = catalog.rectifications(s, 1)
    assert audit == [
        ("data_rect_open", "denied"), ("data_rect_open", "rejected"), ("data_rect_open", "ok"),
        ("data_rect_open", "rejected"), ("data_rect_rectifying", "ok"), ("data_rect_verified", "rejected"),
        ("data_rect_verified", "ok"),
    ]  # fmt: skip
    assert (
        items.loc[0, "status"] == "verified" and items.loc[0, "failed_at_open"] == 1 and items.loc[0, "failed_now"] == 0
    )


def test_bad_sync_input_is_refused_and_changes_nothing(migrated_url):
    from data_access.errors import WriteError

    url = migrated_url
    make_resource(url)
    for rows in ([("", {})], [("R1", {}), ("R1", {})], [("R1", "not a mapping")]):
        with pytest.raises(WriteError), write_session(url) as s:
            apply(s, [ev.SyncRunDone("bad", 1, AT, True, len(rows), rows=tuple(rows))])
    with pytest.raises(WriteError), write_session(url) as s:
        apply(s, [ev.SyncRunDone("bad", 1, AT, True, 5)])  # a sampled resource's run must carry its rows
    with read_session(url) as s:
        assert s.scalar(select(func.count()).select_from(DataRecord)) == 0


def test_the_total_is_exact_after_the_h1_backfill(sqlite_templates, tmp_path):
    from data_access import kpi
    from simulators import runner
    from simulators.catalog import CAL_END, CAL_START

    url = sqlite_templates.copy(tmp_path / "h1.db")
    with read_session(url) as s:
        before = kpi.city_totals(s).data_records
    runner.backfill(url, CAL_START, CAL_END, feeds=("syncs",), settle=CAL_END, readings_days=0)
    with read_session(url) as s:
        total = kpi.city_totals(s).data_records
        sampled = s.scalar(select(func.sum(DataSource.records)).where(DataSource.sampled.is_(True)))
        rows = s.scalar(select(func.count()).select_from(DataRecord))
        df = catalog.catalogue(s, datetime(2024, 6, 30, 12))
    assert before < 1_867_000 and total == 1_867_000
    assert sampled == rows  # the sampled resources' counts are their real rows
    assert set(df.loc[df["records"] == 0, "status"]) == {"empty"} and (df["status"] == "empty").sum() == 3
    assert set(df.loc[df["id"].isin([20, 24]), "status"]) == {"stale"}  # their departments stopped syncing
