"""ETAs come from the road graph: a route checked against a path computed by hand, road-class speeds, crossings
split into junctions, and the tracked base map's graph is connected where its roads cross."""

from __future__ import annotations

import math

import pytest

from data_access.emergency import roads


def line(name: str, rank: int, *pts) -> dict:
    return {
        "properties": {"layer": "road", "name": name, "rank": rank},
        "geometry": {"type": "LineString", "coordinates": pts},
    }


def km(a, b) -> float:
    """Haversine by hand (R = 6371.0088 km)."""
    (lon1, lat1), (lon2, lat2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


ROADS = [
    line("X 路", 2, (106.30, 38.00), (106.40, 38.00)),  # 50 km/h
    line("Y 国道", 1, (106.35, 37.95), (106.35, 38.05)),  # 70 km/h, crosses X at (106.35, 38.00)
    line("Z 高速", 1, (106.30, 38.00), (106.35, 38.05)),  # 100 km/h
]


def test_a_route_follows_the_hand_computed_fastest_path():
    g = roads.build_graph(ROADS)
    assert (106.35, 38.0) in g  # the crossing became a junction
    start, cross, goal = (106.40, 38.00), (106.35, 38.00), (106.35, 38.05)
    r = roads.route(start, goal, g)
    # by hand: east part of X (50 km/h) then north on Y (70 km/h) beats X west + Z (100 km/h) and a straight
    # 25 km/h trip by local streets
    via_y = km(start, cross) / 50 * 60 + km(cross, goal) / 70 * 60
    via_z = km(start, (106.30, 38.00)) / 50 * 60 + km((106.30, 38.00), goal) / 100 * 60
    direct = km(start, goal) / 25 * 60
    assert via_y < via_z and via_y < direct
    assert r.path == (start, cross, goal)
    assert r.minutes == pytest.approx(via_y, abs=0.05)
    assert r.km == pytest.approx(km(start, cross) + km(cross, goal), abs=0.01)


def test_the_highway_wins_when_it_is_faster_and_a_point_off_the_road_joins_at_its_nearest_road():
    g = roads.build_graph(ROADS)
    r = roads.route((106.30, 38.00), (106.35, 38.05), g)
    assert r.path == ((106.30, 38.00), (106.35, 38.05))
    assert r.minutes == pytest.approx(km((106.30, 38.00), (106.35, 38.05)) / 100 * 60, abs=0.05)
    off = roads.route((106.40, 38.01), (106.35, 38.05), g)  # 1.1 km north of X's east end
    assert off.path[0] == (106.40, 38.01) and off.path[1] == (106.40, 38.00)
    assert off.minutes > r.minutes


def test_the_base_map_roads_form_one_network_and_etas_grow_with_distance():
    g = roads.basemap_graph()
    import networkx as nx

    assert nx.is_connected(g)
    near, far = roads.routes_to((106.34, 38.10), [(106.35, 38.11), (106.62, 37.76)])
    assert 0 < near.minutes < far.minutes and far.km > 40
