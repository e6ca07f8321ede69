"""Synthetic (approximate) geography of Lingwu: division polygons, grid cells, base-map layers, buildings."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from data_access.geo import in_ring
from simulators.catalog import CORE_LAT, CORE_LON, TOWNS

KM_PER_DEG_LAT = 110.57
KM_PER_DEG_LON = 111.32 * math.cos(math.radians(CORE_LAT))
APPROX_NOTE = "approximate synthetic geometry, not survey data"
# County outline (convex, inside E106°11'-106°52', N37°35'-38°21')
COUNTY_OUTLINE: list[tuple[float, float]] = [
    (106.200, 38.020),
    (106.260, 38.300),
    (106.420, 38.345),
    (106.700, 38.300),
    (106.860, 38.150),
    (106.860, 37.800),
    (106.720, 37.590),
    (106.420, 37.585),
    (106.210, 37.820),
]
# The 40 km2 core (about 6.3 km x 6.3 km) centred on the urban area
CORE_HALF_KM = 3.16
Point = tuple[float, float]


def to_xy(lon: float, lat: float) -> Point:
    return ((lon - CORE_LON) * KM_PER_DEG_LON, (lat - CORE_LAT) * KM_PER_DEG_LAT)


def to_lonlat(x: float, y: float) -> Point:
    return (round(CORE_LON + x / KM_PER_DEG_LON, 6), round(CORE_LAT + y / KM_PER_DEG_LAT, 6))


def core_bounds() -> tuple[float, float, float, float]:
    """(west, south, east, north) of the 40 km2 core in degrees."""
    w, s = to_lonlat(-CORE_HALF_KM, -CORE_HALF_KM)
    e, n = to_lonlat(CORE_HALF_KM, CORE_HALF_KM)
    return w, s, e, n


def clip(poly: list[Point], a: Point, b: Point, wa: float = 0.0, wb: float = 0.0) -> list[Point]:
    """Keep the part of convex `poly` closer (power distance) to site a than to site b."""
    nx, ny = b[0] - a[0], b[1] - a[1]
    c = (b[0] ** 2 + b[1] ** 2 - wb - a[0] ** 2 - a[1] ** 2 + wa) / 2.0  # inside: n.p <= c

    def side(p: Point) -> float:
        return nx * p[0] + ny * p[1] - c

    out: list[Point] = []
    for i, p in enumerate(poly):
        q = poly[(i + 1) % len(poly)]
        sp, sq = side(p), side(q)
        if sp <= 0:
            out.append(p)
        if (sp <= 0) != (sq <= 0):
            t = sp / (sp - sq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def power_cells(outline: list[Point], sites: list[Point], weights: list[float]) -> list[list[Point]]:
    """Power-diagram cells of `sites` inside convex `outline` (all in km)."""
    cells = []
    for i, a in enumerate(sites):
        poly = list(outline)
        for j, b in enumerate(sites):
            if i != j and poly:
                poly = clip(poly, a, b, weights[i], weights[j])
        cells.append(poly)
    return cells


def area_km2(poly: list[Point]) -> float:
    return abs(sum(p[0] * q[1] - q[0] * p[1] for p, q in zip(poly, poly[1:] + poly[:1], strict=False))) / 2.0


def centroid(poly: list[Point]) -> Point:
    n = len(poly)
    return (sum(p[0] for p in poly) / n, sum(p[1] for p in poly) / n)


def contains(poly: list[Point], pt: Point) -> bool:
    """Point in polygon (data_access.geo's one ray-casting test)."""
    return in_ring(poly, pt[0], pt[1])


def random_point_in(rng: random.Random, poly: list[Point]) -> Point:
    xs, ys = [p[0] for p in poly], [p[1] for p in poly]
    for _ in range(1000):
        pt = (rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys)))
        if contains(poly, pt):
            return pt
    return centroid(poly)


def polygon_geojson(poly: list[Point]) -> dict:
    ring = [list(to_lonlat(*p)) for p in poly]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


@dataclass
class Area:
    code: str
    level: int
    name: str
    parent: str | None
    poly: list[Point]  # km, convex


def divisions(seed: int) -> list[Area]:
    """County, towns, villages/communities and grid cells (levels 1-4), deterministic for a seed."""
    rng = random.Random(f"geo:{seed}")
    outline = [to_xy(lon, lat) for lon, lat in COUNTY_OUTLINE]
    areas = [Area("640181", 1, "灵武市", None, outline)]
    sites = [to_xy(t.lon, t.lat) for t in TOWNS]
    for town, poly in zip(TOWNS, power_cells(outline, sites, [t.weight for t in TOWNS]), strict=True):
        areas.append(Area(town.code, 2, town.name, "640181", poly))
        urban = town.name == "城区街道"
        vsites = [random_point_in(rng, poly) for _ in range(town.villages)]
        for k, (vpoly, _) in enumerate(zip(power_cells(poly, vsites, [0.0] * len(vsites)), vsites, strict=True), 1):
            suffix = "社区" if urban else "村"
            name = f"{town.name[:2]}{_VILLAGE_STEMS[(k * 7 + len(town.name)) % len(_VILLAGE_STEMS)]}{suffix}"
            areas.append(Area(f"{town.code}{k:03d}", 3, name, town.code, vpoly))
    areas.extend(_grid_cells(rng, [a for a in areas if a.level == 3]))
    return areas


_VILLAGE_STEMS = (
    "新华",
    "东升",
    "西园",
    "南关",
    "北塔",
    "团结",
    "胜利",
    "光明",
    "和平",
    "兴旺",
    "红旗",
    "新民",
    "杨家",
    "李家",
    "马家",
    "王家",
    "梧桐",
    "长流水",
    "果园",
    "枣园",
    "石坝",
    "泾兴",
    "园艺",
    "河忠",
)


def _grid_cells(rng: random.Random, villages: list[Area]) -> list[Area]:
    """~1 ha cells in the 40 km2 core (4,000 squares); a few large cells per village outside it."""
    cells: list[Area] = []
    seq: dict[str, int] = {}
    step = 0.1  # km: 100 m x 100 m = 1 ha
    n = round(2 * CORE_HALF_KM / step)
    boxes = [
        (v, min(p[0] for p in v.poly), max(p[0] for p in v.poly), min(p[1] for p in v.poly), max(p[1] for p in v.poly))
        for v in villages
    ]
    for j in range(n):
        for i in range(n):
            x0, y0 = -CORE_HALF_KM + i * step, CORE_HALF_KM - (j + 1) * step  # west->east, north->south
            c = (x0 + step / 2, y0 + step / 2)
            owner = next(
                (v for v, a, b, lo, hi in boxes if a <= c[0] <= b and lo <= c[1] <= hi and contains(v.poly, c)), None
            )
            if owner is None:
                continue
            k = seq[owner.code] = seq.get(owner.code, 0) + 1
            sq = [(x0, y0), (x0 + step, y0), (x0 + step, y0 + step), (x0, y0 + step)]
            cells.append(Area(f"{owner.code}{k:03d}", 4, f"{owner.name}第{k}网格", owner.code, sq))
    for v in villages:
        if v.code in seq:
            continue
        sites = [random_point_in(rng, v.poly) for _ in range(4)]
        for k, poly in enumerate(power_cells(v.poly, sites, [0.0] * 4), 1):
            if len(poly) >= 3:
                cells.append(Area(f"{v.code}{k:03d}", 4, f"{v.name}第{k}网格", v.code, poly))
    return cells


def _line(points: list[Point]) -> dict:
    return {"type": "LineString", "coordinates": [list(p) for p in points]}


def _feature(geometry: dict, **props) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": {"approximate": True, **props}}


def basemap() -> dict:
    """Offline base map: county outline, Yellow River, main roads, built-up core (GeoJSON FeatureCollection)."""
    w, s, e, n = core_bounds()
    river = [
        (106.205, 37.830),
        (106.225, 37.920),
        (106.240, 38.000),
        (106.262, 38.060),
        (106.280, 38.110),
        (106.300, 38.170),
        (106.330, 38.230),
        (106.375, 38.290),
        (106.420, 38.340),
    ]
    roads = {
        "G307 国道": [(106.20, 38.115), (106.30, 38.105), (106.40, 38.100), (106.55, 38.110), (106.70, 38.120)],
        "G20 青银高速": [(106.22, 38.20), (106.35, 38.15), (106.50, 38.10), (106.68, 38.05), (106.86, 37.98)],
        "S102 省道": [(106.34, 38.33), (106.34, 38.20), (106.345, 38.10), (106.36, 37.95), (106.40, 37.70)],
        "灵武大道": [(106.30, 38.100), (106.38, 38.100)],
        "朔方路": [(106.340, 38.075), (106.340, 38.125)],
        "宁东大道": [(106.45, 38.09), (106.60, 38.12), (106.75, 38.14)],
        "马家滩公路": [(106.62, 38.10), (106.62, 37.90), (106.62, 37.70)],
    }
    ring = [list(COUNTY_OUTLINE[i]) for i in range(len(COUNTY_OUTLINE))]
    built = [(106.312, 38.080), (106.368, 38.078), (106.374, 38.118), (106.345, 38.128), (106.310, 38.120)]
    features = [_feature({"type": "Polygon", "coordinates": [[*ring, ring[0]]]}, layer="county", name="灵武市")]
    features.append(_feature(_line(river), layer="river", name="黄河"))
    features += [_feature(_line(p), layer="road", name=name, rank=1 if "G" in name else 2) for name, p in roads.items()]
    features.append(
        _feature(
            {"type": "Polygon", "coordinates": [[list(p) for p in built + built[:1]]]},
            layer="builtup",
            name="城区建成区",
        )
    )
    features.append(
        _feature(
            {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]},
            layer="core",
            name="实景三维核心区 40 km²",
        )
    )
    return {"type": "FeatureCollection", "name": "lingwu_basemap", "note": APPROX_NOTE, "features": features}


def buildings(seed: int, count: int = 3000) -> dict:
    """Building footprints with heights in the core (synthetic stand-in for oblique photography)."""
    rng = random.Random(f"buildings:{seed}")
    feats = []
    for k in range(count):
        r = abs(rng.gauss(0, 1.3))  # denser and taller near the centre
        ang = rng.uniform(0, 2 * math.pi)
        x, y = r * math.cos(ang), r * math.sin(ang)
        if abs(x) > CORE_HALF_KM or abs(y) > CORE_HALF_KM:
            continue
        wdt, dep = rng.uniform(0.012, 0.05), rng.uniform(0.010, 0.025)
        floors = max(1, int(rng.lognormvariate(math.log(6 if r < 1.5 else 3), 0.5)))
        sq = [(x, y), (x + wdt, y), (x + wdt, y + dep), (x, y + dep)]
        kind = "residential" if rng.random() < 0.65 else rng.choice(["commercial", "public", "industrial"])
        feats.append(
            _feature(polygon_geojson(sq), id=f"B{k:05d}", floors=floors, height=round(floors * 3.0, 1), kind=kind)
        )
    return {"type": "FeatureCollection", "name": "lingwu_buildings", "note": APPROX_NOTE, "features": feats}
