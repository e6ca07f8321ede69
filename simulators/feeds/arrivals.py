"""Arrival curves: hour-of-day shares, weekday and holiday factors, daily weather, calibrated daily rates."""

from __future__ import annotations

import bisect
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
    """The day's weather: clear | cold | rain | heat | snow (drives seasonal categories). Snow falls from November
    to March only, rain from April to October."""
    r = rng_for(seed, "weather", day.isoformat()).random()
    m = day.month
    if m in (12, 1, 2):
        return "cold" if r < 0.25 else "snow" if r < 0.32 else "clear"
    if m in (11, 3):
        return "cold" if r < 0.12 else "snow" if r < 0.16 else "clear"
    if m in (6, 7, 8):
        return "rain" if r < 0.12 else "heat" if r < 0.30 else "clear"
    return "rain" if r < 0.07 else "clear"


# month profiles (January..December) of seasonal categories, then the weather that multiplies them on the day.
# Heating runs November to March (Ningxia's heating season): no heating complaint outside it; snow and ice only on
# a snowy day and the two after it.
SEASONS: dict[str, tuple[tuple[float, ...], dict[str, float]]] = {
    "heating": ((1.4, 1.15, 0.6, 0, 0, 0, 0, 0, 0, 0, 0.9, 1.3), {"cold": 2.5, "snow": 1.8}),
    "winter": ((1.4, 1.3, 1.0, 0.8, 0.8, 0.9, 1.0, 1.0, 0.9, 0.9, 1.1, 1.3), {"cold": 1.8, "snow": 1.5}),
    "summer": ((0.6, 0.6, 0.7, 0.9, 1.2, 1.5, 1.7, 1.6, 1.2, 0.9, 0.7, 0.6), {"heat": 2.0, "rain": 1.5}),
    "rain": ((0, 0, 0.1, 0.5, 0.8, 1.4, 2.0, 1.8, 1.0, 0.4, 0, 0), {"rain": 4.0}),
    "drain": ((0.6, 0.6, 0.8, 1.0, 1.0, 1.3, 1.6, 1.5, 1.1, 0.9, 0.7, 0.6), {"rain": 2.0}),
    "noise": ((0.7, 0.6, 0.8, 1.0, 1.2, 1.4, 1.4, 1.3, 1.1, 1.0, 0.8, 0.7), {"heat": 1.3}),
    "farm": ((0.4, 0.4, 1.0, 1.6, 1.6, 1.4, 1.2, 1.1, 1.2, 1.0, 0.6, 0.4), {}),
    "school": ((0.8, 1.3, 1.0, 0.7, 0.8, 1.6, 1.4, 1.8, 1.3, 0.7, 0.7, 0.8), {}),
    "tourism": ((0.5, 0.9, 0.6, 1.2, 1.5, 1.2, 1.4, 1.4, 1.0, 1.5, 0.6, 0.5), {}),
    "bbq": ((0, 0, 0.2, 0.8, 1.4, 1.8, 2.0, 2.0, 1.4, 0.6, 0.1, 0), {"heat": 1.4}),
    "leaves": ((0.5, 0.5, 1.2, 1.5, 0.8, 0.6, 0.6, 0.7, 0.9, 1.6, 1.6, 0.8), {}),
    "green": ((0.3, 0.3, 0.7, 1.3, 1.6, 1.6, 1.5, 1.4, 1.2, 0.9, 0.5, 0.3), {}),
    "construction": ((0.2, 0.2, 0.9, 1.3, 1.4, 1.4, 1.3, 1.3, 1.3, 1.2, 0.8, 0.3), {"heat": 1.2}),
    "snow": ((1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1), {}),  # and only after snow: see season_factor
}
HEATING_MONTHS = frozenset({11, 12, 1, 2, 3})
# where a category is asked about, by the kind of town (catalog.Town.kind)
AFFINITY = {
    "urban": {"urban": 1.6, "suburb": 1.1, "industry": 0.7, "rural": 0.3},
    "rural": {"urban": 0.25, "suburb": 0.9, "industry": 0.6, "rural": 1.9},
    "industry": {"urban": 0.8, "suburb": 1.0, "industry": 3.0, "rural": 0.6},
}


def snowed(seed: int, day: date, within: int = 2) -> bool:
    """Whether it snowed on `day` or on one of the `within` days before."""
    return any(weather(seed, day - timedelta(days=k)) == "snow" for k in range(within + 1))


def season_factor(seed: int, season: str, day: date) -> float:
    """How much more (or less: 0 = never) a seasonal category is reported on `day`."""
    if not season:
        return 1.0
    months, boosts = SEASONS[season]
    f = months[day.month - 1]
    if season == "snow":
        return f * 6.0 if snowed(seed, day) else 0.0  # the morning after a snowfall, every crossing reports ice
    return f * boosts.get(weather(seed, day), 1.0)


def category_boost(season: str, wx: str) -> float:
    """The weather multiplier alone (kept for callers that know only the weather)."""
    return SEASONS.get(season, ((), {}))[1].get(wx, 1.0)


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


RARE_SHAPE = 3.0  # gamma-distributed gaps: irregular (CV 0.58), yet a half-year's count stays near its mean
RARE_ORIGIN = date(2019, 1, 1)


@lru_cache(maxsize=32)
def _rare_times(seed: int, stream: str, mean_gap_days: float, until_year: int = 2031) -> tuple[float, ...]:
    """Arrival times (days since RARE_ORIGIN, local) of a rare stream: a renewal process with gamma gaps."""
    r = rng_for(seed, stream, "renewal")
    horizon = (date(until_year, 1, 1) - RARE_ORIGIN).days
    out, t = [], r.uniform(0, mean_gap_days)
    while t < horizon:
        out.append(t)
        t += r.gammavariate(RARE_SHAPE, mean_gap_days / RARE_SHAPE)
    return tuple(out)


def rare_arrivals(seed: int, stream: str, day: date, per_day: float) -> list[float]:
    """Local hours of day (0..24, fractional) at which a rare stream (Weibo posts) arrives on `day` (pure)."""
    if per_day <= 0:
        return []

    times = _rare_times(seed, stream, round(1.0 / per_day, 6))
    d0 = (day - RARE_ORIGIN).days
    lo, hi = bisect.bisect_left(times, d0), bisect.bisect_left(times, d0 + 1)
    return [(t - d0) * 24 for t in times[lo:hi]]
