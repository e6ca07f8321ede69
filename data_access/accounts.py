"""Users, passwords (argon2), lockout, session versions, and the one audit-log write function."""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from data_access.errors import WriteError
from data_access.models import AppUser, AuditLog
from data_access.roles import ROLES
from data_access.worktime import utcnow

MAX_FAILURES = 5
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("timing-equaliser")


@dataclass(frozen=True)
class Principal:
    user_id: int | None
    username: str
    role: str
    department_id: int | None = None
    session_version: int = 0


ANONYMOUS = Principal(None, "anonymous", "visitor")


def check_password_policy(password: str) -> None:
    """MLPS-style: at least 10 characters and 3 of 4 classes; raises WriteError otherwise."""
    classes = sum(
        any(f(c) for c in password) for f in (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum())
    )
    if len(password) < 10 or classes < 3:
        raise WriteError("password needs at least 10 characters from 3 of: lower, upper, digits, symbols")


def create_user(
    session: Session, username: str, password: str, role: str, display_name: str = "", department_id: int | None = None
) -> AppUser:
    if role not in ROLES:
        raise WriteError(f"unknown role {role!r}")
    check_password_policy(password)
    user = AppUser(
        username=username,
        display_name=display_name or username,
        role=role,
        password_hash=_hasher.hash(password),
        department_id=department_id,
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, username: str, password: str) -> AppUser | None:
    """The user on success; None for unknown user, wrong password, disabled or locked (same answer)."""
    user = session.scalars(select(AppUser).where(AppUser.username == username)).first()
    if user is None:
        with contextlib.suppress(VerifyMismatchError):  # the same work as a wrong password: no timing oracle
            _hasher.verify(_DUMMY_HASH, password + "x")
        return None
    try:
        _hasher.verify(user.password_hash, password)
        ok = True
    except (VerifyMismatchError, InvalidHashError):
        ok = False
    if not ok or user.disabled or user.failed_logins >= MAX_FAILURES:
        if not ok:
            user.failed_logins += 1
        return None
    user.failed_logins = 0
    user.session_version += 1  # rotation: a new login invalidates older cookies
    return user


def principal_for(session: Session, user_id: int, version: int) -> Principal | None:
    """The live principal for a session cookie, or None if revoked, disabled or unknown."""
    user = session.get(AppUser, user_id)
    if user is None or user.disabled or user.session_version != version:
        return None
    return Principal(user.id, user.username, user.role, user.department_id, user.session_version)


def revoke_sessions(session: Session, user_id: int) -> None:
    session.execute(update(AppUser).where(AppUser.id == user_id).values(session_version=AppUser.session_version + 1))


def _digest(prev: str, fields: dict) -> str:
    body = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256((prev + body).encode()).hexdigest()


def audit(
    session: Session,
    *,
    who: Principal,
    action: str,
    obj: str,
    result: str,
    ip: str = "",
    request_id: str = "",
    detail: str = "",
    at: datetime | None = None,
) -> None:
    """Append one hash-chained audit row in the caller's transaction (if it fails, the action fails)."""
    prev = session.scalars(select(AuditLog.hash).order_by(AuditLog.id.desc()).limit(1)).first() or "0" * 64
    fields = dict(
        at=(at or utcnow()).replace(microsecond=0),
        username=who.username,
        role=who.role,
        action=action,
        object=obj,
        result=result,
        ip=ip or "-",
        request_id=request_id or "-",
        detail=detail,
    )
    session.add(AuditLog(**fields, prev_hash=prev, hash=_digest(prev, fields)))
    session.flush()


def verify_audit_chain(session: Session) -> int | None:
    """The id of the first row whose hash does not match, or None when the chain is intact."""
    prev = "0" * 64
    for row in session.scalars(select(AuditLog).order_by(AuditLog.id)):
        fields = dict(
            at=row.at,
            username=row.username,
            role=row.role,
            action=row.action,
            object=row.object,
            result=row.result,
            ip=row.ip,
            request_id=row.request_id,
            detail=row.detail,
        )
        if row.prev_hash != prev or row.hash != _digest(prev, fields):
            return row.id
        prev = row.hash
    return None


DEMO_PASSWORD = "Demo-2024!pass"


def ensure_demo_users(session: Session) -> int:
    """One demo user per role (named after the role), for simulator mode only; returns how many were added."""
    added = 0
    names = {
        "wall": "大屏终端",
        "visitor": "参观接待",
        "officer": "值班员",
        "supervisor": "督办员",
        "admin": "系统管理员",
        "auditor": "安全审计员",
        "inspector": "市场监管所 检查员",
        "landlord": "住房保障中心 房管员",
        "grid": "网格员",
    }
    for role in ROLES:
        if session.scalars(select(AppUser.id).where(AppUser.username == role)).first() is None:
            create_user(session, role, DEMO_PASSWORD, role, display_name=names[role])
            added += 1
    return added
