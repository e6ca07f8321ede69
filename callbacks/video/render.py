"""Pure renderers of the video page: channel tree, channel list, review queue, algorithm table, quality list.
Channel names and alert fields are data: always rendered as text, never as HTML."""

from __future__ import annotations

import math

import pandas as pd
from dash import html

from data_access.video.channels import FAULTS
from web.i18n import t

FP_TUNE, FP_KEEP = 0.5, 0.3  # false-positive rates: above FP_TUNE needs tuning, below FP_KEEP earns its keep


def node_id(dim: str, key: str) -> dict:
    """Pattern id of a tree node (the one helper that builds it)."""
    return {"type": "video-node", "dim": dim, "key": key}


def review_id(alert: str, decision: str) -> dict:
    """Pattern id of a review button."""
    return {"type": "video-review", "alert": alert, "decision": decision}


def _node(dim: str, key: str, label: str, on: int, off: int, selected: bool) -> html.Button:
    return html.Button(
        [
            html.Span(label, className="video-node-label"),
            html.Span(f"{on}", className="video-node-on", title="online"),
            html.Span(f"{off}", className="video-node-off" + (" has-off" if off else ""), title="offline"),
        ],
        id=node_id(dim, key),
        className="video-node" + (" selected" if selected else ""),
        n_clicks=0,
    )


def tree(df: pd.DataFrame, selected: dict | None, lang: str) -> list:
    """Two groupings (town, kind) of buttons with online/offline counts; the selected node highlighted."""
    sel = (selected or {}).get("dim"), (selected or {}).get("key")
    on, off = int(df.loc[df.dimension == "town", "online"].sum()), int(df.loc[df.dimension == "town", "offline"].sum())
    out: list = [_node("all", "", t("video_all", lang), on, off, sel[0] in (None, "all"))]
    for dim, title in (("town", "video_by_town"), ("kind", "video_by_kind")):
        part = df[df.dimension == dim]
        nodes = []
        for row in part.itertuples():
            label = t(f"video_kind_{row.key}", lang) if dim == "kind" else row.label
            nodes.append(_node(dim, row.key, label, row.online, row.offline, sel == (dim, row.key)))
        out.append(
            html.Div([html.H3(t(title, lang), className="video-tree-title"), *nodes], className="video-tree-group")
        )
    return out


def channel_list(df: pd.DataFrame, lang: str) -> list:
    """Channel rows (click or drag into a tile): state dot, name, id."""
    if df.empty:
        return [html.Li(t("no_data", lang), className="video-chan-empty")]
    rows = []
    for r in df.itertuples():
        state = "off" if not r.online else ("fault" if isinstance(r.quality_fault, str) else "on")
        rows.append(
            html.Li(
                [html.Span(className=f"video-dot {state}"), html.Span(r.name, className="video-chan-name"),
                 html.Span(r.id, className="video-chan-id")],
                className=f"video-chan video-pick state-{state}",
                draggable="true",
                title=f"{r.name} {r.id} {r.town}",
                **{"data-cam": r.id, "data-name": r.name},
            )
        )  # fmt: skip
    return rows


def login_note(lang: str) -> list:
    return [html.Div(t("video_queue_login", lang), className="panel-empty")]


def queue(df: pd.DataFrame, lang: str, *, can_act: bool) -> list:
    """Alerts waiting for review; officers get the three actions, others a read-only list."""
    if df.empty:
        return [html.Div(t("video_queue_empty", lang), className="panel-empty")]
    items = []
    for r in df.itertuples():
        head = html.Div(
            [html.Span(r.occurred_local, className="video-q-time"), html.Span(r.algorithm, className="video-q-algo"),
             html.Span(f"{r.confidence:.0%}", className="video-q-conf")],
            className="video-q-head",
        )  # fmt: skip
        body = [head, html.Div(r.camera, className="video-q-cam")]
        if can_act:
            body.append(
                html.Div(
                    [
                        html.Button(t("video_confirm", lang), id=review_id(r.event_id, "confirmed"), n_clicks=0,
                                    className="video-act confirm"),
                        html.Button(t("video_false", lang), id=review_id(r.event_id, "false_positive"), n_clicks=0,
                                    className="video-act false"),
                        html.Button(t("video_dismiss", lang), id=review_id(r.event_id, "dismissed"), n_clicks=0,
                                    className="video-act dismiss"),
                    ],
                    className="video-q-acts",
                )
            )  # fmt: skip
        items.append(
            html.Li(
                body,
                className=f"video-q video-pick sev-{r.severity}",
                **{"data-cam": r.camera_id, "data-name": r.camera, "data-alert": r.event_id},
            )
        )
    return [html.Ul(items, className="video-q-list")]


def _spark(values: list[int]) -> html.Span:
    """A 14-day bar sparkline (plain spans; the title gives the numbers)."""
    top = max(values) if values else 0
    bars = [html.Span(className="video-bar", style={"height": f"{max(6, round(v / top * 100)) if top else 6}%"})
            for v in values]  # fmt: skip
    return html.Span(bars, className="video-bars", title=" ".join(str(v) for v in values))


def algorithm_table(df: pd.DataFrame, lang: str) -> object:
    """56 algorithms: alerts, confirmed, false-positive rate (tuned/keep verdict) and a 14-day sparkline."""
    if df.empty:
        return html.Div(t("no_data", lang), className="panel-empty")
    d = df.sort_values(["raised", "code"], ascending=[False, True])
    head = html.Tr([html.Th(t(k, lang)) for k in ("video_col_algo", "video_col_cat", "video_col_raised",
                                                   "video_col_confirmed", "video_col_fp", "video_col_trend")])  # fmt: skip
    rows = []
    for r in d.itertuples():
        fp = r.fp_rate
        if isinstance(fp, float) and math.isnan(fp):
            verdict, fp_text = "", "—"
        else:
            verdict = "tune" if fp > FP_TUNE else ("keep" if fp < FP_KEEP else "")
            fp_text = f"{fp:.0%}"
        badge = html.Span(t(f"video_{verdict}", lang), className=f"video-verdict {verdict}") if verdict else None
        rows.append(
            html.Tr(
                [html.Td([html.Span(r.name), badge]), html.Td(r.category), html.Td(f"{r.raised:,}", className="num"),
                 html.Td(f"{r.confirmed:,}", className="num"), html.Td(fp_text, className=f"num fp {verdict}"),
                 html.Td(_spark(list(r.trend)), className="video-spark")],
                **{"data-algo": r.code},
            )
        )  # fmt: skip
    return html.Div(html.Table([html.Thead(head), html.Tbody(rows)], className="video-table"), className="video-scroll")


def quality(data: dict, lang: str) -> object:
    """Counts per fault (loss, freeze, occlusion, blur, colour) and the faulty channels, oldest first."""
    df, counts = data["rows"], data["counts"]
    chips = html.Div(
        [
            html.Div([html.Span(f"{counts.get(f, 0)}", className="video-chip-n"),
                      html.Span(t(f"video_fault_{f}", lang), className="video-chip-label")],
                     className=f"video-chip fault-{f}" + (" zero" if not counts.get(f) else ""), **{"data-fault": f})
            for f in FAULTS
        ],
        className="video-chips",
    )  # fmt: skip
    if df.empty:
        return html.Div(
            [chips, html.Div(t("video_quality_ok", lang), className="panel-empty")], className="video-q-wrap"
        )
    head = html.Tr([html.Th(t(k, lang)) for k in ("video_col_channel", "video_col_town", "video_col_fault",
                                                   "video_col_since")])  # fmt: skip
    rows = [
        html.Tr(
            [html.Td(r.name), html.Td(r.town), html.Td(t(f"video_fault_{r.fault}", lang), className=f"fault-{r.fault}"),
             html.Td(r.since_local, className="num")],
            className="video-pick", **{"data-cam": r.id, "data-name": r.name},
        )
        for r in df.itertuples()
    ]  # fmt: skip
    table = html.Div(
        html.Table([html.Thead(head), html.Tbody(rows)], className="video-table"), className="video-scroll"
    )
    return html.Div([chips, table], className="video-q-wrap")
