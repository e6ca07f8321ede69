"""Pure renderers: data in, Dash children out (no I/O). Text from data is always rendered as text."""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import quote

import pandas as pd
from dash import dcc, html
from dash.development.base_component import Component

from web.i18n import t

FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif'
INK, MUTED, GRID = "#d6e4f5", "#7f93ad", "rgba(127,147,173,0.18)"
SERIES = ("#3fa7ff", "#2fd6c3", "#f5b94a", "#b38cff", "#ff7a8a")


def empty(lang: str) -> html.Div:
    return html.Div(t("no_data", lang), className="panel-empty")


def _delta(value: float, ref: float, label: str, lang: str, higher_is_good: bool = True) -> html.Span:
    if not ref:
        return html.Span(f"{t(label, lang)} —", className="kpi-delta flat")
    pct = (value - ref) / ref * 100
    good = (pct >= 0) == higher_is_good
    arrow = "▲" if pct > 0 else ("▼" if pct < 0 else "■")
    return html.Span(f"{t(label, lang)} {arrow}{abs(pct):.0f}%", className=f"kpi-delta {'good' if good else 'bad'}")


def kpi(
    value: float | None,
    unit_key: str,
    lang: str,
    *,
    yesterday: float | None = None,
    last_week: float | None = None,
    level: str = "normal",
    digits: int = 0,
    higher_is_good: bool = True,
    missing: str | None = None,
    labels: tuple[str, str] = ("vs_yesterday", "vs_last_week"),
    scope: str | None = None,
) -> html.Div:
    """The one KPI tile: big value, unit, trend vs yesterday and last week, threshold colour (level). A missing
    value shows the panel's "no data" state, or the `missing` placeholder in a tile (e.g. "—"). `labels` name what
    the trends compare (translation keys: by default the same time of day yesterday and last week); `scope` is a
    line of text saying what the number counts (which streams, which definition)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        if missing is None:
            return empty(lang)
        return html.Div(
            [missing, html.Div(scope, className="kpi-scope") if scope else None], className="kpi kpi-normal"
        )
    trend = []
    if yesterday is not None:
        trend.append(_delta(value, yesterday, labels[0], lang, higher_is_good))
    if last_week is not None:
        trend.append(_delta(value, last_week, labels[1], lang, higher_is_good))
    return html.Div(
        [
            html.Div(
                [
                    html.Span(f"{value:,.{digits}f}", className="kpi-value"),
                    html.Span(t(unit_key, lang), className="kpi-unit"),
                ],
                className="kpi-main",
            ),
            html.Div(trend, className="kpi-trend") if trend else None,
            html.Div(scope, className="kpi-scope") if scope else None,
        ],
        className=f"kpi kpi-{level}",
    )


def _layout(**extra) -> dict:
    """The dark chart layout as a plain dict (no plotly validation: a cold render stays a few ms)."""
    axis = {"gridcolor": GRID, "linecolor": GRID, "zerolinecolor": GRID, "color": MUTED}
    layout: dict[str, Any] = {
        "template": {"layout": {}},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": FONT, "color": INK, "size": 14},
        "margin": {"l": 48, "r": 16, "t": 8, "b": 36},
        "legend": {"orientation": "h", "y": 1.08, "x": 0, "font": {"color": MUTED}},
        "xaxis": dict(axis),
        "yaxis": dict(axis),
        "hoverlabel": {"font": {"family": FONT}},
        "uirevision": "keep",
    }
    for key, value in extra.items():
        layout[key] = {**layout.get(key, {}), **value} if isinstance(value, dict) else value
    return layout


def graph(figure: dict) -> dcc.Graph:
    return dcc.Graph(figure=figure, config={"displayModeBar": False, "responsive": True}, className="panel-graph")


def _values(series: pd.Series) -> list:
    return [v.isoformat() if hasattr(v, "isoformat") else v for v in series.tolist()]


def series(df: pd.DataFrame, lang: str, *, x: str, y: str, by: str, label_prefix: str) -> object:
    """Time series, one line per value of `by`."""
    if df.empty or df[y].sum() == 0:
        return empty(lang)
    traces = []
    for i, (key, part) in enumerate(df.groupby(by, sort=False)):
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": _values(part[x]),
                "y": part[y].tolist(),
                "name": t(f"{label_prefix}{key}", lang),
                "line": {"width": 3, "color": SERIES[i % len(SERIES)], "shape": "spline"},
                **({"fill": "tozeroy", "fillcolor": "rgba(63,167,255,0.10)"} if i == 0 else {}),
            }
        )
    dated = hasattr(df[x].iloc[0], "isoformat")
    fmt = {"tickformat": "%-m月%-d日" if lang == "zh" else "%b %-d", "hoverformat": "%Y-%m-%d"} if dated else {}
    return graph({"data": traces, "layout": _layout(xaxis=fmt)})  # dates read in the page's language


def ranking(df: pd.DataFrame, lang: str, *, label: str, value: str) -> object:
    """Horizontal bars, largest on top."""
    if df.empty:
        return empty(lang)
    d = df.sort_values(value)
    bars = {
        "type": "bar",
        "orientation": "h",
        "x": d[value].tolist(),
        "y": d[label].astype(str).tolist(),
        "marker": {"color": SERIES[0]},
        "text": d[value].tolist(),
        "textposition": "outside",
        "cliponaxis": False,
    }
    return graph(
        {"data": [bars], "layout": _layout(margin={"l": 8, "r": 40, "t": 4, "b": 24}, yaxis={"automargin": True})}
    )


def feed(
    df: pd.DataFrame, lang: str, columns: list[str], status_col: str | None = None, link: str | None = "ticket_no"
) -> object:
    """A glanceable list (auto-paged by assets/app.js, never a scrollbar). Cells are plain text."""
    if df.empty:
        return empty(lang)
    rows = []
    for rec in df.to_dict("records"):
        cells = []
        for col in columns:
            val = rec[col]
            if col == status_col:
                cells.append(html.Span(t(f"st_{val}", lang), className=f"feed-status st-{val}"))
            else:
                cells.append(html.Span(str(val), className=f"feed-{col}"))
        row = html.Li(cells, className="feed-row")
        if link is not None and rec.get(link):
            row = html.Li(
                dcc.Link(cells, href=f"/hotline?ticket={rec[link]}", className="feed-link"),
                className="feed-row feed-row-link",
            )
        rows.append(row)
    # why the ignores here and in camera_list: Dash's typed signatures have no data-* props; **{...} passes them
    return html.Ul(rows, className=f"feed feed-cols-{len(columns)}", **{"data-autopage": "1"})  # type: ignore[arg-type]


EMPTY_GEOJSON = {"type": "FeatureCollection", "features": []}


def points_geojson(df: pd.DataFrame, layer: str = "", *, kind_col: str | None = None) -> dict:
    """Points as GeoJSON whose properties carry only layer, kind, state and counts (never personal data).

    Columns: lat, lon, and `state` (or `overdue`: True -> "overdue", else "ok"). With a `key` column (the map's
    aggregated points: key, n and n_<state> per cluster) each row is one Point with layer, key, n, state and, for
    clusters, its n_<state> counts. Without one (the panel maps' plain points), rows in a run with the same kind and
    state share one MultiPoint feature: Leaflet draws each of its coordinates through pointToLayer, in order, so the
    map shows the same markers for a fraction of the bytes."""
    if "state" in df.columns:
        states = df["state"].astype(str).tolist()
    else:
        states = ["overdue" if late else "ok" for late in df["overdue"].tolist()]
    lats, lons = df["lat"].astype(float).round(6).tolist(), df["lon"].astype(float).round(6).tolist()
    features: list[dict] = []
    if "key" in df.columns:
        extra = [c for c in df.columns if c.startswith("n_")]
        for rec, state, lat, lon in zip(df.to_dict("records"), states, lats, lons, strict=True):
            props = {"layer": layer, "key": str(rec["key"]), "n": int(rec["n"]), "state": state}
            if props["n"] > 1:
                props |= {c: int(rec[c]) for c in extra}
            features.append(
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}
            )
        return {"type": "FeatureCollection", "features": features}
    kinds = df[kind_col].astype(str).tolist() if kind_col else [""] * len(df)
    last = None
    for lat, lon, kind, state in zip(lats, lons, kinds, states, strict=True):
        if (kind, state) != last:
            coords: list[list[float]] = []
            props = {"layer": layer, "kind": kind, "state": state}
            features.append(
                {"type": "Feature", "geometry": {"type": "MultiPoint", "coordinates": coords}, "properties": props}
            )
            last = (kind, state)
        coords.append([lon, lat])
    return {"type": "FeatureCollection", "features": features}


def outlines_geojson(df: pd.DataFrame) -> dict:
    """Area outlines (columns code, name, geometry) with their names and codes (labels are plain text)."""
    feats = [
        {
            "type": "Feature",
            "geometry": rec["geometry"],
            "properties": {"name": rec["name"], "code": rec["code"], "key": rec["code"]},
        }
        for rec in df.to_dict("records")
        if rec.get("geometry")
    ]
    return {"type": "FeatureCollection", "features": feats}


def camera_list(df: pd.DataFrame, lang: str, *, prefix: str, view: bool = False, link: bool = False) -> object:
    """The nearest cameras (columns id, name, online, distance_m, and in_view for `view`), nearest first: name,
    distance, on/offline, optionally whether the point is in the camera's view and a link to its video. Classes
    start with `prefix` (each page styles its own list)."""
    if df.empty:
        return html.Div(t("no_data", lang), className=f"{prefix}-muted")
    rows = []
    for rec in df.to_dict("records"):
        on = bool(rec["online"])
        cells: list[Component] = [
            html.Span(str(rec["name"]), className=f"{prefix}-cam-name"),
            html.Span(t("meters", lang, n=f"{float(rec['distance_m']):,.0f}"), className=f"{prefix}-cam-dist"),
        ]
        if view:
            seen = bool(rec["in_view"])
            cells.append(
                html.Span(
                    t("cam_in_view" if seen else "cam_out_view", lang),
                    className=f"{prefix}-cam-view {'yes' if seen else 'no'}",
                )
            )
        cells.append(
            html.Span(
                t("cam_online" if on else "cam_offline", lang),
                className=f"{prefix}-cam-state {prefix}-cam-{'on' if on else 'off'}",
            )
        )
        if link:
            cells.append(
                dcc.Link(
                    t("cam_open_video", lang),
                    href=f"/video?camera={quote(str(rec['id']), safe='')}",
                    className=f"{prefix}-cam-link",
                )
            )
        rows.append(html.Li(cells, className=f"{prefix}-cam", **{"data-camera": str(rec["id"])}))  # type: ignore[arg-type]
    return html.Ul(rows, className=f"{prefix}-cams")


# ---- the wall's city map (assets/wall_map.js draws it: each feature's `layer` picks its style) -----------------
def _rounded(coords: Any, digits: int = 5) -> Any:
    if isinstance(coords, list | tuple):
        if coords and isinstance(coords[0], int | float):
            return [round(float(c), digits) for c in coords]
        return [_rounded(c, digits) for c in coords]
    return coords


def _feature(geometry: dict, **props: Any) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": props}


def _point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [round(float(lon), 5), round(float(lat), 5)]}


def _multipoint(df: pd.DataFrame) -> dict:
    coords = [[round(float(x), 5), round(float(y), 5)] for x, y in zip(df["lon"], df["lat"], strict=True)]
    return {"type": "MultiPoint", "coordinates": coords}


def city_map_geojson(data: dict[str, pd.DataFrame]) -> dict:
    """The wall's city map as one FeatureCollection, drawn in order (areas under points, labels last):
    village heat (layer "heat": n, overdue, heat 0..1 against the busiest village), town outlines ("town"),
    cameras ("camera", state online|offline, one MultiPoint each), open tickets ("ticket": kind hotline|cm, state
    ok|overdue), unreviewed AI alerts ("alert": severity), active incidents ("incident": level), the events of the
    last minutes ("pulse": key, kind; assets/wall_map.js pulses each key once) and town names ("label": name, n).
    Properties carry only layers, states, counts and place names: never personal data."""
    features: list[dict] = []
    villages, towns = data["villages"], data["towns"]
    top = max(1, int(villages["n"].max())) if not villages.empty else 1
    for rec in villages.to_dict("records"):
        if rec.get("geometry"):
            heat = round(math.sqrt(int(rec["n"]) / top), 3)
            features.append(
                _feature(
                    _rounded(rec["geometry"]), layer="heat", n=int(rec["n"]), overdue=int(rec["overdue"]), heat=heat
                )
            )
    per_town: dict[str, int] = {}
    for code, n in zip(villages["code"], villages["n"], strict=True):
        per_town[str(code)[:9]] = per_town.get(str(code)[:9], 0) + int(n)
    for rec in towns.to_dict("records"):
        if rec.get("geometry"):
            features.append(_feature(_rounded(rec["geometry"]), layer="town", code=str(rec["code"])))
    cams = data["cameras"]
    for state, part in (("online", cams[cams["online"]]), ("offline", cams[~cams["online"]])):
        if not part.empty:
            features.append(_feature(_multipoint(part), layer="camera", state=state))
    tickets = data["tickets"]
    for (kind, late), part in tickets.groupby(["stream", "overdue"], sort=True):
        features.append(_feature(_multipoint(part), layer="ticket", kind=str(kind), state="overdue" if late else "ok"))
    alerts = data["alerts"]
    for rec in alerts.to_dict("records"):
        features.append(_feature(_point(rec["lon"], rec["lat"]), layer="alert", severity=int(rec["severity"])))
    for rec in data["incidents"].to_dict("records"):
        features.append(_feature(_point(rec["lon"], rec["lat"]), layer="incident", level=int(rec["level"])))
    recent = [("ticket", r) for r in tickets[tickets["recent"]].to_dict("records")]
    recent += [("alert", r) for r in alerts[alerts["recent"]].to_dict("records")]
    for kind, rec in recent:
        features.append(_feature(_point(rec["lon"], rec["lat"]), layer="pulse", kind=kind, key=str(rec["key"])))
    for rec in towns.to_dict("records"):
        label = {"name": str(rec["name"]), "n": per_town.get(str(rec["code"]), 0)}
        features.append(_feature(_point(rec["lon"], rec["lat"]), layer="label", **label))
    return {"type": "FeatureCollection", "features": features}


def place_geojson(data: dict[str, pd.DataFrame], lat: float, lon: float, cameras: pd.DataFrame) -> dict:
    """A place on the wall's map layers (the takeover): grid cells ("cell") and villages ("village") around it,
    town outlines ("town"), the nearest cameras ("near": online) and the alarm itself ("spot"), with the names of
    the villages ("label")."""
    features: list[dict] = []
    for layer in ("cells", "villages"):
        for rec in data[layer].to_dict("records"):
            if rec.get("geometry"):
                features.append(_feature(_rounded(rec["geometry"]), layer=layer[:-1]))
    for rec in data["towns"].to_dict("records"):
        if rec.get("geometry"):
            features.append(_feature(_rounded(rec["geometry"]), layer="town", code=str(rec["code"])))
    for rec in data["villages"].to_dict("records"):
        features.append(_feature(_point(rec["lon"], rec["lat"]), layer="label", name=str(rec["name"]), small=True))
    for rec in cameras.to_dict("records"):
        if rec.get("lat") is not None:
            features.append(_feature(_point(rec["lon"], rec["lat"]), layer="near", online=bool(rec["online"])))
    features.append(_feature(_point(lon, lat), layer="spot"))
    return {"type": "FeatureCollection", "features": features}
