"""公共服务 (/services): convenience-service usage, market-supervision inspections by trade, rental units by
community, plate codes and the last month's unified reports; every panel a rollup (no person in any of them)."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
from dash import html

from callbacks.refresh import register_page_refresh
from data_access.services import codes, convenience, rentals, reports
from data_access.services import shops as shop_data
from web import render as r
from web.i18n import t
from web.panels import Panel, ReadContext


def _trend(s, ctx: ReadContext) -> pd.DataFrame:
    return convenience.trend(s, ctx.now, days=30)


def _trend_groups(s, ctx: ReadContext) -> pd.DataFrame:
    """The county's uses per day and catalogue section (bills, travel, government services, health)."""
    df = convenience.trend(s, ctx.now, days=30)
    if df.empty:
        return df
    df["group"] = df["service"].map(convenience.GROUPS)
    return df.groupby(["group", "day"], as_index=False)["n"].sum()


def render_groups(df: pd.DataFrame, lang: str) -> object:
    return r.series(df, lang, x="day", y="n", by="group", label_prefix="conv_group_")


def _today(s, ctx: ReadContext) -> pd.DataFrame:
    return convenience.today_by_service(s, ctx.now)


def render_today(df: pd.DataFrame, lang: str) -> object:
    if df.empty or df["n"].sum() == 0:
        return r.empty(lang)
    d = df.assign(name=[t(f"conv_svc_{k}", lang) for k in df["service"]])
    return r.ranking(d, lang, label="name", value="n")


def _towns(s, ctx: ReadContext) -> pd.DataFrame:
    return convenience.by_town(s, ctx.now, days=7)


def render_towns(df: pd.DataFrame, lang: str) -> object:
    return r.ranking(df.head(10), lang, label="name", value="n")


def _inspections(s, ctx: ReadContext) -> pd.DataFrame:
    return shop_data.inspection_stats(s, ctx.now - timedelta(days=30), ctx.now)


def table(df: pd.DataFrame, lang: str, cols: list[tuple[str, str]], limit: int = 12) -> object:
    """A small plain-text table (every cell is text: nothing is rendered as HTML)."""
    if df.empty:
        return r.empty(lang)
    head = html.Tr([html.Th(t(key, lang)) for _c, key in cols])
    rows = [html.Tr([html.Td(str(rec[c])) for c, _k in cols]) for rec in df.head(limit).to_dict("records")]
    return html.Table([html.Thead(head), html.Tbody(rows)], className="svcp-table")


def render_inspections(df: pd.DataFrame, lang: str) -> object:
    cols = [
        (c, f"svcpage_col_{c}") for c in ("trade", "inspections", "passed", "rectify", "failed", "overdue", "escalated")
    ]
    return table(df, lang, cols)


def _rental(s, ctx: ReadContext) -> pd.DataFrame:
    return rentals.community_stats(s, ctx.now)


def render_rental(df: pd.DataFrame, lang: str) -> object:
    cols = [
        ("community", "svcpage_col_community"),
        ("units", "svcpage_col_units"),
        ("occupied", "svcpage_col_occupied"),
        ("vacant", "svcpage_col_vacant"),
        ("overdue", "svcpage_col_overdue_reg"),
        ("checked_30d", "svcpage_col_checked"),
    ]
    return table(df, lang, cols)


def _codes(s, ctx: ReadContext) -> pd.DataFrame:
    return codes.summary(s, ctx.now)


def render_codes(df: pd.DataFrame, lang: str) -> object:
    if df.empty:
        return r.empty(lang)
    rec = df.iloc[0].to_dict()
    items = [
        ("svcpage_shops", rec["shops"]),
        ("svcpage_units", rec["units"]),
        ("svcpage_revoked", rec["revoked"]),
        ("svcpage_rated", rec["ratings_30d"]),
        ("svcpage_complaints", rec["complaints_30d"]),
    ]
    return html.Div(
        [html.Div([html.B(f"{int(v):,}"), html.Span(t(k, lang))], className="svcp-stat") for k, v in items],
        className="svcp-stats",
    )


def _reports(s, ctx: ReadContext) -> pd.DataFrame:
    period = reports.previous_period(ctx.now)
    df = reports.board(s, period, ctx.now)
    counts = df["status"].value_counts() if not df.empty else pd.Series(dtype=int)
    return pd.DataFrame(
        [
            {
                "period": period,
                **{st: int(counts.get(st, 0)) for st in ("due", "submitted", "late", "returned")},
                "reused": reports.reuse_saved(s, period),
            }
        ]
    )


def render_reports(df: pd.DataFrame, lang: str) -> object:
    rec = df.iloc[0].to_dict()
    items = [(f"rep_st_{st}", rec[st]) for st in ("submitted", "late", "due", "returned")]
    items.append(("rep_saved", rec["reused"]))
    return html.Div(
        [html.Div(rec["period"], className="svcp-period")]
        + [html.Div([html.B(f"{int(v):,}"), html.Span(t(k, lang))], className="svcp-stat") for k, v in items],
        className="svcp-stats",
    )


PANELS = [
    Panel("services-conv-trend", "conv_panel_trend", _trend_groups, render_groups, kind="series", width=8, periods=12),
    Panel("services-conv-today", "conv_panel_today", _today, render_today, kind="bar", width=4, periods=6),
    Panel(
        "services-inspections",
        "svcpage_inspections",
        _inspections,
        render_inspections,
        kind="feed",
        width=6,
        periods=6,
    ),
    Panel("services-rental", "svcpage_rental", _rental, render_rental, kind="feed", width=6, periods=6),
    Panel("services-codes", "svcpage_codes", _codes, render_codes, width=4, periods=6, href="/services/plates"),
    Panel("services-reports", "svcpage_reports", _reports, render_reports, width=4, periods=6, href="/reports"),
    Panel("services-conv-towns", "conv_panel_towns", _towns, render_towns, kind="bar", width=4, periods=12),
]
IDS = register_page_refresh("services", PANELS)
