"""Wall (/wall/<profile>): the page's refresh over every scene's panels, the playlist it runs and the alert
takeover."""

from __future__ import annotations

from urllib.parse import quote

from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, html, no_update

from callbacks.refresh import register_page_refresh
from callbacks.wall.alarms import Top, alarms_now, evidence, local_time, rail
from callbacks.wall.scenes import PROFILES, SCENES, scene_panels
from data_access.db import read_session
from data_access.roles import ALL_ROLES
from data_access.wall import map as city
from data_access.wall import vitals as wall
from data_access.wall.playlist import load_playlist
from web import live
from web.auth import allow, current_principal
from web.context import current_settings, db_url
from web.i18n import current_lang, t
from web.render import camera_list, place_geojson
from web.streams import kind as stream_kind

TAKEOVER_TIMEOUT_S = 300
TAKEOVER_COOLDOWN_S = 20
PLAYLIST_CHECK_S = 10


class ID:
    ROOT = "wall-root"
    TAKEOVER = "wall-takeover"
    TAKEOVER_BODY = "wall-takeover-body"
    TAKEOVER_STATE = "wall-takeover-state"
    TAKEOVER_INTERVAL = "wall-takeover-interval"
    TAKEOVER_MAP = "wall-takeover-map"
    TAKEOVER_GEO = "wall-takeover-geo"
    PLAYLIST = "wall-playlist"
    PLAYLIST_INTERVAL = "wall-playlist-interval"
    RAIL = "wall-rail"


ALL_PANELS = {p.id: p for prof in PROFILES.values() for scene in SCENES for p in scene_panels(scene, prof)}
IDS = register_page_refresh("wall", list(ALL_PANELS.values()))


@callback(Output(ID.PLAYLIST, "data"), Input(ID.PLAYLIST_INTERVAL, "n_intervals"), State(ID.PLAYLIST, "data"))
@allow(*ALL_ROLES)
def load_wall_playlist(_n, shown):
    """The playlist, with each town item's name (unknown towns are dropped, never shown empty); read again every
    PLAYLIST_CHECK_S, and sent only when it changed, so an admin's edit reaches open walls within one rotation."""
    items = _playlist()
    return no_update if items == shown else items


def _playlist() -> list[dict]:
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


def live_picture(top: Top, lang: str) -> html.Div:
    """The alarmed camera live (the alert's own camera, else the nearest online one): the app's MJPEG relay in
    simulator and MJPEG mode, the HLS relay through assets/wall.js otherwise; its name under it."""
    if not top.live_camera:
        return html.Div(t("wall_takeover_no_live", lang), className="to-live to-live-none")
    cam = quote(top.live_camera, safe="")
    if stream_kind() == "hls":
        player = html.Video(
            className="to-live-video", muted=True, autoPlay=True, **{"data-hls": f"/media/hls/{cam}/index.m3u8"}
        )
    else:
        player = html.Img(src=f"/media/mjpeg/{cam}", className="to-live-img", alt=top.live_name)
    return html.Div(
        [
            player,
            html.Div([html.Span(t("wall_takeover_live", lang), className="to-live-badge"), top.live_name],
                     className="to-live-cap"),
        ],
        className="to-live",
        **{"data-camera": top.live_camera},
    )  # fmt: skip


def render_takeover(top: Top, lang: str, public: bool) -> list:
    """The takeover card from the typed top alarm: what (kind and its evidence), where, when, the alarmed camera
    live and the nearest cameras (no personal data exists here)."""
    a = top.alarm
    return [
        html.Div(
            [
                html.Span(t("wall_takeover", lang), className="to-badge"),
                html.Span(t(f"wall_takeover_{a.kind}", lang), className="to-kind"),
                html.Span(evidence(a.facts, lang), className="to-level"),
            ],
            className="to-head",
        ),
        html.H2(a.title, className="to-title"),
        html.Div(
            f"{t('wall_takeover_started', lang)} {local_time(a.at)} · {a.lat:.4f}N {a.lon:.4f}E", className="to-facts"
        ),
        live_picture(top, lang),
        html.H3(t("wall_takeover_cameras", lang), className="to-sub"),
        camera_list(top.cameras, lang, prefix="to"),
        html.Div(t("wall_takeover_ack_hint", lang), className="to-hint") if public else None,
    ]


@callback(
    Output(ID.TAKEOVER_BODY, "children"),
    Output(ID.TAKEOVER_STATE, "data"),
    Output(ID.TAKEOVER_GEO, "data"),
    Output(ID.TAKEOVER_MAP, "viewport"),
    Output(ID.RAIL, "children"),
    Input(ID.TAKEOVER_INTERVAL, "n_intervals"),
    State(ID.TAKEOVER_STATE, "data"),
)
@allow(*ALL_ROLES)
def refresh_takeover(_n, state):
    """The top alarm for the client's takeover logic (assets/wall.js: pin, time-out, hysteresis) and the rail of
    every alarm still waiting for a seat; sent only when they change."""
    snap, lang = alarms_now(), current_lang()
    top = snap.top
    new_state = {
        "items": snap.items,
        "top": top.alarm.key if top else None,
        "severity": top.alarm.severity if top else None,
        "lang": lang,
    }
    new_state["hash"] = live.digest(new_state, [local_time(a.at) for a in snap.alarms])
    if isinstance(state, dict) and state.get("hash") == new_state["hash"]:
        return no_update, no_update, no_update, no_update, no_update
    chips = rail(snap.alarms, lang)
    if not top:
        return [], new_state, {"type": "FeatureCollection", "features": []}, no_update, chips
    if isinstance(state, dict) and state.get("top") == new_state["top"]:  # the same alarm holds: keep card and map
        return no_update, new_state, no_update, no_update, chips
    public = current_principal().role in ("wall", "visitor")
    a = top.alarm
    with read_session(db_url()) as s:
        place = city.around(s, a.lat, a.lon)
    geo = place_geojson(place, a.lat, a.lon, top.cameras)
    view = {"center": [a.lat, a.lon], "zoom": 14.5}
    return render_takeover(top, lang, public), new_state, geo, view, chips


clientside_callback(ClientsideFunction("cc_wall", "playlist"), Input(ID.PLAYLIST, "data"))
clientside_callback(ClientsideFunction("cc_wall", "takeover"), Input(ID.TAKEOVER_STATE, "data"))
