"""Pure renderers of the data-foundation pages: data in, components out (every value as text, never HTML)."""

from __future__ import annotations

import math
from datetime import datetime

import pandas as pd
from dash import dcc, html

from data_access.worktime import LOCAL
from web.i18n import t
from web.render import GRID, INK, MUTED, empty, graph, kpi

__all__ = ["empty"]

SCORE_LEVELS = ((95.0, "good"), (85.0, "warn"))
DIMS = ("completeness", "accuracy", "usability", "freshness")


def level(score: float | None) -> str:
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return "none"
    for floor, name in SCORE_LEVELS:
        if score >= floor:
            return name
    return "bad"


def local_time(at: datetime | None, lang: str, *, seconds: bool = False) -> str:
    if at is None or (isinstance(at, float) and math.isnan(at)) or pd.isna(at):
        return t("data_never", lang)
    return (pd.Timestamp(at).to_pydatetime() + LOCAL).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def score_badge(score: float | None) -> html.Span:
    text = "—" if level(score) == "none" else f"{score:.1f}"
    return html.Span(text, className=f"data-score data-score-{level(score)}")


def status_chip(status: str, lang: str) -> html.Span:
    return html.Span(t(f"data_status_{status}", lang), className=f"data-chip data-chip-{status}")


def vitals_tile(key: str):
    """A renderer for one of catalog.vitals' numbers."""
    units = {"records": "data_unit_records", "resources": "data_unit_resources", "synced_today": "data_unit_resources",
             "stale": "data_unit_resources", "score": "data_unit_score", "sharing": "data_unit_depts"}  # fmt: skip

    def render(d: dict, lang: str):
        v = d.get(key)
        lvl = "normal"
        if key == "stale" and v:
            lvl = "warn"
        if key == "score" and v is not None:
            lvl = "normal" if v >= 90 else "warn"
        out = [kpi(v, units[key], lang, digits=1 if key == "score" else 0, level=lvl, missing="—")]
        if key == "stale" and d.get("empty"):
            out.append(html.Div(f"{t('data_status_empty', lang)} {d['empty']}", className="kpi-foot"))
        if key == "resources":
            out.append(html.Div(f"{d.get('departments', 0)} {t('data_unit_depts', lang)}", className="kpi-foot"))
        return html.Div(out, className="kpi-stack")

    return render


def catalogue_table(df: pd.DataFrame, lang: str) -> object:
    if df.empty:
        return empty(lang)
    head = html.Tr([html.Th(t(k, lang)) for k in (
        "data_col_name", "data_col_dept", "data_col_records", "data_col_cadence", "data_col_last", "data_col_format",
        "data_col_share", "data_col_open", "data_col_score", "data_col_status")])  # fmt: skip
    body = []
    for r in df.itertuples():
        body.append(
            html.Tr(
                [
                    html.Td(
                        [
                            dcc.Link(r.name, href=f"/data/resource?id={r.id}", className="data-link"),
                            html.Div(" · ".join(x for x in r.tags.split(",") if x), className="data-tags"),
                        ]
                    ),
                    html.Td(dcc.Link(r.department or "", href=f"/data/dept?code={r.dept_code}", className="data-link")),
                    html.Td(f"{r.records:,}", className="num"),
                    html.Td(t(f"cadence_{r.cadence}", lang)),
                    html.Td(local_time(r.last_sync_at, lang), className="num"),
                    html.Td(r.format),
                    html.Td(t(f"share_{r.share_class}", lang) if r.share_class else "—"),
                    html.Td(t(f"open_{r.open_class}", lang) if r.open_class else "—"),
                    html.Td(score_badge(r.score)),
                    html.Td(status_chip(r.status, lang)),
                ],
                **{"data-resource": str(r.id)},
            )
        )
    return html.Table([html.Thead(head), html.Tbody(body)], className="data-table")


def dimensions(df: pd.DataFrame, lang: str) -> object:
    if df.empty:
        return empty(lang)
    items = []
    for r in df.itertuples():
        v = r.score
        pct = 0 if v is None or pd.isna(v) else max(0.0, min(100.0, float(v)))
        items.append(
            html.Div(
                [
                    html.Span(t(f"dim_{r.dimension}", lang), className="data-dim-name"),
                    html.Div(
                        html.Div(className=f"data-bar-fill data-bar-{level(v)}", style={"width": f"{pct}%"}),
                        className="data-bar",
                    ),
                    score_badge(None if v is None or pd.isna(v) else float(v)),
                ],
                className="data-dim",
            )
        )
    return html.Div(items, className="data-dims")


def dept_ranking(df: pd.DataFrame, lang: str, limit: int = 12) -> object:
    if df.empty:
        return empty(lang)
    head = html.Tr([html.Th(t(k, lang)) for k in (
        "data_col_dept", "data_col_resources", "data_col_records", "data_col_stale", "data_col_empty",
        "data_col_shared", "data_col_score")])  # fmt: skip
    rows = [
        html.Tr(
            [
                html.Td(dcc.Link(r.department or "", href=f"/data/dept?code={r.dept_code}", className="data-link")),
                html.Td(str(r.resources), className="num"),
                html.Td(f"{int(r.records):,}", className="num"),
                html.Td(str(r.stale), className="num" + (" data-bad" if r.stale else "")),
                html.Td(str(r.empty), className="num" + (" data-bad" if r.empty else "")),
                html.Td(f"{int(r.shared_rows):,}", className="num"),
                html.Td(score_badge(r.score)),
            ]
        )
        for r in df.head(limit).itertuples()
    ]
    return html.Table([html.Thead(head), html.Tbody(rows)], className="data-table data-compact")


def matrix(df: pd.DataFrame, lang: str) -> object:
    """Provider (rows) x consumer (columns) heat map of rows exchanged."""
    if df.empty:
        return empty(lang)
    providers = sorted(df["provider"].unique(), key=lambda n: -df[df["provider"] == n]["rows"].sum())
    consumers = sorted(df["consumer"].unique(), key=lambda n: -df[df["consumer"] == n]["rows"].sum())
    cells = {(p, c): int(n) for p, c, n in df[["provider", "consumer", "rows"]].itertuples(index=False)}
    z = [[cells.get((p, c)) for c in consumers] for p in providers]

    def short(n: str) -> str:
        return n.removeprefix("灵武市").removeprefix("市").removeprefix("宁夏回族自治区")[:8]

    fig = {
        "data": [
            {
                "type": "heatmap",
                "z": z,
                "x": [short(c) for c in consumers],
                "y": [short(p) for p in providers],
                "colorscale": [[0, "#0b2a4a"], [0.5, "#1f7ae0"], [1, "#2fd6c3"]],
                "hoverongaps": False,
                "colorbar": {"tickfont": {"color": MUTED}, "thickness": 10},
                "hovertemplate": "%{y} → %{x}: %{z:,}<extra></extra>",
            }
        ],
        "layout": {
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "font": {"color": INK, "size": 12},
            "margin": {"l": 8, "r": 8, "t": 8, "b": 8},
            "xaxis": {"title": {"text": t("data_matrix_x", lang)}, "color": MUTED, "automargin": True, "tickangle": -45,
                      "gridcolor": GRID},
            "yaxis": {"title": {"text": t("data_matrix_y", lang)}, "color": MUTED, "automargin": True,
                      "autorange": "reversed"},
            "uirevision": "keep",
        },
    }  # fmt: skip
    return graph(fig)


def share_ranking(df: pd.DataFrame, lang: str, limit: int = 14) -> object:
    if df.empty:
        return empty(lang)
    top = float(max(df["provided"].max(), df["consumed"].max(), 1))
    rows = []
    for r in df.head(limit).itertuples():
        rows.append(
            html.Div(
                [
                    html.Span(r.name.removeprefix("灵武市")[:12], className="data-share-name"),
                    html.Div(
                        [
                            html.Div(className="data-share-out", style={"width": f"{100 * r.provided / top:.1f}%"}),
                            html.Div(className="data-share-in", style={"width": f"{100 * r.consumed / top:.1f}%"}),
                        ],
                        className="data-share-bars",
                    ),
                    html.Span(t("data_only_takes", lang), className="data-chip data-chip-stale") if r.only_takes
                    else html.Span(f"{r.provided:,}", className="num data-share-n"),
                ],
                className="data-share-row",
            )
        )  # fmt: skip
    legend = html.Div(
        [
            html.Span([html.I(className="data-share-out"), t("data_col_provided", lang)]),
            html.Span([html.I(className="data-share-in"), t("data_col_consumed", lang)]),
        ],
        className="data-share-legend",
    )
    return html.Div([legend, *rows], className="data-share")


def rect_table(df: pd.DataFrame, lang: str, *, actions: bool = False) -> object:
    if df.empty:
        return empty(lang)
    head = [t(k, lang) for k in ("data_rect_col_resource", "data_rect_col_check", "data_col_dept",
                                 "data_rect_col_status", "data_rect_col_failed", "data_rect_col_opened")]  # fmt: skip
    if actions:
        head.append("")
    rows = []
    for r in df.itertuples():
        cells = [
            html.Td(dcc.Link(r.resource, href=f"/data/resource?id={r.source_id}", className="data-link")),
            html.Td(t(f"check_{r.check}", lang)),
            html.Td(r.department or ""),
            html.Td(html.Span(t(f"rect_{r.status}", lang), className=f"data-chip data-rect-{r.status}")),
            html.Td(f"{r.failed_at_open} / {r.failed_now}", className="num"),
            html.Td(f"{local_time(r.opened_at, lang)} · {r.opened_by}", className="num"),
        ]
        if actions:
            nxt = {"open": "rectifying", "rectifying": "verified"}.get(r.status)
            cells.append(
                html.Td(
                    html.Button(
                        t(f"data_rect_to_{nxt}", lang),
                        id={"type": "data_resource-rect-step", "rect": int(r.id), "to": nxt, "version": int(r.version)},
                        className="data-btn",
                    )
                    if nxt
                    else ""
                )
            )
        rows.append(html.Tr(cells, **{"data-rect": str(r.id)}))
    return html.Table([html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(rows)], className="data-table")


def trend_chart(df: pd.DataFrame, lang: str, *, x: str) -> object:
    if df.empty:
        return empty(lang)
    xs = [v.isoformat() if hasattr(v, "isoformat") else str(v) for v in df[x]]
    colours = {"score": "#2fd6c3", "completeness": "#3fa7ff", "accuracy": "#f5b942", "usability": "#b38cff"}
    traces = []
    for col in ("score", "completeness", "accuracy", "usability"):
        if col not in df or df[col].isna().all():
            continue
        name = t("data_score", lang) if col == "score" else t(f"dim_{col}", lang)
        traces.append({"type": "scatter", "mode": "lines+markers" if len(df) < 30 else "lines", "x": xs,
                       "y": [None if pd.isna(v) else float(v) for v in df[col]], "name": name,
                       "line": {"width": 3 if col == "score" else 1.5, "color": colours[col]}})  # fmt: skip
    layout = {
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"color": INK, "size": 13},
        "margin": {"l": 40, "r": 12, "t": 8, "b": 30},
        "legend": {"orientation": "h", "y": 1.12, "x": 0, "font": {"color": MUTED}},
        "xaxis": {"gridcolor": GRID, "color": MUTED},
        "yaxis": {"gridcolor": GRID, "color": MUTED, "rangemode": "normal"},
        "uirevision": "keep",
    }
    return graph({"data": traces, "layout": layout})


def resource_head(row: dict, lang: str) -> object:
    tags = [html.Span(x, className="data-tag") for x in row["tags"].split(",") if x]
    meta = [
        ("data_meta_records", f"{row['records']:,}"),
        ("data_meta_cadence", t(f"cadence_{row['cadence']}", lang)),
        ("data_meta_last", local_time(row["last_sync_at"], lang)),
        ("data_meta_format", row["format"] or "—"),
        ("data_meta_share", t(f"share_{row['share_class']}", lang) if row["share_class"] else "—"),
        ("data_meta_open", t(f"open_{row['open_class']}", lang) if row["open_class"] else "—"),
        ("data_meta_sampled", t("data_sampled_yes" if row["sampled"] else "data_sampled_no", lang)),
    ]
    return html.Div(
        [
            html.Div(
                [
                    dcc.Link("← " + t("data_back", lang), href="/data", className="data-link data-back"),
                    html.H2(row["name"], className="data-res-title"),
                    status_chip(row["status"], lang),
                    dcc.Link(
                        row["department"] or "", href=f"/data/dept?code={row['dept_code']}", className="data-link"
                    ),
                    *tags,
                ],
                className="data-res-line",
            ),
            html.P(row["description"], className="data-res-desc"),
            html.Dl([html.Div([html.Dt(t(k, lang)), html.Dd(v)]) for k, v in meta], className="data-meta"),
        ]
    )


def score_tiles(row: dict, lang: str) -> object:
    tiles = [("data_score", row["score"])] + [
        (f"dim_{d}", (100.0 if row["fresh"] else 0.0) if d == "freshness" else row[d]) for d in DIMS
    ]
    return html.Div(
        [
            html.Div(
                [html.Div(t(k, lang), className="data-tile-name"), score_badge(None if v is None or pd.isna(v) else v)],
                className="data-tile" + (" data-tile-main" if k == "data_score" else ""),
                **{"data-dim": k},
            )
            for k, v in tiles
        ],
        className="data-tiles",
    )


def checks_table(df: pd.DataFrame, lang: str, *, can_act: bool, sampled: bool, open_checks: set[int]) -> object:
    if df.empty:
        return empty(lang)
    head = [t(k, lang) for k in ("data_col_check", "data_col_dimension", "data_col_fields", "data_col_checked",
                                 "data_col_failed", "data_col_pass")] + [""]  # fmt: skip
    rows = []
    for r in df.itertuples():
        buttons = []
        drillable = sampled and r.rule not in ("freshness", "sync_missing", "sync_invalid")
        if r.failed and drillable:
            buttons.append(
                html.Button(
                    t("data_drill", lang),
                    id={"type": "data_resource-drill", "check": int(r.id)},
                    className="data-btn data-btn-ghost",
                )
            )
        if r.failed and can_act and r.rule != "freshness" and int(r.id) not in open_checks:
            buttons.append(
                html.Button(
                    t("data_rect_open", lang),
                    id={"type": "data_resource-rect", "check": int(r.id)},
                    className="data-btn",
                )
            )
        rows.append(
            html.Tr(
                [
                    html.Td(t(f"check_{r.code}", lang)),
                    html.Td(t(f"dim_{r.dimension}", lang)),
                    html.Td(r.fields.replace(",", ", ")[:60], className="data-fields"),
                    html.Td(f"{int(r.checked):,}", className="num"),
                    html.Td(f"{int(r.failed):,}", className="num" + (" data-bad" if r.failed else "")),
                    html.Td(score_badge(r.score)),
                    html.Td(buttons, className="data-actions"),
                ],
                **{"data-check": r.code},
            )
        )
    return html.Table([html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(rows)], className="data-table")


def records_table(df: pd.DataFrame, labels: dict[str, str], lang: str) -> object:
    if df.empty:
        return empty(lang)
    cols = list(df.columns)

    def cell(v: object) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return "—"
        return str(v)

    head = html.Tr([html.Th(labels.get(c, t("data_col_field", lang) if c == "field" else c)) for c in cols])
    body = [html.Tr([html.Td(cell(v)) for v in row]) for row in df.itertuples(index=False)]
    return html.Div(html.Table([html.Thead(head), html.Tbody(body)], className="data-table data-records"),
                    className="data-scroll")  # fmt: skip


def schema_table(df: pd.DataFrame, lang: str) -> object:
    if df.empty:
        return html.Div(t("data_sample_none", lang), className="panel-empty")
    yes, no = t("data_yes", lang), t("data_no", lang)
    head = html.Tr([html.Th(t(k, lang)) for k in ("data_col_label", "data_col_fields", "data_col_type",
                                                  "data_col_required", "data_col_sensitive")])  # fmt: skip
    body = [
        html.Tr([html.Td(r.label), html.Td(r.name, className="data-fields"), html.Td(r.type.split(":")[0]),
                 html.Td(yes if r.required else no), html.Td(yes if r.sensitive else no,
                                                             className="data-bad" if r.sensitive else "")])
        for r in df.itertuples()
    ]  # fmt: skip
    return html.Table([html.Thead(head), html.Tbody(body)], className="data-table data-compact")


def history_table(df: pd.DataFrame, lang: str) -> object:
    if df.empty:
        return empty(lang)
    head = html.Tr([html.Th(t(k, lang)) for k in ("data_col_started", "data_col_finished", "data_col_result",
                                                  "data_col_rows", "data_col_new", "data_col_defects",
                                                  "data_col_error")])  # fmt: skip
    body = []
    for r in df.itertuples():
        defects = r.failed if r.failed is not None and not pd.isna(r.failed) else (r.missing or 0) + (r.invalid or 0)
        new = "—" if r.new is None or pd.isna(r.new) else f"{int(r.new):,}"
        body.append(
            html.Tr(
                [
                    html.Td(local_time(r.started_at, lang, seconds=True) if r.started_at is not None and not pd.isna(r.started_at) else "—", className="num"),
                    html.Td(local_time(r.at, lang, seconds=True), className="num"),
                    html.Td(html.Span(t("data_ok" if r.ok else "data_failed", lang),
                                      className="data-chip data-chip-" + ("fresh" if r.ok else "stale"))),
                    html.Td(f"{int(r.records):,}", className="num"),
                    html.Td(new, className="num"),
                    html.Td(f"{int(defects):,}", className="num" + (" data-bad" if defects else "")),
                    html.Td(r.error or ""),
                ]
            )
        )  # fmt: skip
    return html.Table([html.Thead(head), html.Tbody(body)], className="data-table data-compact")
