"""12345 renderers for supervisors: assessment table, daily summary, hotspots, repeat callers, dispatch accuracy."""

from __future__ import annotations

import math

import pandas as pd
from dash import html

from callbacks.hotline.render import ASSESS_COLS, pct
from web.i18n import t
from web.i18n.names import en, name


def assessment(df: pd.DataFrame, lang: str) -> object:
    """The department assessment table, best first, the total last; the bottom three marked; 较上期: the score's
    change against the window just before (assessment_trend's score_prev)."""
    if df.empty:
        return html.Div(t("no_data", lang), className="panel-empty")
    head = html.Tr(
        [
            html.Th(t("hotline_as_rank", lang)),
            html.Th(t("hotline_as_dept", lang)),
            html.Th(t("hotline_as_assigned", lang)),
        ]
        + [html.Th(t(k, lang)) for _, k in ASSESS_COLS]
        + [html.Th(t("hotline_as_score", lang)), html.Th(t("hotline_as_trend", lang))]
    )
    ranked = int(df["rank"].notna().sum())
    body = []
    for rec in df.to_dict("records"):
        total = rec["code"] == "TOTAL"
        rank = rec["rank"]
        has_rank = rank is not None and not (isinstance(rank, float) and math.isnan(rank))
        cls = "hl-as-total" if total else ("hl-as-bottom" if has_rank and rank > ranked - 3 else "")
        score = rec["score"]
        body.append(
            html.Tr(
                [
                    html.Td("" if not has_rank else str(int(rank))),
                    html.Td(
                        t("hotline_as_total", lang) if total else name("department", rec["code"], rec["name"], lang)
                    ),
                    html.Td(f"{int(rec['received'] if total else rec['assigned']):,}"),
                ]
                + [html.Td(pct(rec[c])) for c, _ in ASSESS_COLS]
                + [
                    html.Td(
                        "" if score is None or (isinstance(score, float) and math.isnan(score)) else f"{score:.1f}"
                    ),
                    _trend_cell(score, rec.get("score_prev")),
                ],
                className=cls,
                **{"data-code": rec["code"]},
            )
        )
    return html.Table([html.Thead(head), html.Tbody(body)], className="hl-table hl-assessment")


def _trend_cell(score, prev) -> html.Td:
    """Score change against the previous window: ▲ better, ▼ worse (blank without both)."""

    def bad(v):
        return v is None or (isinstance(v, float) and math.isnan(v))

    if bad(score) or bad(prev):
        return html.Td("")
    d = score - prev
    arrow = "▲" if d > 0.05 else ("▼" if d < -0.05 else "■")
    return html.Td(f"{arrow}{abs(d):.1f}", className="hl-up" if d > 0.05 else ("hl-down" if d < -0.05 else ""))


def summary(df: pd.DataFrame, lang: str) -> object:
    if df.empty:
        return html.Div(t("no_data", lang), className="panel-empty")
    keys = ("new", "closed", "overdue", "returned", "redone", "dissatisfied", "supervised")
    head = html.Tr([html.Th(t("hotline_as_dept", lang))] + [html.Th(t(f"hotline_sum_{k}", lang)) for k in keys])
    body = [
        html.Tr(
            [html.Td(en("department", rec["name"], lang))]
            + [html.Td(str(int(rec[k])), className="hl-bad" if k == "overdue" and rec[k] else "") for k in keys]
        )
        for rec in df.head(12).to_dict("records")
    ]
    return html.Table([html.Thead(head), html.Tbody(body)], className="hl-table")


def hotspots(df: pd.DataFrame, lang: str) -> object:
    if df.empty:
        return html.Div(t("hotline_hs_none", lang), className="panel-empty")
    items = []
    for rec in df.head(8).to_dict("records"):
        items.append(
            html.Li(
                [
                    html.Div(
                        t(
                            "hotline_hs_row",
                            lang,
                            town=en("town", rec["town_name"], lang),
                            cat=en("category", rec["category_name"], lang),
                            n=rec["today"],
                            mean=rec["baseline_mean"],
                            ratio=rec["ratio"],
                        ),
                        className="hl-hs-text",
                    ),
                    html.Div(
                        [
                            html.Button(
                                no, id={"type": "hotline-open-hotspot", "no": str(no)}, n_clicks=0, className="hl-chip"
                            )
                            for no in rec["samples"]
                        ],
                        className="hl-hs-samples",
                    ),
                ],
                className="hl-hs",
            )
        )
    return html.Ul(items, className="hl-hotspots")


def repeats(df: pd.DataFrame, lang: str) -> object:
    """Callers who came back about the same thing (重复诉求): category, count, the newest ticket to open."""
    if df.empty:
        return None
    return html.Ul(
        [
            html.Li(
                [
                    html.Span(
                        t(
                            "hotline_rep_row",
                            lang,
                            cat=en("category", rec["category_name"], lang),
                            n=int(rec["tickets"]),
                        ),
                        className="hl-hs-text",
                    ),
                    html.Button(
                        rec["last_ticket"],
                        id={"type": "hotline-open-hotspot", "no": f"{rec['last_ticket']}"},
                        n_clicks=0,
                        className="hl-chip",
                    ),
                ],
                className="hl-hs hl-rep",
            )
            for rec in df.head(6).to_dict("records")
        ],
        className="hl-hotspots",
    )


def warnings(data: dict, lang: str) -> object:
    """Hotspot spikes first, then repeat callers of the last 7 days."""
    rep = repeats(data["repeats"], lang)
    spots = hotspots(data["hotspots"], lang)
    if rep is None:
        return spots
    if data["hotspots"].empty:
        spots = html.Div(t("hotline_hs_none", lang), className="hl-muted")
    return html.Div([spots, html.H3(t("hotline_rep_title", lang), className="hl-sub"), rep])


def dispatch_eval(ev: dict | None, lang: str) -> object:
    """Held-out accuracy of the model against the keyword baseline, and how often officers take it."""
    if not ev:
        return html.Div(t("hotline_dp_none", lang), className="panel-empty")

    def row(label: str, value: str, cls: str) -> html.Div:
        return html.Div([html.Span(label), html.B(value, className=cls)], className="hl-dp-row")

    rate = ev.get("acceptance_rate")
    return html.Div(
        [
            row(t("hotline_dp_model", lang), pct(ev["model_accuracy"]), "hl-dp-model"),
            row(t("hotline_dp_baseline", lang), pct(ev["baseline_accuracy"]), "hl-dp-base"),
            row(t("hotline_dp_top3", lang), pct(ev["model_top3"]), "hl-dp-base"),
            html.Div(t("hotline_dp_heldout", lang, n=f"{ev['n_test']:,}"), className="hl-muted"),
            html.Div(
                t("hotline_dp_accept", lang, p=pct(rate), a=ev.get("accepted", 0), o=ev.get("overridden", 0)),
                className="hl-muted",
            ),
        ],
        className="hl-dp",
    )
