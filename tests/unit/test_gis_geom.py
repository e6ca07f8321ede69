"""Map geometry: distances, bearings, view cones, nearest cameras and the zoom-dependent aggregation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data_access.geo import aggregate, bearing_deg, cone_polygon, destination, distance_m, in_view, nearest_cameras

LAT, LON = 38.10, 106.34


def cams(*rows) -> pd.DataFrame:
    cols = ["id", "name", "kind", "lat", "lon", "heading", "view_angle", "range_m", "online"]
    return pd.DataFrame([dict(zip(cols, r, strict=True)) for r in rows], columns=cols)


def test_distance_and_bearing_match_known_values():
    north = destination(LAT, LON, 0, 1000)
    east = destination(LAT, LON, 90, 1000)
    assert distance_m(LAT, LON, *north) == pytest.approx(1000, abs=0.5)
    assert bearing_deg(LAT, LON, *north) == pytest.approx(0, abs=0.01) or bearing_deg(LAT, LON, *north) > 359.99
    assert bearing_deg(LAT, LON, *east) == pytest.approx(90, abs=0.01)
    assert distance_m(LAT, LON, LAT, LON) == 0


@pytest.mark.parametrize(
    "heading, angle, rng, dist, bearing, expected",
    [
        (0, 60, 150, 100, 0, True),  # straight ahead
        (0, 60, 150, 100, 30, True),  # on the edge
        (0, 60, 150, 100, 31, False),  # just outside the angle
        (0, 60, 150, 151, 0, False),  # beyond the range
        (350, 40, 150, 50, 5, True),  # the cone wraps through north
        (350, 40, 150, 50, 300, False),
        (180, 110, 300, 10, 230, True),
    ],
)
def test_in_view_by_angle_range_and_wrap(heading, angle, rng, dist, bearing, expected):
    assert bool(in_view(heading, angle, rng, dist, bearing)) is expected


def test_nearest_cameras_ranked_by_distance_with_view_flags():
    p_near = destination(LAT, LON, 180, 80)  # camera 80 m south of the point, looking north: sees it
    p_mid = destination(LAT, LON, 90, 120)  # 120 m east, looking east: away from the point
    p_far = destination(LAT, LON, 0, 2000)
    df = cams(
        ("far", "远", "xueliang", *p_far, 180, 90, 3000, True),
        ("mid", "中", "xueliang", *p_mid, 90, 60, 300, False),
        ("near", "近", "community", *p_near, 0, 45, 150, True),
    )
    out = nearest_cameras(df, LAT, LON, k=2)
    assert list(out["id"]) == ["near", "mid"]
    assert list(out["in_view"]) == [True, False]
    assert out["distance_m"].iloc[0] == pytest.approx(80, abs=0.5)
    assert nearest_cameras(df, LAT, LON, k=5)["in_view"].tolist() == [True, False, True]  # far one covers 2 km


def test_nearest_cameras_rejects_bad_input_and_handles_none():
    with pytest.raises(ValueError):
        nearest_cameras(cams(), 123.0, LON)
    with pytest.raises(ValueError):
        nearest_cameras(cams(), LAT, LON, k=0)
    assert nearest_cameras(cams(), LAT, LON).empty


def test_cone_polygon_is_closed_and_spans_the_range():
    ring = cone_polygon(LAT, LON, 45, 90, 200)["coordinates"][0]
    assert ring[0] == ring[-1] == [LON, LAT]
    d = [distance_m(LAT, LON, lat, lon) for lon, lat in ring[1:-1]]
    assert np.allclose(d, 200, atol=1)


def test_aggregate_bins_many_points_and_keeps_counts_and_worst_state():
    rng = np.random.default_rng(1)
    n = 50_000
    df = pd.DataFrame(
        {
            "key": [f"T{i}" for i in range(n)],
            "lat": LAT + rng.normal(0, 0.05, n),
            "lon": LON + rng.normal(0, 0.05, n),
            "state": rng.choice(["on_time", "near_due", "overdue"], n, p=[0.9, 0.07, 0.03]),
        }
    )
    states = ("closed", "on_time", "near_due", "overdue")
    out = aggregate(df, zoom=11, state_col="state", states=states)
    assert 10 < len(out) < 600 and out["n"].sum() == n
    assert out["n_overdue"].sum() == (df["state"] == "overdue").sum()
    many = out[out["n"] > 1]
    assert (many["key"] == "").all()
    assert ((many["n_overdue"] > 0) == (many["state"] == "overdue")).all()
    bounds = [[LAT - 0.002, LON - 0.002], [LAT + 0.002, LON + 0.002]]
    close = aggregate(df, zoom=17, bounds=bounds, state_col="state", states=states)
    assert (close["n"] == 1).all() and close["key"].str.startswith("T").all()


def test_aggregate_empty_frame_has_the_columns():
    empty = pd.DataFrame(columns=["key", "lat", "lon", "state"])
    out = aggregate(empty, zoom=10, state_col="state", states=("a", "b"))
    assert out.empty and {"lat", "lon", "n", "key", "state", "n_a", "n_b"} <= set(out.columns)
