"""Panel containers: the skeleton a page shows before its first data (no I/O here)."""

from __future__ import annotations

import dash_leaflet as dl
from dash import dcc, html
from dash_extensions.javascript import Namespace

from callbacks.refresh import PageIds
from settings import SETTINGS
from web.i18n import t
from web.panels import Panel

MAP_JS = Namespace("cc", "map")
CENTER = (38.10, 106.34)  # Lingwu urban core
COUNTY_BOUNDS = [[37.58, 106.18], [38.36, 106.87]]  # E106°11'-106°52', N37°35'-38°21'


def base_map(map_id: str, geo_id: dict, *, zoom: int = 10, interactive: bool = True) -> dl.Map:
    """An offline map: the project's own vector layers; a raster tile URL only when configured."""
    layers = []
    if SETTINGS.tile_url:
        layers.append(dl.TileLayer(url=SETTINGS.tile_url, attribution=SETTINGS.tile_attribution))
    layers.append(
        dl.GeoJSON(
            id=geo_id,
            data={"type": "FeatureCollection", "features": []},
            style=MAP_JS("areaStyle"),
            pointToLayer=MAP_JS("pointToLayer"),
        )
    )
    return dl.Map(
        layers,
        id=map_id,
        center=CENTER,
        zoom=zoom,
        className="panel-map",
        zoomControl=interactive,
        dragging=interactive,
        scrollWheelZoom=interactive,
        attributionControl=bool(SETTINGS.tile_url),
    )


def panel_box(ids: PageIds, panel: Panel, lang: str) -> html.Section:
    """One panel: title, age badge (kept ticking by assets/app.js), body with its first-paint state."""
    if panel.kind == "map":
        body = base_map(f"{ids.page}-map-{panel.id}", ids.part("geo", panel.id), interactive=False)
        body = html.Div(body, className="panel-body")
    else:
        body = html.Div(
            html.Div(t("loading", lang), className="panel-loading"),
            id=ids.part("body", panel.id),
            className="panel-body",
        )
    title = html.H2(t(panel.title, lang), className="panel-title")
    if panel.href:
        title = dcc.Link(title, href=panel.href, className="panel-drill")
    return html.Section(
        [
            html.Header(
                [title, html.Span(className="panel-age", id=ids.part("meta", panel.id), **{"data-meta": ""})],
                className="panel-head",
            ),
            body,
        ],
        className=f"panel panel-{panel.kind} state-loading",
        style={"gridColumn": f"span {panel.width}", "gridRow": f"span {panel.height}"},
        **{"data-panel": panel.id},
    )


def panel_page(ids: PageIds, panels: list, lang: str, *, grid_class: str = "") -> html.Div:
    """A page of panels plus its refresh plumbing (interval, gate stores, hashes)."""
    return html.Div(
        [
            *ids.plumbing(),
            html.Div([panel_box(ids, p, lang) for p in panels], className=f"panel-grid {grid_class}"),
        ],
        className="panel-page",
    )
