"""12345 page: the ticket drawer (details, timeline, suggestion, merge) and the audited reveal."""

from __future__ import annotations

from dash import ALL, Input, Output, State, callback, ctx, no_update
from dash.exceptions import PreventUpdate
from flask import abort

from callbacks.hotline import render as hr
from callbacks.hotline.ids import ID
from data_access.db import read_session
from data_access.hotline import ticket as tq
from data_access.lifecycle import DEFAULT_EXTENSION_DAYS
from data_access.masking import is_public
from data_access.roles import ACT_ROLES, ALL_ROLES
from data_access.video import channels
from data_access.worktime import utcnow
from web.auth import _same_origin, actor, allow, current_principal, record
from web.commands import dispatch
from web.commands import hotline as cmd
from web.commands.base import Code, Refused, execute
from web.context import db_url
from web.i18n import current_lang, refusal, t
from web.render import EMPTY_GEOJSON, camera_list


# ---- the drawer -----------------------------------------------------------------------------
@callback(
    Output(ID.TICKET, "data"),
    Input(ID.GRID, "cellClicked"),
    Input({"type": "hotline-open", "no": ALL}, "n_clicks"),
    Input({"type": "hotline-open-similar", "no": ALL}, "n_clicks"),
    Input({"type": "hotline-open-hotspot", "no": ALL}, "n_clicks"),
    Input({"type": "hotline-open-link", "no": ALL}, "n_clicks"),
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
        d = tq.ticket_detail(s, ticket_no, role=role, now=now)
        if d is None:
            return None
        d["timeline"] = tq.timeline(s, ticket_no, role=role)
        d["similar"] = tq.similar_requests(s, ticket_no, role=role)
        d["links"] = tq.duplicate_links(s, ticket_no, role=role)
        d["cameras"] = channels.nearest_cameras(s, d["lat"], d["lon"], limit=5, radius_m=3000)
        d["suggestion"] = None
        if d["stream"] == "hotline" and not is_public(role) and "dispatch" in d["actions"]:
            d["suggestion"] = dispatch.suggest_for_ticket(s, ticket_no)
    return d


def _can_merge(d: dict, role: str) -> bool:
    return role in ACT_ROLES and "merge" in d["actions"]


def _action_options(d: dict, role: str, lang: str) -> list[dict]:
    if role not in ACT_ROLES:
        return []
    return [
        {"label": hr.action_label(a, d["stream"], lang), "value": a}
        for a in d["actions"]
        if role in cmd.ACTION_ROLES.get(a, ACT_ROLES)
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
    Output(ID.ACT_DAYS, "value"),
    Input(ID.TICKET, "data"),
    Input(ID.REFRESH, "data"),
)
@allow(*ALL_ROLES)
def render_drawer(ticket_no, _refresh):
    lang = current_lang()
    if not ticket_no:
        return "hl-drawer", "", None, None, None, None, None, None, [], None, EMPTY_GEOJSON, no_update, None, no_update
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
            EMPTY_GEOJSON,
            no_update,
            None,
            no_update,
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
    acts = list(d["timeline"]["action"]) if not d["timeline"].empty else []  # in order: a redo resets the stages
    return (
        "hl-drawer open",
        f"{d['ticket_no']} · {t('st_' + d['status'], lang)}",
        hr.detail(d, lang),
        hr.stages(d["stream"], acts, lang),
        hr.timeline(d["timeline"], d["stream"], lang),
        hr.html.Div(
            [hr.links(d["links"], lang), hr.similar(d["similar"], lang, can_merge=_can_merge(d, role))],
            className="hl-related",
        ),
        sug,
        sug_id,
        _action_options(d, role, lang),
        {"ticket_no": d["ticket_no"], "version": d["version"]},
        hr.location_geojson(d, d["cameras"]),
        {"center": [d["lat"], d["lon"]], "zoom": 15} if d["lat"] is not None else no_update,
        camera_list(d["cameras"], lang, prefix="hl"),
        _days(d),
    )


def _days(d: dict) -> float:
    """The extension days the form starts with: what the department asked for when a request is pending (the
    approver sees and applies it, or changes it), else the usual 3."""
    req = d.get("extension_request") or {}
    return req.get("days") or DEFAULT_EXTENSION_DAYS


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
    Output(ID.MERGE_INTO, "data"),
    Input({"type": "hotline-merge", "no": ALL}, "n_clicks"),
    State(ID.ACTION, "options"),
    State(ID.VERSION, "data"),
    prevent_initial_call=True,
)
@allow(*ALL_ROLES)  # why: it only pre-fills the form; new rows fire it for every role, the submit checks roles
def prefill_merge(_clicks, options, held):
    """合并重复件: fill the form to close this ticket as a duplicate of the chosen one (the officer submits)."""
    trig = ctx.triggered_id
    if not isinstance(trig, dict) or not (ctx.triggered and ctx.triggered[0].get("value")):
        raise PreventUpdate
    if current_principal().role not in ACT_ROLES or not isinstance(held, dict):
        raise PreventUpdate
    if "merge" not in {o.get("value") for o in options or [] if isinstance(o, dict)}:
        return no_update, t("hotline_merge_not_now", current_lang()), None
    other = str(trig.get("no", ""))[:32]
    # the submit writes the link only for the ticket this was chosen on (a later drawer cannot reuse it)
    target = {"ticket_no": str(held.get("ticket_no", ""))[:32], "master": other}
    return "merge", t("hotline_merge_note", current_lang(), no=other), target


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
        if who.role not in ACT_ROLES or not _same_origin():
            record(who, "callback:reveal_citizen", ticket_no, "denied")
            abort(403)
        try:
            info = execute(db_url(), actor(), "reveal_citizen", ticket_no,
                           lambda s: cmd.reveal_citizen(s, actor(), ticket_no, reason))  # fmt: skip
        except Refused as r:
            if r.code is Code.DENIED:
                abort(403)
            if r.code is Code.NOT_FOUND:
                raise PreventUpdate from r
            return hr.html.Div(refusal(r.code, r.detail, lang), className="hl-msg bad"), True, 0, no_update
        return hr.citizen(info, lang, revealed=True), False, 0, ""
    with read_session(db_url()) as s:
        info = tq.citizen_details(s, ticket_no, role=who.role)
    return hr.citizen(info, lang), True, 0, no_update
