"""Wall (/wall/<profile>): kiosk scenes that rotate on a playlist, filling the canvas, with alert takeover."""

import dash
import dash_leaflet as dl
from dash import dcc, html
from dash_extensions.javascript import Namespace

from callbacks.refresh import live_plumbing
from callbacks.wall.scenes import PROFILES, SCENES, scene_panels
from callbacks.wall.wall import ID, IDS, PLAYLIST_CHECK_S, TAKEOVER_COOLDOWN_S, TAKEOVER_TIMEOUT_S
from layouts._panels import CENTER, COUNTY_BOUNDS, panel_box
from web.auth import current_principal
from web.context import app_version, current_settings
from web.i18n import current_lang, t

dash.register_page(__name__, path_template="/wall/<profile>", title="大屏", title_key="page_wall", nav=False)


BASEMAP = "/assets/geo/basemap.json"
WM = Namespace("cc_wallmap")
FIT = {"bounds": COUNTY_BOUNDS}  # assets/wall_map.js keeps the county fitted as the wall sizes its type
LEGEND = [
    ("hotline", "wall_map_hotline"),
    ("cm", "wall_map_cm"),
    ("overdue", "wall_map_overdue"),
    ("alert", "wall_map_alert"),
    ("incident", "wall_map_incident"),
    ("camera", "wall_map_camera"),
    ("new", "wall_map_new"),
]


def _pane(name: str, z: int, *children) -> dl.Pane:
    return dl.Pane(list(children), name=name, style={"zIndex": z})


def _hero(panel, lang: str) -> html.Section:
    """The city map, the wall's hero: the offline base map (land under the grid heat, the Yellow River and the main
    roads over it), the data layer the panel engine fills, points above both, and its legend."""
    data = dl.GeoJSON(
        id=IDS.part("geo", panel.id),
        data={"type": "FeatureCollection", "features": []},
        style=WM("style"),
        pointToLayer=WM("point"),
        interactive=False,
        hideout=FIT,
    )
    land = dl.GeoJSON(
        url=BASEMAP, filter=WM("isLand"), style=WM("base"), interactive=False, pane="wall-map-land", hideout=FIT
    )
    lines = dl.GeoJSON(
        url=BASEMAP,
        filter=WM("isLine"),
        style=WM("base"),
        onEachFeature=WM("lineLabel"),
        interactive=False,
        pane="wall-map-lines",
        hideout=FIT,
    )
    the_map = dl.Map(
        [_pane("wall-map-land", 250, land), _pane("wall-map-points", 450), data, _pane("wall-map-lines", 420, lines)],
        bounds=COUNTY_BOUNDS,
        center=CENTER,
        zoomSnap=0.05,
        zoomControl=False,
        dragging=False,
        scrollWheelZoom=False,
        doubleClickZoom=False,
        touchZoom=False,
        boxZoom=False,
        keyboard=False,
        attributionControl=False,
        className="wall-map",
    )
    legend = html.Ul(
        [html.Li([html.I(className=f"wm-sw wm-sw-{k}"), t(key, lang)], className="wm-key") for k, key in LEGEND]
        + [html.Li([html.I(className="wm-sw wm-sw-heat"), t("wall_map_heat", lang)], className="wm-key")],
        className="wm-legend",
    )
    box = panel_box(IDS, panel, lang)
    box.children[1] = html.Div(  # type: ignore[index]
        [the_map, legend, html.Div(t("wall_map_note", lang), className="wm-note")], className="panel-body wm-body"
    )
    box.className = f"{box.className} panel-hero"
    return box


def _takeover_map() -> dl.Map:
    """The place of the alarm on the same offline layers as the city map (land, grid cells and villages, the river
    and roads, the nearest cameras, the alarm pulsing)."""
    land = dl.GeoJSON(url=BASEMAP, filter=WM("isLand"), style=WM("base"), interactive=False, pane="wall-to-land")
    lines = dl.GeoJSON(
        url=BASEMAP, filter=WM("isLine"), style=WM("base"), onEachFeature=WM("lineLabel"), interactive=False,
        pane="wall-to-lines",
    )  # fmt: skip
    place = dl.GeoJSON(
        id=ID.TAKEOVER_GEO,
        data={"type": "FeatureCollection", "features": []},
        style=WM("placeStyle"),
        pointToLayer=WM("placePoint"),
        interactive=False,
    )
    return dl.Map(
        [_pane("wall-to-land", 250, land), _pane("wall-to-points", 450), place, _pane("wall-to-lines", 420, lines)],
        id=ID.TAKEOVER_MAP,
        center=CENTER,
        zoom=13,
        zoomSnap=0.5,
        className="to-map",
        zoomControl=False,
        dragging=False,
        scrollWheelZoom=False,
        doubleClickZoom=False,
        keyboard=False,
        attributionControl=False,
    )


def _scene(name: str, profile, lang: str) -> html.Section:
    return html.Section(
        [
            html.H2(
                t(f"wall_scene_{name}", lang, town="—") if name == "town" else t(f"wall_scene_{name}", lang),
                className="scene-title burn-shift",
                **({"data-template": t("wall_scene_town", lang, town="{town}")} if name == "town" else {}),
            ),
            html.Div(
                [_hero(p, lang) if p.kind == "map" else panel_box(IDS, p, lang) for p in scene_panels(name, profile)],
                className="panel-grid wall-grid",
                style={"gridTemplateColumns": f"repeat({profile.columns}, minmax(0, 1fr))"},
            ),
        ],
        className="wall-scene",
        id=f"wall-scene-{name}",
        **{"data-scene": name},
    )


def layout(profile: str = "4k", **_query):
    lang = current_lang()
    prof = PROFILES.get(profile)
    if prof is None:
        return html.Div(t("wall_unknown_profile", lang) + f": {', '.join(PROFILES)}", className="wall-error")
    settings = current_settings()
    sound = settings.wall_sound and current_principal().role == "wall"
    return html.Div(
        [
            *IDS.plumbing(),
            dcc.Store(id=ID.PLAYLIST),
            dcc.Interval(id=ID.PLAYLIST_INTERVAL, interval=PLAYLIST_CHECK_S * 1000),
            *live_plumbing(ID.TAKEOVER_STATE, ID.TAKEOVER_INTERVAL, every_ms=700),
            html.Div([_scene(name, prof, lang) for name in SCENES], className="wall-scenes"),
            html.Ul(id=ID.RAIL, className="wall-rail burn-shift", **{"aria-label": t("wall_rail", lang)}),
            html.Div(
                [html.Div(id=ID.TAKEOVER_BODY, className="to-card"), _takeover_map()],
                id=ID.TAKEOVER,
                className="wall-takeover",
            ),
        ],
        id=ID.ROOT,
        className="wall",
        **{
            "data-font": str(prof.font_px),
            "data-width": str(prof.width),
            "data-height": str(prof.height),
            "data-dim": settings.wall_dim_hours,
            "data-sound": "1" if sound else "",
            "data-version": app_version(),
            "data-timeout": str(TAKEOVER_TIMEOUT_S),
            "data-cooldown": str(TAKEOVER_COOLDOWN_S),
        },
    )
