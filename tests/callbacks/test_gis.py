"""GIS callbacks and renderers as plain functions: layers by viewport and time, bad input, drawer, drill."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from dash.exceptions import PreventUpdate
from sqlalchemy import select

from callbacks.gis import gis
from callbacks.gis import render as r
from data_access import events as ev
from data_access.db import write_session
from data_access.models import Algorithm, Camera
from data_access.worktime import utcnow
from data_access.writes import apply
from tests.factories import new_ticket
from web.render import EMPTY_GEOJSON

COUNTY = [[37.58, 106.19], [38.35, 106.87]]
ALL = list(gis.gis.LAYERS)


@pytest.fixture
def server(tmp_path, sqlite_templates, apps):
    url = sqlite_templates.copy(tmp_path / "gis.db")
    now = utcnow()
    with write_session(url) as s:
        apply(
            s,
            [
                new_ticket(
                    f"G-{i}",
                    now - timedelta(hours=i * 5),
                    lat=38.1 + i * 0.001,
                    lon=106.34,
                    area_code="640181001001001",
                    town_code="640181001",
                )
                for i in range(6)
            ],
        )
        cam = s.scalars(select(Camera).order_by(Camera.id)).first().id
        apply(
            s,
            [
                ev.AlertRaised(
                    "gis-a1",
                    cam,
                    s.scalars(select(Algorithm.code)).first(),
                    0.9,
                    (0.1, 0.1, 0.5, 0.5),
                    now - timedelta(hours=1),
                ),
                ev.IncidentReported(
                    "gis-i1", "accident", "火灾", 2, "城区火灾", 38.1, 106.34, now - timedelta(hours=1)
                ),
            ],
        )
    app = apps.flask(url)
    with app.app_context():
        yield app


def features(fc: dict) -> list:
    return fc["features"]


def test_every_layer_has_data_and_hidden_layers_are_empty(server):
    out = gis.refresh_gis_layers(COUNTY, 10, ALL, "live", 24, "640181", "tickets", 0)
    points = dict(zip(gis.POINT_LAYERS, out[: len(gis.POINT_LAYERS)], strict=True))
    for name, fc in points.items():
        assert features(fc), name
        assert all(set(f["properties"]) >= {"layer", "key", "n", "state"} for f in features(fc))
    assert sum(f["properties"]["n"] for f in features(points["cameras"])) == 2028
    assert len(features(points["cameras"])) < 400  # aggregated, not 2,028 markers
    grid, hideout = out[-3], out[-2]
    assert len(features(grid)) == 10 and hideout["max"] >= 6
    none = gis.refresh_gis_layers(COUNTY, 10, [], "live", 24, "640181", "tickets", 0)
    assert all(fc == EMPTY_GEOJSON for fc in none[: len(gis.POINT_LAYERS) + 2])


def test_cones_only_when_zoomed_in(server):
    far = gis.refresh_gis_layers(COUNTY, 12, ["cameras"], "live", 24, "640181", "tickets", 0)
    core = [[38.095, 106.335], [38.105, 106.345]]
    near = gis.refresh_gis_layers(core, 16, ["cameras"], "live", 24, "640181", "tickets", 0)
    cones = near[len(gis.POINT_LAYERS)]
    assert far[len(gis.POINT_LAYERS)] == EMPTY_GEOJSON and features(cones)
    assert all(f["geometry"]["type"] == "Polygon" for f in features(cones))


def test_replay_slider_changes_the_tickets_shown(server):
    def tickets(step):
        out = gis.refresh_gis_layers(COUNTY, 18, ["tickets"], "24h", step, "640181", "tickets", 0)
        return {f["properties"]["key"] for f in features(out[0])}

    assert tickets(0) == set()
    assert {"G-0", "G-1", "G-4"} <= tickets(24)
    assert "G-1" in tickets(20) and "G-0" not in tickets(20)


@pytest.mark.parametrize(
    "args",
    [
        (COUNTY, 10, ["tickets", "users"], "live", 24, "640181", "tickets", 0),
        (COUNTY, "10", ["tickets"], "live", 24, "640181", "tickets", 0),
        ([[1, 2]], 10, ["tickets"], "live", 24, "640181", "tickets", 0),
        (COUNTY, 10, ["tickets"], "forever", 24, "640181", "tickets", 0),
        (COUNTY, 10, ["tickets"], "24h", 99, "640181", "tickets", 0),
        (COUNTY, 10, ["tickets"], "live", 24, "640181'; drop", "tickets", 0),
        (COUNTY, 10, ["tickets"], "live", 24, "640181", "satisfaction", 0),
    ],
)
def test_bad_input_changes_nothing(server, args):
    with pytest.raises(PreventUpdate):
        gis.refresh_gis_layers(*args)


def test_grid_drill_levels_and_counts(server):
    town, _ = gis.grid_data(gis.frames_at(gis.city(), utcnow(), None), "640181", "tickets")
    core = next(f for f in features(town) if f["properties"]["key"] == "640181001")
    assert core["properties"]["tickets"] == 6
    villages, _ = gis.grid_data(gis.frames_at(gis.city(), utcnow(), None), "640181001", "tickets")
    assert all(f["properties"]["level"] == 3 for f in features(villages))
    assert next(f for f in features(villages) if f["properties"]["key"] == "640181001001")["properties"]["tickets"] == 6


def test_clicked_feature_accepts_single_points_only():
    single = {"properties": {"layer": "tickets", "key": "G-1", "n": 1}}
    cluster = {"properties": {"layer": "tickets", "key": "", "n": 40}}
    assert gis._clicked_feature("gis-layer-tickets", {"tickets": single}) == ("tickets", "G-1")
    assert gis._clicked_feature("gis-layer-tickets", {"tickets": cluster}) is None
    assert gis._clicked_feature("gis-layer-users", {"users": single}) is None
    assert gis._clicked_feature("gis-layer-tickets", {"tickets": {"properties": {"n": 1, "key": 5}}}) is None
    assert gis._clicked_feature("gis-layer-tickets", {"tickets": "x"}) is None


def test_time_frame():
    now = datetime(2026, 1, 2, 12)
    assert gis.time_frame("live", None, now) == (now, None)
    assert gis.time_frame("24h", 12, now) == (now - timedelta(hours=12), now - timedelta(hours=24))
    assert gis.time_frame("7d", 28, now)[0] == now
    for bad in (("24h", -1), ("24h", 25), ("7d", "3"), ("1y", 0)):
        with pytest.raises(ValueError):
            gis.time_frame(*bad, now)


def test_drawer_renders_text_and_links_to_the_video_view():
    import pandas as pd

    cams = pd.DataFrame(
        [
            {
                "id": "64018100001316000001",
                "name": "<img src=x onerror=alert(1)>",
                "distance_m": 12.0,
                "in_view": True,
                "online": True,
                "lat": 38.1,
                "lon": 106.3,
            }
        ]
    )
    detail = {
        "kind": "tickets",
        "key": "T1",
        "title": "<b>T1</b>",
        "lat": 38.1,
        "lon": 106.3,
        "fields": [("gis_f_status", "st_closed", True), ("gis_f_summary", "<script>x</script>", False)],
        "timeline": [("2026-01-01 08:00", "gis_act_create", "")],
        "cameras": cams,
    }
    html_tree = str(r.drawer(detail, "zh"))
    assert "/video?camera=64018100001316000001" in html_tree and "已办结" in html_tree and "在视野内" in html_tree
    assert "dangerously" not in html_tree  # strings stay strings (Dash escapes them)
    assert "记录不存在" in str(r.drawer(None, "zh"))
    sel = r.selection_geojson(detail)
    assert [f["geometry"]["type"] for f in sel["features"]] == ["Point", "LineString"]
