"""Video commands: reviewing an AI alert (a confirmation opens a 数字城管 case), and a seat's saved wall layouts."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from data_access.accounts import Principal
from data_access.errors import WriteError
from data_access.roles import ACT_ROLES, SEAT_ROLES, SUPERVISE_ROLES
from data_access.video import layouts
from data_access.video.review import DECISIONS, ReviewResult, review
from data_access.worktime import utcnow
from web.commands.base import Actor, Code, Refused, audit

SAVE_ROLES = SEAT_ROLES  # a personal view preference, so auditors keep theirs too; wall and visitors only read
SHARE_ROLES = SUPERVISE_ROLES  # may share a layout with every seat, and delete shared ones


def review_action(decision: object) -> str:
    return f"video_review:{decision if isinstance(decision, str) else '?'}"[:40]


def review_alert(s: Session, actor: Actor, alert_id: object, decision: object) -> ReviewResult:
    """Confirm, mark false or dismiss one alert; a second review (by anyone) is "already" and writes nothing."""
    if actor.who.role not in ACT_ROLES:
        raise Refused(Code.DENIED)
    if not isinstance(alert_id, str) or not 0 < len(alert_id) <= 64 or decision not in DECISIONS:
        raise Refused(Code.INVALID, "no such alert or decision", result="rejected")
    who = actor.who
    try:
        res = review(s, alert_event_id=alert_id, decision=decision, actor=who.username or who.role, at=utcnow())
    except WriteError as exc:
        raise Refused(Code.INVALID, str(exc), result="rejected") from exc
    result = "ok" if res.outcome == "done" else "already"
    audit(s, actor, review_action(decision), alert_id, result=result, detail=res.ticket_no or "")
    return res


def owner(who: Principal) -> str | None:
    """Whose layouts these are: the signed-in user (never "anonymous": that is not a user)."""
    return who.username if who.user_id is not None else None


def save_layout(s: Session, actor: Actor, req: dict) -> layouts.Saved:
    """Save (upsert by name) one layout of the signed-in user; sharing it needs a supervisor or admin."""
    if actor.who.role not in SAVE_ROLES:
        raise Refused(Code.DENIED)
    if req.get("shared") and actor.who.role not in SHARE_ROLES:
        raise Refused(Code.DENIED, "shared needs a supervisor or admin")
    try:
        saved = layouts.save_layout(
            s, owner=owner(actor.who) or "", name=req.get("name"), layout=req.get("layout"),
            shared=bool(req.get("shared")), at=utcnow(),
        )  # fmt: skip
    except WriteError as exc:
        raise Refused(Code.INVALID, str(exc), result="rejected") from exc
    detail = f"{saved.outcome} shared={saved.shared} {json.dumps(saved.layout)}"
    audit(s, actor, "video_layout_save", saved.name, detail=detail)
    return saved


def delete_layout(s: Session, actor: Actor, req: dict) -> str:
    """Delete one layout of the user's own (curators: shared ones too); returns its name."""
    if actor.who.role not in SAVE_ROLES:
        raise Refused(Code.DENIED)
    ident = req.get("id")
    ident = int(ident) if isinstance(ident, str) and ident.isascii() and ident.isdigit() else ident
    try:
        name = layouts.delete_layout(
            s, layout_id=ident, owner=owner(actor.who) or "", curator=actor.who.role in SHARE_ROLES
        )
    except WriteError as exc:
        raise Refused(Code.INVALID, str(exc), result="rejected") from exc
    audit(s, actor, "video_layout_delete", name, detail="deleted")
    return name
