"""The command machinery: who acts (Actor), typed refusals (Refused with a Code), and `execute`: one write
transaction for the act and its audit row, a separate one for the refusal's audit row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from sqlalchemy.orm import Session

from data_access import accounts
from data_access.accounts import Principal
from data_access.db import write_session
from data_access.errors import VersionConflict, WriteError

T = TypeVar("T")


@dataclass(frozen=True)
class Actor:
    """Who acts, and the request it came with (both go into the audit row)."""

    who: Principal
    ip: str = "-"
    request_id: str = "-"


class Code(StrEnum):
    """Why a command refused; callbacks translate `cmd_<code>` (web/i18n) and show the detail if any."""

    INVALID = "invalid"  # the input is malformed or out of range
    DENIED = "denied"  # the actor's role or department may not do this (to this object)
    NOT_FOUND = "not_found"  # the object does not exist
    CONFLICT = "conflict"  # someone changed it first (stale version), or the state does not allow it now


class Refused(Exception):
    """A command's refusal: nothing was written but its audit row."""

    def __init__(self, code: Code, detail: str = "", *, result: str | None = None):
        super().__init__(detail or code.value)
        self.code = code
        self.detail = detail[:200]
        self.result = result or ("denied" if code is Code.DENIED else "error")  # the audit row's result


def audit(session: Session, actor: Actor, action: str, obj: str, *, detail: str = "", result: str = "ok") -> None:
    """The act's audit row, in the act's own transaction (if it cannot be written, the act fails too)."""
    accounts.audit(
        session,
        who=actor.who,
        action=action[:40],
        obj=obj[:80],
        result=result,
        ip=actor.ip,
        request_id=actor.request_id,
        detail=detail,
    )


def execute(url: str, actor: Actor, action: str, obj: str, act: Callable[[Session], T]) -> T:
    """Run `act(session)` in one write transaction (it writes and audits); a refusal, or a WriteError from the write
    API, rolls it back, is audited on its own and raised as Refused."""
    try:
        with write_session(url) as s:
            return act(s)
    except Refused as r:
        refused = r
    except VersionConflict as exc:
        refused = Refused(Code.CONFLICT, str(exc))
    except WriteError as exc:
        refused = Refused(Code.INVALID, str(exc))
    with write_session(url) as s:
        audit(s, actor, action, obj, detail=refused.detail, result=refused.result)
    raise refused
