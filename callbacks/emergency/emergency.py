"""全域安全指挥 (/emergency): panels (KPIs, warnings, map, supervision, duty, hazards, stores) through the panel
engine, the incident list with its filters, and the officers' forms (report an incident, issue/update/lift a
warning, hand over and acknowledge a shift, raise supervision), each one command."""

from __future__ import annotations

from dash import Input, Output, State, callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from callbacks.emergency import render as er
from callbacks.refresh import register_page_refresh
from data_access.db import read_session
from data_access.emergency import catalog as C
from data_access.emergency import duty as dq
from data_access.emergency import incidents as iq
from data_access.emergency import warnings as wq
from data_access.roles import ACT_ROLES, ALL_ROLES
from data_access.worktime import utcnow
from web.auth import actor, allow
from web.cache import cached
from web.commands import emergency as cmd
from web.commands.base import Refused, execute
from web.context import current_settings, db_url
from web.i18n import current_lang, refusal, t
from web.panels import Panel, ReadContext
from web.render import kpi


class ID:
    LIST = "emergency-list"
    F_LEVEL = "emergency-f-level"
    F_CATEGORY = "emergency-f-category"
    F_CLOSED = "emergency-f-closed"
    REFRESH = "emergency-refresh"
    R_KIND = "emergency-r-kind"
    R_LEVEL = "emergency-r-level"
    R_TITLE = "emergency-r-title"
    R_LAT = "emergency-r-lat"
    R_LON = "emergency-r-lon"
    R_DESC = "emergency-r-desc"
    R_DRILL = "emergency-r-drill"
    R_SUBMIT = "emergency-r-submit"
    R_MSG = "emergency-r-msg"
    W_HAZARD = "emergency-w-hazard"
    W_COLOR = "emergency-w-color"
    W_HEADLINE = "emergency-w-headline"
    W_AREA = "emergency-w-area"
    W_HOURS = "emergency-w-hours"
    W_DRILL = "emergency-w-drill"
    W_SUBMIT = "emergency-w-submit"
    W_PICK = "emergency-w-pick"
    W_NEWCOLOR = "emergency-w-newcolor"
    W_UPDATE = "emergency-w-update"
    W_LIFT = "emergency-w-lift-btn"
    W_MSG = "emergency-w-msg"
    D_NOTE = "emergency-d-note"
    D_SUBMIT = "emergency-d-submit"
    D_ACK = "emergency-d-ack"
    D_MSG = "emergency-d-msg"
    S_SWEEP = "emergency-s-sweep"
    S_MSG = "emergency-s-msg"


# ---- panels ------------------------------------------------------------------------------------------------------
def _summary(s, ctx: ReadContext) -> dict:
    counts = iq.counts(s)
    by_level = counts.groupby("level")["n"].sum().to_dict() if not counts.empty else {}
    sh = iq.shelters(s)
    cap = int(sh["capacity"].sum()) if not sh.empty else 0
    warns = wq.in_force(s, ctx.now)
    return {
        "active": int(sum(by_level.values())),
        "major": int(by_level.get(1, 0) + by_level.get(2, 0)),
        "l3": int(by_level.get(3, 0)),
        "l4": int(by_level.get(4, 0)),
        "warnings": int((~warns["exercise"].astype(bool)).sum()) if not warns.empty else 0,
        "overdue": len(iq.supervision(s, ctx.now)),
        "out": iq.resources_out(s),
        "occupancy": round(float(sh["occupancy"].sum()) / cap * 100, 1) if cap else 0.0,
    }


def _n(key: str, *, alarm: bool = False):
    def render(d, lang):
        v = d.get(key)
        return kpi(v, "unit_items", lang, missing="—", level="alarm" if alarm and v else "normal")

    render.__name__ = f"render_{key}"
    return render


def _render_occupancy(d, lang):
    return kpi(d.get("occupancy"), "unit_pct", lang, missing="—", digits=1)


def _warnings(s, ctx: ReadContext):
    return wq.in_force(s, ctx.now)


def _map(s, ctx: ReadContext) -> dict:
    return {
        "incidents": iq.incident_list(s, ctx.now),
        "resources": iq.resource_points(s),
        "hazards": dq.hazards(s, ctx.now),
    }


def _supervision(s, ctx: ReadContext):
    return iq.supervision(s, ctx.now)


def _duty(s, ctx: ReadContext) -> dict:
    return {
        "roster": dq.roster(s, ctx.now, role=ctx.role, shifts=2),
        "handovers": dq.handovers(s, ctx.now, role=ctx.role),
    }


def _hazards(s, ctx: ReadContext):
    return dq.hazards(s, ctx.now)


def _stores(s, ctx: ReadContext):
    return dq.stores(s, ctx.now)


PANELS = [
    Panel("active", "em_kpi_active", _summary, _n("active")),
    Panel("major", "em_kpi_major", _summary, _n("major", alarm=True)),
    Panel("l3", "em_kpi_l3", _summary, _n("l3")),
    Panel("l4", "em_kpi_l4", _summary, _n("l4")),
    Panel("warnings", "em_kpi_warnings", _summary, _n("warnings")),
    Panel("overdue", "em_kpi_overdue", _summary, _n("overdue", alarm=True)),
    Panel("out", "em_kpi_out", _summary, _n("out")),
    Panel("occupancy", "em_kpi_shelter", _summary, _render_occupancy),
    Panel("warning-list", "em_panel_warnings", _warnings, er.warnings, kind="feed"),
    Panel("map", "em_panel_map", _map, er.overview_map, kind="map"),
    Panel("supervision", "em_panel_supervision", _supervision, er.supervision, kind="feed"),
    Panel("duty", "em_panel_duty", _duty, er.duty, kind="feed", period=15),
    Panel("hazards", "em_panel_hazards", _hazards, er.hazards, kind="table", period=60),
    Panel("stores", "em_panel_stores", _stores, er.stores, kind="table", period=60),
]
IDS = register_page_refresh("emergency", PANELS)


# ---- the incident list -------------------------------------------------------------------------------------------
def _list():
    period = current_settings().refresh_seconds
    bucket = int(utcnow().timestamp()) // max(1, period)

    def read():
        with read_session(db_url()) as s:
            return iq.incident_list(s, utcnow())

    return cached(f"emergency:list:{bucket}", period * 3, read)


def filter_list(df, level, category, closed):
    if df is None or df.empty:
        return df
    if level in (1, 2, 3, 4):
        df = df[df["level"] == level]
    elif level == "12":
        df = df[df["level"] <= 2]
    if category in C.CATEGORIES:
        df = df[df["category"] == category]
    if not closed:
        df = df[df["status"] == "active"]
    return df


@callback(
    Output(ID.LIST, "children"),
    Input(IDS.tick, "data"),
    Input(ID.F_LEVEL, "value"),
    Input(ID.F_CATEGORY, "value"),
    Input(ID.F_CLOSED, "value"),
    Input(ID.REFRESH, "data"),
)
@allow(*ALL_ROLES)
def render_incident_list(_tick, level, category, closed, _refresh):
    lang = current_lang()
    df = filter_list(_list(), level, category, bool(closed))
    return er.incident_rows(df, lang)


# ---- forms (officers and commanders) -----------------------------------------------------------------------------
def _msg(text: str, ok: bool, link: str | None = None):
    parts: list = [text]
    if link:
        parts += [" ", dcc.Link(t("em_open", current_lang()), href=link, className="em-link")]
    return html.Div(parts, className=f"em-msg {'ok' if ok else 'bad'}", role="status")


def _bump(n):
    return (n if isinstance(n, int) and not isinstance(n, bool) else 0) + 1


@callback(
    Output(ID.R_MSG, "children"),
    Output(ID.REFRESH, "data", allow_duplicate=True),
    Input(ID.R_SUBMIT, "n_clicks"),
    State(ID.R_KIND, "value"),
    State(ID.R_LEVEL, "value"),
    State(ID.R_TITLE, "value"),
    State(ID.R_LAT, "value"),
    State(ID.R_LON, "value"),
    State(ID.R_DESC, "value"),
    State(ID.R_DRILL, "value"),
    State(ID.REFRESH, "data"),
    prevent_initial_call=True,
)
@allow(*ACT_ROLES, acts=True)
def submit_incident_report(n, kind, level, title, lat, lon, desc, drill, refresh):
    if not n:
        raise PreventUpdate
    lang = current_lang()
    form = cmd.NewIncident(kind, level, title, lat, lon, desc or "", exercise=bool(drill))
    try:
        eid = execute(
            db_url(), actor(), "incident:report", "incident:new", lambda s: cmd.report_incident(s, actor(), form)
        )
    except Refused as r:
        return _msg(t("em_c_bad", lang, msg=refusal(r.code, r.detail, lang)), False), no_update
    with read_session(db_url()) as s:
        inc = iq.find(s, eid)
        link = f"/emergency/incident?id={inc.id}" if inc else None
    return _msg(t("em_reported_ok", lang, title=str(title)[:60]), True, link), _bump(refresh)


@callback(
    Output(ID.W_MSG, "children"),
    Input(ID.W_SUBMIT, "n_clicks"),
    State(ID.W_HAZARD, "value"),
    State(ID.W_COLOR, "value"),
    State(ID.W_HEADLINE, "value"),
    State(ID.W_AREA, "value"),
    State(ID.W_HOURS, "value"),
    State(ID.W_DRILL, "value"),
    prevent_initial_call=True,
)
@allow(*ACT_ROLES, acts=True)
def submit_warning(n, hazard, color, headline, area, hours, drill):
    if not n:
        raise PreventUpdate
    lang = current_lang()
    form = cmd.NewWarning(hazard, color, headline or "", area or "", hours=hours, exercise=bool(drill))
    try:
        eid = execute(db_url(), actor(), "warning:issue", "warning:new", lambda s: cmd.issue_warning(s, actor(), form))
    except Refused as r:
        return _msg(t("em_c_bad", lang, msg=refusal(r.code, r.detail, lang)), False)
    with read_session(db_url()) as s:
        df = wq.in_force(s, utcnow())
    ident = df[df["event_id"] == eid]["identifier"]
    return _msg(t("em_w_ok", lang, id=ident.iloc[0] if len(ident) else eid), True)


@callback(
    Output(ID.W_PICK, "options"),
    Input(IDS.tick, "data"),
    Input(ID.W_MSG, "children"),
)
@allow(*ALL_ROLES)
def fill_warning_choices(_tick, _msg_):
    lang = current_lang()
    with read_session(db_url()) as s:
        df = wq.in_force(s, utcnow())
    return [
        {"label": t(f"em_color_{r['color']}", lang) + " · " + r["headline"], "value": f"{r['event_id']}|{r['version']}"}
        for r in df.to_dict("records")
    ]


@callback(
    Output(ID.W_MSG, "children", allow_duplicate=True),
    Input(ID.W_UPDATE, "n_clicks"),
    Input(ID.W_LIFT, "n_clicks"),
    State(ID.W_PICK, "value"),
    State(ID.W_NEWCOLOR, "value"),
    prevent_initial_call=True,
)
@allow(*ACT_ROLES, acts=True)
def change_warning(_u, _l, picked, color):
    if not ctx.triggered_id:
        raise PreventUpdate
    lang = current_lang()
    action = "lift" if ctx.triggered_id == ID.W_LIFT else "update"
    key, _sep, version = (picked or "").partition("|")
    try:
        execute(
            db_url(),
            actor(),
            f"warning:{action}",
            f"warning:{key[:60]}",
            lambda s: cmd.change_warning(s, actor(), key, version, action, color if action == "update" else None),
        )
    except Refused as r:
        return _msg(t("em_c_bad", lang, msg=refusal(r.code, r.detail, lang)), False)
    return _msg(t("em_w_changed", lang), True)


@callback(
    Output(ID.D_MSG, "children"),
    Input(ID.D_SUBMIT, "n_clicks"),
    Input(ID.D_ACK, "n_clicks"),
    State(ID.D_NOTE, "value"),
    prevent_initial_call=True,
)
@allow(*ACT_ROLES, acts=True)
def submit_handover(_n, _a, note):
    if not ctx.triggered_id:
        raise PreventUpdate
    lang = current_lang()
    try:
        if ctx.triggered_id == ID.D_SUBMIT:
            execute(db_url(), actor(), "duty:handover", "duty", lambda s: cmd.hand_over(s, actor(), note))
            return _msg(t("em_duty_ok", lang), True)
        with read_session(db_url()) as s:
            hos = dq.handovers(s, utcnow(), role="officer", limit=1)
        key = str(hos["event_id"].iloc[0]) if not hos.empty else ""
        execute(
            db_url(),
            actor(),
            "duty:handover_ack",
            f"handover:{key}",
            lambda s: cmd.acknowledge_handover(s, actor(), key),
        )
    except Refused as r:
        return _msg(t("em_c_bad", lang, msg=refusal(r.code, r.detail, lang)), False)
    return _msg(t("em_duty_ack", lang), True)


@callback(Output(ID.S_MSG, "children"), Input(ID.S_SWEEP, "n_clicks"), prevent_initial_call=True)
@allow(*ACT_ROLES, acts=True)
def raise_supervision(n):
    if not n:
        raise PreventUpdate
    lang = current_lang()
    try:
        count = execute(
            db_url(), actor(), "incident:supervise", "incidents", lambda s: cmd.supervise_overdue(s, actor())
        )
    except Refused as r:
        return _msg(t("em_c_bad", lang, msg=refusal(r.code, r.detail, lang)), False)
    return _msg(t("em_sup_done", lang, n=count), True)
