"""3D core data: relief, buildings standing on it, hotspots and incident columns inside the core only."""

from __future__ import annotations

import json

import pandas as pd

from data_access.gis import city3d as gis_3d
from settings import ROOT

GEO = ROOT / "assets" / "geo"


def bounds():
    return gis_3d.core_bounds(json.loads((GEO / "basemap.json").read_text(encoding="utf-8")))


def test_core_is_about_40_km2_and_relief_rises_east():
    w, s, e, n = bounds()
    assert 36 < (e - w) * 87.6 * (n - s) * 110.57 < 44
    assert gis_3d.relief_m(e, (s + n) / 2) > gis_3d.relief_m(w, (s + n) / 2) + 20


def test_terrain_cells_are_relative_to_the_floor():
    cells, floor = gis_3d.terrain(bounds(), n=10)
    assert len(cells) == 100 and 1050 < floor < 1200
    assert min(c["elev"] for c in cells) >= 0 and max(c["elev"] for c in cells) > 50


def test_buildings_stand_on_the_relief_and_columns_stay_in_the_core():
    b = bounds()
    _cells, floor = gis_3d.terrain(b, n=4)
    houses = gis_3d.buildings(GEO / "buildings.json", floor, limit=50)
    assert len(houses) == 50 and all(h["polygon"][0][2] >= 0 and h["height"] > 0 for h in houses)
    assert gis_3d.buildings(GEO / "missing.json", floor) == []
    w, s, e, n = b
    pts = pd.DataFrame({"lat": [s + 0.01] * 5 + [s - 1], "lon": [w + 0.01] * 5 + [w], "level": [2] * 6})
    hot = gis_3d.hotspots(pts, b, floor)
    assert hot == [{"position": hot[0]["position"], "n": 5}]
    assert len(gis_3d.columns(pts, b, floor, "level")) == 5
    assert gis_3d.hotspots(pts.iloc[0:0], b, floor) == []
