"""Wall (/wall/<profile>): the page's refresh over every scene's panels, the playlist it runs and the alert
takeover."""

from __future__ import annotations

import pandas as pd
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, html, no_update

from callbacks.refresh import register_page_refresh
from callbacks.wall.alarms import alarms_now
from callbacks.wall.scenes import PROFILES, SCENES, scene_panels
from data_access.db import read_session
from data_access.roles import ALL_ROLES
from data_access.wall import vitals as wall
from data_access.wall.playlist import load_playlist
from web import live
from web.auth import allow, current_principal
from web.context import current_settings, db_url
from web.i18n import current_lang, t
from web.render import camera_list

TAKEOVER_TIMEOUT_S = 300
TAKEOVER_COOLDOWN_S = 20


class ID:
    ROOT = "wall-root"
    TAKEOVER = "wall-takeover"
    TAKEOVER_BODY = "wall-takeover-body"
    TAKEOVER_STATE = "wall-takeover-state"
    TAKEOVER_INTERVAL = "wall-takeover-interval"
    TAKEOVER_MAP = "wall-takeover-map"
    TAKEOVER_GEO = "wall-takeover-geo"
    PLAYLIST = "wall-playlist"


ALL_PANELS = {p.id: p for prof in PROFILES.values() for scene in SCENES for p in scene_panels(scene, prof)}
IDS = register_page_refresh("wall", list(ALL_PANELS.values()))


@callback(Output(ID.PLAYLIST, "data"), Input(ID.ROOT, "id"))
@allow(*ALL_ROLES)
def load_wall_playlist(_root):
    """The playlist, with each town item's name (unknown towns are dropped, never shown empty)."""
    items = load_playlist(current_settings().wall_playlist)
    codes = [it["town"] for it in items if it.get("town")]
    if codes:
        with read_session(db_url()) as s:
            names = wall.town_names(s, codes)
        items = [
            {**it, "name": names[it["town"]]} if it.get("town") else it
            for it in items
            if not it.get("town") or it["town"] in names
        ]
    return items


def render_takeover(top: dict, lang: str, public: bool) -> list:
    """The takeover card: what, where, when, and the nearest cameras (no personal data exists here)."""
    kind = t(f"wall_takeover_{top['kind']}", lang)
    level = t(f"wall_level_{int(top['severity'])}", lang) if top["kind"] == "incident" else ""
    if top["kind"] == "hotspot":
        level = t("wall_hotspot_vs", lang, today=int(top["today"]), base=top["baseline"])
    return [
        html.Div(
            [
                html.Span(t("wall_takeover", lang), className="to-badge"),
                html.Span(kind, className="to-kind"),
                html.Span(level, className="to-level"),
            ],
            className="to-head",
        ),
        html.H2(top["title"], className="to-title"),
        html.Div(
            f"{t('wall_takeover_started', lang)} {top['at']} · {top['lat']:.4f}N {top['lon']:.4f}E",
            className="to-facts",
        ),
        html.H3(t("wall_takeover_cameras", lang), className="to-sub"),
        camera_list(pd.DataFrame(top["cameras"], columns=["id", "name", "online", "distance_m"]), lang, prefix="to"),
        html.Div(t("wall_takeover_ack_hint", lang), className="to-hint") if public else None,
    ]


@callback(
    Output(ID.TAKEOVER_BODY, "children"),
    Output(ID.TAKEOVER_STATE, "data"),
    Output(ID.TAKEOVER_GEO, "data"),
    Output(ID.TAKEOVER_MAP, "viewport"),
    Input(ID.TAKEOVER_INTERVAL, "n_intervals"),
    State(ID.TAKEOVER_STATE, "data"),
)
@allow(*ALL_ROLES)
def refresh_takeover(_n, state):
    """Severe events for the client's takeover logic (assets/wall.js: pin, time-out, hysteresis)."""
    snap = alarms_now()
    top = snap["top"]
    new_state = {
        "items": snap["items"],
        "top": top["key"] if top else None,
        "severity": int(top["severity"]) if top else None,
    }
    new_state["hash"] = live.digest(new_state)
    if isinstance(state, dict) and state.get("hash") == new_state["hash"]:
        return no_update, no_update, no_update, no_update
    public = current_principal().role in ("wall", "visitor")
    if not top:
        return [], new_state, {"type": "FeatureCollection", "features": []}, no_update
    point = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [top["lon"], top["lat"]]},
        "properties": {"id": top["key"], "kind": "alarm", "state": "overdue"},
    }
    geo = {"type": "FeatureCollection", "features": [point]}
    view = {"center": [top["lat"], top["lon"]], "zoom": 13}
    return render_takeover(top, current_lang(), public), new_state, geo, view


clientside_callback(ClientsideFunction("cc_wall", "playlist"), Input(ID.PLAYLIST, "data"))
clientside_callback(ClientsideFunction("cc_wall", "takeover"), Input(ID.TAKEOVER_STATE, "data"))
