"""Water affairs feed: supply zones (DMAs) and their inflow, with pipe bursts and slow leaks injected at known times.

A zone's inflow is a pure function of (seed, zone, hour): its base flow x a weekday/weekend daily curve x a
city-wide weather factor of the day (hot days use more water everywhere) x hourly noise, plus the excess of the
bursts and leaks running then. The injections are ground truth: written as WaterLeakInjected events into their own
table (the page never reads it; bench/bench_water_detect.py scores the detectors against it).

- burst: a sudden excess of 8-35 % of the zone's base flow from its start until repaired (3-18 h); the zone's
  pressure sensor drops with it.
- leak: a slow leak growing linearly over 1-4 days to 5-15 % of base, running 6-20 days until found and repaired.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from functools import lru_cache

from data_access.events import SensorReadingIn, WaterLeakInjected
from simulators.common import LOCAL, eid, rng_for

BURSTS_PER_ZONE_DAY = 1 / 40
LEAKS_PER_ZONE_DAY = 1 / 80
LOOKBACK_DAYS = 21  # the longest injection (leak: up to 20 days) started at most this many days ago
NOISE = 0.03  # hourly noise (share of the expected flow)
WEATHER = 0.035  # the day's city-wide factor (share), the same in every zone

# share of the daily mean by local hour, weekdays and weekends (a residential-commercial mix: night minimum,
# morning and evening peaks; later and flatter at weekends)
WEEKDAY = (0.52, 0.46, 0.44, 0.45, 0.52, 0.74, 1.12, 1.42, 1.38, 1.18, 1.08, 1.10,
           1.16, 1.06, 0.98, 0.96, 1.02, 1.14, 1.32, 1.40, 1.34, 1.16, 0.90, 0.66)  # fmt: skip
WEEKEND = (0.58, 0.50, 0.46, 0.45, 0.48, 0.58, 0.80, 1.06, 1.28, 1.34, 1.28, 1.22,
           1.24, 1.14, 1.04, 1.00, 1.04, 1.12, 1.26, 1.34, 1.30, 1.16, 0.94, 0.72)  # fmt: skip


def zone_code(k: int) -> str:
    return f"DMA-{k:02d}"


def flow_sensor(k: int) -> str:
    return f"WS-FLO-{k:03d}"


def zone_rows(seed: int) -> list[dict]:
    """The supply zones (water_zone rows): one per inflow sensor, each watched by its nearest pressure sensor."""
    from simulators.city import sensor_rows  # why: city imports this module's rows; keep the import one-way

    sensors = sensor_rows(seed)
    flows = [s for s in sensors if s["kind"] == "flow"]
    free = [s for s in sensors if s["kind"] == "pressure"]
    rows = []
    for k, s in enumerate(flows, start=1):
        near = min(free, key=lambda p: (p["lat"] - s["lat"]) ** 2 + (p["lon"] - s["lon"]) ** 2) if free else None
        if near is not None:
            free.remove(near)
        rng = rng_for(seed, "zone", k)
        rows.append(
            {
                "code": zone_code(k),
                "name": f"{k}号计量分区",
                "town_code": s["town_code"],
                "lat": s["lat"],
                "lon": s["lon"],
                "flow_sensor_id": s["id"],
                "pressure_sensor_id": near["id"] if near else None,
                "base_flow": round(rng.uniform(180, 650), 1),
                "households": rng.randrange(3000, 12000, 50),
            }
        )
    return rows


@lru_cache(maxsize=8)
def _zones(seed: int) -> dict[str, dict]:
    return {z["flow_sensor_id"]: z for z in zone_rows(seed)}


@lru_cache(maxsize=8)
def _by_pressure(seed: int) -> dict[str, dict]:
    return {z["pressure_sensor_id"]: z for z in zone_rows(seed) if z["pressure_sensor_id"]}


@lru_cache(maxsize=8192)
def injections(seed: int, zone: str, day: date) -> tuple[tuple[str, datetime, datetime, float, float], ...]:
    """What starts in `zone` on local `day`: (kind, start UTC, end UTC, excess m3/h at full size, ramp hours)."""
    base = next(z["base_flow"] for z in _zones(seed).values() if z["code"] == zone)
    rng = rng_for(seed, "water-inject", zone, day.isoformat())
    out = []
    day0 = datetime(day.year, day.month, day.day) - LOCAL
    if rng.random() < BURSTS_PER_ZONE_DAY:
        start = day0 + timedelta(hours=rng.randrange(24))
        out.append(("burst", start, start + timedelta(hours=rng.randrange(3, 19)), base * rng.uniform(0.08, 0.35), 0.0))
    if rng.random() < LEAKS_PER_ZONE_DAY:
        start = day0 + timedelta(hours=rng.randrange(24))
        end = start + timedelta(days=rng.uniform(6, 20))
        out.append(("leak", start, end.replace(minute=0, second=0, microsecond=0), base * rng.uniform(0.05, 0.15),
                    rng.uniform(24, 96)))  # fmt: skip
    return tuple(out)


def _running(seed: int, zone: str, at: datetime) -> list[tuple[str, datetime, datetime, float, float]]:
    local_day = (at + LOCAL).date()
    found = []
    for back in range(LOOKBACK_DAYS + 1):
        for inj in injections(seed, zone, local_day - timedelta(days=back)):
            if inj[1] <= at < inj[2]:
                found.append(inj)
    return found


def excess(seed: int, zone: str, at: datetime) -> tuple[float, bool]:
    """The injected excess flow (m3/h) in `zone` at UTC `at`, and whether a burst is running."""
    total, burst = 0.0, False
    for kind, start, _end, size, ramp in _running(seed, zone, at):
        hours = (at - start).total_seconds() / 3600
        total += size if kind == "burst" else size * min(1.0, hours / ramp)
        burst = burst or kind == "burst"
    return total, burst


def weather_factor(seed: int, day: date) -> float:
    """The day's city-wide demand factor (hot or dry days use more water in every zone)."""
    return 1 + rng_for(seed, "water-weather", day.isoformat()).gauss(0, WEATHER)


def expected(z: dict, at: datetime) -> float:
    """The zone's noise-free demand at UTC `at` (its base x the daily curve of the local weekday x the season)."""
    local = at + LOCAL
    curve = WEEKEND if local.weekday() >= 5 else WEEKDAY
    season = 1 + 0.06 * math.sin(2 * math.pi * (local.timetuple().tm_yday - 110) / 365)
    return z["base_flow"] * curve[local.hour] * season


def flow(seed: int, sensor_id: str, at: datetime) -> float:
    """The inflow reading (m3/h) of the zone metered by `sensor_id` at UTC `at` (an hour mark)."""
    z = _zones(seed)[sensor_id]
    local = at + LOCAL
    rng = rng_for(seed, "flow", sensor_id, at.isoformat())
    demand = expected(z, at) * weather_factor(seed, local.date()) * (1 + rng.gauss(0, NOISE))
    return round(max(0.0, demand + excess(seed, z["code"], at)[0]), 1)


def pressure_drop(seed: int, sensor_id: str, at: datetime) -> float:
    """How far a burst in the zone this pressure sensor watches pulls it down (MPa), else 0."""
    z = _by_pressure(seed).get(sensor_id)
    if z is None:
        return 0.0
    size, burst = excess(seed, z["code"], at)
    return min(0.18, 0.05 + 0.4 * size / z["base_flow"]) if burst else 0.0


def truth_events(seed: int, day: date) -> list[WaterLeakInjected]:
    """The injections starting on local `day`, as ground-truth events (at = their start)."""
    out = []
    for z in _zones(seed).values():
        for kind, start, end, size, ramp in injections(seed, z["code"], day):
            out.append(
                WaterLeakInjected(
                    event_id=eid(seed, "water-truth", z["code"], kind, start.isoformat()),
                    zone_code=z["code"],
                    kind=kind,
                    at=start,
                    end_at=end,
                    excess=round(size, 1),
                    ramp_hours=round(ramp, 1),
                )
            )
    return out


def flows(seed: int, start: datetime, end: datetime) -> list[SensorReadingIn]:
    """Every zone's inflow readings on the hour marks in [start, end) (UTC, pure)."""
    at = start.replace(minute=0, second=0, microsecond=0)
    at = at if at >= start else at + timedelta(hours=1)
    out = []
    while at < end:
        for sid in _zones(seed):
            out.append(SensorReadingIn(sid, at, flow(seed, sid, at), False))
        at += timedelta(hours=1)
    return out
