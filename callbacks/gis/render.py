"""Pure renderers of the GIS page: frames in, GeoJSON and drawer children out (no I/O). Text is text."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
from dash import dcc, html

from data_access.geo import cone_polygon
from web.i18n import TR, t
from web.render import EMPTY_GEOJSON, camera_list


def tr(key: str, lang: str) -> str:
    """Translate a key that came from data; an unknown one is shown as its last word, never an error."""
    return t(key, lang) if key in TR else key.rsplit("_", 1)[-1]


def cones_geojson(cams: pd.DataFrame) -> dict:
    """View cones of individual cameras."""
    feats = [
        {
            "type": "Feature",
            "geometry": cone_polygon(r["lat"], r["lon"], r["heading"], r["view_angle"], r["range_m"]),
            "properties": {"layer": "cones", "key": str(r["id"]), "state": "online" if r["online"] else "offline"},
        }
        for r in cams.to_dict("records")
    ]
    return {"type": "FeatureCollection", "features": feats}


def areas_geojson(areas: pd.DataFrame, counts: pd.DataFrame) -> dict:
    """Grid areas with their counts (tickets, overdue, alerts) for the choropleth."""
    by_code = counts.set_index("code").to_dict("index") if not counts.empty else {}
    feats = []
    for rec in areas.to_dict("records"):
        if not rec.get("geometry"):
            continue
        c = by_code.get(rec["code"], {})
        props = {
            "layer": "grid",
            "key": rec["code"],
            "name": rec["name"],
            "level": int(rec["level"]),
            **{m: int(c.get(m, 0)) for m in ("tickets", "overdue", "alerts")},
        }
        feats.append({"type": "Feature", "geometry": rec["geometry"], "properties": props})
    return {"type": "FeatureCollection", "features": feats}


def selection_geojson(detail: dict | None) -> dict:
    """The selected point and a line to each of its nearest cameras."""
    if not detail:
        return EMPTY_GEOJSON
    here = [float(detail["lon"]), float(detail["lat"])]
    feats = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": here}, "properties": {"key": "sel"}}]
    for c in detail["cameras"].to_dict("records"):
        line = {"type": "LineString", "coordinates": [here, [float(c["lon"]), float(c["lat"])]]}
        feats.append({"type": "Feature", "geometry": line, "properties": {"key": str(c["id"])}})
    return {"type": "FeatureCollection", "features": feats}


def drawer(detail: dict | None, lang: str, *, error: str = "") -> list:
    """Drawer children: title, fields, lifecycle, nearest cameras (each with a link to its video view)."""
    if error or detail is None:
        return [html.P(t(error or "gis_not_found", lang), className="gis-drawer-empty")]
    rows = []
    for label, value, translate in detail["fields"]:
        rows += [html.Dt(t(label, lang)), html.Dd(tr(value, lang) if translate else str(value))]
    parts = [
        html.Div(t(f"gis_layer_{detail['kind']}", lang), className="gis-drawer-kind"),
        html.H3(str(detail["title"]), className="gis-drawer-title"),
        html.Dl(rows, className="gis-fields"),
    ]
    if detail["kind"] == "tickets":  # the ticket itself, in the 12345 page's drawer
        href = "/hotline?" + urlencode({"ticket": str(detail["key"])})
        parts.append(dcc.Link(t("gis_open_ticket", lang), href=href, className="shell-btn gis-open-ticket"))
    if detail.get("links"):  # 一铺一码 / 一户一码 pages (#16): plain hrefs the server built, never from a feed
        parts.append(
            html.P(
                [html.A(t(label, lang), href=href, className="gis-drawer-link") for label, href in detail["links"]],
                className="gis-drawer-links",
            )
        )
    if detail["timeline"]:
        steps = [
            html.Li([html.Time(at), html.Span(tr(action, lang), className="gis-step"), html.Span(note)])
            for at, action, note in detail["timeline"]
        ]
        parts += [html.H4(t("gis_timeline", lang)), html.Ol(steps, className="gis-timeline")]
    parts += [html.H4(t("gis_nearest", lang)), camera_list(detail["cameras"], lang, prefix="gis", view=True, link=True)]
    return parts


def status_line(counts: dict[str, int], as_of: str, lang: str) -> str:
    """`Showing: tickets 238 · cameras 2,028 … · As of 11-29 00:00` as plain text."""
    shown = " · ".join(f"{t('gis_layer_' + k, lang)} {v:,}" for k, v in counts.items())
    return f"{t('gis_shown', lang)}: {shown}  |  {t('gis_as_of', lang)} {as_of}"


def crumbs(path: pd.DataFrame, lang: str, id_of) -> list:
    """Breadcrumb buttons county > town > village; the last is the current level (not a button)."""
    out = []
    for i, rec in enumerate(path.to_dict("records")):
        if i == len(path) - 1:
            out.append(html.Span(str(rec["name"]), className="gis-crumb current"))
        else:
            out.append(html.Button(str(rec["name"]), id=id_of(rec["code"]), className="gis-crumb", n_clicks=0))
            out.append(html.Span("›", className="gis-crumb-sep"))
    out.append(html.Span(t("gis_drill_hint", lang), className="gis-crumb-hint"))
    return out
