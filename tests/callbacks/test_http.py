"""Plain HTTP rules (security.md S3, S5, S6, S7, S8) through the Flask test client on a temp database."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from data_access import accounts
from data_access.db import read_session, write_session
from data_access.models import AuditLog
from tests.templates import CITY_USERS


@pytest.fixture(scope="module")
def client(tmp_path_factory, sqlite_templates, apps):
    url = sqlite_templates.copy(tmp_path_factory.mktemp("http") / "http.db", CITY_USERS)
    return apps.dash(url).test_client(), url


def csrf(client) -> str:
    page = client[0].get("/login").get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def login(client, username: str, password: str, token: str | None = None):
    return client[0].post(
        "/login", data={"username": username, "password": password, "csrf": csrf(client) if token is None else token}
    )


def test_security_headers_on_pages_and_data_routes(client):
    for path in ("/", "/healthz", "/login", "/_dash-layout"):
        r = client[0].get(path)
        csp = r.headers["Content-Security-Policy"]
        assert "object-src 'none'" in csp and "cdn" not in csp and "unsafe-eval" not in csp
        assert r.headers["X-Content-Type-Options"] == "nosniff" and r.headers["X-Frame-Options"] == "DENY"
    assert client[0].get("/healthz").headers["Cache-Control"] == "no-store"


def test_login_without_csrf_token_is_refused(client):
    r = login(client, "officer", accounts.DEMO_PASSWORD, token="forged")
    assert r.status_code == 400


def test_oversized_bodies_get_413(client):
    r = client[0].post(
        "/_dash-update-component", data=b"x" * (3 * 1024 * 1024), headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 413


def test_login_rotates_logout_revokes_and_a_replayed_cookie_is_anonymous(client):
    r = login(client, "supervisor", accounts.DEMO_PASSWORD)
    assert r.status_code == 302
    cookie = client[0].get_cookie("session").value
    assert "supervisor" in client[0].get("/_dash-layout").get_data(as_text=True)
    token = re.search(r'"csrf".{0,40}?"value":\s*"([^"]+)"', client[0].get("/_dash-layout").get_data(as_text=True))
    r = client[0].post("/logout", data={"csrf": token.group(1) if token else csrf(client)})
    assert r.status_code == 302
    client[0].set_cookie("session", cookie)  # replay the pre-logout cookie
    assert "supervisor" not in client[0].get("/_dash-layout").get_data(as_text=True)


def test_lockout_after_failures_with_the_same_answer_and_audit_rows(client):
    with write_session(client[1]) as s:
        accounts.create_user(s, "locky", "Seat-2024!locky", "officer")
    answers = {login(client, "locky", "wrong-password").status_code for _ in range(6)}
    unknown = login(client, "nobody-here", "wrong-password")
    assert answers == {401} and unknown.status_code == 401
    assert login(client, "locky", "Seat-2024!locky").status_code == 401  # locked even with the right password
    with read_session(client[1]) as s:
        rows = s.scalars(select(AuditLog.result).where(AuditLog.action == "login", AuditLog.object == "locky")).all()
    assert rows.count("denied") == 7
