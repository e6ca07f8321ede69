"""The static city: counts the seed names, valid ids, an idempotent seed step, the recorded seed, and the tracked
base map (the same for every seed)."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select

from data_access.db import read_session, write_session
from data_access.models import Algorithm, Building, Camera, DataSource, ExtranetUnit, GridArea, StaticCity
from simulators import city, geo


def test_seed_counts_ids_and_idempotent(db_url):
    city.seed(db_url, 1)
    with read_session(db_url) as s:
        before = {
            m.__name__: s.scalar(select(func.count()).select_from(m))
            for m in (GridArea, Building, Camera, Algorithm, ExtranetUnit, DataSource)
        }
        ids = list(s.scalars(select(Camera.id)))
        levels = dict(s.execute(select(GridArea.level, func.count()).group_by(GridArea.level)).all())
        towns = set(s.scalars(select(GridArea.name).where(GridArea.level == 2)))
    assert 2900 < before["Building"] <= 3000 and city.recorded_seed(db_url) == 1
    assert before["Camera"] == 2028 and before["Algorithm"] == 56 and before["ExtranetUnit"] >= 60
    assert all(
        len(i) == 20 and i.isdigit() and i.startswith("6401810") and i[10:13] in ("131", "132") and i[13] == "6"
        for i in ids
    )
    assert len(set(ids)) == 2028
    assert levels[1] == 1 and levels[2] == 10 and levels[4] >= 4000
    assert {"城区街道", "东塔镇", "宁东镇", "灵武农场"} <= towns
    city.seed(db_url, 1)
    with read_session(db_url) as s:
        after = {
            m.__name__: s.scalar(select(func.count()).select_from(m))
            for m in (GridArea, Building, Camera, Algorithm, ExtranetUnit, DataSource)
        }
    assert after == before
    with pytest.raises(city.SeedMismatch, match="built with seed 1, not 2"):
        city.seed(db_url, 2)
    assert city.recorded_seed(db_url) == 1


def test_geometry_inside_lingwu_bbox():
    w, s, e, n = 106 + 11 / 60, 37 + 35 / 60, 106 + 52 / 60, 38 + 21 / 60
    for a in geo.divisions(1)[:120]:
        for lon, lat in geo.polygon_geojson(a.poly)["coordinates"][0]:
            assert w - 0.01 <= lon <= e + 0.01 and s - 0.01 <= lat <= n + 0.01


def test_tracked_base_map_is_the_generated_one():
    tracked = city.BASEMAP.read_text(encoding="utf-8")
    assert tracked == city.basemap_text(), "geo.basemap() changed: run city.write_basemap() and commit the file"
    layers = {f["properties"]["layer"] for f in geo.basemap()["features"]}
    assert len(tracked) > 1000 and {"county", "river", "road", "core"} <= layers


def test_a_city_seeded_before_the_seed_was_recorded_is_checked_then_adopted(db_url):
    city.seed(db_url, 2)
    with write_session(db_url) as s:  # as a database built before revision 0007 looks
        s.execute(delete(StaticCity))
    with pytest.raises(city.SeedMismatch, match="not built with seed 1"):
        city.seed(db_url, 1)
    assert city.recorded_seed(db_url) is None
    city.seed(db_url, 2)
    assert city.recorded_seed(db_url) == 2
