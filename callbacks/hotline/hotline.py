"""12345 诉求中心 (/hotline): panels and the server-side ticket grid; the drawer and actions live beside it."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from dash import ClientsideFunction, Input, Output, callback, clientside_callback
from dash.exceptions import PreventUpdate

from callbacks.hotline import actions, drawer  # noqa: F401 - their callbacks register with the page
from callbacks.hotline import render as hr
from callbacks.hotline import supervision as sr
from callbacks.hotline.ids import FILTER_KEYS, FILTER_STATES, ID
from callbacks.refresh import register_page_refresh
from data_access import queries
from data_access.db import read_session
from data_access.hotline import grid as hq
from data_access.hotline import stats as hotline_stats
from data_access.roles import ALL_ROLES
from data_access.worktime import local_day, utcnow
from web.auth import allow, current_principal
from web.cache import cached
from web.commands import dispatch
from web.context import db_url
from web.i18n import current_lang, t
from web.i18n.names import en, name
from web.panels import Panel, ReadContext
from web.render import kpi


# ---- panels (shared snapshots through the panel engine) ---------------------------------------
def _today(s, ctx: ReadContext):
    return hotline_stats.today_numbers(s, ctx.now)


def _num(key: str, *, alarm_if_positive: bool = False, scope: str = "scope_hotline"):
    def render(d, lang):
        v = d.get(key)
        level = "alarm" if alarm_if_positive and v else "normal"
        return kpi(v, "unit_items", lang, missing="—", level=level, scope=t(scope, lang))

    return render


def _render_sign_rate(d, lang):
    rate = d["signed_on_time"] / d["signed"] * 100 if d["signed"] else float("nan")
    return kpi(rate, "unit_pct", lang, missing="—", digits=1, level="normal" if rate != rate or rate >= 90 else "warn")


def _satisfaction(s, ctx: ReadContext):
    end = local_day(ctx.now)
    df = hotline_stats.assessment(s, end - timedelta(days=29), end)
    tot = df[df["code"] == "TOTAL"]
    rated = queries.satisfaction(s, start=end - timedelta(days=29), end=end)["rated"].iloc[0]
    return {"rate": float("nan") if tot.empty else float(tot["satisfaction_rate"].iloc[0]), "rated": int(rated)}


def _render_satisfaction(d, lang):
    v = d["rate"] * 100
    level = "normal" if v != v or v >= 88 else "warn"
    return kpi(
        v, "unit_pct", lang, missing="—", digits=1, level=level, scope=t("scope_rated", lang, n=f"{d['rated']:,}")
    )


def _feed(s, ctx: ReadContext):
    return hq.latest_feed(s, role=ctx.role, limit=18)


def _assessment(s, ctx: ReadContext):
    end = local_day(ctx.now)
    return hotline_stats.assessment_trend(s, end - timedelta(days=29), end, min_assigned=5)


def _summary(s, ctx: ReadContext):
    return hotline_stats.daily_summary(s, local_day(ctx.now), ctx.now)


def _hotspots(s, ctx: ReadContext):
    return {"hotspots": hotline_stats.hotspots(s, ctx.now), "repeats": hotline_stats.repeat_callers(s, ctx.now)}


def _dispatch_eval(s, ctx: ReadContext):
    return dispatch.cached_evaluation(s)


DRILL = "/hotline?stream=hotline&"  # each tile lists the tickets it counts (the grid's filters, set from the link)
PANELS = [
    Panel("received", "hotline_kpi_received", _today, _num("received"), href=DRILL + "when=received_today"),
    Panel("dispatched", "hotline_kpi_dispatched", _today, _num("dispatched"), href=DRILL + "when=dispatched_today"),
    Panel("sign-rate", "hotline_kpi_sign_rate", _today, _render_sign_rate),
    Panel("closed", "hotline_kpi_closed", _today, _num("closed"), href=DRILL + "when=closed_today"),
    Panel("open", "hotline_kpi_open", _today, _num("open", scope="scope_open_hotline"), href=DRILL + "status=open"),
    Panel(
        "overdue",
        "hotline_kpi_overdue",
        _today,
        _num("overdue", alarm_if_positive=True, scope="scope_overdue_hotline"),
        href=DRILL + "sla=overdue",
    ),
    Panel(
        "satisfaction",
        "hotline_kpi_satisfaction",
        _satisfaction,
        _render_satisfaction,
        period=30,
        href=DRILL + "when=rated_30d",
    ),
    Panel("feed", "hotline_panel_feed", _feed, hr.feed, kind="feed"),
    Panel("hotspots", "hotline_panel_hotspots", _hotspots, sr.warnings, kind="feed", period=30),
    Panel(
        "dispatch", "hotline_panel_dispatch", _dispatch_eval, sr.dispatch_eval, kind="feed", period=60, stale_periods=3
    ),
    Panel("assessment", "hotline_panel_assessment", _assessment, sr.assessment, kind="table", period=30),
    Panel("summary", "hotline_panel_summary", _summary, sr.summary, kind="table", period=15),
]
IDS = register_page_refresh("hotline", PANELS)


# ---- filters and the grid -----------------------------------------------------------------
def initial_filters(query: dict) -> dict:
    """The filters a drill-down link names (/hotline?stream=hotline&when=received_today...), checked as the grid
    checks them: a value of the wrong kind is dropped, never an error."""
    q = hq.grid_query([query.get(k) if isinstance(query.get(k), str) else None for k in FILTER_KEYS], None)
    return {
        "stream": q.stream,
        "channel": q.channel,
        "category": q.category,
        "department": None if q.department_id is None else str(q.department_id),
        "town": q.town,
        "status": q.status,
        "sla": q.sla,
        "text": q.text,
        "when": q.when,
    }


@callback(
    Output(ID.GRID, "getRowsResponse"),
    Output(ID.COUNT, "children"),
    Input(ID.GRID, "getRowsRequest"),
    *FILTER_STATES,
)
@allow(*ALL_ROLES)
def serve_ticket_rows(request, *filters):
    if not request:
        raise PreventUpdate
    q = hq.grid_query(list(filters), request)
    lang = current_lang()
    with read_session(db_url()) as s:
        df, total = hq.ticket_page(s, q, now=utcnow(), role=current_principal().role)
    return {"rowData": hr.grid_rows(df, lang), "rowCount": total}, t("hotline_rows", lang, n=f"{total:,}")


clientside_callback(
    ClientsideFunction("hotline", "purge"),
    Output(ID.RESET, "data"),
    Input(ID.STREAM, "value"),
    Input(ID.CHANNEL, "value"),
    Input(ID.CATEGORY, "value"),
    Input(ID.DEPARTMENT, "value"),
    Input(ID.TOWN, "value"),
    Input(ID.STATUS, "value"),
    Input(ID.SLA, "value"),
    Input(ID.TEXT, "value"),
    Input(ID.WHEN, "value"),
    Input(ID.REFRESH, "data"),
)


clientside_callback(
    ClientsideFunction("hotline", "refresh"),
    Output(ID.GRID_LIVE, "data"),
    Input(ID.GRID_TICK, "n_intervals"),
    prevent_initial_call=True,
)


def _options(lang: str) -> dict:
    def read():
        with read_session(db_url()) as s:
            return hq.filter_options(s)

    return cached("hotline:options", 300, read) or {"channel": [], "category": [], "department": [], "town": []}


@callback(
    Output(ID.CHANNEL, "options"),
    Output(ID.CATEGORY, "options"),
    Output(ID.DEPARTMENT, "options"),
    Output(ID.TOWN, "options"),
    Output(ID.ACT_DEPT, "options"),
    Output(ID.ACT_CO, "options"),
    Input(ID.OPTIONS, "data"),
)
@allow(*ALL_ROLES)
def fill_filter_options(_):
    lang = current_lang()
    o = _options(lang)
    ch = [{"label": name("channel", c, n, lang), "value": c} for c, n in o["channel"]]
    cat = [{"label": f"{name('category', c, n, lang)} ({c})", "value": c} for c, n, _s in o["category"]]
    dept = [{"label": en("department", n, lang), "value": v} for v, n in o["department"]]
    town = [{"label": name("town", c, n, lang), "value": c} for c, n in o["town"]]
    act_dept = [{"label": en("department", n, lang), "value": int(v)} for v, n in o["department"]]
    return ch, cat, dept, town, act_dept, act_dept


@callback(
    Output(ID.CSV, "href"),
    Output(ID.XLSX, "href"),
    Input(ID.STREAM, "value"),
    Input(ID.CHANNEL, "value"),
    Input(ID.CATEGORY, "value"),
    Input(ID.DEPARTMENT, "value"),
    Input(ID.TOWN, "value"),
    Input(ID.STATUS, "value"),
    Input(ID.SLA, "value"),
    Input(ID.TEXT, "value"),
    Input(ID.WHEN, "value"),
)
@allow(*ALL_ROLES)
def export_links(*values):
    qs = urlencode({k: v for k, v in zip(FILTER_KEYS, values, strict=True) if v not in (None, "")})
    suffix = f"?{qs}" if qs else ""
    return f"/hotline/export.csv{suffix}", f"/hotline/export.xlsx{suffix}"


# the drawer and the actions register their callbacks on import; re-exported for the page and the tests
