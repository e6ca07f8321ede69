"""便民服务: the convenience mini-program's usage as a data feed (the services stay external): each town's running
total of each service for the day, reported at 09, 13, 17, 21 and 23 o'clock local time."""

from __future__ import annotations

from datetime import datetime, timedelta

from data_access.events import ServiceUsage
from simulators.catalog import TOWNS
from simulators.common import rng_for, utc

REPORT_HOURS = (9, 13, 17, 21, 23)
# uses per 10,000 residents per day, weekend factor
RATES = {
    "water_bill": (5.0, 0.7),
    "power_bill": (8.0, 0.7),
    "gas_bill": (3.5, 0.7),
    "bus": (38.0, 0.8),
    "fund": (4.5, 0.3),
    "hospital": (6.5, 0.6),
    "guide": (9.0, 0.4),
    "tourism": (2.5, 2.2),
    "social": (5.5, 0.3),
}
SHARE_BY_HOUR = {9: 0.22, 13: 0.48, 17: 0.72, 21: 0.93, 23: 1.0}  # the day's share used by the report time
URBAN = {"urban": 1.35, "suburb": 1.1, "industry": 0.9, "rural": 0.7}


def daily_total(seed: int, day, service: str, town) -> int:
    per10k, weekend = RATES[service]
    r = rng_for(seed, "conv", day.isoformat(), service, town.code)
    factor = (weekend if day.weekday() >= 5 else 1.0) * URBAN[town.kind] * (0.85 + 0.3 * r.random())
    growth = 1.0 + 0.0008 * (day.toordinal() - 738886)  # slow adoption growth since 2024-01-01
    return max(0, round(town.population / 10_000 * per10k * factor * growth))


def generate(seed: int, local_hour: datetime, scale: float = 1.0) -> list:
    """The totals reported at the end of this local hour, if it is a report hour (pure)."""
    if local_hour.hour not in REPORT_HOURS:
        return []
    day, share = local_hour.date(), SHARE_BY_HOUR[local_hour.hour]
    at = utc(local_hour + timedelta(minutes=59))
    return [
        ServiceUsage(day, service, town.code, round(daily_total(seed, day, service, town) * share * scale), at)
        for town in TOWNS
        for service in RATES
    ]
