"""水务专题 water affairs (/theme/water): panels over one read of the water state (zones against their forecast
band, burst and leak alarms, GB 5749-2022 quality, the Yellow River, waterlogging), and the officer's dispatch
that turns an alert into a work order."""

from __future__ import annotations

import math

import pandas as pd
from dash import ALL, Input, Output, callback, ctx, html, no_update

from callbacks.refresh import register_page_refresh
from data_access import queries
from data_access.masking import is_public
from data_access.roles import SEAT_ROLES
from data_access.themes import water
from data_access.worktime import to_local
from web import render as r
from web.auth import actor, allow
from web.commands import themes as cmd
from web.commands.base import Refused, execute
from web.context import db_url
from web.i18n import current_lang, refusal, t
from web.panels import Panel, ReadContext

PAGE = "theme_water"


class ID:
    RESULT = "theme_water-order-result"

    @staticmethod
    def order(key: str) -> dict:
        return {"type": "theme_water-order", "key": key}


def read_water(s, ctx: ReadContext) -> dict:
    """The page's one read (shared by its panels): the water state, and whether the reader may dispatch."""
    return {**water.overview(s, ctx.now), "towns": queries.town_outlines(s), "can_order": not is_public(ctx.role)}


def _n(v) -> float | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def _fmt(v, digits: int = 1) -> str:
    v = _n(v)
    return "—" if v is None else f"{v:,.{digits}f}"


def _table(head: list[str], rows: list[list], lang: str, cls: str = "") -> html.Table | html.Div:
    if not rows:
        return r.empty(lang)
    return html.Table(
        [
            html.Thead(html.Tr([html.Th(h) for h in head])),
            html.Tbody([html.Tr([c if isinstance(c, html.Td) else html.Td(c) for c in row]) for row in rows]),
        ],
        className=f"theme-table {cls}",
    )


def _state(state: str, lang: str) -> html.Td:
    return html.Td(t(f"theme_water_state_{state}", lang), className=f"theme-state st-{state}")


# ---- KPI tiles --------------------------------------------------------------------------------------------------
def render_kpi_zones(data: dict, lang: str):
    z = data["zones"]
    if z.empty:
        return r.empty(lang)
    bad = int((z["state"] != "ok").sum())
    tile = r.kpi(len(z), "theme_unit_zones", lang, level="warn" if bad else "normal")
    return html.Div([tile, html.Div(t("theme_water_abnormal", lang, n=bad), className="theme-sub")])


def render_kpi_alarms(data: dict, lang: str):
    d = data["detections"]
    active = int(d["active"].sum()) if not d.empty else 0
    return html.Div(
        [
            r.kpi(active, "theme_unit_alarms", lang, level="alarm" if active else "normal"),
            html.Div(t("theme_water_week", lang, n=len(d)), className="theme-sub"),
        ]
    )


def render_kpi_quality(data: dict, lang: str):
    q = data["quality"]
    live = q[q["state"] != "silent"]
    if live.empty:
        return r.empty(lang)
    rate = 100 * float((live["state"] != "exceeded").mean())
    return r.kpi(rate, "unit_pct", lang, digits=1, level="normal" if rate == 100 else "warn")


def render_kpi_river(data: dict, lang: str):
    rv = data["river"].dropna(subset=["level"])
    if rv.empty:
        return r.empty(lang)
    top = float(rv["level"].max())
    level = "alarm" if top >= water.RIVER_GUARANTEE else "warn" if top >= water.RIVER_WARNING else "normal"
    return html.Div(
        [
            html.Div(
                html.Div(
                    [
                        html.Span(f"{top:.2f}", className="kpi-value"),
                        html.Span(t("theme_unit_m", lang), className="kpi-unit"),
                    ],
                    className="kpi-main",
                ),
                className=f"kpi kpi-{level}",
            ),
            html.Div(t("theme_water_warning_level", lang, n=f"{water.RIVER_WARNING:.1f}"), className="theme-sub"),
        ]
    )


def render_kpi_waterlog(data: dict, lang: str):
    w = data["waterlog"]
    if w.empty:
        return r.empty(lang)
    red, amber = int((w["state"] == "red").sum()), int((w["state"] == "amber").sum())
    return html.Div(
        [
            r.kpi(red + amber, "theme_unit_points", lang, level="alarm" if red else "warn" if amber else "normal"),
            html.Div(
                f"{t('theme_water_state_red', lang)} {red} · {t('theme_water_state_amber', lang)} {amber}",
                className="theme-sub",
            ),
        ]
    )


# ---- tables -----------------------------------------------------------------------------------------------------
def render_zones(data: dict, lang: str):
    z = data["zones"]
    rows = [
        [
            rec["name"],
            _fmt(rec["flow"]),
            _fmt(rec["expected"]),
            _fmt(rec["upper"]),
            _fmt(rec["factor"], 2),
            _fmt(rec["pressure"], 3),
            _state(rec["state"], lang),
        ]
        for rec in z.to_dict("records")
    ]
    head = ["zone", "flow", "expected", "upper", "factor", "pressure", "state"]
    return _table([t(f"theme_water_col_{h}", lang) for h in head], rows, lang)


def render_band(data: dict, lang: str):
    """The zone most outside its band (or the first one): measured flow against the forecast and its band."""
    b = data["band"]
    if b.empty or b["expected"].isna().all():
        return r.empty(lang)
    worst = b.dropna(subset=["factor"]).sort_values("at").groupby("zone").tail(3)
    zone = worst.groupby("zone")["factor"].mean().idxmax() if not worst.empty else b["zone"].iloc[0]
    part = b[b["zone"] == zone].sort_values("at")
    x = [to_local(pd.Timestamp(v).to_pydatetime()).strftime("%m-%d %H:%M") for v in part["at"]]

    def ys(col: str) -> list:
        return [None if pd.isna(v) else round(float(v), 1) for v in part[col]]

    traces = [
        {"type": "scatter", "mode": "lines", "x": x, "y": ys("lower"), "name": t("theme_water_lower", lang),
         "line": {"width": 0, "color": "rgba(47,214,195,0.0)"}, "showlegend": False, "hoverinfo": "skip"},
        {"type": "scatter", "mode": "lines", "x": x, "y": ys("upper"), "name": t("theme_water_upper", lang),
         "fill": "tonexty", "fillcolor": "rgba(47,214,195,0.16)", "line": {"width": 1, "color": "rgba(47,214,195,0.6)"}},
        {"type": "scatter", "mode": "lines", "x": x, "y": ys("expected"), "name": t("theme_water_expected", lang),
         "line": {"width": 2, "dash": "dot", "color": "#2fd6c3"}},
        {"type": "scatter", "mode": "lines", "x": x, "y": ys("flow"), "name": t("theme_water_flow", lang),
         "line": {"width": 3, "color": "#f5b94a"}},
    ]  # fmt: skip
    name = data["zones"].set_index("code")["name"].get(zone, zone)
    layout = r._layout(margin={"l": 56, "r": 16, "t": 30, "b": 40}, xaxis={"nticks": 8})
    layout["title"] = {"text": str(name), "font": {"size": 15, "color": r.MUTED}, "x": 0.01, "y": 0.98}
    return html.Div(
        [r.graph({"data": traces, "layout": layout}), html.Div(t("theme_water_method", lang), className="theme-note")],
        className="theme-band",
    )


def render_alerts(data: dict, lang: str):
    a = data["alerts"]
    if a.empty:
        return html.Div(t("theme_water_no_alerts", lang), className="panel-empty")
    items = []
    for rec in a.head(12).to_dict("records"):
        if rec["kind"] == "quality":
            what = t("theme_water_reading_limit", lang, v=_fmt(rec["value"], 2), limit=rec["limit"])
        else:
            what = t("theme_water_excess", lang, n=_fmt(rec["excess"], 0))
        if rec["ticket_no"]:
            action = html.Span(t("theme_water_ordered", lang, ticket=rec["ticket_no"]), className="theme-ordered")
        elif data["can_order"]:
            action = html.Button(
                t("theme_water_order", lang), id=ID.order(rec["key"]), n_clicks=0, className="theme-order"
            )
        else:
            action = None
        items.append(
            html.Li(
                [
                    html.Span(t(f"theme_water_kind_{rec['kind']}", lang), className=f"theme-kind k-{rec['kind']}"),
                    html.Span(t("theme_water_large", lang), className="theme-large") if rec["large"] else None,
                    html.Span(str(rec["name"]), className="theme-alert-name"),
                    html.Span(what, className="theme-alert-what"),
                    html.Span(to_local(pd.Timestamp(rec["at"]).to_pydatetime()).strftime("%m-%d %H:%M"),
                              className="theme-alert-at"),
                    action,
                ],
                className="theme-alert" + (" active" if rec["active"] else ""),
                **{"data-alert": rec["key"]},
            )
        )  # fmt: skip
    return html.Ul(items, className="theme-alerts")


def render_quality(data: dict, lang: str):
    """Per parameter: its GB 5749-2022 limit, the range of the readings now and how many sites exceed it; then
    the sites that do."""
    q = data["quality"]
    if q.empty:
        return r.empty(lang)
    rows = []
    for param, part in q.groupby("param", sort=False):
        vals = part["value"].dropna()
        bad = int((part["state"] == "exceeded").sum())
        spread = f"{vals.min():.2f} – {vals.max():.2f}" if not vals.empty else "—"
        state = "exceeded" if bad else "ok"
        rows.append([str(param), part["limit"].iloc[0], spread, f"{len(part) - bad}/{len(part)}", _state(state, lang)])
    for rec in q[q["state"] == "exceeded"].to_dict("records"):
        rows.append([html.Td(rec["name"], className="theme-bad-site"), rec["limit"], _fmt(rec["value"], 2), "",
                     _state("exceeded", lang)])  # fmt: skip
    head = ["param", "limit", "value", "sites_ok", "state"]
    return _table([t(f"theme_water_col_{h}", lang) for h in head], rows, lang, "theme-table-dense")


def render_river(data: dict, lang: str):
    rv = data["river"]
    rows = [
        [
            rec["name"],
            "—" if _n(rec["level"]) is None else f"{rec['level']:.2f}",
            f"{rec['warning']:.1f} / {rec['guarantee']:.1f}",
            _state(rec["state"], lang),
        ]
        for rec in rv.to_dict("records")
    ]
    head = ["site", "level", "warning", "state"]
    return html.Div(
        [
            _table([t(f"theme_water_col_{h}", lang) for h in head], rows, lang),
            html.Div(t("theme_water_synthetic", lang), className="theme-note"),
        ]
    )


def render_waterlog(data: dict, lang: str):
    w = data["waterlog"].sort_values(["state", "rain"], ascending=[True, False])
    order = {"red": 0, "amber": 1, "ok": 2}
    w = w.assign(o=w["state"].map(order)).sort_values(["o", "rain"], ascending=[True, False])
    rows = [
        [rec["name"], _fmt(rec["rain"]), _fmt(rec["depth"]), _state(rec["state"], lang)]
        for rec in w.head(8).to_dict("records")
    ]
    head = ["site", "rain", "depth", "state"]
    return _table([t(f"theme_water_col_{h}", lang) for h in head], rows, lang, "theme-table-dense")


def render_map(data: dict, _lang: str) -> dict:
    """Zones (tone by band state), quality sensors and waterlogging points as map points (no personal data)."""
    tone = {"ok": "ok", "high": "red", "silent": "muted", "exceeded": "red", "spike": "amber", "amber": "amber",
            "red": "red"}  # fmt: skip
    feats = list(r.outlines_geojson(data["towns"])["features"])
    for rec in data["waterlog"].to_dict("records"):
        feats.append(_point(rec["lon"], rec["lat"], "waterlog", tone.get(rec["state"], "ok")))
    for rec in data["zones"].to_dict("records"):
        feats.append(_point(rec["lon"], rec["lat"], "zone", tone.get(rec["state"], "ok"), radius=9))
    return {"type": "FeatureCollection", "features": feats}


def _point(lon: float, lat: float, kind: str, tone: str, radius: int = 5) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(float(lon), 6), round(float(lat), 6)]},
        "properties": {"layer": "water", "kind": kind, "tone": tone, "radius": radius},
    }


PANELS = [
    Panel("zones-kpi", "theme_water_kpi_zones", read_water, render_kpi_zones, width=2),
    Panel("alarms-kpi", "theme_water_kpi_alarms", read_water, render_kpi_alarms, width=2),
    Panel("quality-kpi", "theme_water_kpi_quality", read_water, render_kpi_quality, width=3),
    Panel("river-kpi", "theme_water_kpi_river", read_water, render_kpi_river, width=3),
    Panel("waterlog-kpi", "theme_water_kpi_waterlog", read_water, render_kpi_waterlog, width=2),
    Panel("band", "theme_water_band", read_water, render_band, kind="series", width=7, height=2),
    Panel("alerts", "theme_water_alerts", read_water, render_alerts, kind="feed", width=5, height=2),
    Panel("zones", "theme_water_zones", read_water, render_zones, kind="table", width=5, height=2),
    Panel("map", "theme_water_map", read_water, render_map, kind="map", width=3, height=2, href="/gis"),
    Panel("quality", "theme_water_quality", read_water, render_quality, kind="table", width=4, height=2),
    Panel("river", "theme_water_river", read_water, render_river, kind="table", width=6, height=1),
    Panel("waterlog", "theme_water_waterlog", read_water, render_waterlog, kind="table", width=6, height=1),
]
IDS = register_page_refresh(PAGE, PANELS)


@callback(Output(ID.RESULT, "children"), Input(ID.order(ALL), "n_clicks"), prevent_initial_call=True)
@allow(*SEAT_ROLES, acts=True)
def dispatch_water_alert(clicks):
    """Turn one water alert into a work order (audited); a second click, or someone else's, changes nothing."""
    key = (ctx.triggered_id or {}).get("key", "")
    if not any(clicks or []) or not isinstance(key, str):
        return no_update
    lang = current_lang()
    key = key[:80]
    try:
        res = execute(db_url(), actor(), "water_order", key, lambda s: cmd.order_water_alert(s, actor(), key))
    except Refused as ref:
        return refusal(ref.code, ref.detail, lang)
    return t("theme_water_done" if res.outcome == "done" else "theme_water_already", lang, ticket=res.ticket_no)
