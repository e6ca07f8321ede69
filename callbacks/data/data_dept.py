"""A department's data (/data/dept?code=B03): its resources with their scores, its daily quality trend, who uses
its data and whose data it uses (the exchange log)."""

from __future__ import annotations

import re

import pandas as pd
from dash import Input, Output, callback, html

from callbacks.data import render as dr
from data_access.data import catalog, exchange
from data_access.db import read_session
from data_access.roles import ALL_ROLES
from data_access.worktime import utcnow
from web.auth import allow
from web.context import db_url
from web.i18n import current_lang, t

CODE_RE = re.compile(r"^[A-Z]\d{2}$")


class ID:
    CODE = "data_dept-code"
    INTERVAL = "data_dept-interval"
    HEAD = "data_dept-head"
    RESOURCES = "data_dept-resources"
    TREND = "data_dept-trend"
    CONSUMERS = "data_dept-consumers"
    USES = "data_dept-uses"


def flows_table(df: pd.DataFrame, name_col: str, lang: str) -> object:
    if df.empty:
        return dr.empty(lang)
    head = html.Tr([html.Th(t(k, lang)) for k in ("data_col_peer", "data_col_requests", "data_col_rows")])
    body = [
        html.Tr([html.Td(n), html.Td(f"{int(q):,}", className="num"), html.Td(f"{int(r):,}", className="num")])
        for n, q, r in df[[name_col, "requests", "rows"]].itertuples(index=False)
    ]
    return html.Table([html.Thead(head), html.Tbody(body)], className="data-table data-compact")


@callback(
    Output(ID.HEAD, "children"),
    Output(ID.RESOURCES, "children"),
    Output(ID.TREND, "children"),
    Output(ID.CONSUMERS, "children"),
    Output(ID.USES, "children"),
    Input(ID.CODE, "data"),
    Input(ID.INTERVAL, "n_intervals"),
)
@allow(*ALL_ROLES)
def show_department(code, _n):
    lang = current_lang()
    code = code if isinstance(code, str) and CODE_RE.match(code) else None
    now = utcnow()
    with read_session(db_url()) as s:
        df = catalog.catalogue(s, now, dept=code) if code else pd.DataFrame()
        if df.empty:
            missing = html.Div(t("data_dept_not_found", lang), className="panel-empty")
            return missing, None, None, None, None
        trend = catalog.trend(s, [int(x) for x in df["id"]], now)
        flows = exchange.department_flows(s, code, now)
    score = float(df["score"].mean())
    head = html.Div(
        [
            html.Div(
                [
                    html.A("← " + t("data_back", lang), href="/data", className="data-link data-back"),
                    html.H2(df["department"].iloc[0], className="data-res-title"),
                    dr.score_badge(round(score, 1)),
                ],
                className="data-res-line",
            ),
            html.Div(
                t("data_count", lang, n=len(df), records=f"{int(df['records'].sum()):,}"), className="data-res-desc"
            ),
        ]
    )
    return (
        head,
        dr.catalogue_table(df, lang),
        dr.trend_chart(trend, lang, x="day"),
        flows_table(flows["consumers"], "consumer", lang),
        flows_table(flows["uses"], "provider", lang),
    )
