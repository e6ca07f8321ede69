"""The panel engine: a panel is (id, title, reader, pure renderer, period, staleness); one cached snapshot
per panel and period serves every screen, and the page's refresh callback sends only what changed."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import plotly
from flask_caching import Cache

from callbacks._context import db_url
from callbacks._i18n import t
from data_access import queries
from data_access.db import read_session
from data_access.masking import is_public
from data_access.worktime import utcnow
from settings import SETTINGS

log = logging.getLogger(__name__)
cache = Cache()  # bound to the Flask server in app.py (FileSystem by default, Redis when configured)


def cache_config(settings) -> dict:
    """flask-caching config: Redis when configured (shared by all workers and hosts), else a file cache."""
    if settings.redis_url:
        return {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": settings.redis_url, "CACHE_KEY_PREFIX": "cc:"}
    return {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": settings.cache_dir, "CACHE_THRESHOLD": 5000}


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
    period: int = SETTINGS.refresh_seconds
    stale_periods: int = 2  # amber after this many periods without new data, red one period later
    href: str | None = None  # drill-down for seats (the wall has no controls)
    width: int = 1  # grid columns
    height: int = 1  # grid rows
    params: tuple[str, ...] = ()  # page parameters the reader uses (e.g. "town" from the wall playlist)


def mask_level(role: str) -> str:
    return "public" if is_public(role) else "seat"


def _bucket(period: int, now: datetime) -> int:
    return int(now.timestamp()) // max(1, period)


_local: dict[str, Any] = {}  # worker-local memo of shared entries; every key carries its period bucket


def clear_local_memo() -> None:
    _local.clear()


def memo(key: str, compute: Callable[[], Any]) -> Any:
    """Compute once per key in this worker (the local memo only; the key carries its period bucket)."""
    if key not in _local:
        if len(_local) > 4000:
            _local.clear()
        _local[key] = compute()
    return _local[key]


def _family(key: str) -> str:
    """The shared entry a key lives in: the key without its period bucket (a numeric last part), else the key."""
    head, _, tail = key.rpartition(":")
    return head if head and tail.isdigit() else key


def _newer(a: str, b: str) -> bool:
    """Whether key `a` is from a later period bucket than key `b` of the same family."""
    x, y = a.rpartition(":")[2], b.rpartition(":")[2]
    return x.isdigit() and y.isdigit() and int(x) > int(y)


def cached(key: str, ttl: int, compute: Callable[[], Any]) -> Any:
    """Compute once per key across all workers; while one computes, others get the previous value.

    The shared cache keeps one entry per family (the key without its period bucket): the newest value with its
    key and expiry, which is also what the others get meanwhile. A computation costs a lock and that one write (no
    second copy kept as the fallback). A key without a bucket (e.g. an area's code last) is its own family.
    """
    if key in _local:
        return _local[key]
    family = _family(key)
    entry = cache.get(family)
    if entry is not None and entry["key"] == key and entry["until"] > time.time():
        hit = entry["value"]
    else:
        if not cache.add(f"{key}:lock", 1, timeout=max(2, ttl)):
            return None if entry is None else entry["value"]
        hit = compute()
        if entry is None or not _newer(entry["key"], key):  # a worker behind the others never hides newer data
            cache.set(family, {"key": key, "until": time.time() + ttl, "value": hit}, timeout=0)
    if len(_local) > 4000:
        _local.clear()
    _local[key] = hit
    return hit


def heartbeat(now: datetime | None = None) -> datetime | None:
    """Newest write time, cached for one refresh period."""
    now = now or utcnow()
    key = f"hb:{_bucket(SETTINGS.refresh_seconds, now)}"

    def read() -> dict:
        try:
            with read_session(db_url()) as s:
                return {"at": queries.newest_event_at(s), "ok": True}
        except Exception as exc:  # noqa: BLE001 - the DB being down is a state to show, not a crash
            log.warning("heartbeat read failed: %s", exc)
            return {"at": None, "ok": False}

    snap = cached(key, SETTINGS.refresh_seconds * 3, read) or {"at": None, "ok": False}
    return snap["at"]


def snapshot(panel: Panel, role: str, lang: str, now: datetime | None = None, params: dict | None = None) -> dict:
    """{ok, body, hash, asof, error}: the panel's rendered data for this period, shared by all screens."""
    now = now or utcnow()
    used = {k: (params or {}).get(k) for k in panel.params}  # only the parameters this panel reads key its cache
    level = mask_level(role)
    bucket = _bucket(panel.period, now)
    reader = f"{panel.reader.__module__}.{panel.reader.__qualname__}"  # panels sharing a reader share its read
    if getattr(panel.reader, "__closure__", None):  # a closure's behaviour depends on its cells: not shareable
        reader += f"#{panel.id}"
    if used:
        reader += ":" + json.dumps(used, sort_keys=True, ensure_ascii=False)
    data_key = f"data:{reader}:{level}:{panel.period}:{bucket}"

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
    return cached(f"render:{panel.id}{suffix}:{level}:{lang}:{bucket}", panel.period * 3, render)


def age_badge(asof: datetime | None, now: datetime, panel: Panel, ok: bool, lang: str) -> dict:
    """Props for the panel's age element; assets/app.js keeps the age ticking and sets the state class."""
    age_ms = None if asof is None else max(0, int((now - asof).total_seconds() * 1000))
    return {
        "data-age-ms": "" if age_ms is None else str(age_ms),
        "data-period-ms": str(panel.period * 1000),
        "data-stale-periods": str(panel.stale_periods),
        "data-error": "" if ok else t("error", lang),
    }


@dataclass(frozen=True)
class PageIds:
    """The ids a panel page owns; every id starts with the page name."""

    page: str

    @property
    def interval(self) -> str:
        return f"{self.page}-interval"

    @property
    def tick(self) -> str:
        return f"{self.page}-tick"

    @property
    def done(self) -> str:
        return f"{self.page}-done"

    @property
    def hashes(self) -> str:
        return f"{self.page}-hashes"

    def part(self, part: str, panel: Any) -> dict:
        """Pattern id of a panel part: body (children), meta (age/state), geo (map layer data)."""
        return {"type": f"{self.page}-panel-{part}", "panel": panel}


def refresh_outputs(
    panels: dict[str, Panel],
    outputs_list: list,
    hashes: dict | None,
    role: str,
    lang: str,
    now: datetime | None = None,
    params: dict | None = None,
) -> tuple[list, list, list, dict]:
    """Bodies, map layers and meta for the panels on screen; no_update where the hash did not change."""
    from dash import no_update

    now = now or utcnow()
    hashes = dict(hashes or {})
    body_ids, geo_ids, meta_ids = (outputs_list[i] for i in range(3))
    snaps = {}
    for spec in meta_ids:
        pid = spec["id"]["panel"]
        snaps[pid] = snapshot(panels[pid], role, lang, now, params)

    def content(ids: list) -> list:
        out = []
        for spec in ids:
            pid = spec["id"]["panel"]
            snap = snaps.get(pid) or snapshot(panels[pid], role, lang, now, params)
            if not snap["ok"] or hashes.get(pid) == snap["hash"]:
                out.append(no_update)
            else:
                out.append(snap["body"])
        return out

    bodies, geos = content(body_ids), content(geo_ids)
    metas = []
    for spec in meta_ids:
        pid = spec["id"]["panel"]
        snap = snaps[pid]
        metas.append(json.dumps(age_badge(snap["asof"], now, panels[pid], snap["ok"], lang), ensure_ascii=False))
        if snap["ok"]:
            hashes[pid] = snap["hash"]
    return bodies, geos, metas, hashes


def _clean_params(raw: object) -> dict:
    """Page parameters from the client (e.g. the wall's current town): short plain strings only, or none."""
    if not isinstance(raw, dict):
        return {}
    return {
        k: v
        for k, v in raw.items()
        if isinstance(k, str) and isinstance(v, str) and len(k) <= 20 and 0 < len(v) <= 40 and v.isalnum()
    }


def register_page_refresh(page: str, panels: list[Panel], *, public: bool = False) -> PageIds:
    """The page's one refresh callback (all its panels) and its client-side overlap gate.

    `public`: the page always reads as a visitor (the tour), whoever is signed in.
    """
    from dash import ALL, ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx

    from callbacks._auth import ALL_ROLES, allow, current_principal
    from callbacks._i18n import current_lang

    ids = PageIds(page)
    by_id = {p.id: p for p in panels}

    clientside_callback(
        ClientsideFunction("cc", "gate"),
        Output(ids.tick, "data"),
        Input(ids.interval, "n_intervals"),
        State(ids.tick, "data"),
        State(ids.done, "data"),
    )

    clientside_callback(ClientsideFunction("cc", "done"), Input(ids.done, "data"))  # which parameters arrived

    @callback(
        Output(ids.part("body", ALL), "children"),
        Output(ids.part("geo", ALL), "data"),
        Output(ids.part("meta", ALL), "data-meta"),
        Output(ids.hashes, "data"),
        Output(ids.done, "data"),
        Input(ids.tick, "data"),
        State(ids.hashes, "data"),
    )
    @allow(*ALL_ROLES)
    def refresh_panels(tick, hashes):
        role = "visitor" if public else current_principal().role
        params = _clean_params((tick or {}).get("params"))
        bodies, geos, metas, new_hashes = refresh_outputs(
            by_id, ctx.outputs_list, hashes, role, current_lang(), params=params
        )
        return bodies, geos, metas, new_hashes, {"n": (tick or {}).get("n"), "params": params}

    refresh_panels.__name__ = f"refresh_{page}_panels"
    return ids
