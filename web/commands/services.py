"""What people do with the public-service codes: citizens complain and rate from a shop's plate, inspectors log
inspections, supervisors revoke plate codes and issue missing ones. Each validates, writes through the write API
(data_access.services) and audits in the same transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from data_access.errors import WriteError
from data_access.models import Shop
from data_access.roles import CODE_ROLES, INSPECT_ROLES
from data_access.services import codes
from data_access.services import shops as shop_data
from data_access.worktime import utcnow
from web.commands.base import Actor, Code, Refused, audit

PHONE_CHARS = set("0123456789-+ ")


def _shop_of(s: Session, code: dict | None) -> Shop:
    if code is None or code["kind"] != "shop":
        raise Refused(Code.NOT_FOUND, "svc_not_found")
    shop = s.get(Shop, code["subject_id"])
    if shop is None:
        raise Refused(Code.NOT_FOUND, "svc_not_found")
    return shop


def complain(s: Session, actor: Actor, token: str, kind: str, text: str, phone: str) -> str:
    """A citizen's complaint from an active plate -> a 12345 ticket on channel 一铺一码; returns its number.
    From a revoked plate (shop or rental unit), kind fake_plate reports it."""
    code = codes.resolve(s, token)
    if code is not None and code["kind"] == "rental":
        return _report_fake_rental(s, actor, code, text, phone, kind)
    shop = _shop_of(s, code)
    assert code is not None
    if code["status"] != "active" and kind != "fake_plate":
        raise Refused(Code.CONFLICT, "svc_revoked")
    phone = phone.strip()
    if phone and (len(phone) > 20 or not set(phone) <= PHONE_CHARS or sum(c.isdigit() for c in phone) < 7):
        raise Refused(Code.INVALID, "svc_bad_phone")
    try:
        no = shop_data.complain(s, shop.id, kind, text, phone, utcnow())
    except WriteError as exc:
        raise Refused(Code.INVALID, _detail(str(exc))) from exc
    audit(s, actor, "shop_complaint", f"ticket:{no}", detail=f"{code['short_code']} {kind}")
    return no


def rate(s: Session, actor: Actor, token: str, stars: int, comment: str, device_hash: str, ip_hash: str) -> None:
    """A citizen's 1-5 rating: one per shop per device in 30 days, at most 3 per shop per address a day."""
    code = codes.resolve(s, token)
    shop = _shop_of(s, code)
    assert code is not None
    if code["status"] != "active":
        raise Refused(Code.CONFLICT, "svc_revoked")
    if not isinstance(stars, int) or not 1 <= stars <= 5:
        raise Refused(Code.INVALID, "svc_bad_stars")
    if len(comment) > shop_data.COMMENT_MAX:
        raise Refused(Code.INVALID, "svc_comment_long")
    now = utcnow()
    why = shop_data.rating_refusal(s, shop.id, device_hash, ip_hash, now)
    if why:
        raise Refused(Code.CONFLICT, f"svc_rated_{why}")
    shop_data.rate(s, shop.id, stars, comment, device_hash, ip_hash, now)
    audit(s, actor, "shop_rating", f"shop:{shop.id}", detail=f"{stars}")


def inspect(
    s: Session,
    actor: Actor,
    token: str,
    checklist: dict[str, bool],
    result: str,
    issues: str,
    rectify_by: datetime | None,
    photo: tuple[bytes, str] | None,
) -> str:
    """An inspector's record for the shop the plate names; returns its event id."""
    if actor.who.role not in INSPECT_ROLES:
        raise Refused(Code.DENIED, "denied")
    code = codes.resolve(s, token)
    shop = _shop_of(s, code)
    assert code is not None
    if code["status"] != "active":
        raise Refused(Code.CONFLICT, "svc_revoked")
    if result not in ("pass", "rectify", "fail"):
        raise Refused(Code.INVALID, "svc_bad_result")
    name = actor.who.username
    try:
        eid = shop_data.inspect(s, shop.id, name, checklist, result, issues, rectify_by, photo, utcnow())
    except WriteError as exc:
        raise Refused(Code.INVALID, _detail(str(exc))) from exc
    audit(s, actor, "shop_inspection", f"shop:{shop.id}", detail=result)
    return eid


def revoke(s: Session, actor: Actor, kind: str, subject_id: int, reason: str) -> dict:
    """Revoke a unit's plate code (its old plates show 作废) and issue the next one."""
    if actor.who.role not in CODE_ROLES:
        raise Refused(Code.DENIED, "denied")
    reason = reason.strip()
    if not 2 <= len(reason) <= 200:
        raise Refused(Code.INVALID, "svc_reason")
    try:
        new = codes.revoke(s, kind, subject_id, reason, utcnow())
    except WriteError as exc:
        raise Refused(Code.NOT_FOUND, str(exc)) from exc
    audit(s, actor, "code_revoke", f"{kind}:{subject_id}", detail=f"v{new['version'] - 1} {reason}")
    return new


def issue_missing(s: Session, actor: Actor) -> int:
    if actor.who.role not in CODE_ROLES:
        raise Refused(Code.DENIED, "denied")
    n = codes.issue_missing(s, utcnow())
    audit(s, actor, "code_issue", "codes", detail=str(n))
    return n


ERR_KEYS = {
    "describe the problem": "svc_bad_text",
    "a complaint is at most": "svc_bad_text",
    "unknown complaint type": "svc_bad_kind",
    "answer every checklist": "svc_bad_checklist",
    "an inspection with failed": "svc_bad_pass",
    "a rectification needs": "svc_bad_deadline",
    "a photo is": "svc_bad_photo",
    "a comment is at most": "svc_comment_long",
}


def _detail(message: str) -> str:
    """The translation key of a write error the forms know, else the message itself."""
    return next((key for head, key in ERR_KEYS.items() if message.startswith(head)), message[:200])


# ---- 统一报表 ---------------------------------------------------------------------------------
REPORT_FILE_ROLES = frozenset({"officer", "supervisor", "admin"})
REPORT_RETURN_ROLES = frozenset({"supervisor", "admin"})


def may_file(actor: Actor, department_code: str, s: Session) -> bool:
    """Seats file for any department; a department's own user only for theirs."""
    who = actor.who
    if who.role not in REPORT_FILE_ROLES:
        return False
    if who.department_id is None:
        return True
    from data_access.models import Department

    d = s.get(Department, who.department_id)
    return d is not None and d.code == department_code


def submit_report(
    s: Session, actor: Actor, template: str, department: str, period: str, values: dict[str, str]
) -> dict:
    from data_access.services import reports

    if not may_file(actor, department, s):
        raise Refused(Code.DENIED, "denied")
    try:
        out = reports.submit(s, template, department, period, values, actor.who.username, utcnow())
    except WriteError as exc:
        raise Refused(Code.INVALID, str(exc)) from exc
    audit(
        s,
        actor,
        "report_submit",
        f"report:{template}:{department}:{period}",
        detail=f"{out['status']} reused={out['reused']} filled={out['filled']}",
    )
    return out


def return_report(s: Session, actor: Actor, template: str, department: str, period: str, reason: str) -> None:
    from data_access.services import reports

    if actor.who.role not in REPORT_RETURN_ROLES:
        raise Refused(Code.DENIED, "denied")
    try:
        reports.return_submission(s, template, department, period, reason)
    except WriteError as exc:
        raise Refused(Code.INVALID, str(exc)) from exc
    audit(s, actor, "report_return", f"report:{template}:{department}:{period}", detail=reason[:120])


def _report_fake_rental(s: Session, actor: Actor, code: dict, text: str, phone: str, kind: str) -> str:
    from data_access.services import rentals

    if kind != "fake_plate" or code["status"] == "active":
        raise Refused(Code.INVALID, "svc_bad_kind")
    phone = phone.strip()
    if phone and (len(phone) > 20 or not set(phone) <= PHONE_CHARS or sum(c.isdigit() for c in phone) < 7):
        raise Refused(Code.INVALID, "svc_bad_phone")
    try:
        no = rentals.report_fake(s, code["subject_id"], text, phone, utcnow())
    except WriteError as exc:
        raise Refused(Code.INVALID, _detail(str(exc))) from exc
    audit(s, actor, "rental_fake_plate", f"ticket:{no}", detail=code["short_code"])
    return no


# ---- 一户一码: the tenant register -------------------------------------------------------------
def _unit_of(s: Session, token: str) -> dict:
    code = codes.resolve(s, token)
    if code is None or code["kind"] != "rental":
        raise Refused(Code.NOT_FOUND, "svc_not_found")
    if code["status"] != "active":
        raise Refused(Code.CONFLICT, "svc_revoked")
    return code


def tenant_move_in(
    s: Session, actor: Actor, token: str, name: str, phone: str, id_no: str, people: int, moved_in_on
) -> int:
    """人来登记 by the landlord or the grid worker."""
    from data_access.roles import TENANT_ROLES
    from data_access.services import rentals

    if actor.who.role not in TENANT_ROLES:
        raise Refused(Code.DENIED, "denied")
    code = _unit_of(s, token)
    try:
        tid = rentals.move_in(
            s, code["subject_id"], name, phone, id_no, people, moved_in_on, actor.who.username, utcnow()
        )
    except WriteError as exc:
        raise Refused(Code.INVALID, str(exc)) from exc
    audit(s, actor, "tenant_move_in", f"rental:{code['subject_id']}", detail=f"tenant:{tid}")
    return tid


def tenant_move_out(s: Session, actor: Actor, token: str, tenant_id: int, on) -> None:
    """人走注销."""
    from data_access.roles import TENANT_ROLES
    from data_access.services import rentals

    if actor.who.role not in TENANT_ROLES:
        raise Refused(Code.DENIED, "denied")
    code = _unit_of(s, token)
    try:
        rentals.move_out(s, code["subject_id"], tenant_id, on, actor.who.username, utcnow())
    except WriteError as exc:
        raise Refused(Code.INVALID, str(exc)) from exc
    audit(s, actor, "tenant_move_out", f"rental:{code['subject_id']}", detail=f"tenant:{tenant_id}")


def unit_check(s: Session, actor: Actor, token: str, matches: bool, note: str) -> None:
    """A grid worker's visit: the people living there match the register, or not."""
    from data_access.services import rentals

    if actor.who.role not in ("grid", "admin"):
        raise Refused(Code.DENIED, "denied")
    code = _unit_of(s, token)
    try:
        rentals.check(s, code["subject_id"], matches, note, actor.who.username, utcnow())
    except WriteError as exc:
        raise Refused(Code.INVALID, str(exc)) from exc
    audit(s, actor, "rental_check", f"rental:{code['subject_id']}", detail="match" if matches else "mismatch")
