"""GIS reads on SQLite and PostgreSQL: layer frames, replay filters, per-area counts, the masked drawer record
with the nearest cameras, and bad input refused before anything is read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from data_access.db import read_session, write_session
from data_access.geo import destination
from data_access.gis import detail as gis_detail
from data_access.gis import layers as gis
from data_access.models import Camera
from data_access.worktime import utcnow
from data_access.writes import apply
from tests.factories import new_ticket

CANARY = {"citizen_name": "测试甲乙丙", "citizen_phone": "13900000001", "address": "灵武市朔方路88号3单元"}


@pytest.fixture
def city(city_url):
    with read_session(city_url) as s:
        cam = s.scalars(select(Camera).order_by(Camera.id)).first()
        lat, lon = destination(cam.lat, cam.lon, cam.heading, cam.range_m / 2)  # straight ahead of it, in view
        area, town, cam_id = cam.area_code, cam.town_code, cam.id
    now = utcnow()
    with write_session(city_url) as s:
        apply(
            s,
            [
                new_ticket(
                    "GIS-1",
                    now - timedelta(hours=2),
                    lat=lat,
                    lon=lon,
                    area_code=area,
                    town_code=town,
                    summary="井盖缺失 13900000001",
                    **CANARY,
                )
            ],
        )
    return city_url, cam_id, now, area


def test_layer_frames_carry_ids_and_states_only(city):
    url, _cam, now, _area = city
    with read_session(url) as s:
        t = gis.tickets(s, since=now - timedelta(days=7))
        cams = gis.cameras(s)
        sensors = gis.sensors(s, now=now)
        rental = gis.rental(s)
    assert "GIS-1" in set(t["key"]) and len(cams) == 2028
    assert set(cams["state"]) <= {"online", "offline"} and set(sensors["state"]) <= {"ok", "low", "high", "silent"}
    assert rental["n_units"].sum() > 0
    for df in (t, cams, sensors, rental):
        assert "13900000001" not in df.to_string() and "测试甲乙丙" not in df.to_string()


def test_replay_and_counts_by_grid_prefix(city):
    url, _cam, now, area = city
    with read_session(url) as s:
        t = gis.tickets(s, since=now - timedelta(days=7))
    live = gis.tickets_at(t, now, None)
    assert live.set_index("key").loc["GIS-1", "state"] == "on_time"
    before = gis.tickets_at(t, now - timedelta(hours=3), now - timedelta(hours=24))
    after = gis.tickets_at(t, now - timedelta(hours=1), now - timedelta(hours=24))
    assert "GIS-1" not in set(before["key"]) and "GIS-1" in set(after["key"])
    town = gis.area_counts(2, live, live.iloc[0:0].assign(at=None))
    assert town.set_index("code").loc[area[:9], "tickets"] >= 1
    cells = gis.area_counts(4, live, live.iloc[0:0])
    assert area[:15] in set(cells["code"])


def test_area_path_and_bounds(city):
    url, *_ = city
    with read_session(url) as s:
        path = gis.area_path(s, "640181001")
        b = gis.area_bounds(s, "640181001")
        assert gis.area_bounds(s, "999") is None and gis.area_path(s, "999").empty
    assert list(path["level"]) == [1, 2]
    (south, west), (north, east) = b
    assert south < 38.1 < north and west < 106.34 < east


@pytest.mark.parametrize("role", ["wall", "visitor", "officer"])
def test_ticket_detail_is_masked_by_role_and_ranks_cameras(city, role):
    url, cam_id, now, _ = city
    with read_session(url) as s:
        d = gis_detail.detail(s, "tickets", "GIS-1", role=role, now=now)
    text = str(d["fields"]) + str(d["timeline"])
    assert "13900000001" not in text and "测试甲乙丙" not in text and "88号" not in text
    if role == "officer":
        assert "139****0001" in text and "测**" in text
    else:  # no citizen fields at all; the summary is scrubbed (security.md: category + scrubbed summary)
        labels = {label for label, _v, _t in d["fields"]}
        assert not labels & {"gis_f_citizen", "gis_f_phone"} and "测**" not in text
    cams = d["cameras"]
    assert cams["distance_m"].is_monotonic_increasing
    assert cams.set_index("id").loc[cam_id, "in_view"]


def test_detail_of_every_kind_and_bad_input(city):
    url, cam_id, now, _ = city
    with read_session(url) as s:
        assert gis_detail.detail(s, "cameras", cam_id, role="wall", now=now)["title"]
        assert cam_id not in set(gis_detail.detail(s, "cameras", cam_id, role="wall", now=now)["cameras"]["id"])
        for kind, frame in (
            ("resources", gis.resources(s)),
            ("shops", gis.shops(s)),
            ("rental", gis.rental(s)),
            ("sensors", gis.sensors(s, now=now)),
        ):
            assert gis_detail.detail(s, kind, str(frame["key"].iloc[0]), role="visitor", now=now) is not None
        assert gis_detail.detail(s, "tickets", "NOPE", role="officer", now=now) is None
        assert gis_detail.detail(s, "incidents", "abc", role="officer", now=now) is None
        with pytest.raises(ValueError):
            gis_detail.detail(s, "users", "1", role="officer", now=now)
        with pytest.raises(ValueError):
            gis_detail.detail(s, "tickets", "x" * 65, role="officer", now=now)
