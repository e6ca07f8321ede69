"""Pure map geometry: distances, bearings, camera view cones, nearest cameras, zoom-dependent point aggregation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

EARTH_M = 6_371_008.8
CAMERA_COLUMNS = ["id", "name", "kind", "lat", "lon", "heading", "view_angle", "range_m", "online"]
NEAREST_COLUMNS = [*CAMERA_COLUMNS, "distance_m", "bearing", "in_view"]


def distance_m(lat1, lon1, lat2, lon2):
    """Great-circle distance in metres (haversine); scalars or numpy arrays."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi, dlmb = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def bearing_deg(lat1, lon1, lat2, lon2):
    """Initial bearing from point 1 to point 2, degrees clockwise from north in [0, 360)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlmb = np.radians(np.asarray(lon2) - np.asarray(lon1))
    y = np.sin(dlmb) * np.cos(p2)
    x = np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dlmb)
    return (np.degrees(np.arctan2(y, x)) + 360.0) % 360.0


def angle_diff(a, b):
    """Smallest absolute difference between two headings, in degrees [0, 180]."""
    d = np.abs((np.asarray(a) - np.asarray(b) + 180.0) % 360.0 - 180.0)
    return d


def in_view(heading, view_angle, range_m, distance, bearing):
    """True where a target at (distance, bearing) from the camera lies inside its cone (edges included)."""
    return (np.asarray(distance) <= np.asarray(range_m)) & (
        angle_diff(bearing, heading) <= np.asarray(view_angle) / 2.0 + 1e-9
    )


def nearest_cameras(cams: pd.DataFrame, lat: float, lon: float, k: int = 5) -> pd.DataFrame:
    """The k cameras nearest to (lat, lon), nearest first, with distance_m, bearing (camera -> point), in_view.

    Cameras whose cone covers the point rank first among ties in distance only; order is by distance.
    """
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or k < 1:
        raise ValueError(f"bad point or k: {lat}, {lon}, {k}")
    if cams.empty:
        return pd.DataFrame(columns=NEAREST_COLUMNS)
    d = distance_m(cams["lat"].to_numpy(float), cams["lon"].to_numpy(float), lat, lon)
    idx = np.argsort(d, kind="stable")[:k]
    out = cams.iloc[idx][CAMERA_COLUMNS].copy()
    out["distance_m"] = np.round(d[idx], 1)
    out["bearing"] = np.round(bearing_deg(out["lat"].to_numpy(float), out["lon"].to_numpy(float), lat, lon), 1)
    out["in_view"] = in_view(out["heading"], out["view_angle"], out["range_m"], d[idx], out["bearing"])
    out["in_view"] = out["in_view"].astype(bool)
    return out.reset_index(drop=True)


def degrees_around(lat: float, radius_m: float) -> tuple[float, float]:
    """Half-sizes (dlat, dlon) in degrees of a box that holds every point within radius_m of latitude `lat`."""
    dlat = radius_m / 110_540
    return dlat, radius_m / (111_320 * max(0.01, math.cos(math.radians(lat))))


def in_ring(ring, x: float, y: float) -> bool:
    """Whether (x, y) lies inside a closed or open ring of (x, y) pairs (ray casting; the product's one test)."""
    inside = False
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i][0], ring[i][1]
        x2, y2 = ring[(i + 1) % n][0], ring[(i + 1) % n][1]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def contains(geometry: dict | None, x: float, y: float) -> bool:
    """Whether a GeoJSON Polygon or MultiPolygon contains the point (lon x, lat y); holes are outside."""
    if not geometry:
        return False
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    polygons = coords if kind == "MultiPolygon" else [coords] if kind == "Polygon" else []
    return any(
        rings and in_ring(rings[0], x, y) and not any(in_ring(hole, x, y) for hole in rings[1:]) for rings in polygons
    )


def destination(lat: float, lon: float, bearing: float, dist_m: float) -> tuple[float, float]:
    """The point dist_m from (lat, lon) along bearing (degrees): (lat, lon)."""
    d, b = dist_m / EARTH_M, math.radians(bearing)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return math.degrees(p2), math.degrees(l2)


def cone_polygon(lat: float, lon: float, heading: float, view_angle: float, range_m: float, steps: int = 8) -> dict:
    """GeoJSON Polygon of a camera's field of view (apex at the camera)."""
    ring = [[round(lon, 6), round(lat, 6)]]
    for i in range(steps + 1):
        b = heading - view_angle / 2 + view_angle * i / steps
        plat, plon = destination(lat, lon, b, range_m)
        ring.append([round(plon, 6), round(plat, 6)])
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


def cell_deg(zoom: float, px: int = 56) -> float:
    """Width in degrees of longitude of `px` screen pixels at a Web-Mercator zoom level."""
    return 360.0 / (256.0 * 2.0 ** float(zoom)) * px


def in_bounds(df: pd.DataFrame, bounds, pad: float = 0.15) -> pd.DataFrame:
    """Rows inside bounds [[south, west], [north, east]] grown by `pad` of their size; all rows if no bounds."""
    if not bounds or df.empty:
        return df
    (s, w), (n, e) = bounds
    dy, dx = (n - s) * pad, (e - w) * pad
    lat, lon = df["lat"], df["lon"]
    return df[(lat >= s - dy) & (lat <= n + dy) & (lon >= w - dx) & (lon <= e + dx)]


def aggregate(
    df: pd.DataFrame,
    *,
    zoom: float,
    bounds=None,
    state_col: str | None = None,
    states: tuple[str, ...] = (),
    single_zoom: float = 16,
    max_single: int = 300,
) -> pd.DataFrame:
    """Points in view, binned into screen-sized cells unless few or zoomed in.

    Columns: lat, lon, n, key (the row's key when n == 1, else ""), state (the row's state when n == 1, else
    the worst state present, `states` being ordered best -> worst) and one `n_<state>` count per state.
    """
    view = in_bounds(df, bounds)
    cols = ["lat", "lon", "n", "key", "state", *[f"n_{s}" for s in states]]
    if view.empty:
        return pd.DataFrame(columns=cols)
    lat, lon = view["lat"].to_numpy(float), view["lon"].to_numpy(float)
    keys = view["key"].to_numpy()
    state = view[state_col].to_numpy() if state_col else np.full(len(view), "", dtype=object)
    if len(view) <= max_single or (zoom >= single_zoom and len(view) <= 4 * max_single):
        out = pd.DataFrame({"lat": lat, "lon": lon, "n": 1, "key": [str(k) for k in keys], "state": state})
        for s in states:
            out[f"n_{s}"] = (state == s).astype(int)
        return out[cols]
    size = cell_deg(zoom, px=56 if zoom < single_zoom else 28)  # finer cells once streets are in view
    size_lat = size * math.cos(math.radians(float(lat.mean())))
    ix = np.floor(lon / size).astype(np.int64)
    iy = np.floor(lat / size_lat).astype(np.int64)
    _cells, first, inverse, n = np.unique(
        ix * 10_000_000 + iy, return_index=True, return_inverse=True, return_counts=True
    )
    out = pd.DataFrame(
        {
            "lat": np.round(np.bincount(inverse, lat) / n, 6),
            "lon": np.round(np.bincount(inverse, lon) / n, 6),
            "n": n,
            "key": [str(keys[f]) if c == 1 else "" for f, c in zip(first, n, strict=True)],
        }
    )
    worst = state[first].astype(object)
    for s in states:  # later states are worse and win
        counts = np.bincount(inverse, state == s, minlength=len(n)).astype(int)
        out[f"n_{s}"] = counts
        worst = np.where((counts > 0) & (n > 1), s, worst)
    out["state"] = worst
    return out.reset_index(drop=True)[cols]
