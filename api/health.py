"""GET /healthz: database reachable, cache reachable, age of the newest event (JSON)."""

from __future__ import annotations

import time

from flask import Blueprint, jsonify

from data_access import queries
from data_access.db import read_session
from data_access.worktime import utcnow
from web.cache import cache
from web.context import app_version, db_url

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    now = utcnow()
    out: dict = {"time": now.isoformat() + "Z", "version": app_version()}
    try:
        with read_session(db_url()) as s:
            newest = queries.newest_event_at(s)
        out["database"] = "ok"
        out["newest_event_age_s"] = None if newest is None else round((now - newest).total_seconds(), 1)
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        out["database"] = f"error: {type(exc).__name__}"
    try:
        probe = f"healthz:{time.time()}"
        cache.set(probe, 1, timeout=5)
        out["cache"] = "ok" if cache.get(probe) == 1 else "error: read-back failed"
    except Exception as exc:  # noqa: BLE001
        out["cache"] = f"error: {type(exc).__name__}"
    healthy = out["database"] == "ok" and out["cache"] == "ok"
    resp = jsonify(status="ok" if healthy else "degraded", **out)
    resp.status_code = 200 if healthy else 503
    return resp
