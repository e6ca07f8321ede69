"""Saved video-wall layouts on SQLite and PostgreSQL: validation writes nothing, upsert by name, per-user lists,
shared layouts, the per-user limit and who may delete what."""

from __future__ import annotations

import threading
import time
from datetime import datetime

import pytest
from sqlalchemy import func, select

from data_access.db import read_session, write_session
from data_access.errors import WriteError
from data_access.models import VideoLayout
from data_access.video import layouts as vl

T0 = datetime(2024, 5, 6, 2, 0)
CAM = "64018100001316000002"
FOUR = {"n": 4, "cams": [[CAM, "东塔镇政务大厅"], ["", ""]]}


@pytest.fixture
def url(migrated_url):
    return migrated_url


def save(url, owner="officer", name="早班", layout=FOUR, **kw):
    with write_session(url) as s:
        return vl.save_layout(s, owner=owner, name=name, layout=layout, at=kw.pop("at", T0), **kw)


def listed(url, owner):
    with read_session(url) as s:
        return vl.layouts(s, owner=owner)


def count(url) -> int:
    with read_session(url) as s:
        return s.scalar(select(func.count()).select_from(VideoLayout))


def test_save_lists_and_an_upsert_by_name_replaces_the_layout(url):
    first = save(url)
    assert (first.name, first.outcome) == ("早班", "created")
    again = save(url, name=" 早班 ", layout={"n": 9, "cams": [[CAM, "x"]]}, at=datetime(2024, 5, 7))
    assert (again.name, again.outcome) == ("早班", "updated")
    df = listed(url, "officer")
    assert df[["name", "n", "mine", "shared"]].values.tolist() == [["早班", 9, True, False]]
    assert df.cams[0] == [[CAM, "x"]] and df.updated_at[0] == datetime(2024, 5, 7) and count(url) == 1


def test_layouts_are_per_user_and_shared_ones_reach_every_seat(url):
    save(url, owner="officer", name="mine")
    save(url, owner="other", name="theirs")
    save(url, owner="supervisor", name="全城", shared=True)
    assert listed(url, "officer")[["name", "mine"]].values.tolist() == [["mine", True], ["全城", False]]
    assert listed(url, "other").name.tolist() == ["theirs", "全城"]
    assert listed(url, None).name.tolist() == ["全城"]  # anonymous visitors: shared only
    assert listed(url, "nobody").name.tolist() == ["全城"]
    with read_session(url) as s:
        empty = vl.layouts(s, owner=None)
    assert list(empty.columns) == vl.LAYOUT_COLUMNS


def test_same_name_for_two_users_is_two_layouts(url):
    save(url, owner="officer", name="夜班")
    save(url, owner="supervisor", name="夜班")
    assert count(url) == 2 and listed(url, "officer").name.tolist() == ["夜班"]


@pytest.mark.parametrize(
    "name,layout",
    [
        ("", FOUR),
        ("   ", FOUR),
        ("x" * 21, FOUR),
        ("bad\nname", FOUR),
        ("rtl\u202ename", FOUR),
        (None, FOUR),
        ("ok", None),
        ("ok", {"n": 5, "cams": []}),
        ("ok", {"n": True, "cams": []}),
        ("ok", {"n": "4", "cams": []}),
        ("ok", {"n": 1, "cams": [[CAM, "a"], [CAM, "b"]]}),
        ("ok", {"n": 4, "cams": "nope"}),
        ("ok", {"n": 4, "cams": [[CAM]]}),
        ("ok", {"n": 4, "cams": [["6401810000131600000", "short"]]}),
        ("ok", {"n": 4, "cams": [["６４０１８１００００１３１６００００２", "full-width"]]}),
        ("ok", {"n": 4, "cams": [["javascript:alert(1)", "x"]]}),
        ("ok", {"n": 4, "cams": [[CAM, "x" * 81]]}),
        ("ok", {"n": 4, "cams": [[CAM, None]]}),
        ("ok", {"n": 4, "cams": [[123, "x"]]}),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(url, name, layout):
    with pytest.raises(WriteError):
        save(url, name=name, layout=layout)
    assert count(url) == 0


def test_the_stored_layout_keeps_only_n_and_cams(url):
    save(url, layout={"n": 4, "cams": [[CAM, "名"], ["", "ghost"]], "extra": "<script>"})
    with read_session(url) as s:
        stored = s.scalars(select(VideoLayout.layout)).all()
    assert stored == [{"n": 4, "cams": [[CAM, "名"], ["", ""]]}]


def test_fifty_layouts_per_user_and_updates_still_allowed(url):
    with write_session(url) as s:
        for i in range(vl.MAX_PER_USER):
            vl.save_layout(s, owner="officer", name=f"L{i}", layout=FOUR, at=T0)
    with pytest.raises(WriteError, match="at most 50"):
        save(url, name="one-more")
    assert save(url, name="L7", layout={"n": 1, "cams": []}).outcome == "updated"
    save(url, owner="other", name="one-more")  # the limit is per user
    assert count(url) == vl.MAX_PER_USER + 1


def test_delete_own_layouts_only_and_shared_ones_by_curators(url):
    save(url, owner="officer", name="mine")
    save(url, owner="other", name="private")
    save(url, owner="supervisor", name="全城", shared=True)
    ids = {r.name: r.id for r in listed(url, "other").itertuples()} | {
        r.name: r.id for r in listed(url, "officer").itertuples()
    }
    for owner, ident, curator in [
        ("officer", ids["private"], False),  # another user's own layout: as if missing
        ("officer", ids["private"], True),  # curators only reach shared layouts
        ("officer", ids["全城"], False),
        ("officer", 99999, False),
        ("officer", "1", False),
        ("officer", -1, False),
        ("officer", 10**30, False),
        ("", ids["mine"], False),
    ]:
        with pytest.raises(WriteError), write_session(url) as s:
            vl.delete_layout(s, layout_id=ident, owner=owner, curator=curator)
    assert count(url) == 3
    with write_session(url) as s:
        assert vl.delete_layout(s, layout_id=ids["mine"], owner="officer") == "mine"
    with write_session(url) as s:
        assert vl.delete_layout(s, layout_id=ids["全城"], owner="admin", curator=True) == "全城"
    assert listed(url, "other").name.tolist() == ["private"]


def test_two_seats_saving_the_same_new_name_at_once_leave_one_layout(url):
    """The second insert waits for the first (SQLite: BEGIN IMMEDIATE; PostgreSQL: the unique index), then updates."""
    results = []
    with write_session(url) as s:
        vl.save_layout(s, owner="officer", name="同时", layout=FOUR, at=T0)
        other = threading.Thread(target=lambda: results.append(save(url, name="同时", layout={"n": 1, "cams": []})))
        other.start()
        time.sleep(0.5)  # the other seat is now waiting on this transaction
    other.join(timeout=30)
    assert [r.outcome for r in results] == ["updated"] and count(url) == 1
    assert listed(url, "officer").n.tolist() == [1]
