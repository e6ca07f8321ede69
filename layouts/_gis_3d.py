"""The 3D core view of the GIS page: one deck.gl canvas built once (terrain, buildings, hotspot and incident
columns); callbacks fill its layers' data. settings.city_3d_url plugs in real oblique photography later."""

from __future__ import annotations

from dash import dcc, html
from deckgl_dash import DeckGL

from callbacks.gis.city3d import VIEW
from callbacks.gis.gis import ID
from settings import SETTINGS
from web.i18n import t


def _layers() -> list[dict]:
    base = {"data": [], "pickable": False}
    layers = [
        {
            "@@type": "PolygonLayer",
            "id": "terrain",
            **base,
            "getPolygon": "@@=polygon",
            "extruded": True,
            "getElevation": "@@=elev",
            "getFillColor": "@@=color",
            "stroked": False,
        },
    ]
    url = SETTINGS.city_3d_url
    if url.lower().endswith((".glb", ".gltf")):  # one mesh of the core, placed at its centre
        layers.append(
            {
                "@@type": "ScenegraphLayer",
                "id": "mesh",
                "data": [{"position": [VIEW["longitude"], VIEW["latitude"]]}],
                "scenegraph": url,
                "getPosition": "@@=position",
                "sizeScale": 1,
                "_lighting": "pbr",
            }
        )
    elif url:  # a 3D Tiles tileset.json
        layers.append({"@@type": "Tile3DLayer", "id": "tiles3d", "data": url})
    else:
        layers.append(
            {
                "@@type": "PolygonLayer",
                "id": "buildings",
                **base,
                "getPolygon": "@@=polygon",
                "extruded": True,
                "getElevation": "@@=height",
                "getFillColor": "@@=color",
                "stroked": False,
            }
        )
    layers += [
        {
            "@@type": "ColumnLayer",
            "id": "hotspots",
            **base,
            "getPosition": "@@=position",
            "getElevation": "@@=h",
            "radius": 35,
            "diskResolution": 16,
            "getFillColor": [255, 178, 64, 215],
            "extruded": True,
        },
        {
            "@@type": "ColumnLayer",
            "id": "incidents",
            **base,
            "getPosition": "@@=position",
            "getElevation": "@@=h",
            "radius": 45,
            "diskResolution": 16,
            "getFillColor": [255, 72, 88, 240],
            "extruded": True,
        },
    ]
    return layers


def view_3d(lang: str) -> html.Div:
    def slider(id_, label, lo, hi, value):
        return html.Label(
            [
                html.Span(t(label, lang)),
                dcc.Slider(id=id_, min=lo, max=hi, step=5, value=value, marks=None, className="gis-3d-slider"),
            ]
        )

    return html.Div(
        [
            DeckGL(
                id=ID.DECK,
                layers=_layers(),
                initial_view_state=VIEW,
                controller=True,
                style={"position": "absolute", "inset": "0", "height": "100%", "width": "100%"},
            ),
            html.Div(
                [
                    html.H2(t("gis_3d_title", lang), className="gis-3d-title"),
                    slider(ID.PITCH, "gis_3d_pitch", 0, 75, VIEW["pitch"]),
                    slider(ID.BEARING, "gis_3d_bearing", -180, 180, VIEW["bearing"]),
                    html.Button(t("gis_3d_reset", lang), id=ID.RESET, className="gis-play gis-3d-reset", n_clicks=0),
                    html.Ul(
                        [
                            html.Li(t(k, lang), className=f"gis-3d-key {k}")
                            for k in ("gis_3d_buildings", "gis_3d_hotspots", "gis_3d_incidents")
                        ],
                        className="gis-legend",
                    ),
                    html.P(t("gis_3d_note", lang), className="gis-note"),
                    html.Span(id=ID.INFO3D, className="gis-3d-info"),
                ],
                className="gis-3d-panel",
            ),
        ],
        id=ID.VIEW3D,
        className="gis-3d",
        hidden=True,
    )
