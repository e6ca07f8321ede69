"""12345 page: the officer's action form and the 催办 button, each one command (web/commands/hotline.py)."""

from __future__ import annotations

from dash import Input, Output, State, callback, no_update
from dash.exceptions import PreventUpdate

from callbacks.hotline import render as hr
from callbacks.hotline.ids import ID
from data_access.roles import ACT_ROLES, SUPERVISE_ROLES
from web.auth import actor, allow
from web.commands import hotline as cmd
from web.commands.base import Code, Refused, execute
from web.context import db_url
from web.i18n import current_lang, refusal, t


@callback(
    Output(ID.MESSAGE, "children"),
    Output(ID.REFRESH, "data"),
    Output(ID.ACT_NOTE, "value", allow_duplicate=True),
    Input(ID.SUBMIT, "n_clicks"),
    State(ID.VERSION, "data"),
    State(ID.ACTION, "value"),
    State(ID.ACT_DEPT, "value"),
    State(ID.ACT_CO, "value"),
    State(ID.ACT_NOTE, "value"),
    State(ID.ACT_SAT, "value"),
    State(ID.ACT_DAYS, "value"),
    State(ID.REFRESH, "data"),
    State(ID.MERGE_INTO, "data"),
    prevent_initial_call=True,
)
@allow(*ACT_ROLES, acts=True)
def submit_ticket_action(n, held, action, dept, co, note, sat, days, refresh, merge_into=None):
    """The form -> one ticket action (or a merge into the master chosen with 并入); the drawer re-reads after and the
    note box clears once the action is written."""
    if not n:
        raise PreventUpdate
    lang = current_lang()
    held = held if isinstance(held, dict) else {}
    req = cmd.TicketRequest(held.get("ticket_no"), held.get("version"), action, dept, co, note, sat, days, merge_into)
    if cmd.held_ticket(req) is None:
        return _msg(t("hotline_pick_ticket", lang), False), no_update, no_update
    bump = (refresh if isinstance(refresh, int) and not isinstance(refresh, bool) else 0) + 1
    no = req.ticket_no[:32]
    try:
        done = execute(db_url(), actor(), cmd.audit_name(action), f"ticket:{no}",
                       lambda s: cmd.act_on_ticket(s, actor(), req))  # fmt: skip
    except Refused as r:
        if r.code is Code.CONFLICT:  # the note is kept: the officer resubmits it on the fresh version
            return _msg(t("hotline_conflict", lang), False, conflict=True), bump, no_update
        return _msg(t("hotline_bad", lang, msg=refusal(r.code, r.detail, lang)[:200]), False), no_update, no_update
    label = hr.action_label(done.action, done.stream, lang)
    return _msg(t("hotline_ok", lang, action=label, v=done.version), True), bump, ""  # done: the note box clears


def _msg(text: str, ok: bool, conflict: bool = False):
    cls = "hl-msg ok" if ok else ("hl-msg conflict" if conflict else "hl-msg bad")
    return hr.html.Div(text, className=cls, role="status")


@callback(Output(ID.REMIND_MSG, "children"), Input(ID.REMIND, "n_clicks"), prevent_initial_call=True)
@allow(*SUPERVISE_ROLES, acts=True)
def send_reminders(n):
    """催办 now: reminders for sign-overdue, near-due and overdue tickets (once per ticket, kind and day)."""
    if not n:
        raise PreventUpdate
    lang = current_lang()
    try:
        count = execute(db_url(), actor(), "remind_sweep", "tickets", lambda s: cmd.send_reminders(s, actor()))
    except Refused:
        return _msg(t("hotline_conflict", lang), False, conflict=True)
    return _msg(t("hotline_reminded", lang, n=count), True)
