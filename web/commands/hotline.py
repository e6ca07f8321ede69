"""12345 commands: a lifecycle action on one ticket (versioned, scoped to the holding department), the 催办 sweep,
and revealing a citizen's details with a reason."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from data_access import events as ev
from data_access.hotline import remind
from data_access.hotline import ticket as tq
from data_access.lifecycle import DEFAULT_EXTENSION_DAYS, SATISFACTION, allowed_actions
from data_access.roles import ACT_ROLES, SUPERVISE_ROLES
from data_access.worktime import utcnow
from data_access.writes import apply
from web.commands import dispatch
from web.commands.base import Actor, Code, Refused, audit

NOTE_MAX = 500
# tighter than ACT_ROLES where a supervisor's decision is needed
ACTION_ROLES: dict[str, frozenset[str]] = {
    "extend_approve": SUPERVISE_ROLES,
    "extend_reject": SUPERVISE_ROLES,
    "cancel": SUPERVISE_ROLES,
}
DEPT_SCOPED = frozenset({"sign", "return", "extend_request", "reply", "feedback"})  # only the holding department
REVEAL_REASON_MIN = 2


@dataclass(frozen=True)
class TicketRequest:
    """An officer's form, as the client sent it (any shape: the command validates)."""

    ticket_no: object
    version: object
    action: object
    department: object = None
    co_departments: object = None
    note: object = None
    satisfaction: object = None
    days: object = None
    merge_into: object = None  # {"ticket_no": the ticket 并入 was chosen on, "master": the master's number}


@dataclass(frozen=True)
class Acted:
    action: str
    stream: str
    version: int  # the ticket's version afterwards


def validate_action(
    action, dept, co, note, sat, days, *, stream: str, status: str, role: str
) -> tuple[dict | None, str | None]:
    """The TicketAction fields for a form submission, or (None, message key/text) when the input is bad."""
    if not isinstance(action, str) or action not in allowed_actions(stream, status):
        return None, "hotline_pick_action"
    if role not in ACTION_ROLES.get(action, ACT_ROLES):
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
    if action in ("extend_request", "extend_approve"):
        # asked: the days the department needs; approved: the approver's days, or (none given) the days asked for
        if days in (None, "") and action == "extend_approve":
            return fields, None
        try:
            d = float(days if days not in (None, "") else DEFAULT_EXTENSION_DAYS)
        except (TypeError, ValueError):
            return None, "extension days must be a number"
        if d != d or not 0 < d <= 30:
            return None, "an extension is 1 to 30 working days"
        fields["extend_days"] = d
    return fields, None


def merge_target(merge_into, ticket_no: str) -> str | None:
    """The master chosen with 并入 on this very ticket, or None (nothing chosen, chosen on another, bad shape)."""
    if not isinstance(merge_into, dict) or merge_into.get("ticket_no") != ticket_no:
        return None
    master = merge_into.get("master")
    return master[:32] if isinstance(master, str) and master else None


def held_ticket(req: TicketRequest) -> tuple[str, int] | None:
    """(ticket number, version the officer saw), or None when the form names no ticket."""
    if not isinstance(req.ticket_no, str) or not req.ticket_no or isinstance(req.version, bool):
        return None
    return (req.ticket_no[:32], req.version) if isinstance(req.version, int) else None


def audit_name(action: object) -> str:
    return f"ticket:{action if isinstance(action, str) else '?'}"[:40]


def act_on_ticket(s: Session, actor: Actor, req: TicketRequest) -> Acted:
    """One lifecycle action through the write API, guarded by the version the officer saw; "merge" links the ticket
    to the master chosen with 并入 (DuplicateLinked) and closes it as a duplicate. Refused: nothing written."""
    held = held_ticket(req)
    if held is None:
        raise Refused(Code.INVALID, "hotline_pick_ticket")
    no, version = held
    who = actor.who
    tk = tq.ticket_state(s, no)
    if tk is None:
        raise Refused(Code.NOT_FOUND, "no such ticket")
    if tk["version"] != version:
        raise Refused(Code.CONFLICT, "version conflict")
    stream = tk["stream"]
    action = req.action if isinstance(req.action, str) else ""  # not a string: refused below as no action picked
    fields, err = validate_action(
        action, req.department, req.co_departments, req.note, req.satisfaction, req.days,
        stream=stream, status=tk["status"], role=who.role,
    )  # fmt: skip
    if err or fields is None:
        raise Refused(Code.DENIED if err == "hotline_denied_action" else Code.INVALID, err or "", result="error")
    if action in DEPT_SCOPED and who.department_id and tk["department_id"] != who.department_id:
        raise Refused(Code.DENIED, "hotline_denied_action", result="error")
    wanted = [fields["department_id"]] if "department_id" in fields else []
    if not tq.departments_exist(s, wanted + list(fields.get("co_department_ids", ()))):
        raise Refused(Code.INVALID, "unknown department")
    if action == "dispatch" and stream == "hotline":
        fields["note"] = dispatch.dispatch_tag(s, no, fields["department_id"]) + fields["note"]
    common = dict(
        event_id=f"ui:{uuid.uuid4().hex}",
        ticket_no=no,
        at=max(utcnow(), tk["updated_at"]),
        actor=who.username,
        expected_version=version,
    )
    if action == "merge":
        master = merge_target(req.merge_into, no)
        if master is None:
            raise Refused(Code.INVALID, "hotline_merge_pick")
        fields = {"duplicate_of": master, "note": fields["note"]}
        event: ev.Event = ev.DuplicateLinked(**common, **fields)
    else:
        event = ev.TicketAction(action=action, **common, **fields)
    apply(s, [event])
    detail = json.dumps({k: v for k, v in fields.items() if k != "note"}, ensure_ascii=False, default=str)
    audit(s, actor, audit_name(action), f"ticket:{no}", detail=detail)
    return Acted(action, stream, version + 1)


def send_reminders(s: Session, actor: Actor) -> int:
    """催办 now: reminders for sign-overdue, near-due and overdue tickets (once per ticket, kind and day)."""
    count = remind.sweep(s)
    audit(s, actor, "remind_sweep", "tickets", detail=f"{count} reminders")
    return count


def reveal_citizen(s: Session, actor: Actor, ticket_no: str, reason: object) -> dict:
    """The citizen's details in full, for a seat that may act and gives a reason (a department user: only for the
    tickets their department holds); audited with the reason."""
    who = actor.who
    if who.role not in ACT_ROLES:
        raise Refused(Code.DENIED)
    reason = reason.strip()[:200] if isinstance(reason, str) else ""
    if len(reason) < REVEAL_REASON_MIN:
        raise Refused(Code.INVALID, "hotline_reveal_need_reason")
    if who.department_id:
        held = tq.ticket_state(s, ticket_no)
        if held is not None and held["department_id"] != who.department_id:
            raise Refused(Code.DENIED, "not held by the user's department")
    info = tq.citizen_details(s, ticket_no, role=who.role, reveal=True)
    if info is None:
        raise Refused(Code.NOT_FOUND, "no such ticket")
    audit(s, actor, "reveal_citizen", ticket_no, detail=f"reason: {reason}")
    return info
