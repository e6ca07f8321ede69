"""The static city: counts the seed names, valid ids, and an idempotent seed step."""

from __future__ import annotations

from sqlalchemy import func, select

from data_access.db import read_session
from data_access.models import Algorithm, Camera, DataSource, ExtranetUnit, GridArea
from simulators import city, geo


def test_seed_counts_ids_and_idempotent(db_url, tmp_path):
    city.seed(db_url, 1, assets=False)
    with read_session(db_url) as s:
        before = {
            m.__name__: s.scalar(select(func.count()).select_from(m))
            for m in (GridArea, Camera, Algorithm, ExtranetUnit, DataSource)
        }
        ids = list(s.scalars(select(Camera.id)))
        levels = dict(s.execute(select(GridArea.level, func.count()).group_by(GridArea.level)).all())
        towns = set(s.scalars(select(GridArea.name).where(GridArea.level == 2)))
    assert before["Camera"] == 2028 and before["Algorithm"] == 56 and before["ExtranetUnit"] >= 60
    assert all(
        len(i) == 20 and i.isdigit() and i.startswith("6401810") and i[10:13] in ("131", "132") and i[13] == "6"
        for i in ids
    )
    assert len(set(ids)) == 2028
    assert levels[1] == 1 and levels[2] == 10 and levels[4] >= 4000
    assert {"城区街道", "东塔镇", "宁东镇", "灵武农场"} <= towns
    city.seed(db_url, 1, assets=False)
    with read_session(db_url) as s:
        after = {
            m.__name__: s.scalar(select(func.count()).select_from(m))
            for m in (GridArea, Camera, Algorithm, ExtranetUnit, DataSource)
        }
    assert after == before


def test_geometry_inside_lingwu_bbox(tmp_path):
    w, s, e, n = 106 + 11 / 60, 37 + 35 / 60, 106 + 52 / 60, 38 + 21 / 60
    for a in geo.divisions(1)[:120]:
        for lon, lat in geo.polygon_geojson(a.poly)["coordinates"][0]:
            assert w - 0.01 <= lon <= e + 0.01 and s - 0.01 <= lat <= n + 0.01
    city.write_assets(1, tmp_path)
    assert (tmp_path / "basemap.json").stat().st_size > 1000
