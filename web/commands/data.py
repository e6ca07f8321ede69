"""Data-foundation commands: open a rectification item for a failed quality check, and move it on
(open -> rectifying -> verified). Each writes and audits in the caller's one transaction (web.commands.execute)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from data_access.data import rectify
from data_access.errors import InvalidTransition, VersionConflict, WriteError
from data_access.roles import ACT_ROLES
from data_access.worktime import utcnow
from web.commands.base import Actor, Code, Refused, audit


def _int(v: object) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, str) and v.isascii() and v.isdigit() and len(v) <= 9:
        return int(v)
    return None


def open_rectification(
    s: Session, actor: Actor, source_id: object, check_id: object, note: object = ""
) -> rectify.Rect:
    if actor.who.role not in ACT_ROLES:
        raise Refused(Code.DENIED)
    sid, cid = _int(source_id), _int(check_id)
    if sid is None or cid is None or not isinstance(note, str) or len(note) > 200:
        raise Refused(Code.INVALID, "data_rect_no_check", result="rejected")
    who = actor.who.username or actor.who.role
    try:
        item = rectify.open_item(s, source_id=sid, check_id=cid, note=note.strip(), actor=who, at=utcnow())
    except InvalidTransition as exc:
        raise Refused(Code.CONFLICT, str(exc), result="rejected") from exc
    except WriteError as exc:
        raise Refused(Code.NOT_FOUND, str(exc), result="rejected") from exc
    audit(s, actor, "data_rect_open", f"rect:{item.id}", detail=f"source={sid} check={item.check_code}")
    return item


def advance_rectification(s: Session, actor: Actor, rect_id: object, to: object, version: object) -> rectify.Rect:
    if actor.who.role not in ACT_ROLES:
        raise Refused(Code.DENIED)
    rid, ver = _int(rect_id), _int(version)
    if rid is None or ver is None or to not in rectify.STATUSES:
        raise Refused(Code.INVALID, "data_rect_no_item", result="rejected")
    who = actor.who.username or actor.who.role
    try:
        item = rectify.advance(s, rect_id=rid, to=str(to), expected_version=ver, actor=who, at=utcnow())
    except (InvalidTransition, VersionConflict) as exc:
        raise Refused(Code.CONFLICT, str(exc), result="rejected") from exc
    except WriteError as exc:
        raise Refused(Code.NOT_FOUND, str(exc), result="rejected") from exc
    audit(s, actor, f"data_rect_{to}", f"rect:{rid}", detail=f"source={item.source_id} check={item.check_code}")
    return item
