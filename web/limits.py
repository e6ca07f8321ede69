"""Rate limits (Flask-Limiter): one limiter for the whole app, its counters shared by every worker and host through
Redis when configured, in process memory on the embedded default. Routes and callbacks opt in with
`@limiter.limit(...)`; nothing is limited by default (limits are sized from the polling model where they apply)."""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from settings import Settings

limiter = Limiter(key_func=get_remote_address, default_limits=[])  # bound to the server in app.py


def init_limits(server: Flask, settings: Settings) -> None:
    server.config["RATELIMIT_STORAGE_URI"] = settings.redis_url or "memory://"
    server.config["RATELIMIT_HEADERS_ENABLED"] = True
    limiter.init_app(server)
