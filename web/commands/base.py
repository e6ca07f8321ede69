"""The command machinery: who acts (Actor), typed refusals (Refused with a Code), and `execute`: one write
transaction for the act and its audit row, a separate one for the refusal's audit row. An act whose audit row
cannot be written fails as a whole (Code.FAILED): nothing of it stays."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from sqlalchemy.exc import DataError, SQLAlchemyError
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
    FAILED = "failed"  # the database refused the write or its audit row: nothing was changed


class Refused(Exception):
    """A command's refusal: nothing was written but its audit row."""

    def __init__(self, code: Code, detail: str = "", *, result: str | None = None):
        super().__init__(detail or code.value)
        self.code = code
        self.detail = detail[:200]
        # the audit row's result: a refusal on role grounds is "denied" whatever the caller says (as the callback
        # guard's refusals are: never "error", which means the input or the state)
        self.result = "denied" if code is Code.DENIED else (result or "error")


_log = logging.getLogger(__name__)


def after_commit(session: Session, fn: Callable[[], object]) -> None:
    """Run `fn` once the act's transaction has committed (its audit row with it); never if it rolls back. For effects
    outside the database (a file), staged by the act and made visible only after the commit."""
    session.info.setdefault("after_commit", []).append(fn)


def on_rollback(session: Session, fn: Callable[[], None]) -> None:
    """Run `fn` if the act's transaction does not commit (to undo what the act staged outside the database)."""
    session.info.setdefault("on_rollback", []).append(fn)


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
    API, rolls it back, is audited on its own and raised as Refused. A database error (the audit row or the change
    could not be written) rolls everything back and is raised as Refused(Code.FAILED)."""
    hooks: dict = {}
    committed = False
    try:
        with write_session(url) as s:
            try:
                out = act(s)
            finally:
                hooks = dict(s.info)
        committed = True
    except Refused as r:
        refused = r
    except VersionConflict as exc:
        refused = Refused(Code.CONFLICT, str(exc))
    except WriteError as exc:
        refused = Refused(Code.INVALID, str(exc))
    except DataError as exc:  # the database refused a value (an integer out of range, a NUL): bad input
        refused = Refused(Code.INVALID, "value out of range")
        _log.info("%s on %s refused by the database: %s", action, obj, str(exc.orig)[:200])
    except SQLAlchemyError as exc:
        _log.error("%s on %s failed, nothing kept: %s", action, obj, type(exc).__name__)
        refused = Refused(Code.FAILED, type(exc).__name__)
    finally:
        if not committed:
            for fn in hooks.get("on_rollback", []):
                with contextlib.suppress(Exception):
                    fn()
    if committed:
        for fn in hooks.get("after_commit", []):
            fn()
        return out
    try:
        with write_session(url) as s:
            audit(s, actor, action, obj, detail=refused.detail, result=refused.result)
    except SQLAlchemyError as exc:  # the refusal stands (nothing was changed); the lost row is logged
        _log.error("the refusal of %s on %s could not be audited: %s", action, obj, type(exc).__name__)
    raise refused
