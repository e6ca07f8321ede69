"""Test data for the water theme: weeks of simulated zone inflow up to now, with a burst injected on top."""

from __future__ import annotations

from datetime import datetime, timedelta

from data_access import events as ev
from data_access.db import write_session
from data_access.writes import apply
from simulators import water

BURST_ZONE = "DMA-01"


def write_history(url: str, now: datetime, *, weeks: int = 6, seed: int = 1) -> None:
    """Every zone's hourly inflow for `weeks` weeks up to `now` (as the simulator writes it)."""
    hour = now.replace(minute=0, second=0, microsecond=0)
    with write_session(url) as s:
        apply(s, water.flows(seed, hour - timedelta(weeks=weeks), hour + timedelta(seconds=1)))


def inject_burst(url: str, now: datetime, *, zone: str = BURST_ZONE, hours: int = 4, share: float = 0.4, seed=1):
    """Overwrite the last `hours` hourly readings of `zone` with expected demand + `share` of its base flow."""
    z = next(z for z in water.zone_rows(seed) if z["code"] == zone)
    hour = now.replace(minute=0, second=0, microsecond=0)
    readings = []
    for k in range(hours):
        at = hour - timedelta(hours=k)
        readings.append(
            ev.SensorReadingIn(z["flow_sensor_id"], at, round(water.expected(z, at) + share * z["base_flow"], 1))
        )
    from sqlalchemy import delete

    from data_access.models import SensorReading

    with write_session(url) as s:
        s.execute(
            delete(SensorReading).where(
                SensorReading.sensor_id == z["flow_sensor_id"], SensorReading.at > hour - timedelta(hours=hours)
            )
        )
        apply(s, readings)
    return z
