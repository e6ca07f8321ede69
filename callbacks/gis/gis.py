"""一张图 GIS: the page's ids, its cached city snapshot and callbacks (layers by viewport, drawer, grid drill).

The map is built once by layouts/gis.py; these callbacks only change layer `data` and `hideout`."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from dash import ALL, ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, no_update
from dash.exceptions import PreventUpdate

from callbacks.gis import render as r
from data_access.db import read_session
from data_access.geo import aggregate, in_bounds
from data_access.gis import detail as gis_detail
from data_access.gis import layers as gis
from data_access.roles import ALL_ROLES
from data_access.worktime import to_local, utcnow
from web import live
from web.auth import allow, current_principal
from web.context import db_url
from web.i18n import current_lang
from web.live import LiveView
from web.render import EMPTY_GEOJSON, outlines_geojson, points_geojson

POINT_LAYERS = ("tickets", "alerts", "incidents", "cameras", "resources", "shops", "rental", "sensors")
# layer -> (ordered states best -> worst, zoom from which every point is drawn, marker radius)
LAYER_SPEC = {
    "tickets": (gis.SLA_STATES, 16, 6),
    "alerts": (("s4", "s3", "s2", "s1"), 16, 6),
    "incidents": (("l4", "l3", "l2", "l1"), 12, 10),
    "cameras": (("online", "offline"), 15, 5),
    "resources": ((), 13, 8),
    "shops": (("shop_good", "shop_none", "shop_watch", "shop_poor"), 16, 5),
    "rental": (("full", "vacancies", "unregistered"), 14, 7),
    "sensors": (("ok", "low", "high", "silent"), 13, 7),
}
DEFAULT_LAYERS = ["grid", "tickets", "incidents", "alerts"]
CONE_ZOOM = 15
DEFAULT_ZOOM = 10
TIME_MODES = {"live": None, "24h": (timedelta(hours=24), 24), "7d": (timedelta(days=7), 28)}
AREA_CODE = re.compile(r"^640181(\d{3}){0,2}$")  # county, town or village: parents that can be drilled into
LEVEL_OF_PARENT = {6: 2, 9: 3, 12: 4}


class ID:
    MAP = "gis-map"
    BASE = "gis-base"
    TOWNS = "gis-towns"
    GRID = "gis-grid"
    CONES = "gis-cones"
    SEL = "gis-sel"
    LAYERS = "gis-layers"
    TIME = "gis-time"
    SLIDER = "gis-slider"
    PLAY = "gis-play"
    PLAYER = "gis-player"
    METRIC = "gis-metric"
    DRILL = "gis-drill"
    CRUMBS = "gis-crumbs"
    STATUS = "gis-status"
    DRAWER = "gis-drawer"
    DRAWER_BODY = "gis-drawer-body"
    CLOSE = "gis-drawer-close"
    REFRESH = "gis-refresh"
    LOADED = "gis-loaded"
    VIEW = "gis-view"
    VIEW3D = "gis-3d"
    DECK = "gis-deck"
    PITCH = "gis-3d-pitch"
    BEARING = "gis-3d-bearing"
    RESET = "gis-3d-reset"
    INFO3D = "gis-3d-info"

    @staticmethod
    def layer(name: str) -> str:
        return f"gis-layer-{name}"

    @staticmethod
    def crumb(code: str) -> dict:
        return {"type": "gis-crumb", "code": code}


def _read_city(s, now: datetime) -> dict:
    week = now - timedelta(days=7)
    return {
        "now": now,
        "tickets": gis.tickets(s, since=week),
        "alerts": gis.alerts(s, since=week),
        "incidents": gis.incidents(s, since=week),
        "cameras": gis.cameras(s),
        "resources": gis.resources(s),
        "shops": gis.shops(s),
        "rental": gis.rental(s),
        "sensors": gis.sensors(s, now=now),
    }


# every layer's points, one read shared by all screens (no personal data); reading 50,000 tickets costs about
# 0.5-1 s, so at least 15 s apart. Grid areas, their bounds and paths are static reference data (an hour).
CITY = LiveView("gis-city", _read_city, at_least=15)
AREAS = LiveView("gis-areas", lambda s, _now, level, parent: gis.areas(s, level=level, parent=parent), period=3600)
BOUNDS = LiveView("gis-bounds", lambda s, _now, code: gis.area_bounds(s, code), period=3600)
PATH = LiveView("gis-path", lambda s, _now, code: gis.area_path(s, code), period=3600)


def period() -> int:
    """Seconds one city snapshot is shared (the map's refresh interval too)."""
    return CITY.every


def _value(snap):
    if not snap.ok:
        raise PreventUpdate  # the map keeps what it shows; the next tick tries again
    return snap.value


def city(now: datetime | None = None) -> dict:
    """Every layer's points for this refresh period."""
    return _value(live.snapshot(CITY, now))


def areas(level: int, parent: str | None):
    """Grid areas of a level under a parent."""
    return _value(live.snapshot(AREAS, level=level, parent=parent))


def time_frame(mode: str, step, now: datetime) -> tuple[datetime, datetime | None]:
    """(as-of time, replay start or None for live) for a time mode and slider step; ValueError if bad."""
    if mode not in TIME_MODES:
        raise ValueError(f"bad time mode {mode!r}")
    if TIME_MODES[mode] is None:
        return now, None
    span, steps = TIME_MODES[mode]
    if not isinstance(step, int) or not 0 <= step <= steps:
        raise ValueError(f"bad step {step!r}")
    start = now - span
    return start + span * step / steps, start


def frames_at(snap: dict, at: datetime, start: datetime | None) -> dict:
    """Each point layer's rows as of `at` (replay: created/occurred since `start`), with a `state` column."""
    out = {k: snap[k] for k in ("cameras", "resources", "shops", "rental", "sensors")}
    out["tickets"] = gis.tickets_at(snap["tickets"], at, start)
    out["alerts"] = gis.between(snap["alerts"], start or at - timedelta(hours=24), at)
    inc = snap["incidents"]
    out["incidents"] = gis.between(inc, start, at) if start else inc
    return out


def layer_data(frames: dict, shown: set, zoom: float, bounds) -> tuple[list, dict, dict]:
    """GeoJSON per point layer (empty when hidden), the cones, and how many rows each shown layer has."""
    data, counts = [], {}
    for name in POINT_LAYERS:
        if name not in shown:
            data.append(EMPTY_GEOJSON)
            continue
        states, single, _radius = LAYER_SPEC[name]
        df = frames[name]
        counts[name] = len(df)
        agg = aggregate(df, zoom=zoom, bounds=bounds, state_col="state", states=states, single_zoom=single)
        data.append(points_geojson(agg, name))
    cones = EMPTY_GEOJSON
    if "cameras" in shown and zoom >= CONE_ZOOM:
        cones = r.cones_geojson(in_bounds(frames["cameras"], bounds, pad=0.05).head(400))
    return data, cones, counts


def grid_data(frames: dict, parent: str, metric: str) -> tuple[dict, dict]:
    level = LEVEL_OF_PARENT[len(parent)]
    counts = gis.area_counts(level, frames["tickets"], frames["alerts"])
    geo = r.areas_geojson(areas(level, parent), counts)
    top = max((f["properties"][metric] for f in geo["features"]), default=0)
    return geo, {"metric": metric, "max": top}


def _check(layers, zoom, bounds, mode, metric, parent) -> tuple[set, float]:
    """Validate client inputs (any client can post anything); PreventUpdate leaves the map as it is."""
    zoom = DEFAULT_ZOOM if zoom is None else zoom  # before the first moveend the map reports bounds only
    ok = (
        isinstance(layers, list)
        and set(layers) <= set(gis.LAYERS)
        and isinstance(zoom, int | float)
        and mode in TIME_MODES
        and metric in ("tickets", "overdue", "alerts")
        and isinstance(parent, str)
        and AREA_CODE.match(parent)
    )
    if bounds is not None:
        try:
            (s, w), (n, e) = bounds
            ok = ok and all(isinstance(v, int | float) for v in (s, w, n, e))
        except (TypeError, ValueError):
            ok = False
    if not ok:
        raise PreventUpdate
    return set(layers), min(max(float(zoom), 1.0), 20.0)


@callback(
    [Output(ID.layer(name), "data") for name in POINT_LAYERS],
    Output(ID.CONES, "data"),
    Output(ID.GRID, "data"),
    Output(ID.GRID, "hideout"),
    Output(ID.STATUS, "children"),
    Input(ID.MAP, "bounds"),
    Input(ID.MAP, "zoom"),
    Input(ID.LAYERS, "value"),
    Input(ID.TIME, "value"),
    Input(ID.SLIDER, "value"),
    Input(ID.DRILL, "data"),
    Input(ID.METRIC, "value"),
    Input(ID.REFRESH, "n_intervals"),
)
@allow(*ALL_ROLES)
def refresh_gis_layers(bounds, zoom, layers, mode, step, parent, metric, _n):
    shown, zoom = _check(layers, zoom, bounds, mode, metric, parent)
    snap = city()
    try:
        at, start = time_frame(mode, step, snap["now"])
    except ValueError as exc:
        raise PreventUpdate from exc
    frames = frames_at(snap, at, start)
    points, cones, counts = layer_data(frames, shown, zoom, bounds)
    grid, hideout = grid_data(frames, parent, metric) if "grid" in shown else (EMPTY_GEOJSON, no_update)
    status = r.status_line(counts, to_local(at).strftime("%m-%d %H:%M"), current_lang())
    return *points, cones, grid, hideout, status


@callback(Output(ID.TOWNS, "data"), Input(ID.LOADED, "data"))
@allow(*ALL_ROLES)
def load_town_outlines(_loaded):
    return outlines_geojson(areas(2, None))


def _clicked_feature(trigger: str | None, clicks: dict) -> tuple[str, str] | None:
    """(layer, key) of a clicked single feature, or None (a cluster, or anything malformed)."""
    layer = (trigger or "").removeprefix("gis-layer-")
    feat = clicks.get(layer)
    props = (feat or {}).get("properties") if isinstance(feat, dict) else None
    if layer not in POINT_LAYERS or not isinstance(props, dict) or props.get("n") != 1:
        return None
    key = props.get("key")
    return (layer, key) if isinstance(key, str) and 0 < len(key) <= 64 else None


@callback(
    Output(ID.DRAWER_BODY, "children"),
    Output(ID.DRAWER, "className"),
    Output(ID.SEL, "data"),
    [Input(ID.layer(name), "clickData") for name in POINT_LAYERS],
    Input(ID.CLOSE, "n_clicks"),
    prevent_initial_call=True,
)
@allow(*ALL_ROLES)
def show_gis_detail(*args):
    if ctx.triggered_id == ID.CLOSE:
        return no_update, "gis-drawer", EMPTY_GEOJSON
    picked = _clicked_feature(ctx.triggered_id, dict(zip(POINT_LAYERS, args[: len(POINT_LAYERS)], strict=True)))
    if picked is None:
        raise PreventUpdate
    lang, role = current_lang(), current_principal().role
    with read_session(db_url()) as s:
        detail = gis_detail.detail(s, picked[0], picked[1], role=role, now=utcnow())
    return r.drawer(detail, lang), "gis-drawer open", r.selection_geojson(detail)


@callback(
    Output(ID.DRILL, "data"),
    Output(ID.MAP, "viewport"),
    Input(ID.GRID, "clickData"),
    Input(ID.crumb(ALL), "n_clicks"),
    prevent_initial_call=True,
)
@allow(*ALL_ROLES)
def drill_grid(click, _crumbs):
    if isinstance(ctx.triggered_id, dict):  # a breadcrumb: go back up to it
        code = ctx.triggered_id.get("code")
        if not ctx.triggered[0].get("value"):
            raise PreventUpdate
    else:
        code = ((click or {}).get("properties") or {}).get("key")
    if not isinstance(code, str) or not AREA_CODE.match(code):
        raise PreventUpdate  # a cell (level 4) has nothing below it; malformed input changes nothing

    bounds = _value(live.snapshot(BOUNDS, code=code))
    if bounds is None:
        raise PreventUpdate
    return code, {"bounds": bounds, "transition": "flyToBounds"}


@callback(Output(ID.CRUMBS, "children"), Input(ID.DRILL, "data"))
@allow(*ALL_ROLES)
def render_gis_crumbs(parent):
    if not isinstance(parent, str) or not AREA_CODE.match(parent):
        raise PreventUpdate

    path = _value(live.snapshot(PATH, code=parent))
    return r.crumbs(path, current_lang(), ID.crumb)


clientside_callback(
    ClientsideFunction("cc_gis", "time"),
    Output(ID.SLIDER, "max"),
    Output(ID.SLIDER, "marks"),
    Output(ID.SLIDER, "value"),
    Output(ID.SLIDER, "disabled"),
    Output(ID.PLAYER, "disabled"),
    Output(ID.PLAY, "children"),
    Input(ID.TIME, "value"),
    Input(ID.PLAY, "n_clicks"),
    Input(ID.PLAYER, "n_intervals"),
    State(ID.SLIDER, "value"),
    State(ID.PLAYER, "disabled"),
)
