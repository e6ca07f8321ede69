"""The shared cache (flask-caching: a file cache by default, Redis when configured) and `cached()`: compute once
per key across all workers, with a worker-local memo in front."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from flask_caching import Cache

cache = Cache()  # bound to the Flask server in app.py (FileSystem by default, Redis when configured)


def cache_config(settings) -> dict:
    """flask-caching config: Redis when configured (shared by all workers and hosts), else a file cache."""
    if settings.redis_url:
        return {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": settings.redis_url, "CACHE_KEY_PREFIX": "cc:"}
    return {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": settings.cache_dir, "CACHE_THRESHOLD": 5000}


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
