"""3D core data: relief, buildings standing on it, hotspots and incident columns inside the core only."""

from __future__ import annotations

import json

import pandas as pd

from data_access.db import read_session
from data_access.gis import city3d as gis_3d
from data_access.schema import migrate
from settings import ROOT
from tests.factories import seeded


def bounds():
    return gis_3d.core_bounds(json.loads((ROOT / "assets" / "geo" / "basemap.json").read_text(encoding="utf-8")))


def test_core_is_about_40_km2_and_relief_rises_east():
    w, s, e, n = bounds()
    assert 36 < (e - w) * 87.6 * (n - s) * 110.57 < 44
    assert gis_3d.relief_m(e, (s + n) / 2) > gis_3d.relief_m(w, (s + n) / 2) + 20


def test_terrain_cells_are_relative_to_the_floor():
    cells, floor = gis_3d.terrain(bounds(), n=10)
    assert len(cells) == 100 and 1050 < floor < 1200
    assert min(c["elev"] for c in cells) >= 0 and max(c["elev"] for c in cells) > 50


def test_buildings_stand_on_the_relief_and_columns_stay_in_the_core(tmp_path):
    b = bounds()
    _cells, floor = gis_3d.terrain(b, n=4)
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    migrate(empty)
    with read_session(empty) as s:
        assert gis_3d.buildings(s, floor) == []  # not seeded yet: no white models, no error
    with read_session(seeded(f"sqlite:///{tmp_path / 'city.db'}")) as s:
        houses = gis_3d.buildings(s, floor, limit=50)
    assert len(houses) == 50 and all(h["polygon"][0][2] >= 0 and h["height"] > 0 for h in houses)
    w, s, e, n = b
    assert all(w <= p[0] <= e + 0.001 and s <= p[1] <= n + 0.001 for h in houses for p in h["polygon"])
    pts = pd.DataFrame({"lat": [s + 0.01] * 5 + [s - 1], "lon": [w + 0.01] * 5 + [w], "level": [2] * 6})
    hot = gis_3d.hotspots(pts, b, floor)
    assert hot == [{"position": hot[0]["position"], "n": 5}]
    assert len(gis_3d.columns(pts, b, floor, "level")) == 5
    assert gis_3d.hotspots(pts.iloc[0:0], b, floor) == []
