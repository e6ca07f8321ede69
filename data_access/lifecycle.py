"""Ticket lifecycles as pure functions: 12345 (受理..评价) and 数字城管 (立案..结案) state machines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from data_access.errors import InvalidTransition, VersionConflict, WriteError
from data_access.events import TicketAction
from data_access.worktime import add_limit, add_work_days, add_work_hours

# action -> (allowed statuses, status after); None = unchanged
HOTLINE: dict[str, tuple[frozenset[str], str | None]] = {
    "dispatch": (frozenset({"accepted"}), "pending_sign"),
    "answer": (frozenset({"accepted"}), "closed"),  # 直接答复 / 直办
    "sign": (frozenset({"pending_sign"}), "in_progress"),
    "return": (frozenset({"pending_sign", "in_progress"}), "accepted"),
    "extend_request": (frozenset({"in_progress"}), "extension_pending"),
    "extend_approve": (frozenset({"extension_pending"}), "in_progress"),
    "extend_reject": (frozenset({"extension_pending"}), "in_progress"),
    "reply": (frozenset({"in_progress"}), "replied"),
    "close": (frozenset({"replied"}), "closed"),
    "callback": (frozenset({"closed"}), "rated"),
    "redo": (frozenset({"rated", "closed"}), "in_progress"),
    "supervise": (frozenset({"accepted", "pending_sign", "in_progress", "extension_pending", "replied"}), None),
    "merge": (frozenset({"accepted"}), "merged"),  # 重复件: closed as a duplicate before dispatch (DuplicateLinked)
}
CITY_MGMT: dict[str, tuple[frozenset[str], str | None]] = {
    "register": (frozenset({"reported"}), "registered"),  # 立案
    "cancel": (frozenset({"reported"}), "cancelled"),  # 作废
    "dispatch": (frozenset({"registered"}), "dispatched"),  # 派遣
    "feedback": (frozenset({"dispatched"}), "disposed"),  # 处置 + 反馈
    "close": (frozenset({"disposed"}), "closed"),  # 核查通过 -> 结案
    "rework": (frozenset({"disposed"}), "dispatched"),  # 核查不通过 -> 返工
    "supervise": (frozenset({"registered", "dispatched", "disposed"}), None),
    "merge": (frozenset({"reported"}), "merged"),  # 重复上报: not registered, merged into the first report
}
LIFECYCLES = {"hotline": HOTLINE, "cm": CITY_MGMT}
INITIAL = {"hotline": "accepted", "cm": "reported"}
FINAL = frozenset({"closed", "rated", "cancelled", "merged"})
LINK_ONLY = frozenset({"merge"})  # written only by a DuplicateLinked event (it names the master), never a TicketAction
_SOURCES = {src for machine in LIFECYCLES.values() for srcs, _ in machine.values() for src in srcs}
OPEN_STATUSES = frozenset(_SOURCES | set(INITIAL.values())) - FINAL
SATISFACTION = frozenset({"satisfied", "basic", "dissatisfied"})
SIGN_LIMIT_WORK_HOURS = 7.0  # 签收: within one working day of dispatch
REDO_LIMIT_WORK_DAYS = 5.0


@dataclass(frozen=True)
class Limit:
    value: float
    unit: str


def allowed_actions(stream: str, status: str) -> list[str]:
    """The actions a ticket in `status` accepts (for buttons; the server checks again)."""
    return [a for a, (src, _) in LIFECYCLES[stream].items() if status in src]


def apply_action(ticket: dict, act: TicketAction, limit: Limit) -> list[str]:
    """Mutate `ticket` (a row dict) for one action; return the rollup metrics it produces."""
    machine = LIFECYCLES.get(ticket["stream"])
    if machine is None or act.action not in machine:
        raise InvalidTransition(f"unknown action {act.action!r} for a {ticket['stream']} ticket")
    sources, target = machine[act.action]
    if ticket["status"] not in sources:
        raise InvalidTransition(f"{act.action} is not allowed while the ticket is {ticket['status']}")
    if act.expected_version is not None and act.expected_version != ticket["version"]:
        raise VersionConflict(f"ticket {ticket['ticket_no']} was changed by someone else")
    if act.at < ticket["created_at"]:
        raise WriteError("an action cannot happen before the ticket was created")
    effect = EFFECTS.get(act.action)
    metrics = effect(ticket, act, limit) if effect else []
    if target is not None:
        ticket["status"] = target
    ticket["is_open"] = ticket["status"] not in FINAL
    ticket["updated_at"] = act.at
    return metrics


def _dispatch(t: dict, act: TicketAction, limit: Limit) -> list[str]:
    if act.department_id is None:
        raise WriteError("dispatch needs a department")
    t["department_id"] = act.department_id
    t["co_department_ids"] = list(act.co_department_ids) or None
    t["dispatched_at"] = act.at
    if t["stream"] == "hotline":
        t["sign_due_at"] = add_work_hours(act.at, SIGN_LIMIT_WORK_HOURS)
    if t["due_at"] is None or t["stream"] == "hotline":
        t["due_at"] = add_limit(act.at, limit.value, limit.unit)
    return ["dispatched"]


def _register(t: dict, act: TicketAction, limit: Limit) -> list[str]:
    t["due_at"] = add_limit(act.at, limit.value, limit.unit)
    return ["registered"]


def _sign(t: dict, act: TicketAction, _limit: Limit) -> list[str]:
    t["signed_at"] = act.at
    on_time = t["sign_due_at"] is None or act.at <= t["sign_due_at"]
    return ["signed", "signed_on_time"] if on_time else ["signed"]


def _return(t: dict, act: TicketAction, _limit: Limit) -> list[str]:
    if not act.note.strip():
        raise WriteError("a return needs a reason")
    t["return_count"] += 1
    t["department_id"] = None
    t["sign_due_at"] = None
    return ["returned"]


DEFAULT_EXTENSION_DAYS = 3.0


def _extension_days(days: float | None) -> float | None:
    if days is not None and not 0 < days <= 30:
        raise WriteError("an extension is 0 to 30 working days")
    return days


def _extend_request(t: dict, act: TicketAction, _limit: Limit) -> list[str]:
    """延期申请: the working days asked for are kept on the ticket until the centre decides."""
    t["extension_requested_days"] = _extension_days(act.extend_days)
    return ["extend_requested"]


def _extend_approve(t: dict, act: TicketAction, _limit: Limit) -> list[str]:
    """The approver's days, else the days the department asked for, else DEFAULT_EXTENSION_DAYS."""
    days = _extension_days(act.extend_days) or t.get("extension_requested_days") or DEFAULT_EXTENSION_DAYS
    t["due_at"] = add_work_days(max(t["due_at"] or act.at, act.at), days)
    t["extension_count"] += 1
    t["extension_requested_days"] = None
    return ["extended"]


def _extend_reject(t: dict, _act: TicketAction, _limit: Limit) -> list[str]:
    t["extension_requested_days"] = None
    return []


def _reply(t: dict, act: TicketAction, _limit: Limit) -> list[str]:
    t["replied_at"] = act.at
    return ["replied"]


def _close(t: dict, act: TicketAction, _limit: Limit) -> list[str]:
    """按时办结 is the department's: its answer (回复 / 处置反馈) by the deadline, not the centre's review after it."""
    t["closed_at"] = act.at
    done = t["replied_at"] or act.at
    on_time = t["due_at"] is None or done <= t["due_at"]
    return ["closed", "closed_on_time"] if on_time else ["closed"]


def _callback(t: dict, act: TicketAction, _limit: Limit) -> list[str]:
    if act.satisfaction not in SATISFACTION:
        raise WriteError("a callback needs satisfied, basic or dissatisfied")
    t["callback_at"] = act.at
    t["satisfaction"] = act.satisfaction
    return ["callback", act.satisfaction]


def _redo(t: dict, act: TicketAction, _limit: Limit) -> list[str]:
    t["redo_count"] += 1
    t["closed_at"] = None
    t["replied_at"] = None
    t["due_at"] = add_work_days(act.at, REDO_LIMIT_WORK_DAYS)
    return ["redone"]


def _supervise(t: dict, _act: TicketAction, _limit: Limit) -> list[str]:
    t["supervise_count"] += 1
    return ["supervised"]


def _cancel(t: dict, act: TicketAction, _limit: Limit) -> list[str]:
    t["closed_at"] = act.at
    return ["cancelled"]


def _merge(t: dict, act: TicketAction, _limit: Limit) -> list[str]:
    """Counted as received (the citizen's request) and merged, never as closed: the master closes."""
    t["closed_at"] = act.at
    return ["merged"]


# action -> what it does to the ticket row besides the status, and the rollup metrics it produces;
# an action missing here changes only the status.
EFFECTS: dict[str, Callable[[dict, TicketAction, Limit], list[str]]] = {
    "dispatch": _dispatch,
    "register": _register,
    "sign": _sign,
    "return": _return,
    "extend_request": _extend_request,
    "extend_approve": _extend_approve,
    "extend_reject": _extend_reject,
    "reply": _reply,
    "feedback": _reply,
    "close": _close,
    "answer": _close,
    "callback": _callback,
    "redo": _redo,
    "rework": _redo,
    "supervise": _supervise,
    "cancel": _cancel,
    "merge": _merge,
}


def sla_state(due_at: datetime | None, closed_at: datetime | None, now: datetime) -> str:
    """on_time | near_due (open, due within 24 h) | overdue (超期: open and past due) | closed_late (超期办结: closed after
    its deadline) | none (no deadline yet). One definition of 超期 everywhere: only an open ticket is overdue."""
    if due_at is None:
        return "none"
    if closed_at is not None:
        return "closed_late" if closed_at > due_at else "on_time"
    if now > due_at:
        return "overdue"
    if closed_at is None and due_at - now <= timedelta(hours=24):
        return "near_due"
    return "on_time"
