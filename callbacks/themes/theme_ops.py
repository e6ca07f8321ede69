"""城市运营 city operations (/theme/ops): the city score, its domains, their indicators (data_access/themes/
indicators.csv) and, for one indicator, its 30-day history against its thresholds and the records behind it.
City score -> domain (click 1) -> indicator (click 2) -> a record (click 3, e.g. the ticket in /hotline)."""

from __future__ import annotations

import math
from datetime import datetime

import pandas as pd
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update

from data_access.db import read_session
from data_access.masking import is_public
from data_access.roles import ALL_ROLES
from data_access.themes import ops
from data_access.worktime import utcnow
from web import render as r
from web.auth import allow, current_principal
from web.cache import cached
from web.context import current_settings, db_url
from web.i18n import TR, current_lang, t

PERIOD = 30  # seconds the indicator values are shared by every screen


class ID:
    SEL = "theme_ops-sel"
    INTERVAL = "theme_ops-interval"
    CITY = "theme_ops-city"
    DOMAINS = "theme_ops-domains"
    INDICATORS = "theme_ops-indicators"
    DETAIL = "theme_ops-detail"

    @staticmethod
    def domain(d: str) -> dict:
        return {"type": "theme_ops-domain", "id": d}

    @staticmethod
    def indicator(i: str) -> dict:
        return {"type": "theme_ops-indicator", "id": i}


def initial(domain: object = None, indicator: object = None) -> dict:
    """The selection a deep link asks for (/theme/ops?domain=..&indicator=..), unknown values dropped."""
    known = ops.by_id()
    ind = indicator if isinstance(indicator, str) and indicator in known else None
    dom = known[ind].domain if ind else domain if isinstance(domain, str) and domain in ops.DOMAINS else None
    return {"domain": dom, "indicator": ind}


def _bucket(now: datetime) -> int:
    return int(now.timestamp()) // PERIOD


def read_values(now: datetime | None = None) -> pd.DataFrame:
    """Every indicator now, computed once per period for every screen (no personal data in it)."""
    now = now or utcnow()

    def compute():
        with read_session(db_url()) as s:
            return ops.values(s, now)

    got = cached(f"theme_ops:values:{_bucket(now)}", PERIOD * 3, compute)
    return got if got is not None else compute()  # why: another callback of this page is computing it right now


def _n(v) -> float | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def _fmt(v, unit: str) -> str:
    v = _n(v)
    if v is None:
        return "—"
    return f"{v:,.1f}" if unit in ("%", "星") or v != int(v) else f"{int(v):,}"


def _name(rec: dict, lang: str) -> str:
    return rec["name_en"] if lang == "en" else rec["name_zh"]


def render_city(vals: pd.DataFrame, lang: str):
    city, _ = ops.scores(vals)
    level = "normal" if city is None or city >= 85 else "warn" if city >= 70 else "alarm"
    return html.Div(
        [
            html.Div(t("theme_ops_city", lang), className="ops-city-label"),
            html.Div("—" if city is None else f"{city:.1f}", className=f"ops-city-score kpi-{level}"),
            html.Div(t("theme_ops_city_hint", lang, n=len(vals)), className="theme-sub"),
        ],
        className="ops-city",
    )


def render_domains(vals: pd.DataFrame, lang: str, selected: str | None):
    _, doms = ops.scores(vals)
    items = []
    for rec in doms.to_dict("records"):
        score = rec["score"]
        tone = "ok" if score is None or score >= 85 else "warn" if score >= 70 else "alarm"
        items.append(
            html.Button(
                [
                    html.Span(t(f"theme_ops_dom_{rec['domain']}", lang), className="ops-dom-name"),
                    html.Span("—" if score is None else f"{score:.0f}", className=f"ops-dom-score tone-{tone}"),
                    html.Span(t("theme_ops_counts", lang, ok=rec["ok"], warn=rec["warn"], alarm=rec["alarm"]),
                              className="ops-dom-counts"),
                ],
                id=ID.domain(rec["domain"]),
                n_clicks=0,
                className="ops-dom" + (" selected" if rec["domain"] == selected else ""),
                **{"data-domain": rec["domain"]},
            )
        )  # fmt: skip
    return items


def render_indicators(vals: pd.DataFrame, lang: str, domain: str | None, selected: str | None):
    if not domain:
        return html.Div(t("theme_ops_pick_domain", lang), className="panel-empty")
    part = vals[vals["domain"] == domain]
    order = {"alarm": 0, "warn": 1, "ok": 2, "none": 3}
    part = part.assign(o=part["state"].map(order)).sort_values(["o", "id"])
    items = [
        html.Button(
            [
                html.Span(rec["id"], className="ops-ind-id"),
                html.Span(_name(rec, lang), className="ops-ind-name"),
                html.Span(f"{_fmt(rec['value'], rec['unit'])} {rec['unit']}", className="ops-ind-value"),
                html.Span(t(f"theme_ops_state_{rec['state']}", lang), className=f"ops-ind-state tone-{rec['state']}"),
            ],
            id=ID.indicator(rec["id"]),
            n_clicks=0,
            className="ops-ind" + (" selected" if rec["id"] == selected else ""),
            **{"data-indicator": rec["id"]},
        )
        for rec in part.to_dict("records")
    ]
    return html.Div(
        [html.H3(t(f"theme_ops_dom_{domain}", lang), className="ops-col-title"), html.Div(items, className="ops-inds")]
    )


def render_history(hist: pd.DataFrame, ind: ops.Indicator, lang: str):
    """The 30-day line with the warning and alarm thresholds drawn across."""
    h = hist.dropna(subset=["value"])
    if len(h) <= 1:
        return html.Div(t("theme_ops_no_history", lang), className="theme-note")
    x = [d.isoformat() for d in h["day"]]
    traces = [
        {"type": "scatter", "mode": "lines+markers", "x": x, "y": [round(float(v), 2) for v in h["value"]],
         "name": t("theme_ops_value", lang), "line": {"width": 3, "color": r.SERIES[0]}},
        {"type": "scatter", "mode": "lines", "x": [x[0], x[-1]], "y": [ind.warn, ind.warn],
         "name": t("theme_ops_warn", lang), "line": {"width": 2, "dash": "dash", "color": "#f5b94a"}},
        {"type": "scatter", "mode": "lines", "x": [x[0], x[-1]], "y": [ind.alarm, ind.alarm],
         "name": t("theme_ops_alarm", lang), "line": {"width": 2, "dash": "dot", "color": "#ff5d6c"}},
    ]  # fmt: skip
    return r.graph({"data": traces, "layout": r._layout(margin={"l": 56, "r": 16, "t": 28, "b": 36})})


def _status(st: str, lang: str) -> str:
    for key in (f"st_{st}", f"theme_ops_rec_{st}"):
        if key in TR:
            return t(key, lang)
    return st


def render_records(recs: pd.DataFrame, lang: str):
    rows = []
    for rec in recs.to_dict("records"):
        cells = [
            html.Span(rec["at"], className="ops-rec-at"),
            html.Span(str(rec["what"]), className="ops-rec-what"),
            html.Span(_status(str(rec["status"]), lang), className="ops-rec-status"),
        ]
        href = rec["href"]
        body = dcc.Link(cells, href=href, className="ops-rec-link") if isinstance(href, str) else html.Div(cells)
        rows.append(html.Li(body, className="ops-rec", **{"data-record": str(rec["key"])}))
    return html.Ul(rows, className="ops-recs") if rows else r.empty(lang)


def render_detail(vals: pd.DataFrame, hist: pd.DataFrame | None, recs: pd.DataFrame | None, ind_id, lang: str):
    if not ind_id or hist is None or recs is None:
        return html.Div(t("theme_ops_pick_indicator", lang), className="panel-empty")
    ind = ops.by_id()[ind_id]
    rec = vals.set_index("id").loc[ind_id]
    return html.Div(
        [
            html.Div(
                [
                    html.H3(f"{ind.id} {ind.name_en if lang == 'en' else ind.name_zh}", className="ops-col-title"),
                    html.Span(f"{_fmt(rec['value'], ind.unit)} {ind.unit}", className=f"ops-detail-value tone-{rec['state']}"),
                ],
                className="ops-detail-head",
            ),
            html.Div(
                [
                    html.Span(f"{t('theme_ops_owner', lang)}：{ind.owner}"),
                    html.Span(f"{t('theme_ops_cadence', lang)}：{t(f'theme_ops_cad_{ind.cadence}', lang)}"),
                    html.Span(f"{t('theme_ops_warn', lang)} {ind.warn:g} · {t('theme_ops_alarm', lang)} {ind.alarm:g}"),
                ],
                className="ops-detail-meta",
            ),
            html.Code(f"{t('theme_ops_formula', lang)}: {ind.formula}", className="ops-formula"),
            html.H4(t("theme_ops_history", lang), className="ops-sub"),
            html.Div(render_history(hist, ind, lang), className="ops-history"),
            html.H4(t("theme_ops_records", lang, n=len(recs)), className="ops-sub"),
            render_records(recs, lang),
        ],
        className="ops-detail",
    )  # fmt: skip


@callback(
    Output(ID.SEL, "data"),
    Input(ID.domain(ALL), "n_clicks"),
    Input(ID.indicator(ALL), "n_clicks"),
    State(ID.SEL, "data"),
    prevent_initial_call=True,
)
@allow(*ALL_ROLES)
def select_ops_item(_d, _i, sel):
    """A click on a domain selects it (and clears the indicator); a click on an indicator selects it."""
    trig = ctx.triggered_id
    if not trig or not (ctx.triggered and ctx.triggered[0]["value"]):
        return no_update
    kind, ident = str(trig.get("type", "")), str(trig.get("id", ""))[:12]
    if kind == "theme_ops-domain":
        return initial(domain=ident)
    return initial(indicator=ident) if ident in ops.by_id() else no_update


@callback(
    Output(ID.CITY, "children"),
    Output(ID.DOMAINS, "children"),
    Output(ID.INDICATORS, "children"),
    Input(ID.SEL, "data"),
    Input(ID.INTERVAL, "n_intervals"),
)
@allow(*ALL_ROLES)
def render_ops_tree(sel, _n):
    sel = initial(sel.get("domain"), sel.get("indicator")) if isinstance(sel, dict) else initial()
    lang, vals = current_lang(), read_values()
    return (
        render_city(vals, lang),
        render_domains(vals, lang, sel["domain"]),
        render_indicators(vals, lang, sel["domain"], sel["indicator"]),
    )


@callback(Output(ID.DETAIL, "children"), Input(ID.SEL, "data"), Input(ID.INTERVAL, "n_intervals"))
@allow(*ALL_ROLES)
def render_ops_detail(sel, _n):
    """The selected indicator's history and the records behind it (masked by the caller's role)."""
    sel = initial(sel.get("domain"), sel.get("indicator")) if isinstance(sel, dict) else initial()
    lang, vals = current_lang(), read_values()
    ind = sel["indicator"]
    if not ind:
        return render_detail(vals, None, None, None, lang)
    role = "visitor" if is_public(current_principal().role) else "officer"
    now = utcnow()

    def compute():
        with read_session(db_url()) as s:
            return ops.history(s, now, ind), ops.records(s, now, ind, role)

    got = cached(f"theme_ops:detail:{ind}:{role}:{_bucket(now)}", PERIOD * 3, compute) or compute()
    return render_detail(vals, got[0], got[1], ind, lang)


def interval_ms() -> int:
    return max(current_settings().refresh_seconds, 10) * 1000
