"""Water sensors: readings as a pure function of (sensor, time) with noise, daily cycles and pipe bursts."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from functools import lru_cache

from data_access.events import SensorReadingIn
from simulators.catalog_assets import SENSOR_KINDS
from simulators.common import rng_for
from simulators.feeds.arrivals import weather

BURST_PER_DAY = 0.04
NOMINAL = {k[0]: k[5] for k in SENSOR_KINDS}


@lru_cache(maxsize=4)
def sensors(seed: int) -> list[dict]:
    from simulators.city import sensor_rows  # why: city imports feeds.syncs; keep import order one-way

    return sensor_rows(seed)


@lru_cache(maxsize=512)
def bursts(seed: int, day_key: str) -> tuple[tuple[str, datetime, float, tuple[str, ...]], ...]:
    """Pipe bursts of a local day: (sensor at the burst, start UTC, hours, neighbouring sensors)."""
    rng = rng_for(seed, "burst", day_key)
    if rng.random() >= BURST_PER_DAY:
        return ()
    pressure = [s for s in sensors(seed) if s["kind"] == "pressure"]
    s0 = rng.choice(pressure)
    near = sorted(pressure, key=lambda s: (s["lat"] - s0["lat"]) ** 2 + (s["lon"] - s0["lon"]) ** 2)[:4]
    start = datetime.strptime(day_key, "%Y%m%d") - timedelta(hours=8) + timedelta(minutes=rng.randrange(1440))
    return ((s0["id"], start, rng.uniform(2, 6), tuple(s["id"] for s in near)),)


def value(seed: int, s: dict, at: datetime) -> tuple[float, bool]:
    """The reading of sensor `s` at UTC `at` and whether it is an anomaly."""
    local = at + timedelta(hours=8)
    rng = rng_for(seed, "reading", s["id"], at.isoformat())
    hour = local.hour + local.minute / 60
    kind, nominal = s["kind"], NOMINAL[s["kind"]]
    if kind == "pressure":
        v = nominal - 0.05 * math.sin(math.pi * (hour - 6) / 12) ** 2 + rng.gauss(0, 0.006)
        for day in (local, local - timedelta(days=1)):
            for origin, start, hours, near in bursts(seed, day.strftime("%Y%m%d")):
                if s["id"] in near and start <= at <= start + timedelta(hours=hours):
                    v -= 0.16 if s["id"] == origin else 0.08
    elif kind == "quality":
        v = abs(nominal + rng.gauss(0, 0.08)) + (0.9 if rng.random() < 0.002 else 0)
    elif kind == "river":
        season = 1.2 * math.sin(2 * math.pi * (local.timetuple().tm_yday - 100) / 365)
        v = nominal + season + rng.gauss(0, 0.03)
    elif kind == "well":
        v = nominal + 1.5 * math.sin(2 * math.pi * local.timetuple().tm_yday / 365) + rng.gauss(0, 0.05)
    else:
        wet = weather(seed, local.date()) == "rain" and 14 <= local.hour <= 22
        v = max(0.0, rng.gauss(12 if wet else 0, 5 if wet else 0.3))
    v = round(v, 3)
    return v, not (s["low"] <= v <= s["high"])


def generate(seed: int, start: datetime, end: datetime, every: timedelta) -> list[SensorReadingIn]:
    """Readings of every sensor on the grid of `every` in [start, end) (UTC, pure)."""
    step = int(every.total_seconds())
    epoch = datetime(2000, 1, 1)
    k = math.ceil((start - epoch).total_seconds() / step)
    out = []
    while True:
        at = epoch + timedelta(seconds=k * step)
        if at >= end:
            return out
        for s in sensors(seed):
            v, bad = value(seed, s, at)
            out.append(SensorReadingIn(s["id"], at, v, bad))
        k += 1
