"""统一门户 as an OpenID Connect provider: an unmodified client library (Authlib's requests client, joserfc for the
ID token) signs a sample relying party in with the authorization code flow and PKCE against the app served on a
real port; consent is asked once, recorded and audited; a tampered ID token is refused; no PKCE, no code."""

from __future__ import annotations

import re
import threading

import pytest
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.errors import BadSignatureError
from joserfc.jwk import KeySet
from sqlalchemy import func, select
from werkzeug.serving import make_server

from data_access import accounts
from data_access.db import read_session, write_session
from data_access.models import AuditLog, PortalConsent
from data_access.services import portal
from data_access.worktime import utcnow
from tests.templates import CITY_USERS

CALLBACK = "http://127.0.0.1:9/sample-rp/callback"  # the RP's redirect (nothing listens: we read the Location)


@pytest.fixture(scope="module")
def provider(tmp_path_factory, sqlite_templates, apps):
    tmp = tmp_path_factory.mktemp("portal")
    url = sqlite_templates.copy(tmp / "portal.db", CITY_USERS)
    app = apps.dash(url, oidc_key_file=str(tmp / "oidc.pem"))
    srv = make_server("127.0.0.1", 0, app, threaded=True)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    with write_session(url) as s:
        secret = portal.register_client(s, "sample-rp", "示例业务系统", [CALLBACK], utcnow())
    yield f"http://127.0.0.1:{srv.server_port}", url, secret
    srv.shutdown()


def signed_in(base: str, username: str = "officer") -> requests.Session:
    ua = requests.Session()
    page = ua.get(f"{base}/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    r = ua.post(
        f"{base}/login",
        data={"username": username, "password": accounts.DEMO_PASSWORD, "csrf": token},
        allow_redirects=False,
    )
    assert r.status_code == 302
    return ua


def authorize(base: str, secret: str, ua: requests.Session, *, expect_consent: bool):
    rp = OAuth2Session("sample-rp", secret, scope="openid profile", redirect_uri=CALLBACK, code_challenge_method="S256")
    verifier, nonce = generate_token(48), generate_token(20)
    uri, _state = rp.create_authorization_url(f"{base}/oauth/authorize", code_verifier=verifier, nonce=nonce)
    r = ua.get(uri, allow_redirects=False)
    if expect_consent:
        assert r.status_code == 200 and "示例业务系统" in r.text and "同意并登录" in r.text
        csrf = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
        r = ua.post(uri, data={"csrf": csrf, "decision": "allow"}, allow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"].startswith(CALLBACK + "?code=")
    token = rp.fetch_token(f"{base}/oauth/token", authorization_response=r.headers["Location"], code_verifier=verifier)
    return rp, token, nonce


def test_an_unmodified_oidc_client_signs_in_and_a_tampered_id_token_is_refused(provider):
    base, url, secret = provider
    conf = requests.get(f"{base}/.well-known/openid-configuration").json()
    assert conf["issuer"] == base and conf["code_challenge_methods_supported"] == ["S256"]
    ua = signed_in(base)
    rp, token, nonce = authorize(base, secret, ua, expect_consent=True)
    keys = KeySet.import_key_set(requests.get(conf["jwks_uri"]).json())
    tok = jwt.decode(token["id_token"], keys)
    jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": base}, aud={"essential": True, "value": "sample-rp"}, nonce={"value": nonce}
    ).validate(tok.claims)
    assert tok.claims["preferred_username"] == "officer" and tok.header["alg"] == "RS256"
    info = rp.get(conf["userinfo_endpoint"]).json()
    assert info["sub"] == tok.claims["sub"] and info["role"] == "officer"
    head, body, sig = token["id_token"].split(".")
    forged = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    with pytest.raises(BadSignatureError):
        jwt.decode(f"{head}.{forged}.{sig}", keys)
    # consent is asked once: the second sign-in goes straight back to the system
    authorize(base, secret, ua, expect_consent=False)
    with read_session(url) as s:
        assert s.scalar(select(func.count()).select_from(PortalConsent)) == 1
        actions = list(s.scalars(select(AuditLog.action).where(AuditLog.action.like("portal_%"))))
    assert actions.count("portal_consent") == 1 and actions.count("portal_token") == 2


def test_no_pkce_a_wrong_secret_or_a_foreign_redirect_gets_no_token(provider):
    base, _url, secret = provider
    ua = signed_in(base, "supervisor")
    plain = OAuth2Session("sample-rp", secret, scope="openid profile", redirect_uri=CALLBACK)
    uri, _ = plain.create_authorization_url(f"{base}/oauth/authorize", nonce="n-1")
    r = ua.get(uri, allow_redirects=False)
    assert r.status_code in (302, 400) and "code=" not in r.headers.get("Location", "")
    evil = OAuth2Session("sample-rp", secret, scope="openid", redirect_uri="https://evil.example/cb")
    uri, _ = evil.create_authorization_url(f"{base}/oauth/authorize", code_verifier=generate_token(48), nonce="n-2")
    r = ua.get(uri, allow_redirects=False)
    assert r.status_code == 400 and "evil.example" not in r.headers.get("Location", "")
    wrong = OAuth2Session("sample-rp", "not-the-secret", scope="openid profile", redirect_uri=CALLBACK)
    r = requests.post(
        f"{base}/oauth/token",
        data={"grant_type": "authorization_code", "code": "x", "redirect_uri": CALLBACK},
        auth=("sample-rp", "not-the-secret"),
    )
    assert r.status_code == 401 and wrong.client_id == "sample-rp"
    anon = requests.get(f"{base}/oauth/authorize?client_id=sample-rp&response_type=code", allow_redirects=False)
    assert anon.status_code == 302 and anon.headers["Location"].startswith("/login?next=")


def test_the_launcher_lists_the_systems_of_the_role_with_their_health(provider):
    base, _url, _secret = provider
    page = signed_in(base, "inspector").get(f"{base}/portal").text
    assert "市场监管综合执法系统" in page and "12345 政务服务便民热线系统" not in page
    assert re.search(r"运行正常|数据延迟|同步异常|状态未知", page)
    page = signed_in(base, "officer").get(f"{base}/portal").text
    assert "12345 政务服务便民热线系统" in page and "市场监管综合执法系统" not in page
