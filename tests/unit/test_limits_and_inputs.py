"""Rate limits and input bounds outside Dash (security.md S3, S12), on SQLite and PostgreSQL: the Open311 POST
refuses control characters (a NUL once gave 500 on PostgreSQL) and is limited per client; the stream cap is shared
by every worker (lock files on one host, Redis across hosts); a rejected playlist save is audited and writes
nothing."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from data_access import accounts
from data_access.db import read_session
from data_access.models import AuditLog, Ticket
from settings import SETTINGS
from tests.templates import copied
from web.commands import wall
from web.commands.base import Actor, Code, Refused, execute
from web.limits import StreamSlots

ROOT = Path(__file__).resolve().parents[2]
KEY = "limits-key-1"


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    with copied(request, request.param, tmp_path) as u:
        yield u


@pytest.fixture
def client(url, apps):
    return apps.dash(url, open311_api_keys=KEY).test_client()


def tickets(url: str) -> int:
    with read_session(url) as s:
        return s.scalar(select(func.count()).select_from(Ticket))


def post(client, **form):
    data = {"api_key": KEY, "service_code": "H0201", "lat": "38.1", "long": "106.34", "description": "小区停水"}
    return client.post("/open311/v2/requests.json", data={**data, **form})


@pytest.mark.parametrize(
    ("form", "status"),
    [
        ({"description": "停水\x00了"}, 400),
        ({"description": "\x07\x1b[31m"}, 400),
        ({"first_name": "张\x00"}, 400),
        ({"address_string": "东门\x00广场"}, 400),
        ({"service_request_client_id": "c\x00"}, 400),
        ({"attribute[urgency]": "urgent\x00"}, 400),
        ({"service_code": "H02\x0001"}, 404),
    ],
)
def test_open311_refuses_control_characters_and_writes_nothing(client, url, form, status):
    before = tickets(url)
    r = post(client, **form)
    assert r.status_code == status, r.data
    assert tickets(url) == before


def test_open311_posts_are_limited_per_client(client, url):
    codes = [post(client, service_request_client_id=f"lim-{i}").status_code for i in range(32)]
    assert codes[:30] == [201] * 30 and codes[30:] == [429, 429]
    assert tickets(url) == 30
    assert "Retry-After" in post(client).headers


def test_open311_gets_are_limited_per_client(client):
    codes = [client.get("/open311/v2/services.json").status_code for _ in range(122)]
    assert codes[:120] == [200] * 120 and codes[120:] == [429, 429]


def slots_app(tmp_path: Path, **overrides) -> Flask:
    app = Flask(__name__)
    app.config["CC_SETTINGS"] = dataclasses.replace(
        SETTINGS, cache_dir=str(tmp_path / "cache"), stream_max_per_client=8, **{"redis_url": "", **overrides}
    )
    return app


HOLDER = """
import sys, time, dataclasses
from flask import Flask
from settings import SETTINGS
from web.limits import StreamSlots
app = Flask("worker")
app.config["CC_SETTINGS"] = dataclasses.replace(SETTINGS, cache_dir=sys.argv[1], redis_url=sys.argv[2],
                                                stream_max_per_client=8)
StreamSlots.TTL = 2  # seconds: a dead worker's Redis slots expire fast here
slots = StreamSlots()
with app.app_context():
    got = sum(slots.take("10.0.0.7") for _ in range(int(sys.argv[3])))
print(got, flush=True)
sys.stdin.read()  # hold the slots until told to go
"""


def other_worker(cache_dir: Path, redis_url: str, n: int) -> tuple[subprocess.Popen, int]:
    """Another worker process taking n stream slots for one client address (and holding them)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(HOLDER), str(cache_dir), redis_url, str(n)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    return proc, int(proc.stdout.readline())


@pytest.mark.parametrize("backend", ["files", "redis"])
def test_the_stream_cap_is_shared_by_every_worker(tmp_path, backend):
    """The cap is 8 per client address: two workers asked for 20 streams grant 8 in all (once: 16 of 20)."""
    redis_url = ""
    if backend == "redis":
        redis = pytest.importorskip("redis")
        redis_url = SETTINGS.test_redis_url.rsplit("/", 1)[0] + "/2"
        try:
            redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
        except redis.exceptions.ConnectionError:
            pytest.skip("Redis unreachable")
        redis.Redis.from_url(redis_url).delete(f"cc-streams:{StreamSlots._name('10.0.0.7')}")  # a failed run's
    app = slots_app(tmp_path, redis_url=redis_url)
    proc, theirs = other_worker(tmp_path / "cache", redis_url, 10)
    try:
        here = StreamSlots()
        with app.app_context():
            mine = sum(here.take("10.0.0.7") for _ in range(10))
            assert (theirs, mine) == (8, 0)
            assert here.take("10.0.0.8")  # another client has slots of its own
            proc.kill()  # the other worker dies (kill -9, no clean-up): its slots come free
            proc.wait(timeout=30)
            if backend == "redis":
                time.sleep(3)  # its slots expire (TTL 2 s there; 90 s by default, refreshed while streams run)
            assert sum(here.take("10.0.0.7") for _ in range(10)) == 8
            for _ in range(8):
                here.give("10.0.0.7")
            assert here.open_count("10.0.0.7") == 0
    finally:
        proc.kill()


def test_a_rejected_playlist_save_is_audited_and_writes_nothing(url, tmp_path):
    playlist = tmp_path / "playlist.json"
    playlist.write_text("[]", encoding="utf-8")
    admin = Actor(accounts.Principal(2, "admin", "admin"), "127.0.0.1", "rid-9")
    officer = Actor(accounts.Principal(1, "officer", "officer"), "127.0.0.1", "rid-8")
    for who, text in ((admin, '[{"scene": "nowhere"}]'), (admin, "{not json"), (officer, "[]")):
        with pytest.raises(Refused):
            execute(url, who, "wall_playlist_save", str(playlist),
                    lambda s, who=who, text=text: wall.save_playlist(s, who, str(playlist), text))  # fmt: skip
    assert playlist.read_text(encoding="utf-8") == "[]"
    with read_session(url) as s:
        rows = s.execute(select(AuditLog.username, AuditLog.result).where(AuditLog.action == "wall_playlist_save"))
        assert [tuple(r) for r in rows] == [("admin", "error"), ("admin", "error"), ("officer", "denied")]
    assert Code.DENIED.value == "denied"


@pytest.mark.parametrize("dept", [2**31, 2**53, -(2**40)])
def test_an_id_too_large_for_its_column_is_refused_as_input_and_changes_nothing(url, dept):
    """`dept=2**63` once overflowed into a 500; the Dash body check refuses integers past 2^53, and the command
    refuses what the database cannot store (PostgreSQL's int4) as invalid input: no change, one audit row."""
    from datetime import datetime

    from data_access.db import write_session
    from data_access.writes import apply
    from tests.factories import new_ticket
    from web.commands import hotline as cmd

    with write_session(url) as s:
        apply(s, [new_ticket("BIG-1", datetime(2024, 5, 6, 2, 0))])
    officer = Actor(accounts.Principal(1, "officer", "officer"), "127.0.0.1", "rid-7")
    req = cmd.TicketRequest("BIG-1", 1, "dispatch", department=dept, note="请处理")
    with pytest.raises(Refused) as exc:
        execute(url, officer, "ticket:dispatch", "ticket:BIG-1", lambda s: cmd.act_on_ticket(s, officer, req))
    assert exc.value.code is Code.INVALID
    with read_session(url) as s:
        assert s.scalar(select(Ticket.status).where(Ticket.ticket_no == "BIG-1")) == "accepted"
