"""Rate limits (Flask-Limiter): one limiter for the whole app, its counters shared by every worker and host through
Redis when configured, in process memory on the embedded default. Routes opt in with `@limiter.limit(...)`; the
denied-calls gate covers every route; the stream cap is shared by the workers (Redis, or lock files on one host).

Sized from the polling model (security.md S12, wall.md): a wall or seat page makes one panel tick per refresh
(5 s) plus a few live views, so about 12-60 Dash calls a minute, none of them refused; a seat signs in once a shift;
an Open311 client posts one request per citizen report. So the limits below are far above normal use and far below
what guessing or flooding needs:
- sign-in: 20 POSTs a minute per client address, 10 a minute per user name (the lockout stops guessing after 5);
- Open311: 30 POSTs a minute and 600 an hour per client, 120 GETs a minute per client;
- denied calls (any 401 or 403 answer): 30 a minute per session (per address when signed out): past that, every
  request but the sign-in page gets 429 until the minute is over, and one audit row records the breach;
- streams: `stream_max_per_client` open streams per client address (a wall holds 1-2, a seat's video page 1),
  counted across all workers.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import threading
import time
import uuid
from pathlib import Path

from flask import Flask, Response, jsonify, request, session
from flask_limiter import Limiter
from limits import parse

from settings import Settings
from web.auth import current_principal, record
from web.context import current_settings

SIGN_IN_LIMIT = "20/minute"
SIGN_IN_USER_LIMIT = "10/minute"
OPEN311_POST_LIMIT = "30/minute;600/hour"
OPEN311_GET_LIMIT = "120/minute"
DENIED_LIMIT = "30/minute"
_DENIED = parse(DENIED_LIMIT)
_BREACH = parse("1/minute")
DENIED_EXEMPT = ("/login", "/assets/", "/_dash-component-suites/", "/health", "/favicon.ico")


def client_address() -> str:
    return request.remote_addr or "-"


def client_key() -> str:
    """Whose calls are counted: the signed-in session (several walls behind one address count apart), else the
    client address."""
    sid = session.get("sid")
    return f"s:{sid}" if isinstance(sid, str) and sid else f"ip:{client_address()}"


limiter = Limiter(key_func=client_address, default_limits=[])  # bound to the server in app.py


def _too_many() -> Response:
    resp = jsonify(error="too many refused calls from this client; wait a minute")
    resp.status_code = 429
    resp.headers["Retry-After"] = "60"
    resp.headers["Cache-Control"] = "no-store"
    return resp


def init_limits(server: Flask, settings: Settings) -> None:
    server.config["RATELIMIT_ENABLED"] = settings.rate_limits
    server.config["RATELIMIT_STORAGE_URI"] = settings.redis_url or "memory://"
    server.config["RATELIMIT_HEADERS_ENABLED"] = True
    server.config["RATELIMIT_KEY_PREFIX"] = "cc-limits"
    limiter.init_app(server)

    @server.before_request
    def _denied_gate():
        if not limiter.enabled or request.path.startswith(DENIED_EXEMPT):
            return None
        key = client_key()
        try:
            if limiter.limiter.test(_DENIED, "denied", key):
                return None
            first = limiter.limiter.hit(_BREACH, "denied-breach", key)  # one audit row per client and window
        except Exception:  # noqa: BLE001 - a Redis outage must not take the app down (the limit lapses)
            return None
        if first:
            with contextlib.suppress(Exception):  # why: an audit outage must not turn the 429 into a 500
                record(current_principal(), "rate_limited", request.path[:80], "limited", DENIED_LIMIT)
        return _too_many()

    @server.after_request
    def _count_denied(resp: Response) -> Response:
        if resp.status_code in (401, 403) and limiter.enabled:
            with contextlib.suppress(Exception):  # why: as above, a Redis outage lets calls through uncounted
                limiter.limiter.hit(_DENIED, "denied", client_key())
        return resp


class StreamSlots:
    """Open stream connections per client address, counted across every worker: with Redis, a sorted set per client
    (members refreshed while their stream runs, so a dead worker's slots expire within `TTL`); without, lock files
    under the cache folder (the OS releases a dead worker's locks). The same calls as a per-process counter:
    `take(who) -> bool` before streaming, `give(who)` when the stream ends."""

    TTL = 90  # seconds a Redis slot outlives its last refresh
    REFRESH = 30

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.held: dict[str, list] = {}  # who -> this process's slots (lock-file descriptors or Redis members)
        self._refresher: threading.Thread | None = None

    def _settings(self) -> Settings:
        return current_settings()

    def take(self, who: str) -> bool:
        s = self._settings()
        cap = s.stream_max_per_client
        slot = self._take_redis(s.redis_url, who, cap) if s.redis_url else self._take_file(s.cache_dir, who, cap)
        if slot is None:
            return False
        with self.lock:
            self.held.setdefault(who, []).append(slot)
        return True

    def give(self, who: str) -> None:
        with self.lock:
            mine = self.held.get(who) or []
            slot = mine.pop() if mine else None
        if slot is None:
            return
        if isinstance(slot, tuple):
            url, key, member = slot
            with contextlib.suppress(Exception):
                _redis(url).zrem(key, member)
        else:
            with contextlib.suppress(OSError):
                fcntl.flock(slot, fcntl.LOCK_UN)
                os.close(slot)

    def open_count(self, who: str) -> int:
        """Slots this process holds for one client (for tests and health)."""
        with self.lock:
            return len(self.held.get(who) or [])

    @staticmethod
    def _name(who: str) -> str:
        return hashlib.sha256(who.encode()).hexdigest()[:24]

    def _take_file(self, cache_dir: str, who: str, cap: int) -> int | None:
        folder = Path(cache_dir) / "stream-slots"
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(max(0, cap)):
            fd = os.open(folder / f"{self._name(who)}.{n}", os.O_CREAT | os.O_RDWR, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue
            return fd
        return None

    _TAKE = """
    redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
    if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
    redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[4]), ARGV[3])
    redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4]) * 2)
    return 1
    """

    def _take_redis(self, url: str, who: str, cap: int) -> tuple[str, str, str] | None:
        key, member = f"cc-streams:{self._name(who)}", uuid.uuid4().hex
        if not _redis(url).eval(self._TAKE, 1, key, time.time(), cap, member, self.TTL):
            return None
        self._start_refresher()
        return (url, key, member)

    def _start_refresher(self) -> None:
        with self.lock:
            if self._refresher is not None and self._refresher.is_alive():
                return
            self._refresher = threading.Thread(target=self._refresh_loop, name="stream-slots", daemon=True)
            self._refresher.start()

    def _refresh_loop(self) -> None:
        while True:
            time.sleep(self.REFRESH)
            self.refresh()

    def refresh(self) -> None:
        """Push the expiry of this process's Redis slots forward (they are alive while their stream runs)."""
        with self.lock:
            slots = [s for mine in self.held.values() for s in mine if isinstance(s, tuple)]
        for url, key, member in slots:
            with contextlib.suppress(Exception):
                _redis(url).zadd(key, {member: time.time() + self.TTL}, xx=True)


_clients: dict[str, object] = {}


def _redis(url: str):
    import redis

    if url not in _clients:
        _clients[url] = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    return _clients[url]
