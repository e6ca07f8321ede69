"""一张图 GIS (/gis): one map built once (offline base map + switchable layers), a time slider, the grid drill,
a detail drawer with the nearest cameras, and the 3D core view."""

import dash
import dash_leaflet as dl
from dash import dcc, html
from dash_extensions.javascript import Namespace

from callbacks.gis.gis import DEFAULT_LAYERS, ID, LAYER_SPEC, POINT_LAYERS, period
from data_access.gis.layers import LAYERS
from layouts._gis_3d import view_3d
from settings import SETTINGS
from web.i18n import current_lang, t

dash.register_page(__name__, path="/gis", title="一张图", title_key="page_gis", nav=True, order=1)

JS = Namespace("cc_gis")
COUNTY_BOUNDS = [[37.58, 106.19], [38.35, 106.87]]  # the whole county on first paint
CENTER = (37.965, 106.53)  # dash-leaflet compares the viewport with it (it needs one even with bounds)
EDGES = {"alerts": "#f2f7fc", "cameras": "#0b1624", "shops": "#f5b94a", "resources": "#ffffff"}
EMPTY = {"type": "FeatureCollection", "features": []}


def _pane(name: str, z: int, layer) -> dl.Pane:
    return dl.Pane(layer, name=name, style={"zIndex": z})


def _point_layer(name: str, z: int) -> dl.Pane:
    _states, _single, radius = LAYER_SPEC[name]
    geo = dl.GeoJSON(
        id=ID.layer(name),
        data=EMPTY,
        pointToLayer=JS("point"),
        hideout={"layer": name, "radius": radius, "ring": name == "incidents", "edge": EDGES.get(name)},
        pane=f"gis-{name}",
    )
    return _pane(f"gis-{name}", z, geo)


def _map() -> dl.Map:
    layers = []
    if SETTINGS.tile_url:  # an internal tile server or 天地图, layered under the vector base map
        layers.append(dl.TileLayer(url=SETTINGS.tile_url, attribution=SETTINGS.tile_attribution, opacity=0.9))
    layers += [
        _pane(
            "gis-base",
            250,
            dl.GeoJSON(
                id=ID.BASE, url="/assets/geo/basemap.json", style=JS("baseStyle"), interactive=False, pane="gis-base"
            ),
        ),
        _pane(
            "gis-towns",
            260,
            dl.GeoJSON(id=ID.TOWNS, data=EMPTY, style=JS("townStyle"), interactive=False, pane="gis-towns"),
        ),
        _pane(
            "gis-grid",
            300,
            dl.GeoJSON(
                id=ID.GRID, data=EMPTY, style=JS("areaStyle"), hideout={"metric": "tickets", "max": 1}, pane="gis-grid"
            ),
        ),
        _pane(
            "gis-cones",
            380,
            dl.GeoJSON(id=ID.CONES, data=EMPTY, style=JS("coneStyle"), interactive=False, pane="gis-cones"),
        ),
    ]
    layers += [_point_layer(name, 600 + i) for i, name in enumerate(reversed(POINT_LAYERS))]
    layers.append(
        _pane(
            "gis-sel",
            700,
            dl.GeoJSON(
                id=ID.SEL,
                data=EMPTY,
                style=JS("selStyle"),
                pointToLayer=JS("selPoint"),
                interactive=False,
                pane="gis-sel",
            ),
        )
    )
    layers.append(dl.ScaleControl(position="bottomleft", imperial=False))
    return dl.Map(
        layers,
        id=ID.MAP,
        bounds=COUNTY_BOUNDS,
        center=CENTER,
        zoomSnap=0.25,
        minZoom=8,
        maxZoom=18,
        className="gis-map",
        attributionControl=bool(SETTINGS.tile_url),
    )


def _controls(lang: str) -> html.Div:
    return html.Div(
        [
            dcc.RadioItems(
                id=ID.VIEW,
                options=[{"label": t(f"gis_view_{v}", lang), "value": v} for v in ("2d", "3d")],
                value="2d",
                className="gis-seg",
                inline=True,
            ),
            html.H2(t("gis_layers", lang), className="gis-label"),
            dcc.Checklist(
                id=ID.LAYERS,
                value=DEFAULT_LAYERS,
                className="gis-layers",
                options=[
                    {
                        "label": html.Span([html.I(className=f"gis-sw gis-sw-{k}"), t(f"gis_layer_{k}", lang)]),
                        "value": k,
                    }
                    for k in LAYERS
                ],
            ),
            html.H2(t("gis_metric", lang), className="gis-label"),
            dcc.RadioItems(
                id=ID.METRIC,
                value="tickets",
                className="gis-seg",
                inline=True,
                options=[{"label": t(f"gis_metric_{m}", lang), "value": m} for m in ("tickets", "overdue", "alerts")],
            ),
            html.H2(t("gis_time", lang), className="gis-label"),
            dcc.RadioItems(
                id=ID.TIME,
                value="live",
                className="gis-seg",
                inline=True,
                options=[{"label": t(f"gis_time_{m}", lang), "value": m} for m in ("live", "24h", "7d")],
            ),
            html.Div(
                [
                    html.Button("▶", id=ID.PLAY, className="gis-play", n_clicks=0),
                    dcc.Slider(
                        id=ID.SLIDER,
                        min=0,
                        max=24,
                        step=1,
                        value=24,
                        disabled=True,
                        className="gis-slider",
                        updatemode="mouseup",
                    ),
                ],
                className="gis-time-row",
            ),
            html.Ul(
                [
                    html.Li(t(f"gis_sla_{s}", lang), className=f"gis-key gis-st-{s}")
                    for s in ("on_time", "near_due", "overdue", "closed")
                ],
                className="gis-legend",
            ),
            html.P(t("gis_approx", lang), className="gis-note"),
        ],
        className="gis-controls",
    )


def layout(**_query):
    lang = current_lang()
    return html.Div(
        [
            _controls(lang),
            html.Div(
                [
                    html.Div(
                        [
                            html.Div(id=ID.CRUMBS, className="gis-crumbs"),
                            html.Div(id=ID.STATUS, className="gis-status"),
                        ],
                        className="gis-bar",
                    ),
                    _map(),
                    view_3d(lang),
                    html.Aside(
                        [
                            html.Button("×", id=ID.CLOSE, className="gis-drawer-close", title=t("gis_close", lang)),
                            html.Div(id=ID.DRAWER_BODY),
                        ],
                        id=ID.DRAWER,
                        className="gis-drawer",
                    ),
                ],
                className="gis-stage",
            ),
            dcc.Store(id=ID.DRILL, data="640181"),
            dcc.Store(id=ID.LOADED, data=1),
            dcc.Interval(id=ID.REFRESH, interval=period() * 1000),
            dcc.Interval(id=ID.PLAYER, interval=900, disabled=True),
        ],
        className="gis-page",
    )
