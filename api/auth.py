"""Sign-in, sign-out and the language switch: plain form routes with CSRF tokens, all audited."""

from __future__ import annotations

import secrets
import time

from flask import Blueprint, abort, redirect, render_template_string, request, session

from data_access import accounts
from data_access.accounts import ANONYMOUS, Principal
from data_access.db import write_session
from settings import SETTINGS
from web.auth import client_ip, csrf_token, current_principal, record, request_id
from web.context import db_url
from web.i18n import COOKIE, LANGS, current_lang, t

bp = Blueprint("auth", __name__)

PAGE = """<!doctype html>
<html lang="{{ 'zh-CN' if lang == 'zh' else 'en' }}"><head><meta charset="utf-8">
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
        "demo": "演示账号：officer / supervisor / admin / auditor / wall / visitor / inspector，密码 Demo-2024!pass",
    },
    "en": {
        "user": "Username",
        "pass": "Password",
        "bad": "Wrong username or password, or the account is locked",
        "demo": "Demo users: officer / supervisor / admin / auditor / wall / visitor / inspector, password Demo-2024!pass",
    },
}


def _safe_next(value: str | None) -> str:
    return value if value and value.startswith("/") and not value.startswith("//") else "/"


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
        demo=LABELS[lang]["demo"] if SETTINGS.demo_users else "",
    )
    return html, status, {"Cache-Control": "no-store"}


def _check_csrf() -> None:
    sent = request.form.get("csrf", "")
    if not sent or not secrets.compare_digest(sent, session.get("csrf", "")):
        abort(400, "missing or wrong CSRF token")


@bp.get("/login")
def login_form():
    return _form()


@bp.post("/login")
def login():
    _check_csrf()
    username = request.form.get("username", "").strip()[:40]
    password = request.form.get("password", "")[:200]
    with write_session(db_url()) as s:
        user = accounts.authenticate(s, username, password)
        who = (
            Principal(user.id, user.username, user.role, user.department_id, user.session_version)
            if user
            else Principal(None, username or "-", "visitor")
        )
        accounts.audit(
            s,
            who=who,
            action="login",
            obj=username or "-",
            result="ok" if user else "denied",
            ip=client_ip(),
            request_id=request_id(),
        )
    if user is None:
        return _form(LABELS[current_lang()]["bad"], 401)
    lang = session.get("lang")
    session.clear()  # rotation: nothing from the anonymous session survives sign-in
    session.update(uid=who.user_id, ver=who.session_version, login_at=int(time.time()), csrf=secrets.token_urlsafe(24))
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
