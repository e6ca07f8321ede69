"""Sign-in, sign-out and the language switch: plain form routes with CSRF tokens, all audited."""

from __future__ import annotations

import secrets
import time
from urllib.parse import unquote, urlsplit

from flask import Blueprint, abort, redirect, render_template_string, request, session

from data_access import accounts
from data_access.accounts import ANONYMOUS, Principal
from data_access.db import write_session
from web.auth import client_ip, csrf_token, current_principal, record, request_id
from web.context import current_settings, db_url
from web.i18n import COOKIE, LANGS, current_lang, t
from web.limits import SIGN_IN_LIMIT, SIGN_IN_USER_LIMIT, limiter

bp = Blueprint("auth", __name__)

PAGE = """<!doctype html>
<html lang="{{ 'zh-CN' if lang == 'zh' else 'en' }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title><link rel="stylesheet" href="/assets/login.css"></head>
<body class="login-page"><main class="login">
<h1>{{ title }}</h1>
{% if error %}<p class="login-error" role="alert">{{ error }}</p>{% endif %}
<form method="post" action="/login">
<input type="hidden" name="csrf" value="{{ csrf }}">
<input type="hidden" name="next" value="{{ next }}">
<label>{{ user_label }}<input name="username" autocomplete="username" required maxlength="40"></label>
<label>{{ pass_label }}<input name="password" type="password" autocomplete="current-password" required
 maxlength="200"></label>
<button type="submit">{{ submit }}</button>
</form>
{% if demo %}<p class="login-demo">{{ demo }}</p>{% endif %}
</main></body></html>"""

LABELS = {
    "zh": {
        "user": "用户名",
        "pass": "密码",
        "bad": "用户名或密码错误，或账号已锁定",
        "slow": "登录尝试过于频繁，请一分钟后再试",
        "demo": "演示账号：officer / supervisor / admin / auditor / wall / visitor / inspector，密码 Demo-2024!pass",
    },
    "en": {
        "user": "Username",
        "pass": "Password",
        "bad": "Wrong username or password, or the account is locked",
        "slow": "Too many sign-in attempts; try again in a minute",
        "demo": "Demo users: officer / supervisor / admin / auditor / wall / visitor / inspector, password Demo-2024!pass",
    },
}


def _safe_next(value: str | None) -> str:
    """A local path to return to after sign-in, else "/". Browsers drop tabs and newlines inside a URL and read a
    backslash as a slash, so "/<tab>/evil" or "/<backslash>evil" mean another host, as "//evil" does: only plain
    printable paths without either pass."""
    if not value or len(value) > 500 or not value.startswith("/"):
        return "/"
    for form in (value, unquote(value)):  # and once decoded: a proxy or a later redirect may decode it
        if any(not c.isprintable() or c.isspace() for c in form) or "\\" in form or form.startswith("//"):
            return "/"
    parts = urlsplit(value)
    return value if not parts.scheme and not parts.netloc else "/"


def _form(error: str = "", status: int = 200):
    lang = current_lang()
    html = render_template_string(
        PAGE,
        lang=lang,
        title=t("center_name", lang),
        error=error,
        csrf=csrf_token(),
        next=_safe_next(request.values.get("next")),
        user_label=LABELS[lang]["user"],
        pass_label=LABELS[lang]["pass"],
        submit=t("login", lang),
        demo=LABELS[lang]["demo"] if current_settings().demo_users else "",
    )
    return html, status, {"Cache-Control": "no-store"}


def _check_csrf() -> None:
    sent = request.form.get("csrf", "")
    if not sent or not secrets.compare_digest(sent, session.get("csrf", "")):
        abort(400, "missing or wrong CSRF token")


@bp.get("/login")
def login_form():
    return _form()


@bp.app_errorhandler(429)
def too_many(exc):
    """Over a rate limit: the sign-in form says so (in the page's language); other routes answer in JSON."""
    if request.path == "/login":
        html, status, headers = _form(LABELS[current_lang()]["slow"], 429)
        return html, status, {**headers, "Retry-After": "60"}
    return {"error": "too many requests; try again later"}, 429, {"Retry-After": "60", "Cache-Control": "no-store"}


@bp.post("/login")
@limiter.limit(SIGN_IN_LIMIT, key_func=client_ip)
@limiter.limit(SIGN_IN_USER_LIMIT, key_func=lambda: "user:" + request.form.get("username", "").strip()[:40])
def login():
    _check_csrf()
    username = request.form.get("username", "").strip()[:40]
    password = request.form.get("password", "")[:200]
    settings = current_settings()
    with write_session(db_url()) as s:
        res = accounts.login(s, username, password, lockout_minutes=settings.lockout_minutes)
        user = res.user
        who = (
            Principal(user.id, user.username, user.role, user.department_id, user.session_version)
            if user
            else Principal(None, username or "-", "visitor")
        )
        ip, rid = client_ip(), request_id()
        if res.event == "unlocked":  # an expired lockout lifted by this attempt: its own row, before the attempt's
            accounts.audit(s, who=who, action="account_unlocked", obj=username, result="ok", ip=ip, request_id=rid,
                           detail=f"after {settings.lockout_minutes} min")  # fmt: skip
        accounts.audit(
            s,
            who=who,
            action="login",
            obj=username or "-",
            result="ok" if user else "denied",
            ip=ip,
            request_id=rid,
        )
        if res.event == "locked":
            accounts.audit(s, who=who, action="account_locked", obj=username, result="locked", ip=ip, request_id=rid,
                           detail=f"{accounts.MAX_FAILURES} failures; lifts after {settings.lockout_minutes} min")  # fmt: skip
    if user is None:
        return _form(LABELS[current_lang()]["bad"], 401)
    lang = session.get("lang")
    session.clear()  # rotation: nothing from the anonymous session survives sign-in
    now = int(time.time())
    session.update(
        uid=who.user_id,
        ver=who.session_version,
        sid=secrets.token_urlsafe(12),  # this session's own key (rate limits count walls sharing an account apart)
        login_at=now,
        seen_at=now,
        csrf=secrets.token_urlsafe(24),
    )
    if lang:
        session["lang"] = lang
    return redirect(_safe_next(request.form.get("next")))


@bp.post("/logout")
def logout():
    _check_csrf()
    who = current_principal()
    if who.user_id is not None:
        with write_session(db_url()) as s:
            accounts.revoke_sessions(s, who.user_id)
            accounts.audit(
                s, who=who, action="logout", obj=who.username, result="ok", ip=client_ip(), request_id=request_id()
            )
    session.clear()
    return redirect("/")


@bp.get("/lang/<code>")
def switch_language(code: str):
    if code not in LANGS:
        abort(404)
    resp = redirect(_safe_next(request.referrer and "/" + request.referrer.split("/", 3)[-1]))
    resp.set_cookie(COOKIE, code, max_age=365 * 86400, samesite="Lax", httponly=True)
    return resp


__all__ = ["ANONYMOUS", "bp", "record"]
