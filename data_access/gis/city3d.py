"""Data of the 3D core view: terrain relief cells, buildings standing on it, ticket hotspots and incidents as
columns. Rows are plain dicts ready for deck.gl layers (positions [lon, lat, z] in metres above the lowest point).

The relief is a synthetic stand-in (the Yellow River plain in the west rising towards the Ordos plateau edge in the
east), like the simulated building footprints; real oblique photography replaces both via settings.city_3d_url."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import Building

EXAGGERATION = 5.0  # relief is gentle; exaggerate it so it reads on a wall
TERRAIN_CELLS = 36  # per side of the core


def core_bounds(basemap: dict) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the 40 km2 core, from the base map's `core` feature."""
    ring = next(f for f in basemap["features"] if f["properties"].get("layer") == "core")["geometry"]["coordinates"][0]
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    return min(lons), min(lats), max(lons), max(lats)


def relief_m(lon, lat):
    """Synthetic ground height in metres above sea level (numpy-friendly): ~1,112 m on the river plain,
    rising about 6 m/km eastwards with gentle undulation."""
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    east_km = (lon - 106.28) * 111.32 * math.cos(math.radians(38.1))
    north_km = (lat - 38.10) * 110.57
    swell = 9 * np.sin(east_km / 1.3) * np.cos(north_km / 1.9) + 5 * np.sin((east_km - north_km) / 0.8)
    return 1112 + 7.0 * np.clip(east_km, 0, None) + swell


def _z(lon, lat, floor: float) -> np.ndarray:
    return (relief_m(lon, lat) - floor) * EXAGGERATION


def terrain(bounds: tuple[float, float, float, float], n: int = TERRAIN_CELLS) -> tuple[list[dict], float]:
    """n x n extruded cells with a height ramp colour, and the floor (lowest ground, m) all z are relative to."""
    w, s, e, north = bounds
    xs, ys = np.linspace(w, e, n + 1), np.linspace(s, north, n + 1)
    cx, cy = np.meshgrid((xs[:-1] + xs[1:]) / 2, (ys[:-1] + ys[1:]) / 2)
    ground = relief_m(cx, cy)
    floor, top = float(ground.min()) - 1, float(ground.max())
    cells = []
    for j in range(n):
        for i in range(n):
            k = (ground[j, i] - floor) / max(1.0, top - floor)
            colour = [int(30 + 120 * k), int(70 + 60 * k), int(70 - 10 * k)]  # plain green-grey -> loess tan
            ring = [[xs[i], ys[j]], [xs[i + 1], ys[j]], [xs[i + 1], ys[j + 1]], [xs[i], ys[j + 1]]]
            cells.append(
                {
                    "polygon": [[round(x, 6), round(y, 6)] for x, y in ring],
                    "elev": round(float(ground[j, i] - floor) * EXAGGERATION, 1),
                    "color": colour,
                }
            )
    return cells, floor


BUILDING_COLOURS = {
    "residential": [120, 170, 220],
    "commercial": [90, 200, 210],
    "public": [200, 180, 120],
    "industrial": [150, 150, 170],
}


def buildings(session: Session, floor: float, limit: int = 5000) -> list[dict]:
    """Building footprints of the core (the building table, by id), each standing on the relief (z of its ring):
    rows with polygon [[lon, lat, z]...], height (m) and color; an empty list before the city is seeded."""
    rows = session.execute(select(Building.geometry, Building.height, Building.kind).order_by(Building.id).limit(limit))
    out = []
    for geometry, height, kind in rows:
        ring = geometry["coordinates"][0]
        lon, lat = sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)
        base = round(float(_z(lon, lat, floor)), 1)
        out.append(
            {
                "polygon": [[p[0], p[1], base] for p in ring],
                "height": float(height),
                "color": BUILDING_COLOURS.get(kind, [140, 160, 190]),
            }
        )
    return out


def hotspots(points: pd.DataFrame, bounds, floor: float, cell_m: float = 250.0, top: int = 60) -> list[dict]:
    """The busiest cells of `points` (columns lat, lon) inside the core: position (on the relief) and count."""
    w, s, e, n = bounds
    p = points[(points["lon"] >= w) & (points["lon"] <= e) & (points["lat"] >= s) & (points["lat"] <= n)]
    if p.empty:
        return []
    dx = cell_m / (111_320 * math.cos(math.radians((s + n) / 2)))
    dy = cell_m / 110_570
    ix, iy = np.floor((p["lon"] - w) / dx).astype(int), np.floor((p["lat"] - s) / dy).astype(int)
    counts = pd.DataFrame({"ix": ix, "iy": iy}).value_counts().head(top)
    out = []
    for (i, j), c in counts.items():
        lon, lat = w + (i + 0.5) * dx, s + (j + 0.5) * dy
        out.append({"position": [round(lon, 6), round(lat, 6), round(float(_z(lon, lat, floor)), 1)], "n": int(c)})
    return out


def columns(points: pd.DataFrame, bounds, floor: float, value: str) -> list[dict]:
    """One column per row inside the core (e.g. incidents by level): position and `value`."""
    w, s, e, n = bounds
    p = points[(points["lon"] >= w) & (points["lon"] <= e) & (points["lat"] >= s) & (points["lat"] <= n)]
    return [
        {
            "position": [float(r["lon"]), float(r["lat"]), round(float(_z(r["lon"], r["lat"], floor)), 1)],
            "v": int(r[value]),
        }
        for r in p.to_dict("records")
    ]
