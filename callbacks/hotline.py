"""12345 诉求中心 (/hotline): panels, the server-side ticket grid, the ticket drawer, reveal and actions."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from urllib.parse import urlencode

from dash import ALL, ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, no_update
from dash.exceptions import PreventUpdate
from flask import abort

from callbacks import hotline_render as hr
from callbacks._auth import ALL_ROLES, _same_origin, allow, current_principal, record
from callbacks._context import db_url
from callbacks._i18n import current_lang, t
from callbacks._panels import Panel, ReadContext, cached, register_page_refresh
from data_access import accounts, hotline_stats
from data_access import events as ev
from data_access import hotline as hq
from data_access.db import read_session, write_session
from data_access.lifecycle import SATISFACTION, VersionConflict, WriteError, allowed_actions
from data_access.masking import is_public
from data_access.worktime import local_day, utcnow
from data_access.writes import apply

ACT_ROLES = ("officer", "supervisor", "admin")
REVEAL_ROLES = frozenset({"officer", "supervisor", "admin"})
# tighter than ACT_ROLES where a supervisor's decision is needed
ACTION_ROLES: dict[str, frozenset[str]] = {
    "extend_approve": frozenset({"supervisor", "admin"}),
    "extend_reject": frozenset({"supervisor", "admin"}),
    "cancel": frozenset({"supervisor", "admin"}),
}
DEPT_SCOPED = frozenset({"sign", "return", "extend_request", "reply", "feedback"})  # only the holding department
NOTE_MAX = 500
REVEAL_SECONDS = 60


class ID:
    GRID = "hotline-grid"
    COUNT = "hotline-count"
    RESET = "hotline-grid-reset"
    GRID_TICK = "hotline-grid-tick"
    GRID_LIVE = "hotline-grid-live"
    STREAM = "hotline-f-stream"
    CHANNEL = "hotline-f-channel"
    CATEGORY = "hotline-f-category"
    DEPARTMENT = "hotline-f-department"
    TOWN = "hotline-f-town"
    STATUS = "hotline-f-status"
    SLA = "hotline-f-sla"
    TEXT = "hotline-f-text"
    CSV = "hotline-export-csv"
    XLSX = "hotline-export-xlsx"
    REPORT = "hotline-export-report"
    OPTIONS = "hotline-options"
    TICKET = "hotline-ticket"
    VERSION = "hotline-version"
    REFRESH = "hotline-refresh"
    DRAWER = "hotline-drawer"
    DRAWER_TITLE = "hotline-drawer-title"
    DRAWER_CLOSE = "hotline-drawer-close"
    DETAIL = "hotline-detail"
    STAGES = "hotline-stages"
    TIMELINE = "hotline-timeline"
    SIMILAR = "hotline-similar"
    SUGGEST = "hotline-suggest"
    ACCEPT = "hotline-accept"
    CITIZEN = "hotline-citizen"
    REVEAL = "hotline-reveal"
    REVEAL_REASON = "hotline-reveal-reason"
    REVEAL_TIMER = "hotline-reveal-timer"
    ACTION = "hotline-action"
    ACT_DEPT = "hotline-act-dept"
    ACT_CO = "hotline-act-co"
    ACT_NOTE = "hotline-act-note"
    ACT_SAT = "hotline-act-sat"
    ACT_DAYS = "hotline-act-days"
    SUBMIT = "hotline-submit"
    MESSAGE = "hotline-message"
    SUGGESTED = "hotline-suggested"
    MAP = "hotline-map"
    GEO = "hotline-map-geo"
    CAMERAS = "hotline-cameras"
    REMIND = "hotline-remind"
    REMIND_MSG = "hotline-remind-msg"


FILTER_STATES = [
    State(ID.STREAM, "value"),
    State(ID.CHANNEL, "value"),
    State(ID.CATEGORY, "value"),
    State(ID.DEPARTMENT, "value"),
    State(ID.TOWN, "value"),
    State(ID.STATUS, "value"),
    State(ID.SLA, "value"),
    State(ID.TEXT, "value"),
]


# ---- panels (shared snapshots through the panel engine) ---------------------------------------
def _today(s, ctx: ReadContext):
    return hotline_stats.today_numbers(s, ctx.now)


def _num(key: str, *, alarm_if_positive: bool = False):
    def render(d, lang):
        v = d.get(key)
        return hr.kpi_tile(v, lang, level="alarm" if alarm_if_positive and v else "normal")

    return render


def _render_sign_rate(d, lang):
    rate = d["signed_on_time"] / d["signed"] * 100 if d["signed"] else float("nan")
    return hr.kpi_tile(rate, lang, unit="unit_pct", digits=1, level="normal" if rate != rate or rate >= 90 else "warn")


def _satisfaction(s, ctx: ReadContext):
    end = local_day(ctx.now)
    df = hotline_stats.assessment(s, end - timedelta(days=29), end)
    tot = df[df["code"] == "TOTAL"]
    return float("nan") if tot.empty else float(tot["satisfaction_rate"].iloc[0])


def _render_satisfaction(rate, lang):
    v = rate * 100
    return hr.kpi_tile(v, lang, unit="unit_pct", digits=1, level="normal" if v != v or v >= 88 else "warn")


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
    from data_access import hotline_dispatch

    return hotline_dispatch.cached_evaluation(s)


PANELS = [
    Panel("received", "hotline_kpi_received", _today, _num("received")),
    Panel("dispatched", "hotline_kpi_dispatched", _today, _num("dispatched")),
    Panel("sign-rate", "hotline_kpi_sign_rate", _today, _render_sign_rate),
    Panel("closed", "hotline_kpi_closed", _today, _num("closed")),
    Panel("open", "hotline_kpi_open", _today, _num("open")),
    Panel("overdue", "hotline_kpi_overdue", _today, _num("overdue", alarm_if_positive=True)),
    Panel("satisfaction", "hotline_kpi_satisfaction", _satisfaction, _render_satisfaction, period=30),
    Panel("feed", "hotline_panel_feed", _feed, hr.feed, kind="feed"),
    Panel("hotspots", "hotline_panel_hotspots", _hotspots, hr.warnings, kind="feed", period=30),
    Panel(
        "dispatch", "hotline_panel_dispatch", _dispatch_eval, hr.dispatch_eval, kind="feed", period=60, stale_periods=3
    ),
    Panel("assessment", "hotline_panel_assessment", _assessment, hr.assessment, kind="table", period=30),
    Panel("summary", "hotline_panel_summary", _summary, hr.summary, kind="table", period=15),
]
IDS = register_page_refresh("hotline", PANELS)


# ---- filters and the grid -----------------------------------------------------------------
def grid_query(values: list, req: dict | None) -> hq.GridQuery:
    """A GridQuery from the filter controls and AG Grid's getRowsRequest (bad values are dropped)."""
    stream, channel, category, dept, town, status, sla, text = (values + [None] * 8)[:8]
    req = req or {}
    sort = (req.get("sortModel") or [{}])[0] if isinstance(req.get("sortModel"), list) else {}
    col = sort.get("colId") if isinstance(sort, dict) else None
    col = col if col in hq.SORTABLE else None

    def s(v, n=20):
        return v[:n] if isinstance(v, str) and v else None

    try:
        dept_id = int(dept) if dept not in (None, "") else None
    except (TypeError, ValueError):
        dept_id = None
    try:
        start = max(0, int(req.get("startRow") or 0))
        end = max(start, int(req.get("endRow") or start + 100))
    except (TypeError, ValueError):
        start, end = 0, 100
    return hq.GridQuery(
        stream=stream if stream in ("hotline", "cm") else None,
        channel=s(channel),
        category=s(category),
        department_id=dept_id,
        town=s(town),
        status=status if status in hq.STATUSES or status == "open" else None,
        sla=sla if sla in hq.SLA_STATES else None,
        text=s(text, 40),
        sort=col or "created",
        descending=(sort.get("sort") != "asc") if col else True,
        start=start,
        end=end,
    )


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
    q = grid_query(list(filters), request)
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
    o = _options(current_lang())
    ch = [{"label": n, "value": c} for c, n in o["channel"]]
    cat = [{"label": f"{n} ({c})", "value": c} for c, n, _s in o["category"]]
    dept = [{"label": n, "value": v} for v, n in o["department"]]
    town = [{"label": n, "value": c} for c, n in o["town"]]
    act_dept = [{"label": n, "value": int(v)} for v, n in o["department"]]
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
)
@allow(*ALL_ROLES)
def export_links(*values):
    keys = ("stream", "channel", "category", "department", "town", "status", "sla", "text")
    qs = urlencode({k: v for k, v in zip(keys, values, strict=True) if v not in (None, "")})
    suffix = f"?{qs}" if qs else ""
    return f"/hotline/export.csv{suffix}", f"/hotline/export.xlsx{suffix}"


# ---- the drawer -----------------------------------------------------------------------------
@callback(
    Output(ID.TICKET, "data"),
    Input(ID.GRID, "cellClicked"),
    Input({"type": "hotline-open", "no": ALL}, "n_clicks"),
    Input({"type": "hotline-open-similar", "no": ALL}, "n_clicks"),
    Input({"type": "hotline-open-hotspot", "no": ALL}, "n_clicks"),
    Input(ID.DRAWER_CLOSE, "n_clicks"),
    prevent_initial_call=True,
)
@allow(*ALL_ROLES)
def select_ticket(cell, *_clicks):
    trig = ctx.triggered_id
    if trig == ID.DRAWER_CLOSE:
        return None
    if trig == ID.GRID:
        no = (cell or {}).get("rowId")
        if not isinstance(no, str) or not no:
            raise PreventUpdate
        return no[:32]
    if isinstance(trig, dict) and ctx.triggered and ctx.triggered[0].get("value"):
        return str(trig.get("no", ""))[:32] or None
    raise PreventUpdate


def _drawer_data(ticket_no: str, role: str) -> dict | None:
    now = utcnow()
    with read_session(db_url()) as s:
        d = hq.ticket_detail(s, ticket_no, role=role, now=now)
        if d is None:
            return None
        d["timeline"] = hq.timeline(s, ticket_no, role=role)
        d["similar"] = hq.similar_requests(s, ticket_no, role=role)
        d["cameras"] = hq.nearby_cameras(s, ticket_no)
        d["suggestion"] = None
        if d["stream"] == "hotline" and not is_public(role) and "dispatch" in d["actions"]:
            from data_access import hotline_dispatch

            d["suggestion"] = hotline_dispatch.suggest_for_ticket(s, ticket_no)
    return d


def _action_options(d: dict, role: str, lang: str) -> list[dict]:
    if role not in ACT_ROLES:
        return []
    return [
        {"label": hr.action_label(a, d["stream"], lang), "value": a}
        for a in d["actions"]
        if role in ACTION_ROLES.get(a, frozenset(ACT_ROLES))
    ]


@callback(
    Output(ID.DRAWER, "className"),
    Output(ID.DRAWER_TITLE, "children"),
    Output(ID.DETAIL, "children"),
    Output(ID.STAGES, "children"),
    Output(ID.TIMELINE, "children"),
    Output(ID.SIMILAR, "children"),
    Output(ID.SUGGEST, "children"),
    Output(ID.SUGGESTED, "data"),
    Output(ID.ACTION, "options"),
    Output(ID.VERSION, "data"),
    Output(ID.GEO, "data"),
    Output(ID.MAP, "viewport"),
    Output(ID.CAMERAS, "children"),
    Input(ID.TICKET, "data"),
    Input(ID.REFRESH, "data"),
)
@allow(*ALL_ROLES)
def render_drawer(ticket_no, _refresh):
    lang = current_lang()
    if not ticket_no:
        return "hl-drawer", "", None, None, None, None, None, None, [], None, hr.EMPTY_GEO, no_update, None
    role = current_principal().role
    d = _drawer_data(str(ticket_no)[:32], role)
    if d is None:
        msg = hr.html.Div(t("hotline_not_found", lang), className="hl-muted")
        return (
            "hl-drawer open",
            str(ticket_no)[:32],
            msg,
            None,
            None,
            None,
            None,
            None,
            [],
            None,
            hr.EMPTY_GEO,
            no_update,
            None,
        )
    sug, sug_id = None, None
    if d["suggestion"]:
        p = d["suggestion"]
        sug = hr.html.Div(
            [
                hr.html.Span(t("hotline_d_suggest", lang) + "：", className="hl-muted"),
                hr.html.B(t("hotline_d_suggest_conf", lang, dept=p["name"], p=f"{p['confidence'] * 100:.0f}")),
            ]
        )
        sug_id = p["department_id"]
    acts = set(d["timeline"]["action"]) if not d["timeline"].empty else set()
    return (
        "hl-drawer open",
        f"{d['ticket_no']} · {t('st_' + d['status'], lang)}",
        hr.detail(d, lang),
        hr.stages(d["stream"], acts, lang),
        hr.timeline(d["timeline"], d["stream"], lang),
        hr.similar(d["similar"], lang, can_merge=role in ACT_ROLES),
        sug,
        sug_id,
        _action_options(d, role, lang),
        {"ticket_no": d["ticket_no"], "version": d["version"]},
        hr.location_geojson(d, d["cameras"]),
        {"center": [d["lat"], d["lon"]], "zoom": 15} if d["lat"] is not None else no_update,
        hr.cameras(d["cameras"], lang),
    )


@callback(
    Output(ID.ACT_DEPT, "value"),
    Input(ID.ACCEPT, "n_clicks"),
    State(ID.SUGGESTED, "data"),
    prevent_initial_call=True,
)
@allow(*ACT_ROLES)
def accept_suggestion(n, suggested):
    if not n or not isinstance(suggested, int):
        raise PreventUpdate
    return suggested


@callback(
    Output(ID.ACTION, "value"),
    Output(ID.ACT_NOTE, "value"),
    Input({"type": "hotline-merge", "no": ALL}, "n_clicks"),
    State(ID.ACTION, "options"),
    prevent_initial_call=True,
)
@allow(*ALL_ROLES)  # why: it only pre-fills the form; new rows fire it for every role, the submit checks roles
def prefill_merge(_clicks, options):
    """合并重复件: fill the form to close this ticket as a duplicate of the chosen one (the officer submits)."""
    trig = ctx.triggered_id
    if not isinstance(trig, dict) or not (ctx.triggered and ctx.triggered[0].get("value")):
        raise PreventUpdate
    if current_principal().role not in ACT_ROLES:
        raise PreventUpdate
    if "answer" not in {o.get("value") for o in options or [] if isinstance(o, dict)}:
        return no_update, t("hotline_merge_not_now", current_lang())
    other = str(trig.get("no", ""))[:32]
    return "answer", t("hotline_merge_note", current_lang(), no=other)


@callback(
    Output(ID.CITIZEN, "children"),
    Output(ID.REVEAL_TIMER, "disabled"),
    Output(ID.REVEAL_TIMER, "n_intervals"),
    Output(ID.REVEAL_REASON, "value"),
    Input(ID.TICKET, "data"),
    Input(ID.REVEAL, "n_clicks"),
    Input(ID.REVEAL_TIMER, "n_intervals"),
    State(ID.REVEAL_REASON, "value"),
)
@allow(*ALL_ROLES)
def render_citizen(ticket_no, reveal_clicks, _ticks, reason):
    """Masked by role; "reveal" with a reason shows the full details for 60 s (seat roles only, audited)."""
    lang = current_lang()
    if not ticket_no:
        return None, True, 0, no_update
    who = current_principal()
    ticket_no = str(ticket_no)[:32]
    reveal = ctx.triggered_id == ID.REVEAL and bool(reveal_clicks)
    if reveal:
        if who.role not in REVEAL_ROLES or not _same_origin():
            record(who, "callback:reveal_citizen", ticket_no, "denied")
            abort(403)
        reason = (reason or "").strip()[:200]
        if len(reason) < 2:
            return hr.html.Div(t("hotline_reveal_need_reason", lang), className="hl-msg bad"), True, 0, no_update
        if who.department_id:
            with read_session(db_url()) as s:
                held = hq.ticket_state(s, ticket_no)
            if held is not None and held["department_id"] != who.department_id:
                # a department user sees in full only the citizens of tickets their department holds
                record(who, "callback:reveal_citizen", ticket_no, "denied", "not held by the user's department")
                abort(403)
        with write_session(db_url()) as s:
            info = hq.citizen_details(s, ticket_no, role=who.role, reveal=True)
            if info is None:
                raise PreventUpdate
            accounts.audit(
                s,
                who=who,
                action="reveal_citizen",
                obj=ticket_no,
                result="ok",
                detail=f"reason: {reason}",
                ip=_ip(),
                request_id=_rid(),
            )
        return hr.citizen(info, lang, revealed=True), False, 0, ""
    with read_session(db_url()) as s:
        info = hq.citizen_details(s, ticket_no, role=who.role)
    return hr.citizen(info, lang), True, 0, no_update


def _ip() -> str:
    from callbacks._auth import client_ip

    return client_ip()


def _rid() -> str:
    from callbacks._auth import request_id

    return request_id()


# ---- actions ------------------------------------------------------------------------------
def validate_action(
    action, dept, co, note, sat, days, *, stream: str, status: str, role: str
) -> tuple[dict | None, str | None]:
    """The TicketAction fields for a form submission, or (None, message key/text) when the input is bad."""
    if not isinstance(action, str) or action not in allowed_actions(stream, status):
        return None, "hotline_pick_action"
    if role not in ACTION_ROLES.get(action, frozenset(ACT_ROLES)):
        return None, "hotline_denied_action"
    note = (note or "").strip() if isinstance(note, str) else ""
    if len(note) > NOTE_MAX:
        return None, f"note longer than {NOTE_MAX} characters"
    fields: dict = {"note": note}
    if action == "dispatch":
        if not isinstance(dept, int) or isinstance(dept, bool):
            return None, "dispatch needs a lead department"
        co = co or []
        if (
            not isinstance(co, list)
            or len(co) > 5
            or not all(isinstance(c, int) and not isinstance(c, bool) for c in co)
        ):
            return None, "at most 5 co-departments"
        fields["department_id"] = dept
        fields["co_department_ids"] = tuple(sorted({c for c in co if c != dept}))
    if action in ("return", "redo", "rework", "extend_request", "extend_reject") and not note:
        return None, "a reason is required"
    if action == "callback":
        if sat not in SATISFACTION:
            return None, "a callback needs a rating"
        fields["satisfaction"] = sat
    if action == "extend_approve":
        try:
            d = float(days if days not in (None, "") else 3)
        except (TypeError, ValueError):
            return None, "extension days must be a number"
        if not 0 < d <= 30:
            return None, "an extension is 1 to 30 working days"
        fields["extend_days"] = d
    return fields, None


@callback(
    Output(ID.MESSAGE, "children"),
    Output(ID.REFRESH, "data"),
    Input(ID.SUBMIT, "n_clicks"),
    State(ID.VERSION, "data"),
    State(ID.ACTION, "value"),
    State(ID.ACT_DEPT, "value"),
    State(ID.ACT_CO, "value"),
    State(ID.ACT_NOTE, "value"),
    State(ID.ACT_SAT, "value"),
    State(ID.ACT_DAYS, "value"),
    State(ID.REFRESH, "data"),
    prevent_initial_call=True,
)
@allow(*ACT_ROLES, acts=True)
def submit_ticket_action(n, held, action, dept, co, note, sat, days, refresh):
    """One lifecycle action through the write API, guarded by the version the officer saw."""
    if not n:
        raise PreventUpdate
    lang = current_lang()
    who = current_principal()
    bump = (refresh or 0) + 1
    if (
        not isinstance(held, dict)
        or not isinstance(held.get("ticket_no"), str)
        or not isinstance(held.get("version"), int)
    ):
        return _msg(t("hotline_pick_ticket", lang), False), no_update
    no, version = held["ticket_no"][:32], held["version"]
    obj = f"ticket:{no}"
    audit_action = f"ticket:{action if isinstance(action, str) else '?'}"[:40]
    try:
        with write_session(db_url()) as s:
            tk = hq.ticket_state(s, no)
            if tk is None:
                raise WriteError("no such ticket")
            stream = tk["stream"]
            if tk["version"] != version:
                raise VersionConflict("stale version")
            fields, err = validate_action(
                action, dept, co, note, sat, days, stream=stream, status=tk["status"], role=who.role
            )
            if err:
                raise WriteError(t(err, lang) if err.startswith("hotline_") else err)
            if action in DEPT_SCOPED and who.department_id and tk["department_id"] != who.department_id:
                raise WriteError(t("hotline_denied_action", lang))
            wanted = [fields["department_id"]] if "department_id" in fields else []
            if not hq.departments_exist(s, wanted + list(fields.get("co_department_ids", ()))):
                raise WriteError("unknown department")
            if action == "dispatch" and stream == "hotline":
                fields["note"] = _dispatch_tag(s, no, fields["department_id"]) + fields["note"]
            e = ev.TicketAction(
                event_id=f"ui:{uuid.uuid4().hex}",
                ticket_no=no,
                action=action,
                at=max(utcnow(), tk["updated_at"]),
                actor=who.username,
                expected_version=version,
                **fields,
            )
            apply(s, [e])
            accounts.audit(
                s,
                who=who,
                action=audit_action,
                obj=obj,
                result="ok",
                detail=json.dumps({k: v for k, v in fields.items() if k != "note"}, ensure_ascii=False, default=str),
                ip=_ip(),
                request_id=_rid(),
            )
    except VersionConflict:
        record(who, audit_action, obj, "error", "version conflict")
        return _msg(t("hotline_conflict", lang), False, conflict=True), bump
    except WriteError as exc:
        record(who, audit_action, obj, "error", str(exc)[:200])
        return _msg(t("hotline_bad", lang, msg=str(exc)[:200]), False), no_update
    label = hr.action_label(action, stream, lang)
    return _msg(t("hotline_ok", lang, action=label, v=version + 1), True), bump


def _dispatch_tag(s, ticket_no: str, dept_id: int) -> str:
    """Mark a dispatch as taking or overriding the suggestion (the acceptance rate reads these tags)."""
    from data_access import hotline_dispatch

    sug = hotline_dispatch.suggest_for_ticket(s, ticket_no)
    if sug is None:
        return ""
    if sug["department_id"] == dept_id:
        return hotline_dispatch.ACCEPT_TAG + " "
    return f"{hotline_dispatch.OVERRIDE_TAG}(建议 {sug['name']}) "


def _msg(text: str, ok: bool, conflict: bool = False):
    cls = "hl-msg ok" if ok else ("hl-msg conflict" if conflict else "hl-msg bad")
    return hr.html.Div(text, className=cls, role="status")


@callback(Output(ID.REMIND_MSG, "children"), Input(ID.REMIND, "n_clicks"), prevent_initial_call=True)
@allow("supervisor", "admin", acts=True)
def send_reminders(n):
    """催办 now: reminders for sign-overdue, near-due and overdue tickets (once per ticket, kind and day)."""
    if not n:
        raise PreventUpdate
    from data_access import hotline_remind

    lang = current_lang()
    who = current_principal()
    try:
        with write_session(db_url()) as s:
            count = hotline_remind.sweep(s)
            accounts.audit(
                s,
                who=who,
                action="remind_sweep",
                obj="tickets",
                result="ok",
                detail=f"{count} reminders",
                ip=_ip(),
                request_id=_rid(),
            )
    except WriteError as exc:
        record(who, "remind_sweep", "tickets", "error", str(exc)[:200])
        return _msg(t("hotline_conflict", lang), False, conflict=True)
    return _msg(t("hotline_reminded", lang, n=count), True)
