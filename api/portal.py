"""统一门户: the app as an OpenID Connect provider (Authlib) for the department systems, and the launcher page.

Authorization code flow with PKCE (S256 required), RS256-signed ID tokens (the key comes from settings.oidc_key_file,
generated on first use), consent recorded once per user, system and scope, every consent and token audited.
Endpoints: /.well-known/openid-configuration, /oauth/jwks, /oauth/authorize (GET: consent page, POST: decision),
/oauth/token, /oauth/userinfo; the launcher is /portal."""

from __future__ import annotations

import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlparse

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import ClientMixin, grants
from authlib.oauth2.rfc6749.errors import InvalidRequestError
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import AuthorizationCodeMixin, UserInfo
from authlib.oidc.core.grants import OpenIDCode
from flask import Blueprint, Response, abort, make_response, redirect, render_template_string, request, session
from joserfc.jwk import RSAKey

from data_access import accounts
from data_access.db import read_session, write_session
from data_access.models import AppUser
from data_access.services import portal as data
from data_access.worktime import to_local, utcnow
from web.auth import client_ip, csrf_token, current_principal, request_id
from web.context import current_settings, db_url
from web.i18n import current_lang, t

bp = Blueprint("portal", __name__)
SCOPES = ("openid", "profile")


# ---- the signing key ------------------------------------------------------------------------
_KEYS: dict[str, RSAKey] = {}


def signing_key() -> RSAKey:
    """The provider's RSA key: read from settings.oidc_key_file, generated (0600) on first use."""
    path = Path(current_settings().oidc_key_file)
    key = _KEYS.get(str(path))
    if key is None:
        if path.exists():
            key = RSAKey.import_key(path.read_bytes())
        else:
            key = RSAKey.generate_key(2048, private=True)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(key.as_pem(private=True))
        _KEYS[str(path)] = key
    return key


def kid() -> str:
    return signing_key().thumbprint()


def issuer() -> str:
    return current_settings().public_base_url.rstrip("/") or request.host_url.rstrip("/")


# ---- Authlib's models over the data layer ----------------------------------------------------
class Client(ClientMixin):
    def __init__(self, d: dict):
        self.d = d
        self.client_id = d["client_id"]

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.d["redirect_uris"][0] if self.d["redirect_uris"] else None

    def get_allowed_scope(self, scope):
        allowed = set(self.d["scope"].split())
        return " ".join(s for s in (scope or "").split() if s in allowed)

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri in self.d["redirect_uris"]

    def check_client_secret(self, client_secret):
        return secrets.compare_digest(data.secret_hash(client_secret or ""), self.d["secret_hash"])

    def check_endpoint_auth_method(self, method, endpoint):
        return method in ("client_secret_basic", "client_secret_post") if endpoint == "token" else True

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


class Code(AuthorizationCodeMixin):
    def __init__(self, d: dict):
        self.d = d
        self.code_challenge = d["code_challenge"]
        self.code_challenge_method = d["code_challenge_method"]

    def get_redirect_uri(self):
        return self.d["redirect_uri"]

    def get_scope(self):
        return self.d["scope"]

    def get_nonce(self):
        return self.d["nonce"]

    def get_auth_time(self):
        return self.d["auth_time"]

    def get_acr(self):
        return None

    def get_amr(self):
        return ["pwd"]


@dataclass(frozen=True)
class User:
    id: int
    username: str
    role: str
    display_name: str

    def get_user_id(self):
        return self.id


def _user(user_id: int) -> User | None:
    with read_session(db_url()) as s:
        u = s.get(AppUser, user_id)
        return None if u is None or u.disabled else User(u.id, u.username, u.role, u.display_name or u.username)


def _audit(who_id: int | None, who_name: str, role: str, action: str, obj: str, result: str, detail: str = "") -> None:
    with write_session(db_url()) as s:
        accounts.audit(
            s,
            who=accounts.Principal(who_id, who_name, role),
            action=action,
            obj=obj[:80],
            result=result,
            ip=client_ip(),
            request_id=request_id(),
            detail=detail,
        )


class CodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS: ClassVar[list[str]] = ["client_secret_basic", "client_secret_post"]

    def save_authorization_code(self, code, req):
        with write_session(db_url()) as s:
            data.save_code(
                s,
                code=code,
                client_id=req.client.client_id,
                user_id=req.user.id,
                redirect_uri=req.payload.redirect_uri or req.client.get_default_redirect_uri(),
                scope=req.scope,
                nonce=req.payload.data.get("nonce"),
                code_challenge=req.payload.data.get("code_challenge"),
                code_challenge_method=req.payload.data.get("code_challenge_method"),
                auth_time=int(time.time()),
                expires_at=utcnow() + data.CODE_TTL,
            )

    def query_authorization_code(self, code, client):
        with read_session(db_url()) as s:
            d = data.code(s, code, client.client_id, utcnow())
        return Code(d) if d else None

    def delete_authorization_code(self, authorization_code):
        with write_session(db_url()) as s:
            data.delete_code(s, authorization_code.d["code"])

    def authenticate_user(self, authorization_code):
        return _user(authorization_code.d["user_id"])


class StrictPKCE(CodeChallenge):
    """PKCE for every client (Authlib's `required` covers public clients only), and S256 only."""

    SUPPORTED_CODE_CHALLENGE_METHOD: ClassVar[list[str]] = ["S256"]

    def validate_code_challenge(self, grant, redirect_uri):
        payload = grant.request.payload.data
        if not payload.get("code_challenge") or payload.get("code_challenge_method") != "S256":
            raise InvalidRequestError("PKCE (code_challenge with method S256) is required")
        super().validate_code_challenge(grant, redirect_uri)


class OIDCCode(OpenIDCode):
    def exists_nonce(self, nonce, req):
        with read_session(db_url()) as s:
            return data.nonce_used(s, req.payload.client_id, nonce)

    def resolve_client_private_key(self, client):
        return signing_key()

    def get_client_algorithm(self, client):
        return "RS256"

    def get_client_claims(self, client):
        now = int(time.time())
        return {"iss": issuer(), "aud": [client.get_client_id()], "iat": now, "exp": now + 600}

    def get_encode_header(self, client):
        return {"alg": "RS256", "kid": kid()}

    def generate_user_info(self, user, scope):
        info = UserInfo(sub=str(user.id))
        if "profile" in scope.split():
            info.update(name=user.display_name, preferred_username=user.username, role=user.role)
        return info


def _query_client(client_id):
    with read_session(db_url()) as s:
        d = data.client(s, client_id)
    return Client(d) if d else None


def _save_token(token, req):
    with write_session(db_url()) as s:
        data.save_token(s, token["access_token"], req.client.client_id, req.user.id, token.get("scope", ""), utcnow())
        accounts.audit(
            s,
            who=accounts.Principal(req.user.id, req.user.username, req.user.role),
            action="portal_token",
            obj=f"client:{req.client.client_id}",
            result="ok",
            ip=client_ip(),
            request_id=request_id(),
        )


server = AuthorizationServer(query_client=_query_client, save_token=_save_token)


@bp.record_once
def _bind(state) -> None:
    state.app.config.setdefault("OAUTH2_TOKEN_EXPIRES_IN", {"authorization_code": 3600})
    server.init_app(state.app)
    if not server._authorization_grants:  # one registry for every app of the process (tests build several)
        server.register_grant(CodeGrant, [StrictPKCE(required=True), OIDCCode(require_nonce=True)])


# ---- discovery ------------------------------------------------------------------------------
def _json(body: dict, status: int = 200) -> Response:
    resp = Response(json.dumps(body, ensure_ascii=False), status=status, content_type="application/json")
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.get("/.well-known/openid-configuration")
def discovery():
    base = issuer()
    return _json(
        {
            "issuer": base,
            "authorization_endpoint": f"{base}/oauth/authorize",
            "token_endpoint": f"{base}/oauth/token",
            "userinfo_endpoint": f"{base}/oauth/userinfo",
            "jwks_uri": f"{base}/oauth/jwks",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": list(SCOPES),
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "name", "preferred_username", "role", "nonce", "auth_time"],
        }
    )


@bp.get("/oauth/jwks")
def jwks():
    pub = signing_key().as_dict(private=False)
    pub.update(kid=kid(), use="sig", alg="RS256")
    return _json({"keys": [pub]})


# ---- authorize: consent -------------------------------------------------------------------------
CONSENT = """<!doctype html><html lang="{{ 'zh-CN' if lang == 'zh' else 'en' }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>{{ T.title }}</title>
<link rel="stylesheet" href="/assets/services_m.css"></head><body class="svc-m">
<header class="svc-top"><span class="svc-brand">{{ T.portal }}</span></header><main>
<section class="svc-card"><h1>{{ T.title }}</h1><p>{{ ask }}</p>
<ul class="svc-list">{% for s in scopes %}<li>{{ s }}</li>{% endfor %}</ul>
<form method="post" class="svc-form"><input type="hidden" name="csrf" value="{{ csrf }}">
<button type="submit" name="decision" value="allow">{{ T.allow }}</button>
<button type="submit" name="decision" value="deny" class="svc-secondary">{{ T.deny }}</button></form>
<p class="svc-sub">{{ who }}</p></section></main></body></html>"""

ERROR = """<!doctype html><html><head><meta charset="utf-8"><title>{{ title }}</title>
<link rel="stylesheet" href="/assets/services_m.css"></head><body class="svc-m"><main><section class="svc-card">
<h1>{{ title }}</h1><p>{{ text }}</p></section></main></body></html>"""


def _error_page(err: OAuth2Error):
    lang = current_lang()
    html = render_template_string(ERROR, title=t("portal_error", lang), text=f"{err.error}: {err.description or ''}")
    return html, 400, {"Cache-Control": "no-store"}


def _signed_in() -> User | None:
    who = current_principal()
    if who.user_id is None:
        return None
    return _user(who.user_id)


@bp.route("/oauth/authorize", methods=["GET", "POST"])
def authorize():
    user = _signed_in()
    if user is None:
        return redirect(f"/login?next={request.full_path}")
    try:
        grant = server.get_consent_grant(end_user=user)
    except OAuth2Error as err:
        return _error_page(err)
    client_id = grant.client.client_id
    scope = grant.request.scope or "openid"
    with read_session(db_url()) as s:
        consented = data.has_consent(s, user.id, client_id, scope)
        name = (data.client(s, client_id) or {}).get("name", client_id)
    if request.method == "GET" and not (consented and request.args.get("prompt") != "consent"):
        lang = current_lang()
        T = {k: t(f"portal_{k}", lang) for k in ("title", "portal", "allow", "deny")}
        html = render_template_string(
            CONSENT,
            lang=lang,
            T=T,
            ask=t("portal_ask", lang, system=name),
            scopes=[t(f"portal_scope_{s}", lang) for s in scope.split() if s in SCOPES],
            csrf=csrf_token(),
            who=t("portal_signed_in_as", lang, who=user.display_name),
        )
        resp = make_response(html)
        target = urlparse(grant.redirect_uri)
        # the decision's redirect goes to the system: allow that origin for this form only
        resp.headers["Content-Security-Policy"] = (
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
            f"base-uri 'self'; frame-ancestors 'none'; form-action 'self' {target.scheme}://{target.netloc}"
        )
        resp.headers["Cache-Control"] = "no-store"
        return resp
    if request.method == "POST":
        sent = request.form.get("csrf", "")
        if not sent or not secrets.compare_digest(sent, session.get("csrf", "")):
            abort(400, "missing or wrong CSRF token")
        if request.form.get("decision") != "allow":
            _audit(user.id, user.username, user.role, "portal_consent", f"client:{client_id}", "denied", scope)
            return server.create_authorization_response(grant=grant, grant_user=None)
        if not consented:
            with write_session(db_url()) as s:  # the consent and its audit row: one transaction
                data.record_consent(s, user.id, client_id, scope, utcnow())
                accounts.audit(
                    s,
                    who=accounts.Principal(user.id, user.username, user.role),
                    action="portal_consent",
                    obj=f"client:{client_id}",
                    result="ok",
                    ip=client_ip(),
                    request_id=request_id(),
                    detail=scope,
                )
    _audit(user.id, user.username, user.role, "portal_authorize", f"client:{client_id}", "ok", scope)
    return server.create_authorization_response(grant=grant, grant_user=user)


@bp.post("/oauth/token")
def issue_token():
    return server.create_token_response()


@bp.route("/oauth/userinfo", methods=["GET", "POST"])
def userinfo():
    auth = request.headers.get("Authorization", "")
    token = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
    with read_session(db_url()) as s:
        owner = data.token_owner(s, token, utcnow())
    if owner is None:
        resp = _json({"error": "invalid_token"}, 401)
        resp.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return resp
    user = _user(owner[0])
    if user is None:
        return _json({"error": "invalid_token"}, 401)
    return _json(dict(OIDCCode().generate_user_info(user, owner[2])))


# ---- the launcher -------------------------------------------------------------------------------
LAUNCHER = """<!doctype html><html lang="{{ 'zh-CN' if lang == 'zh' else 'en' }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>{{ T.portal }}</title>
<link rel="stylesheet" href="/assets/services_m.css"></head><body class="svc-m svc-wide">
<header class="svc-top"><span class="svc-brand">{{ T.portal }}</span><a class="svc-lang" href="/">{{ T.home }}</a></header>
<main><p class="svc-sub">{{ who }}</p><div class="svc-launch">{% for r in rows %}
<div class="svc-card svc-sys svc-h-{{ r.health }}"><h2>{{ r.name }}</h2>
<p><span class="svc-res svc-health svc-health-{{ r.health }}">{{ r.health_text }}</span>
<span class="svc-sub">{{ r.last }}</span></p></div>{% endfor %}</div></main></body></html>"""


@bp.get("/portal")
def launcher():
    who = current_principal()
    if who.user_id is None:
        return redirect("/login?next=/portal")
    lang = current_lang()
    now = utcnow()
    with read_session(db_url()) as s:
        df = data.launcher(s, who.role, now)
    rows = [
        dict(
            name=r.name,
            health=r.health,
            health_text=t(f"portal_health_{r.health}", lang),
            last=t("portal_last_sync", lang, at=f"{to_local(r.last_sync):%m-%d %H:%M}")
            if r.last_sync is not None
            else "",
        )
        for r in df.itertuples()
    ]
    T = {k: t(f"portal_{k}", lang) for k in ("portal", "home")}
    html = render_template_string(
        LAUNCHER, lang=lang, T=T, rows=rows, who=t("portal_signed_in_as", lang, who=who.username)
    )
    return html, 200, {"Cache-Control": "no-store"}


__all__ = ["bp", "server"]
