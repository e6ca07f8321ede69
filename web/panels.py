"""The panel engine: a panel is (id, title, reader, pure renderer, period, staleness); one cached snapshot per panel
and period serves every screen. The Dash side (the page's one refresh callback) is callbacks/refresh.py."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import plotly

from data_access import queries
from data_access.db import read_session
from data_access.masking import is_public
from data_access.worktime import utcnow
from web.cache import cached, memo
from web.context import current_settings, db_url
from web.i18n import t

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReadContext:
    now: datetime
    role: str  # the caller's role; readers mask by it
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Panel:
    """A panel: `reader(session, ctx) -> data` and a pure `renderer(data, lang) -> children`."""

    id: str
    title: str  # translation key
    reader: Callable[[Any, ReadContext], Any]
    renderer: Callable[[Any, str], Any]
    kind: str = "kpi"  # kpi | series | bar | feed | map
    period: int | None = None  # seconds a snapshot is shared; None: `periods` x the running app's refresh period
    periods: int = 1
    stale_periods: int = 2  # amber after this many periods without new data, red one period later
    href: str | None = None  # drill-down for seats (the wall has no controls)
    width: int = 1  # grid columns
    height: int = 1  # grid rows
    params: tuple[str, ...] = ()  # page parameters the reader uses (e.g. "town" from the wall playlist)

    @property
    def every(self) -> int:
        """The panel's period in seconds, resolved when used (from the running app's settings), never at import."""
        return self.period or self.periods * current_settings().refresh_seconds


def mask_level(role: str) -> str:
    return "public" if is_public(role) else "seat"


def _bucket(period: int, now: datetime) -> int:
    return int(now.timestamp()) // max(1, period)


def heartbeat(now: datetime | None = None) -> datetime | None:
    """Newest write time, cached for one refresh period."""
    now = now or utcnow()
    period = current_settings().refresh_seconds
    key = f"hb:{_bucket(period, now)}"

    def read() -> dict:
        try:
            with read_session(db_url()) as s:
                return {"at": queries.newest_event_at(s), "ok": True}
        except Exception as exc:  # noqa: BLE001 - the DB being down is a state to show, not a crash
            log.warning("heartbeat read failed: %s", exc)
            return {"at": None, "ok": False}

    snap = cached(key, period * 3, read) or {"at": None, "ok": False}
    return snap["at"]


def snapshot(panel: Panel, role: str, lang: str, now: datetime | None = None, params: dict | None = None) -> dict:
    """{ok, body, hash, asof, error}: the panel's rendered data for this period, shared by all screens."""
    now = now or utcnow()
    used = {k: (params or {}).get(k) for k in panel.params}  # only the parameters this panel reads key its cache
    level = mask_level(role)
    bucket = _bucket(panel.every, now)
    reader = f"{panel.reader.__module__}.{panel.reader.__qualname__}"  # panels sharing a reader share its read
    if getattr(panel.reader, "__closure__", None):  # a closure's behaviour depends on its cells: not shareable
        reader += f"#{panel.id}"
    if used:
        reader += ":" + json.dumps(used, sort_keys=True, ensure_ascii=False)
    data_key = f"data:{reader}:{level}:{panel.every}:{bucket}"

    def read() -> dict:
        try:
            with read_session(db_url()) as s:
                data = panel.reader(
                    s, ReadContext(now=now, role="visitor" if level == "public" else "officer", params=used)
                )
            return {"ok": True, "data": data, "asof": heartbeat(now) or now, "error": ""}
        except Exception as exc:  # noqa: BLE001 - shown as the panel's error state
            log.warning("panel %s read failed: %s", panel.id, exc)
            return {"ok": False, "data": None, "asof": None, "error": type(exc).__name__}

    def render() -> dict:
        # why: the shared cache holds what screens get (one rendered snapshot per period for all workers); the read
        # behind it stays in this worker, shared by its panels and languages (each worker reads it at most once a
        # period): two fewer cache writes per panel, and writes are what a cold snapshot spends most on
        snap = memo(data_key, read)
        if snap is None or not snap["ok"]:
            return {"ok": False, "body": None, "hash": None, "asof": None, "error": (snap or {}).get("error", "")}
        # why: plain JSON (not component objects) is what Dash sends anyway, and unpickles fast from the cache
        text = json.dumps(panel.renderer(snap["data"], lang), cls=plotly.utils.PlotlyJSONEncoder, sort_keys=True)
        return {
            "ok": True,
            "body": json.loads(text),
            "hash": hashlib.sha1(text.encode()).hexdigest()[:16],
            "asof": snap["asof"],
            "error": "",
        }

    suffix = ":" + json.dumps(used, sort_keys=True, ensure_ascii=False) if used else ""
    return cached(f"render:{panel.id}{suffix}:{level}:{lang}:{bucket}", panel.every * 3, render)


def age_badge(asof: datetime | None, now: datetime, panel: Panel, ok: bool, lang: str) -> dict:
    """Props for the panel's age element; assets/app.js keeps the age ticking and sets the state class."""
    age_ms = None if asof is None else max(0, int((now - asof).total_seconds() * 1000))
    return {
        "data-age-ms": "" if age_ms is None else str(age_ms),
        "data-period-ms": str(panel.every * 1000),
        "data-stale-periods": str(panel.stale_periods),
        "data-error": "" if ok else t("error", lang),
    }
