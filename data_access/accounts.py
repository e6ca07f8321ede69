"""Users, passwords (argon2), lockout, session versions, and the one audit-log write function."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from data_access.errors import WriteError
from data_access.models import AppUser, AuditLog
from data_access.roles import ROLES
from data_access.worktime import utcnow
from settings import SETTINGS

MAX_FAILURES = 5
DEVICE_ROLES = frozenset({"wall"})  # device accounts: several screens share one account, so sign-in rotates nothing
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


# Common passwords and their stems (the well-known breach lists' top entries and this system's own words): a password
# is refused when, lower-cased with its digits and symbols removed, it is one of these stems.
_BLOCKED = """
password passw0rd pass pssword admin administrator root qwerty qwertyuiop asdfgh asdfghjkl zxcvbn letmein welcome
welcom changeme iloveyou monkey dragon master login abc abcd abcdef abcdefg sunshine princess football baseball
superman batman trustno shadow default test tester guest user demo secret aa aaa
lingwu ningxia officer supervisor auditor wall visitor smartcity city center
"""
BLOCKED_STEMS = frozenset(_BLOCKED.split())
_LEET = str.maketrans({"@": "a", "0": "o", "1": "l", "3": "e", "$": "s", "5": "s", "!": "i", "4": "a", "7": "t"})


def _stem(password: str) -> str:
    """The letters of a password with leetspeak undone ("P@ssw0rd2024" -> "password")."""
    low = unicodedata.normalize("NFKC", password).lower()
    head = low.rstrip("0123456789!@#$%^&*._-+=?~ ")  # trailing years and symbols
    return "".join(c for c in head.translate(_LEET) if c.isalpha())


def check_password_policy(password: str, username: str = "") -> None:
    """MLPS-style: 10 to 200 characters, 3 of 4 classes, not a common password or the username; raises WriteError."""
    classes = sum(
        any(f(c) for c in password) for f in (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum())
    )
    if not 10 <= len(password) <= 200 or classes < 3:
        raise WriteError("password needs 10 to 200 characters from 3 of: lower, upper, digits, symbols")
    stem = _stem(password)
    if stem in BLOCKED_STEMS or len(set(stem)) <= 2 or (username and stem == _stem(username)):
        raise WriteError("password is too common (a well-known password, a repeat or the username)")


def create_user(
    session: Session, username: str, password: str, role: str, display_name: str = "", department_id: int | None = None
) -> AppUser:
    if role not in ROLES:
        raise WriteError(f"unknown role {role!r}")
    check_password_policy(password, username)
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


@dataclass(frozen=True)
class LoginResult:
    """A sign-in attempt: the user on success; `event` is "locked" when this failure locked the account and
    "unlocked" when an expired lockout was lifted by this attempt (each gets an audit row of its own)."""

    user: AppUser | None
    event: str = ""


def login(
    session: Session, username: str, password: str, now: datetime | None = None, lockout_minutes: int | None = None
) -> LoginResult:
    """Check a password. Unknown user, wrong password, disabled or locked: the same answer (user None). Five failures
    lock the account for `lockout_minutes`; after that the lock lifts (the failures start again from zero)."""
    now = now or utcnow()
    lockout = timedelta(minutes=SETTINGS.lockout_minutes if lockout_minutes is None else lockout_minutes)
    user = session.scalars(select(AppUser).where(AppUser.username == username)).first()
    if user is None:
        with contextlib.suppress(VerifyMismatchError):  # the same work as a wrong password: no timing oracle
            _hasher.verify(_DUMMY_HASH, password + "x")
        return LoginResult(None)
    event = ""
    if user.locked_at is not None and now - user.locked_at >= lockout:
        user.locked_at, user.failed_logins, event = None, 0, "unlocked"
    try:
        _hasher.verify(user.password_hash, password)
        ok = True
    except (VerifyMismatchError, InvalidHashError):
        ok = False
    locked = user.locked_at is not None or user.failed_logins >= MAX_FAILURES
    if not ok or user.disabled or locked:
        if not ok and not locked:
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILURES:
                user.locked_at, event = now, "locked"
        session.flush()
        return LoginResult(None, event)
    user.failed_logins = 0
    if user.role not in DEVICE_ROLES:  # rotation: a seat's new sign-in ends its other sessions; walls share one
        user.session_version += 1
    session.flush()
    return LoginResult(user, event)


def authenticate(session: Session, username: str, password: str) -> AppUser | None:
    """The user on success; None for unknown user, wrong password, disabled or locked (same answer)."""
    return login(session, username, password).user


def principal_for(session: Session, user_id: int, version: int) -> Principal | None:
    """The live principal for a session cookie, or None if revoked, disabled or unknown."""
    user = session.get(AppUser, user_id)
    if user is None or user.disabled or user.session_version != version:
        return None
    return Principal(user.id, user.username, user.role, user.department_id, user.session_version)


def revoke_sessions(session: Session, user_id: int) -> None:
    session.execute(update(AppUser).where(AppUser.id == user_id).values(session_version=AppUser.session_version + 1))


# Column widths of audit_log (models/accounts.py): every value is cut to fit, so no client-supplied value can make the
# audit write (and with it the action) fail.
_WIDTHS = {"username": 40, "role": 12, "action": 40, "object": 80, "result": 12, "ip": 45, "request_id": 40}
DETAIL_MAX = 20000
GENESIS = "0" * 64


def _clean(value: object, width: int) -> str:
    """Printable text of at most `width` characters (NUL and control characters replaced: PostgreSQL refuses NUL)."""
    text = "".join(c if c.isprintable() or c in "\n\t" else "\ufffd" for c in str(value))
    return text[:width]


def audit_key() -> bytes:
    """The chain's HMAC key: CC_AUDIT_KEY, else one derived from the secret key (so a stolen database alone cannot
    recompute the chain)."""
    key = SETTINGS.audit_key or hmac.new(SETTINGS.secret_key.encode(), b"audit-chain", hashlib.sha256).hexdigest()
    return key.encode()


def _digest(prev: str, fields: dict, key: bytes | None = None) -> str:
    body = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    return hmac.new(key or audit_key(), (prev + body).encode(), hashlib.sha256).hexdigest()


def _fields(row: AuditLog) -> dict:
    return dict(
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
    """Append one HMAC-chained audit row in the caller's transaction (if it fails, the action fails). Values are
    bounded to their columns here, whatever the caller sends."""
    if session.get_bind().dialect.name == "postgresql":  # one writer of the chain at a time: no forked heads
        session.execute(text("SELECT pg_advisory_xact_lock(4012001)"))
    prev = session.scalars(select(AuditLog.hash).order_by(AuditLog.id.desc()).limit(1)).first() or GENESIS
    raw = dict(
        username=who.username,
        role=who.role,
        action=action,
        object=obj,
        result=result,
        ip=ip or "-",
        request_id=request_id or "-",
    )
    fields: dict = {k: _clean(v, _WIDTHS[k]) or "-" for k, v in raw.items()}
    fields["at"] = (at or utcnow()).replace(microsecond=0)
    fields["detail"] = _clean(detail, DETAIL_MAX)
    session.add(AuditLog(**fields, prev_hash=prev, hash=_digest(prev, fields)))
    session.flush()


def verify_audit_chain(session: Session, key: bytes | None = None) -> int | None:
    """The id of the first row whose keyed hash does not match, or None when the chain is intact."""
    prev = GENESIS
    key = key or audit_key()
    for row in session.scalars(select(AuditLog).order_by(AuditLog.id)):
        if row.prev_hash != prev or not hmac.compare_digest(row.hash, _digest(prev, _fields(row), key)):
            return row.id
        prev = row.hash
    return None


def _anchor_mac(entry: dict, key: bytes) -> str:
    body = json.dumps({k: entry[k] for k in ("at", "id", "hash")}, sort_keys=True)
    return hmac.new(key, b"anchor:" + body.encode(), hashlib.sha256).hexdigest()


def anchor_head(session: Session, path: str | Path, now: datetime | None = None) -> dict | None:
    """Append the chain's head (last id and hash) to the append-only anchor file outside the database, when it moved
    since the last line; returns the line written (None: empty log or unchanged head)."""
    head = session.execute(select(AuditLog.id, AuditLog.hash).order_by(AuditLog.id.desc()).limit(1)).first()
    if head is None:
        return None
    target = Path(path)
    last = read_anchors(target)[-1:] if target.exists() else []
    if last and last[0].get("id") == head.id and last[0].get("hash") == head.hash:
        return None
    entry: dict = {"at": (now or utcnow()).replace(microsecond=0).isoformat(), "id": head.id, "hash": head.hash}
    entry["mac"] = _anchor_mac(entry, audit_key())
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a", encoding="utf-8") as out:  # append only: earlier lines are never rewritten
        out.write(json.dumps(entry, sort_keys=True) + "\n")
        out.flush()
    return entry


def read_anchors(path: str | Path) -> list[dict]:
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        with contextlib.suppress(ValueError):
            out.append(json.loads(line))
    return out


@dataclass(frozen=True)
class Verdict:
    ok: bool
    rows: int
    anchors: int
    problems: tuple[str, ...]


def verify_audit(session: Session, anchor_path: str | Path | None = None, key: bytes | None = None) -> Verdict:
    """The whole check: the keyed chain (an edited row, or a chain recomputed without the key), and every anchor
    written outside the database (a deleted tail, or a chain recomputed even with the key, no longer matches)."""
    key = key or audit_key()
    problems: list[str] = []
    bad = verify_audit_chain(session, key)
    if bad is not None:
        problems.append(f"chain broken at row {bad}")
    hashes = dict(session.execute(select(AuditLog.id, AuditLog.hash)).all())
    anchors = read_anchors(anchor_path) if anchor_path and Path(anchor_path).exists() else []
    last_id = 0
    for a in anchors:
        if not isinstance(a, dict) or not {"at", "id", "hash", "mac"} <= set(a):
            problems.append("malformed anchor line")
            continue
        if not hmac.compare_digest(str(a["mac"]), _anchor_mac(a, key)):
            problems.append(f"anchor {a['at']} is not signed with this key")
        elif a["id"] not in hashes:
            problems.append(f"row {a['id']} anchored at {a['at']} is missing (tail deleted)")
        elif hashes[a["id"]] != a["hash"]:
            problems.append(f"row {a['id']} differs from its anchor of {a['at']} (chain rewritten)")
        if isinstance(a.get("id"), int):
            if a["id"] < last_id:
                problems.append(f"anchor {a['at']} goes backwards")
            last_id = max(last_id, a["id"])
    return Verdict(not problems, len(hashes), len(anchors), tuple(problems))


DEMO_PASSWORD = "Demo-2024!pass"


def demo_accounts_left(session: Session) -> list[str]:
    """The demo accounts (named after a role) that still accept the demo password."""
    left = []
    for user in session.scalars(select(AppUser).where(AppUser.username.in_(ROLES), AppUser.disabled.is_(False))):
        with contextlib.suppress(VerifyMismatchError, InvalidHashError):
            if _hasher.verify(user.password_hash, DEMO_PASSWORD):
                left.append(user.username)
    return left


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
