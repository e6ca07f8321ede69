"""GET /healthz: database reachable, cache reachable, age of the newest event (JSON)."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from flask import Blueprint, jsonify

from callbacks._context import db_url
from callbacks._panels import cache
from data_access import queries
from data_access.db import read_session
from data_access.worktime import utcnow
from settings import SETTINGS

bp = Blueprint("health", __name__)
ROOT = Path(__file__).resolve().parents[1]


def _version() -> str:
    """A digest of the code and assets this process serves: walls reload themselves when it changes."""
    digest = hashlib.sha1(SETTINGS.release.encode())
    for folder in ("layouts", "callbacks", "assets", "api", "data_access"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in {".py", ".js", ".css"}:
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


VERSION = _version()


@bp.get("/healthz")
def healthz():
    now = utcnow()
    out: dict = {"time": now.isoformat() + "Z", "version": VERSION}
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
