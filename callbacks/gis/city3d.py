"""The 3D core view's callbacks: show it, fill its layers (cached; shared by all screens), camera controls."""

from __future__ import annotations

import json
from datetime import timedelta

from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, no_update
from dash.exceptions import PreventUpdate

from callbacks.gis.gis import ID, city
from data_access.gis import city3d as gis_3d
from data_access.gis import layers as gis
from data_access.roles import ALL_ROLES
from settings import ROOT
from web import live
from web.auth import allow
from web.live import LiveView

BASEMAP = ROOT / "assets" / "geo" / "basemap.json"  # tracked, the same for every seed; buildings are in the database
VIEW = {"longitude": 106.34, "latitude": 38.085, "zoom": 14.0, "pitch": 60, "bearing": -25}


def _ground(s, _now) -> dict:
    bounds = gis_3d.core_bounds(json.loads(BASEMAP.read_text(encoding="utf-8")))
    terrain, floor = gis_3d.terrain(bounds)
    return {"bounds": bounds, "floor": floor, "terrain": terrain, "buildings": gis_3d.buildings(s, floor)}


GROUND = LiveView("gis-3d-ground", _ground, period=3600)
SCENE = LiveView("gis-3d-scene", lambda _s, _now: scene(city()), at_least=15)


def ground() -> dict:
    """The static part: core bounds, terrain cells, buildings on the relief (read once an hour per worker)."""

    snap = live.snapshot(GROUND)
    if not snap.ok:
        raise PreventUpdate
    return snap.value


def scene(snap: dict) -> dict:
    """Layer data of the 3D view: the static ground plus this period's hotspots (7 days of tickets) and incidents."""
    g = ground()
    now = snap["now"]
    recent = gis.between(snap["tickets"].rename(columns={"created_at": "at"}), now - timedelta(days=7), now)
    hot = gis_3d.hotspots(recent, g["bounds"], g["floor"])
    top = max([8, *(h["n"] for h in hot)])  # a sparse week does not make every column full height
    for h in hot:
        h["h"] = 40 + 600 * h["n"] / top
    incidents = gis_3d.columns(snap["incidents"], g["bounds"], g["floor"], "level")
    for c in incidents:
        c["h"] = (5 - c["v"]) * 220  # level I is the tallest
    return {"terrain": g["terrain"], "buildings": g["buildings"], "hotspots": hot, "incidents": incidents}


@callback(
    Output(ID.DECK, "layerData"),
    Output(ID.VIEW3D, "hidden"),
    Output(ID.INFO3D, "children"),
    Input(ID.VIEW, "value"),
    prevent_initial_call=True,
)
@allow(*ALL_ROLES)
def show_gis_view(view):
    if view != "3d":
        return no_update, True, no_update
    snap = live.snapshot(SCENE)
    if not snap.ok:
        return no_update, False, no_update
    data = snap.value
    info = f"{len(data['buildings']):,} · {len(data['hotspots'])} · {len(data['incidents'])}"
    return data, False, info


clientside_callback(
    ClientsideFunction("cc_gis", "camera"),
    Output(ID.DECK, "initialViewState"),
    Output(ID.PITCH, "value"),
    Output(ID.BEARING, "value"),
    Input(ID.PITCH, "value"),
    Input(ID.BEARING, "value"),
    Input(ID.RESET, "n_clicks"),
    State(ID.DECK, "initialViewState"),
)
