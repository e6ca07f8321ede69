"""ETAs over the road network of the offline base map: a graph built from its road layer (split where roads cross),
edges weighted by travel time at road-class speeds; a point joins the network at its nearest road (an off-road leg
at local-street speed), and a short trip may go straight by local streets. Dijkstra (networkx) gives the route."""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import networkx as nx

from data_access.geo import distance_m

BASEMAP = Path(__file__).resolve().parents[2] / "assets" / "geo" / "basemap.json"
SPEED_KMH = {"highway": 100.0, 1: 70.0, 2: 50.0}  # 高速 / rank 1 (national roads) / rank 2 (provincial, urban)
LOCAL_KMH = 25.0  # off-road legs and straight local-street trips (a detour factor is in the speed)

Point = tuple[float, float]  # (lon, lat)


@dataclass(frozen=True)
class Route:
    minutes: float
    km: float
    path: tuple[Point, ...]  # (lon, lat) from origin to destination


def _metres(a: Point, b: Point) -> float:
    return float(distance_m(a[1], a[0], b[1], b[0]))


def _minutes(metres: float, kmh: float) -> float:
    return metres / 1000.0 / kmh * 60.0


def _key(p: Point) -> Point:
    return (round(p[0], 6), round(p[1], 6))


def _cross(p1: Point, p2: Point, q1: Point, q2: Point) -> Point | None:
    """Where segments p1p2 and q1q2 cross (planar, in degrees: fine at county scale), or None."""
    d = (p2[0] - p1[0]) * (q2[1] - q1[1]) - (p2[1] - p1[1]) * (q2[0] - q1[0])
    if abs(d) < 1e-15:
        return None
    t = ((q1[0] - p1[0]) * (q2[1] - q1[1]) - (q1[1] - p1[1]) * (q2[0] - q1[0])) / d
    u = ((q1[0] - p1[0]) * (p2[1] - p1[1]) - (q1[1] - p1[1]) * (p2[0] - p1[0])) / d
    if -1e-9 <= t <= 1 + 1e-9 and -1e-9 <= u <= 1 + 1e-9:
        return (p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1]))
    return None


def road_speed(props: dict) -> float:
    if "高速" in str(props.get("name", "")):
        return SPEED_KMH["highway"]
    return SPEED_KMH.get(props.get("rank", 2), SPEED_KMH[2])


def build_graph(features: Iterable[dict]) -> nx.Graph:
    """The road graph: nodes at vertices and crossings, edges with length_m, minutes and the road's name."""
    segments: list[tuple[Point, Point, float, str]] = []
    for f in features:
        props, geom = f.get("properties") or {}, f.get("geometry") or {}
        if props.get("layer") != "road" or geom.get("type") != "LineString":
            continue
        pts = [(float(x), float(y)) for x, y in geom["coordinates"]]
        segments += [(a, b, road_speed(props), str(props.get("name", ""))) for a, b in itertools.pairwise(pts)]
    cuts: list[list[Point]] = [[a, b] for a, b, _s, _n in segments]
    for i, (a, b, _s, _n) in enumerate(segments):
        for j in range(i + 1, len(segments)):
            c, d = segments[j][0], segments[j][1]
            x = _cross(a, b, c, d)
            if x is not None:
                cuts[i].append(x)
                cuts[j].append(x)
    g = nx.Graph()
    for (a, _b, speed, name), pts in zip(segments, cuts, strict=True):
        pts = sorted({_key(p) for p in pts}, key=lambda p: (p[0] - a[0]) ** 2 + (p[1] - a[1]) ** 2)
        for u, v in itertools.pairwise(pts):
            m = _metres(u, v)
            if m <= 0.01:
                continue
            w = _minutes(m, speed)
            if not g.has_edge(u, v) or g[u][v]["minutes"] > w:
                g.add_edge(u, v, length_m=m, minutes=w, name=name, road=True)
    return g


@lru_cache(maxsize=2)
def _basemap_graph(path: str) -> nx.Graph:
    with open(path, encoding="utf-8") as fh:
        return build_graph(json.load(fh)["features"])


def basemap_graph() -> nx.Graph:
    """The graph of the tracked offline base map (built once per process)."""
    return _basemap_graph(str(BASEMAP))


def _snap(g: nx.Graph, p: Point) -> tuple[Point, Point, Point]:
    """The nearest point on any edge of g to p, and that edge's ends."""
    best, best_d = None, math.inf
    kx = math.cos(math.radians(p[1]))  # local metric: a degree of longitude is shorter
    for u, v, road in g.edges(data="road"):
        if not road:  # only roads, never another point's off-road leg
            continue
        ux, uy, vx, vy = (u[0] - p[0]) * kx, u[1] - p[1], (v[0] - p[0]) * kx, v[1] - p[1]
        dx, dy = vx - ux, vy - uy
        L = dx * dx + dy * dy
        t = 0.0 if L == 0 else max(0.0, min(1.0, -(ux * dx + uy * dy) / L))
        cx, cy = ux + t * dx, uy + t * dy
        d = cx * cx + cy * cy
        if d < best_d:
            best_d, best = d, ((p[0] + cx / kx, p[1] + cy), u, v)
    if best is None:
        raise ValueError("the road graph is empty")
    return best


def _join(g: nx.Graph, p: Point, tag: str) -> tuple[str, Point]:
    """Add p to g (a copy) through its nearest road: returns p's node."""
    on, u, v = _snap(g, p)
    on = _key(on)
    if on not in (u, v):
        data = g[u][v]
        speed = data["length_m"] / 1000.0 / (data["minutes"] / 60.0)
        g.remove_edge(u, v)
        for end in (u, v):
            m = _metres(on, end)
            g.add_edge(on, end, length_m=m, minutes=_minutes(m, speed), name=data["name"], road=True)
    node = (tag, _key(p))
    m = _metres(p, on)
    g.add_edge(node, on, length_m=m, minutes=_minutes(m, LOCAL_KMH), name="")
    g.nodes[node]["at"] = p
    return node


def _xy(n) -> Point:
    return n[1] if isinstance(n[0], str) else n


def routes_to(dest: Point, origins: Sequence[Point], g: nx.Graph | None = None) -> list[Route | None]:
    """The fastest route from each origin to dest (one Dijkstra from dest; the graph is undirected)."""
    base = g if g is not None else basemap_graph()
    if base.number_of_edges() == 0:
        return [None for _ in origins]
    work = base.copy()
    d = _join(work, dest, "dest")
    starts = [_join(work, o, f"o{i}") for i, o in enumerate(origins)]
    for s, o in zip(starts, origins, strict=True):  # a short trip may go straight by local streets
        m = _metres(o, dest)
        work.add_edge(s, d, length_m=m, minutes=_minutes(m, LOCAL_KMH), name="", direct=True)
    minutes, paths = nx.single_source_dijkstra(work, d, weight="minutes")
    out: list[Route | None] = []
    for s in starts:
        if s not in minutes:
            out.append(None)
            continue
        nodes = list(reversed(paths[s]))
        km = sum(work[a][b]["length_m"] for a, b in itertools.pairwise(nodes)) / 1000.0
        pts = [_xy(n) for n in nodes]
        path = tuple(p for i, p in enumerate(pts) if i == 0 or _key(p) != _key(pts[i - 1]))
        out.append(Route(round(minutes[s], 1), round(km, 2), path))
    return out


def route(origin: Point, dest: Point, g: nx.Graph | None = None) -> Route | None:
    return routes_to(dest, [origin], g)[0]
