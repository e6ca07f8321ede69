"""Live views beside the panel engine: data a page shows outside its panels (the video tree and review queue, the
alarms that hold the wall, the GIS city snapshot), read once per period for every screen, with the engine's data
age and states. A callback sends a live view only when its digest differs from what the screen shows."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from data_access.db import read_session
from data_access.worktime import utcnow
from web.cache import cached
from web.context import current_settings, db_url
from web.panels import heartbeat

log = logging.getLogger(__name__)


def digest(*parts: Any) -> str:
    """A short, stable hash of JSON-able parts (what a screen was sent, to compare with what it would get now)."""
    return hashlib.sha1(json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class LiveView:
    """`read(session, now, **params) -> value`, shared for `every` seconds across workers and screens."""

    name: str
    read: Callable[..., Any]
    period: int | None = None  # seconds; None: `periods` x the running app's refresh period
    periods: int = 1
    stale_periods: int = 2  # as panels: amber after this many periods without new data, red one later
    at_least: int = 0  # seconds: a floor for a heavy read whatever the refresh period

    @property
    def every(self) -> int:
        return max(self.at_least, self.period or self.periods * current_settings().refresh_seconds)


@dataclass(frozen=True)
class Snapshot:
    ok: bool
    value: Any
    hash: str | None
    asof: datetime | None
    error: str = ""


def _read(view: LiveView, now: datetime, params: dict) -> Snapshot:
    try:
        with read_session(db_url()) as s:
            value = view.read(s, now, **params)
    except Exception as exc:  # noqa: BLE001 - shown as the view's error state; the last good value stays on screen
        log.warning("live view %s read failed: %s", view.name, exc)
        return Snapshot(False, None, None, None, type(exc).__name__)
    return Snapshot(True, value, digest(_plain(value)), heartbeat(now) or now)


def _plain(value: Any) -> Any:
    to_dict = getattr(value, "to_dict", None)  # DataFrames hash by their rows
    return to_dict("split") if callable(to_dict) else value


def snapshot(view: LiveView, now: datetime | None = None, *, fresh: bool = False, **params: Any) -> Snapshot:
    """This period's snapshot of the view (one read for every screen; a worker waiting on another's read gets the
    previous one, or reads itself when there is none). `fresh`: read past the shared copy (e.g. right after the
    screen's own action, so its result shows now)."""
    now = now or utcnow()
    if fresh:
        return _read(view, now, params)
    suffix = ":" + json.dumps(params, sort_keys=True, ensure_ascii=False, default=str) if params else ""
    key = f"live:{view.name}{suffix}:{int(now.timestamp()) // max(1, view.every)}"
    snap = cached(key, view.every * 3, lambda: _read(view, now, params))
    return snap if snap is not None else _read(view, now, params)


def age_meta(view: LiveView, snap: Snapshot, now: datetime | None = None, *, error_text: str = "") -> str:
    """The `data-meta` of the element showing the view (assets/app.js keeps its age ticking and its state class)."""
    now = now or utcnow()
    age = "" if snap.asof is None else str(max(0, int((now - snap.asof).total_seconds() * 1000)))
    meta = {
        "data-age-ms": age,
        "data-period-ms": str(view.every * 1000),
        "data-stale-periods": str(view.stale_periods),
        "data-error": "" if snap.ok else error_text or snap.error,
    }
    return json.dumps(meta, ensure_ascii=False)
