"""Shared helpers for feeds: stable event ids, per-entity random streams, local/UTC time."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta

LOCAL = timedelta(hours=8)


def eid(seed: int, *parts: object) -> str:
    """A stable event id: the same seed, entity and step always give the same id."""
    return ":".join([f"s{seed}", *map(str, parts)])[:64]


def rng_for(seed: int, *parts: object) -> random.Random:
    """An independent random stream for one entity and step (string seeds hash deterministically)."""
    return random.Random(":".join([str(seed), *map(str, parts)]))


def utc(local: datetime) -> datetime:
    return local - LOCAL


def local(at_utc: datetime) -> datetime:
    return at_utc + LOCAL


def days(start: date, end: date) -> Iterator[date]:
    """Local days from start to end inclusive."""
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)


def day_start_utc(day: date) -> datetime:
    return datetime(day.year, day.month, day.day) - LOCAL
