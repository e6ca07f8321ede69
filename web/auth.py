"""Who is asking: the principal from the server-side session, and default-deny role guards."""

from __future__ import annotations

import functools
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any, Protocol, cast
from urllib.parse import urlparse

from flask import abort, g, has_request_context, request, session
from sqlalchemy.exc import SQLAlchemyError

from data_access import accounts
from data_access.accounts import ANONYMOUS, Principal
from data_access.db import read_session, write_session
from data_access.roles import ALL_ROLES
from settings import Settings
from web import inputs
from web.commands.base import Actor
from web.context import current_settings, db_url

_log = logging.getLogger(__name__)
SEEN_EVERY = 60  # seconds: how stale the session's last-seen stamp may get before the cookie is re-issued
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,40}")


def session_expiry(who: Principal, login_at: object, seen_at: object, now: float) -> str:
    """Why a signed-in session is over ("" while it is alive): "absolute" past the absolute lifetime since sign-in
    (device accounts, the wall, are exempt: a wall runs for weeks), "idle" past the idle timeout since the last
    request, "stale" for a cookie without its sign-in time (issued before timeouts were enforced)."""
    settings = current_settings()
    if not isinstance(login_at, int) or isinstance(login_at, bool) or login_at > now + 60:
        return "stale"
    last = seen_at if isinstance(seen_at, int) and not isinstance(seen_at, bool) else login_at
    if who.role not in accounts.DEVICE_ROLES and now - login_at > settings.session_absolute_hours * 3600:
        return "absolute"
    if now - last > settings.session_idle_minutes * 60:
        return "idle"
    return ""


def current_principal() -> Principal:
    """The signed-in user (checked against the DB: disabled or revoked sessions fall back to anonymous), within the
    idle and absolute timeouts (an expired session is cleared and audited once)."""
    if not has_request_context():
        return ANONYMOUS
    if "principal" in g:
        return g.principal
    who = ANONYMOUS
    uid, ver = session.get("uid"), session.get("ver")
    if isinstance(uid, int) and isinstance(ver, int):
        with read_session(db_url()) as s:
            who = accounts.principal_for(s, uid, ver) or ANONYMOUS
        if who is ANONYMOUS:
            session.clear()
        else:
            now = int(time.time())
            why = session_expiry(who, session.get("login_at"), session.get("seen_at"), now)
            if why:
                session.clear()
                g.principal = ANONYMOUS
                record(who, "session_expired", who.username, "expired", why)
                who = ANONYMOUS
            elif now - int(session.get("seen_at") or 0) >= SEEN_EVERY:
                session["seen_at"] = now  # the idle clock; signed with the cookie, so it cannot be moved forward
    g.principal = who
    return who


def request_id() -> str:
    """The request's id: the client's X-Request-Id when it is a plain token of at most 40 characters (the audit
    column), else a fresh one (never an error: a bad header must not make the audit write, or the action, fail)."""
    if "request_id" not in g:
        sent = request.headers.get("X-Request-Id", "")
        g.request_id = sent if _REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex
    return g.request_id


def client_ip() -> str:
    return request.remote_addr or "-" if has_request_context() else "-"


def record(who: Principal, action: str, obj: str, result: str, detail: str = "") -> None:
    """Write one audit row (its own transaction)."""
    with write_session(db_url()) as s:
        accounts.audit(
            s,
            who=who,
            action=action,
            obj=obj,
            result=result,
            ip=client_ip(),
            request_id=request_id() if has_request_context() else "-",
            detail=detail,
        )


def _same_origin() -> bool:
    origin = request.headers.get("Origin")
    if origin is None:
        return True  # same-origin fetches from older browsers omit it; Dash accepts JSON only
    return urlparse(origin).netloc == request.host


class Guarded(Protocol):
    """A callback behind @allow: called as before, and it says who may call it and whether it changes state."""

    allowed_roles: frozenset[str]
    acts: bool

    def __call__(self, *args: Any, **kwargs: Any) -> Any: ...


def allow(*roles: str, acts: bool = False) -> Callable[[Callable], Guarded]:
    """Declare who may call a callback; others are refused (403) and audited. `acts`: it changes state."""
    allowed = frozenset(roles)
    unknown = allowed - ALL_ROLES
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")

    def deco(fn: Callable) -> Guarded:
        @functools.wraps(fn)
        def guarded(*args, **kwargs):
            who = current_principal()
            if has_request_context() and (who.role not in allowed or (acts and not _same_origin())):
                record(who, f"callback:{fn.__name__}", request.path, "denied")
                abort(403)
            try:
                return fn(*args, **kwargs)
            except Exception as exc:
                if not has_request_context() or not inputs.is_bad_input(exc):
                    raise
                # A forged input of the wrong type, shape or size: a clear refusal, never a 500 (and logged, with
                # its traceback, for the callback's owner to parse that input up front).
                _log.warning("callback %s refused a malformed input: %r", fn.__name__, exc, exc_info=True)
                abort(inputs.refuse(f"malformed input for {fn.__name__}"))

        out = cast(Guarded, guarded)  # why: a function's own attributes have no type of their own
        out.allowed_roles = allowed
        out.acts = acts
        return out

    return deco


def csrf_token() -> str:
    """The session's CSRF token for plain form posts (login, logout, language)."""
    import secrets

    if not has_request_context():
        return ""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def unsafe_for_production(settings: Settings) -> list[str]:
    """What makes these settings unfit to run outside development (empty: fit): the default or a short secret key
    (anyone could forge an admin cookie), demo users (known passwords), the demo Open311 key, debug mode, or a
    database that still holds a demo account with the demo password."""
    problems = []
    if settings.secret_key == Settings.secret_key or len(settings.secret_key) < 32:
        problems.append("CC_SECRET_KEY is the default or shorter than 32 characters")
    if settings.demo_users:
        problems.append("CC_DEMO_USERS is on (one account per role with a published password)")
    if "demo-key" in {k.strip() for k in settings.open311_api_keys.split(",")}:
        problems.append("CC_OPEN311_API_KEYS holds the demo key")
    if settings.debug:
        problems.append("CC_DEBUG is on")
    try:
        with read_session(settings.database_url) as s:
            demo = accounts.demo_accounts_left(s)
    except SQLAlchemyError:  # no schema yet: nothing to check
        demo = []
    if demo:
        problems.append(f"accounts with the demo password: {', '.join(demo)}")
    return problems


def check_deployment(settings: Settings) -> None:
    """Refuse to start outside development with unsafe settings (development keeps `make run` and tests working)."""
    if settings.env == "development":
        return
    problems = unsafe_for_production(settings)
    if problems:
        raise RuntimeError(f"refusing to start with CC_ENV={settings.env}: " + "; ".join(problems))


def actor() -> Actor:
    """The acting principal with this request's IP and id, for a command (and its audit row)."""
    return Actor(current_principal(), client_ip(), request_id() if has_request_context() else "-")
