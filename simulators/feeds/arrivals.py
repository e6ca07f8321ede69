"""Arrival curves: hour-of-day shares, weekday and holiday factors, daily weather, calibrated daily rates."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from functools import lru_cache

from data_access.worktime import is_workday
from simulators.catalog import CAL_END, CAL_START
from simulators.common import days, rng_for

# domain.md §6.3 (parametric, [U]): share of daily volume per local hour, sums to 1
HOUR_SHARE = (
    0.007,
    0.007,
    0.007,
    0.007,
    0.007,
    0.007,
    0.016,
    0.032,
    0.068,
    0.092,
    0.097,
    0.078,
    0.047,
    0.057,
    0.088,
    0.088,
    0.076,
    0.057,
    0.042,
    0.036,
    0.031,
    0.025,
    0.017,
    0.011,
)
# grid inspectors patrol in working hours; video AI needs daylight
INSPECTOR_SHARE = tuple(0.0 if h < 8 or h > 18 else (0.5 if h in (12, 13) else 1.0) for h in range(24))
DAYLIGHT_SHARE = tuple(0.2 if h < 7 or h > 20 else 1.0 for h in range(24))
TARGET_HOTLINE, TARGET_CM, TARGET_WEIBO = 11_282, 5_541, 11
CM_INSPECTOR_VIDEO_SHARE = {"inspector": 0.52, "public": 0.30, "video_ai": 0.18}


def _norm(shares: tuple[float, ...]) -> tuple[float, ...]:
    s = sum(shares)
    return tuple(x / s for x in shares)


INSPECTOR_SHARE, DAYLIGHT_SHARE = _norm(INSPECTOR_SHARE), _norm(DAYLIGHT_SHARE)


@lru_cache(maxsize=4096)
def weather(seed: int, day: date) -> str:
    """The day's weather: clear | cold | rain | heat | snow (drives seasonal categories)."""
    r = rng_for(seed, "weather", day.isoformat()).random()
    m = day.month
    if m in (12, 1, 2):
        return "cold" if r < 0.25 else "snow" if r < 0.32 else "clear"
    if m in (11, 3):
        return "cold" if r < 0.12 else "clear"
    if m in (6, 7, 8):
        return "rain" if r < 0.12 else "heat" if r < 0.30 else "clear"
    return "rain" if r < 0.07 else "clear"


SEASON_BOOST = {"winter": {"cold": 2.5, "snow": 1.8}, "summer": {"heat": 2.0, "rain": 1.5}, "rain": {"rain": 3.0}}


def category_boost(season: str, wx: str) -> float:
    return SEASON_BOOST.get(season, {}).get(wx, 1.0)


@lru_cache(maxsize=4096)
def day_factor(seed: int, day: date) -> float:
    """Relative volume of a local day: weekday curve, holidays (and their eves), weather surges."""
    if is_workday(day):
        f = 1.1 if day.weekday() == 0 else 1.0
        if not is_workday(day + timedelta(days=1)) and day.weekday() < 4:
            f *= 1.15  # holiday eve
    else:
        f = 0.65 if day.weekday() >= 5 else 0.55
    wx = weather(seed, day)
    return f * {"clear": 1.0, "cold": 1.12, "snow": 1.1, "rain": 1.15, "heat": 1.08}[wx]


def inspector_factor(seed: int, day: date) -> float:
    """Grid inspectors report on working days; a skeleton crew on rest days."""
    return 1.0 if is_workday(day) else 0.15


def weight(seed: int, day: date, kind: str = "public") -> float:
    return inspector_factor(seed, day) if kind == "inspector" else day_factor(seed, day)


@lru_cache(maxsize=64)
def daily_base(seed: int, target: float, kind: str = "public") -> float:
    """Volume per unit day weight so that the calibration window (H1 2024) expects `target` arrivals."""
    return target / sum(weight(seed, d, kind) for d in days(CAL_START, CAL_END))


def poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (Knuth for small means, normal approximation for large)."""
    if lam <= 0:
        return 0
    if lam > 50:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def systematic_count(seed: int, stream: str, day: date, per_day: float) -> int:
    """Arrivals on `day` for a rare stream: whole crossings of a seeded offset (low variance, pure)."""
    u = rng_for(seed, stream, "offset").random()
    n0 = (day - date(2000, 1, 1)).days
    return math.floor((n0 + 1) * per_day + u) - math.floor(n0 * per_day + u)
