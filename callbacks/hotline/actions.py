"""12345 page: lifecycle actions through the write API (versioned, audited) and reminders."""

from __future__ import annotations

import json
import uuid

from dash import Input, Output, State, callback, no_update
from dash.exceptions import PreventUpdate

from callbacks.hotline import render as hr
from callbacks.hotline.drawer import _ip, _rid
from callbacks.hotline.ids import ACT_ROLES, ACTION_ROLES, DEPT_SCOPED, ID, NOTE_MAX
from data_access import accounts
from data_access import events as ev
from data_access.db import write_session
from data_access.errors import VersionConflict, WriteError
from data_access.hotline import ticket as tq
from data_access.lifecycle import SATISFACTION, allowed_actions
from data_access.worktime import utcnow
from data_access.writes import apply
from web.auth import allow, current_principal, record
from web.context import db_url
from web.i18n import current_lang, t


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


def merge_target(merge_into, ticket_no: str) -> str | None:
    """The master chosen with 并入 on this very ticket, or None (nothing chosen, chosen on another, bad shape)."""
    if not isinstance(merge_into, dict) or merge_into.get("ticket_no") != ticket_no:
        return None
    master = merge_into.get("master")
    return master[:32] if isinstance(master, str) and master else None


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
    State(ID.MERGE_INTO, "data"),
    prevent_initial_call=True,
)
@allow(*ACT_ROLES, acts=True)
def submit_ticket_action(n, held, action, dept, co, note, sat, days, refresh, merge_into=None):
    """One lifecycle action through the write API, guarded by the version the officer saw; "merge" links the
    ticket to the master chosen with 并入 (DuplicateLinked) and closes it as a duplicate."""
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
            tk = tq.ticket_state(s, no)
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
            if not tq.departments_exist(s, wanted + list(fields.get("co_department_ids", ()))):
                raise WriteError("unknown department")
            if action == "dispatch" and stream == "hotline":
                fields["note"] = _dispatch_tag(s, no, fields["department_id"]) + fields["note"]
            common = dict(
                event_id=f"ui:{uuid.uuid4().hex}",
                ticket_no=no,
                at=max(utcnow(), tk["updated_at"]),
                actor=who.username,
                expected_version=version,
            )
            if action == "merge":
                master = merge_target(merge_into, no)
                if master is None:
                    raise WriteError(t("hotline_merge_pick", lang))
                fields = {"duplicate_of": master, "note": fields["note"]}
                e = ev.DuplicateLinked(**common, **fields)
            else:
                e = ev.TicketAction(action=action, **common, **fields)
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
    from data_access.hotline import dispatch as hotline_dispatch

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
    from data_access.hotline import remind as hotline_remind

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
