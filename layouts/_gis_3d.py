"""The 3D core view container of the GIS page (filled in by callbacks/_gis_3d.py)."""

from dash import html

from callbacks.gis import ID


def view_3d(lang: str) -> html.Div:
    return html.Div(id=ID.VIEW3D, className="gis-3d", hidden=True)
