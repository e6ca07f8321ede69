"""数字乡村 digital village (/theme/village): panels over one read of the villages: their tickets and cameras, 三务公开
by quarter, 灵武长枣 orchards, and canal irrigation against each village's allocation, projected to the season's end."""

from __future__ import annotations

import pandas as pd
from dash import html

from callbacks.refresh import register_page_refresh
from data_access import queries
from data_access.themes import village
from web import render as r
from web.i18n import t
from web.panels import Panel, ReadContext

PAGE = "theme_village"


def read_village(s, ctx: ReadContext) -> dict:
    """The page's one read (no personal data)."""
    return {**village.overview(s, ctx.now), "towns": queries.town_outlines(s)}


def _table(head: list[str], rows: list[list], lang: str, cls: str = "") -> object:
    if not rows:
        return r.empty(lang)
    return html.Table(
        [
            html.Thead(html.Tr([html.Th(h) for h in head])),
            html.Tbody([html.Tr([c if isinstance(c, html.Td) else html.Td(c) for c in row]) for row in rows]),
        ],
        className=f"theme-table {cls}",
    )


def _sub(text: str) -> html.Div:
    return html.Div(text, className="theme-sub")


def render_kpi_villages(data: dict, lang: str):
    v = data["villages"]
    return html.Div(
        [
            r.kpi(len(v), "theme_vil_unit_villages", lang),
            _sub(f"{int(v['population'].sum()):,} 人" if not v.empty else ""),
        ]
    )


def render_kpi_disclosure(data: dict, lang: str):
    d = data["disclosures"]
    if d.empty:
        return r.empty(lang)
    rate = 100 * float((d["state"] == "on_time").mean())
    return html.Div(
        [
            r.kpi(rate, "unit_pct", lang, digits=1, level="normal" if rate >= 90 else "warn"),
            _sub(t("theme_vil_kpi_disclosure", lang, p=d["period"].iloc[0])),
        ]
    )


def render_kpi_cameras(data: dict, lang: str):
    v = data["villages"]
    total = int(v["cameras"].sum()) if not v.empty else 0
    if not total:
        return r.empty(lang)
    rate = 100 * int(v["cameras_online"].sum()) / total
    return html.Div(
        [r.kpi(rate, "unit_pct", lang, digits=1, level="normal" if rate >= 95 else "warn"), _sub(f"{total:,} 路")]
    )


def render_kpi_jujube(data: dict, lang: str):
    j = data["jujube"]
    hint = t("theme_vil_jujube_hint", lang, n=j["villages"], t=f"{j['expected_t']:,}",
             stage=t(f"theme_vil_stage_{j['stage']}", lang))  # fmt: skip
    return html.Div([r.kpi(j["mu"], "theme_vil_unit_mu", lang), _sub(hint)])


def render_kpi_irrigation(data: dict, lang: str):
    irr, se = data["irrigation"], data["season"]
    if irr.empty:
        return r.empty(lang)
    red = int((irr["state"] == "red").sum())
    hint = t("theme_vil_irr_hint", lang, season=t(f"theme_vil_season_{se['name']}", lang),
             start=se["start"].strftime("%m-%d"), end=se["end"].strftime("%m-%d"),
             state=t("theme_vil_running" if se["running"] else "theme_vil_closed", lang))  # fmt: skip
    return html.Div([r.kpi(red, "theme_vil_unit_villages", lang, level="alarm" if red else "normal"), _sub(hint)])


def render_irrigation(data: dict, lang: str):
    """The 15 villages furthest over (projected): used and projected against their allocation (= 100 %)."""
    irr = data["irrigation"]
    if irr.empty or not irr["used"].sum():
        return r.empty(lang)
    top = irr.sort_values("projected_share", ascending=False).head(15).iloc[::-1]
    colors = [{"red": "#ff5d6c", "amber": "#f5b94a"}.get(s, "#2fd6c3") for s in top["state"]]
    traces = [
        {"type": "bar", "orientation": "h", "y": top["name"].tolist(), "x": top["share"].tolist(),
         "name": t("theme_vil_col_share", lang), "marker": {"color": colors}},
        {"type": "scatter", "mode": "markers", "y": top["name"].tolist(), "x": top["projected_share"].tolist(),
         "name": t("theme_vil_projected", lang), "marker": {"symbol": "diamond", "size": 10, "color": "#d6e4f5"}},
        {"type": "scatter", "mode": "lines", "y": [top["name"].iloc[0], top["name"].iloc[-1]], "x": [100, 100],
         "name": t("theme_vil_allocated", lang), "line": {"dash": "dash", "color": "#7f93ad"}},
    ]  # fmt: skip
    layout = r._layout(
        margin={"l": 8, "r": 16, "t": 24, "b": 28}, yaxis={"automargin": True}, xaxis={"ticksuffix": "%"}
    )
    return r.graph({"data": traces, "layout": layout})


def _st(state: str, lang: str) -> html.Td:
    tone = {"on_time": "ok", "late": "amber", "missing": "red"}[state]
    return html.Td(t(f"theme_vil_st_{state}", lang), className=f"theme-state st-{tone}")


def render_disclosure(data: dict, lang: str):
    d = data["disclosures"]
    if d.empty:
        return r.empty(lang)
    bad = d[d["state"] != "on_time"].assign(o=lambda x: x["state"].map({"missing": 0, "late": 1})).sort_values("o")
    if bad.empty:
        return html.Div(t("theme_vil_all_on_time", lang, p=d["period"].iloc[0]), className="panel-empty")
    rows = [[rec["name"], _st(rec["party"], lang), _st(rec["affairs"], lang), _st(rec["finance"], lang)]
            for rec in bad.head(10).to_dict("records")]  # fmt: skip
    head = [f"{t('theme_vil_col_name', lang)} · {d['period'].iloc[0]}"] + [
        t(f"theme_vil_col_{k}", lang) for k in village.KINDS
    ]
    return _table(head, rows, lang, "theme-table-dense")


def render_villages(data: dict, lang: str):
    v = data["villages"]
    if v.empty:
        return r.empty(lang)
    irr = data["irrigation"].set_index("code")
    top = v.sort_values(["tickets", "code"], ascending=[False, True]).head(10)
    rows = []
    for rec in top.to_dict("records"):
        share = irr["projected_share"].get(rec["code"])
        rows.append(
            [rec["name"], rec["town"], f"{rec['households']:,}", rec["tickets"], rec["village_affairs"],
             f"{rec['cameras_online']}/{rec['cameras']}", f"{rec['jujube_mu']:,.0f}",
             "—" if share is None or pd.isna(share) else f"{share:.0f}%"]
        )  # fmt: skip
    head = ["name", "town", "households", "tickets", "village_affairs", "cameras", "jujube", "projected_share"]
    return _table([t(f"theme_vil_col_{h}", lang) for h in head], rows, lang, "theme-table-dense")


def render_map(data: dict, _lang: str) -> dict:
    feats = list(r.outlines_geojson(data["towns"])["features"])
    states = data["irrigation"].set_index("code")["state"] if not data["irrigation"].empty else {}
    for rec in data["villages"].to_dict("records"):
        tone = {"red": "red", "amber": "amber"}.get(states.get(rec["code"], "ok"), "ok")
        feats.append(
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(rec["lon"], 6), round(rec["lat"], 6)]},
             "properties": {"layer": "village", "kind": "village", "tone": tone, "radius": 6}}
        )  # fmt: skip
    return {"type": "FeatureCollection", "features": feats}


PANELS = [
    Panel("villages-kpi", "theme_vil_kpi_villages", read_village, render_kpi_villages, width=2),
    Panel("disclosure-kpi", "theme_vil_kpi_disclosure_title", read_village, render_kpi_disclosure, width=2),
    Panel("cameras-kpi", "theme_vil_kpi_cameras", read_village, render_kpi_cameras, width=2),
    Panel("jujube-kpi", "theme_vil_kpi_jujube", read_village, render_kpi_jujube, width=3),
    Panel("irrigation-kpi", "theme_vil_kpi_irrigation", read_village, render_kpi_irrigation, width=3),
    Panel("irrigation", "theme_vil_irrigation", read_village, render_irrigation, kind="bar", width=5, height=2),
    Panel("map", "theme_vil_map", read_village, render_map, kind="map", width=4, height=2, href="/gis"),
    Panel("disclosure", "theme_vil_disclosure", read_village, render_disclosure, kind="table", width=3, height=2),
    Panel("villages", "theme_vil_table", read_village, render_villages, kind="table", width=12, height=2),
]
IDS = register_page_refresh(PAGE, PANELS)
