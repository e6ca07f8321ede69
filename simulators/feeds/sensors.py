"""Water sensors: readings as a pure function of (sensor, time) with noise, daily cycles, and the bursts and leaks
of simulators/water.py (zone inflow up, the zone's pressure down)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from functools import lru_cache

from data_access.events import SensorReadingIn
from simulators import water
from simulators.catalog_assets import SENSOR_KINDS
from simulators.common import rng_for
from simulators.feeds.arrivals import weather

NOMINAL = {k[0]: k[5] for k in SENSOR_KINDS}
HOURLY = ("flow",)  # meters that report once an hour (zone inflow: the hour's mean)


@lru_cache(maxsize=4)
def sensors(seed: int) -> list[dict]:
    from simulators.city import sensor_rows  # why: city imports feeds.syncs; keep import order one-way

    return sensor_rows(seed)


def value(seed: int, s: dict, at: datetime) -> tuple[float, bool]:
    """The reading of sensor `s` at UTC `at` and whether it is an anomaly."""
    local = at + timedelta(hours=8)
    rng = rng_for(seed, "reading", s["id"], at.isoformat())
    hour = local.hour + local.minute / 60
    kind, nominal = s["kind"], NOMINAL[s["kind"]]
    if kind == "pressure":
        v = nominal - 0.05 * math.sin(math.pi * (hour - 6) / 12) ** 2 + rng.gauss(0, 0.006)
        v -= water.pressure_drop(seed, s["id"], at)  # a burst in the zone this sensor watches
    elif kind == "flow":
        v = water.flow(seed, s["id"], at)
    elif kind == "chlorine":  # decays along the network: lower in the afternoon heat, rarely near zero
        v = max(0.0, nominal - 0.1 * math.sin(math.pi * (hour - 8) / 16) ** 2 + rng.gauss(0, 0.05))
        v = v * 0.05 if rng.random() < 0.001 else v
    elif kind == "ph":
        v = nominal + rng.gauss(0, 0.12)
    elif kind == "rain":
        wet = weather(seed, local.date()) == "rain" and 14 <= local.hour <= 22
        v = max(0.0, rng.gauss(9, 6)) if wet else 0.0
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
            if s["kind"] in HOURLY and at.minute + at.second:
                continue
            v, bad = value(seed, s, at)
            out.append(SensorReadingIn(s["id"], at, v, bad))
        k += 1
