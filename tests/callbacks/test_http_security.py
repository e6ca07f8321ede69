"""Sessions, sign-in and start-up rules (security.md S7, S8, S9, S11, S12, A1) through the Flask test client, on
SQLite and PostgreSQL: idle and absolute timeouts, walls sharing one account, a lockout that lifts, X-Request-Id
never failing an audit, no open redirect after sign-in, rate limits, and no start outside development with the demo
defaults."""

from __future__ import annotations

import dataclasses
import re
import time
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from data_access import accounts
from data_access.db import read_session, write_session
from data_access.errors import WriteError
from data_access.models import AppUser, AuditLog
from data_access.roles import ROLES
from data_access.worktime import utcnow
from settings import SETTINGS
from tests.callbacks.test_fuzz import outputs_of
from tests.templates import CITY_USERS, copied


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    with copied(request, request.param, tmp_path, CITY_USERS) as u:
        yield u


@pytest.fixture
def app(url, apps):
    return apps.dash(url)  # a new app binds the limiter to fresh in-memory counters


def csrf(client) -> str:
    page = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def login(client, username: str, password: str = accounts.DEMO_PASSWORD, **kw):
    data = {"username": username, "password": password, "csrf": csrf(client)}
    return client.post("/login", data={**data, **kw.pop("data", {})}, **kw)


def who(client) -> str:
    """Who the server sees for this client: the shell's "<user> · <role>" (the demo users are named after their
    role), or "anonymous"."""
    found = re.search(r'"([\w-]+) (?:\\u00b7|·) ', client.get("/_dash-layout").get_data(as_text=True))
    return found.group(1) if found else "anonymous"


def audit(url: str, action: str) -> list[tuple[str, str, str]]:
    with read_session(url) as s:
        return [
            tuple(r)
            for r in s.execute(
                select(AuditLog.object, AuditLog.result, AuditLog.detail)
                .where(AuditLog.action == action)
                .order_by(AuditLog.id)
            )
        ]


def age(client, **seconds_ago: int) -> None:
    """Move the session's sign-in and last-seen stamps into the past (as a cookie kept that long would carry)."""
    with client.session_transaction() as sess:
        for key, ago in seconds_ago.items():
            sess[key] = int(time.time()) - ago


def test_a_cookie_older_than_the_absolute_lifetime_is_refused(app, url):
    c = app.test_client()
    assert login(c, "officer").status_code == 302 and who(c) == "officer"
    age(c, login_at=400 * 86400, seen_at=10)  # a 400-day-old sign-in, kept alive by polling
    assert who(c) == "anonymous"
    assert audit(url, "session_expired") == [("officer", "expired", "absolute")]
    assert who(c) == "anonymous"  # the cookie was cleared: one audit row, not one per request


def test_an_idle_session_ends_and_a_busy_one_does_not(app, url):
    c = app.test_client()
    login(c, "supervisor")
    age(c, login_at=3600, seen_at=29 * 60)
    assert who(c) == "supervisor"  # 29 min idle: alive, and the request moved the idle clock on
    with c.session_transaction() as sess:
        assert int(time.time()) - sess["seen_at"] < 5
    age(c, seen_at=31 * 60)
    assert who(c) == "anonymous"
    assert audit(url, "session_expired") == [("supervisor", "expired", "idle")]


def test_a_cookie_without_its_sign_in_time_is_refused(app):
    c = app.test_client()
    login(c, "admin")
    with c.session_transaction() as sess:
        del sess["login_at"]  # as cookies issued before the timeouts were enforced
    assert who(c) == "anonymous"


def test_two_wall_screens_share_the_wall_account_but_a_seat_holds_one_session(app):
    walls = [app.test_client() for _ in range(3)]
    for w in walls:
        assert login(w, "wall").status_code == 302
    assert [who(w) for w in walls] == ["wall"] * 3  # signing in again did not sign the other screens out
    age(walls[0], login_at=400 * 86400, seen_at=10)
    assert who(walls[0]) == "wall"  # a device account runs for weeks: no absolute lifetime, only the idle one
    first, second = app.test_client(), app.test_client()
    login(first, "officer")
    login(second, "officer")
    assert (who(first), who(second)) == ("anonymous", "officer")  # a seat's new sign-in ends its old session


def test_the_lockout_lifts_after_the_set_time_with_rows_of_its_own(app, url):
    with write_session(url) as s:
        accounts.create_user(s, "locky", "Seat-2024!locky", "officer")
    c = app.test_client()
    assert {login(c, "locky", "wrong-password").status_code for _ in range(6)} == {401}
    assert login(c, "locky", "Seat-2024!locky").status_code == 401  # locked, even with the right password
    assert [r[1] for r in audit(url, "account_locked")] == ["locked"]
    with write_session(url) as s:  # the lockout's minutes pass
        s.execute(
            update(AppUser)
            .where(AppUser.username == "locky")
            .values(locked_at=utcnow() - timedelta(minutes=SETTINGS.lockout_minutes + 1))
        )
    assert login(c, "locky", "Seat-2024!locky").status_code == 302 and who(c) == "locky"
    assert [r[:2] for r in audit(url, "account_unlocked")] == [("locky", "ok")]
    assert [r[1] for r in audit(url, "account_locked")] == ["locked"]  # one lockout, one lift


def test_a_41_character_request_id_with_a_wrong_password_is_counted_and_audited(app, url):
    c = app.test_client()
    for rid in ("r" * 41, "<script>", "a\tb"):
        r = login(c, "officer", "wrong-password", headers={"X-Request-Id": rid})
        assert r.status_code == 401
    with read_session(url) as s:
        assert s.scalar(select(AppUser.failed_logins).where(AppUser.username == "officer")) == 3
        ids = s.scalars(select(AuditLog.request_id).where(AuditLog.action == "login")).all()
    assert len(ids) == 3 and all(len(i) <= 40 and re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    ok = login(c, "officer", headers={"X-Request-Id": "hall-seat-07.req-1"})
    assert ok.status_code == 302
    with read_session(url) as s:
        assert s.scalars(select(AuditLog.request_id).order_by(AuditLog.id.desc())).first() == "hall-seat-07.req-1"


@pytest.mark.parametrize(
    "target", ["/%09/evil.example", "//evil.example", "/\\evil.example", "https://evil.example", "/%0a/evil", "/\t/x"]
)
def test_no_open_redirect_after_sign_in(app, target):
    c = app.test_client()
    r = c.post(
        f"/login?next={target}",
        data={"username": "officer", "password": accounts.DEMO_PASSWORD, "csrf": csrf(c), "next": target},
    )
    assert r.status_code == 302 and r.headers["Location"] == "/"
    assert "evil" not in c.get(f"/login?next={target}").get_data(as_text=True)


def test_a_local_next_path_is_kept(app):
    c = app.test_client()
    r = login(c, "officer", data={"next": "/hotline?view=mine"})
    assert r.headers["Location"] == "/hotline?view=mine"


def test_sign_in_is_rate_limited_per_user_name_and_address(app):
    c = app.test_client()
    answers = [login(c, "nobody-at-all", "wrong-password") for _ in range(12)]
    assert [r.status_code for r in answers] == [401] * 10 + [429, 429]
    assert "登录尝试过于频繁" in answers[-1].get_data(as_text=True)  # the sign-in form, saying why
    assert login(c, "officer").status_code == 302  # another name from the same address still signs in


def polls(client, page: str) -> list[dict]:
    """The bodies of a page's timed calls as its browser sends them each tick: the shell's heartbeat and the page's
    panel refresh (no panels on screen: the same call, the same guard, less work)."""
    deps = client.get("/_dash-dependencies").get_json()
    out = []
    for d in deps:
        if d.get("clientside_function") or not (
            d["output"].startswith("shell-heartbeat") or f'"type":"{page}-panel-body"' in d["output"]
        ):
            continue
        outs = outputs_of(d["output"])
        out.append(
            {
                "output": d["output"],
                "outputs": outs,
                "inputs": [{"id": i["id"], "property": i["property"], "value": None} for i in d["inputs"]],
                "state": [{"id": i["id"], "property": i["property"], "value": None} for i in d["state"]],
                "changedPropIds": [d["inputs"][0]["id"] + "." + d["inputs"][0]["property"]],
            }
        )
    assert len(out) == 2
    return out


def test_denied_calls_are_limited_and_a_polling_wall_never_is(app, url):
    """30 refused calls a minute per client: a prober gets 429 (one audit row for the breach); the wall's own
    polling (its heartbeat and panel refresh, 5 s ticks: 10 minutes' worth here) is never refused at all."""
    wall = app.test_client()
    login(wall, "wall")
    bodies = polls(wall, "wall")
    codes = Counter(wall.post("/_dash-update-component", json=b).status_code for _ in range(120) for b in bodies)
    assert set(codes) <= {200, 204}, codes
    prober = app.test_client()
    codes = [prober.get("/hotline/export.csv").status_code for _ in range(35)]  # a seat-only route, signed out
    assert codes[:30] == [403] * 30 and set(codes[30:]) == {429}
    assert prober.get("/login").status_code == 200  # the sign-in page stays reachable
    assert wall.post("/_dash-update-component", json=bodies[0]).status_code in (200, 204)  # others unaffected
    assert [r[1] for r in audit(url, "rate_limited")] == ["limited"]


def test_weak_and_common_passwords_are_refused(url):
    for weak in ("Password123", "P@ssw0rd2024", "Admin@123456", "Qwerty!2024", "Aaaaaaaa1!", "Lingwu@2024!"):
        with pytest.raises(WriteError), write_session(url) as s:
            accounts.create_user(s, "zhou", weak, "officer")
    with pytest.raises(WriteError), write_session(url) as s:
        accounts.create_user(s, "zhouxiaoming", "Zhouxiaoming#1", "officer")  # the user name itself
    with write_session(url) as s:
        accounts.create_user(s, "zhou", "Hall-7-Kettle!plum", "officer")


def test_outside_development_the_app_refuses_the_demo_defaults(url, apps):
    from app import create_app

    prod = apps.settings(url, env="production")
    with pytest.raises(RuntimeError) as exc:
        create_app(prod)
    message = str(exc.value)
    for what in ("CC_SECRET_KEY", "CC_DEMO_USERS", "CC_OPEN311_API_KEYS", "demo password"):
        assert what in message
    fixed = dataclasses.replace(
        prod, secret_key="k" * 40, demo_users=False, open311_api_keys="a-real-key-0f3c9", debug=False
    )
    with pytest.raises(RuntimeError, match="accounts with the demo password"):  # the database still has them
        create_app(fixed)
    with write_session(url) as s:
        s.execute(update(AppUser).where(AppUser.username.in_(ROLES)).values(disabled=True))
    assert create_app(fixed).server is not None
    assert create_app(apps.settings(url)).server is not None  # development: make run and tests still work


def test_the_secure_cookie_option(app, url, apps):
    r = login(app.test_client(), "officer")
    assert "Secure" not in r.headers["Set-Cookie"]  # development over plain HTTP
    secure = apps.dash(url, session_cookie_secure=True).test_client()
    r = login(secure, "officer")
    assert "Secure" in r.headers["Set-Cookie"] and "HttpOnly" in r.headers["Set-Cookie"]
