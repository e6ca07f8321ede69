"""Digital village feed: each village's profile (灵武长枣 orchards, the Yellow River canal it draws from and its
allocation per irrigation season), its 三务公开 disclosures per quarter (most on time, some late, a few never), and
the canal water it draws each day of a season (some villages draw faster than their allocation allows).
Irrigation seasons (Ningxia Yellow River irrigation): summer 04-20 .. 09-30, winter (冬灌) 10-15 .. 11-25."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from functools import lru_cache

from data_access.events import IrrigationUseIn
from simulators.common import LOCAL, rng_for

CANALS = ("秦渠", "汉渠", "东干渠", "梧桐树渠")
SEASONS = (("summer", (4, 20), (9, 30), 0.8), ("winter", (10, 15), (11, 25), 0.2))  # name, start, end, share of quota
KINDS = ("party", "affairs", "finance")
YEARS = range(2023, 2028)


def season_of(day: date) -> tuple[str, date, date, float] | None:
    """The irrigation season `day` falls in: (name, first day, last day, its share of the yearly quota)."""
    for name, (m0, d0), (m1, d1), share in SEASONS:
        start, end = date(day.year, m0, d0), date(day.year, m1, d1)
        if start <= day <= end:
            return name, start, end, share
    return None


@lru_cache(maxsize=4)
def _villages(seed: int) -> list[dict]:
    from simulators.city import locator  # why: city imports this module's rows; keep the import one-way

    vs = [a for a in locator(seed).villages if a.name.endswith("村")]
    return [{"code": v.code, "name": v.name} for v in sorted(vs, key=lambda a: a.code)]


def profile_rows(seed: int) -> list[dict]:
    rows = []
    for v in _villages(seed):
        rng = random.Random(f"village:{seed}:{v['code']}")
        households = rng.randrange(220, 900, 5)
        mu = round(rng.uniform(80, 1600) if rng.random() < 0.7 else rng.uniform(0, 60), 0)
        rows.append(
            {"code": v["code"], "households": households, "population": int(households * rng.uniform(2.8, 3.6)),
             "jujube_mu": mu, "jujube_kg_per_mu": round(rng.uniform(550, 900), 0), "canal": rng.choice(CANALS),
             "quota_m3": round(households * rng.uniform(900, 1500), -2)}
        )  # fmt: skip
    return rows


@lru_cache(maxsize=4)
def _profiles(seed: int) -> tuple[dict, ...]:
    return tuple(profile_rows(seed))


def disclosure_rows(seed: int) -> list[dict]:
    """Every quarter's three disclosures, due ten days after the quarter ends (UTC naive)."""
    rows = []
    for v in _villages(seed):
        rng = random.Random(f"disclose:{seed}:{v['code']}")
        diligence = rng.random()  # some villages are always late
        for year in YEARS:
            for q in range(1, 5):
                end = date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
                due = datetime(end.year, end.month, 10, 18) - LOCAL
                for kind in KINDS:
                    x = rng.random()
                    if x < 0.03 + 0.05 * (diligence < 0.15):
                        published = None
                    elif x < 0.10 + 0.35 * (diligence < 0.15):
                        published = due + timedelta(days=rng.uniform(1, 25))
                    else:
                        published = due - timedelta(days=rng.uniform(0, 9), hours=rng.randrange(24))
                    rows.append({"code": v["code"], "period": f"{year}Q{q}", "kind": kind, "due_at": due,
                                 "published_at": published})  # fmt: skip
    return rows


def pace(seed: int, code: str, year: int) -> float:
    """How fast a village draws against its allocation in a year (1 = exactly its quota by the season's end)."""
    return rng_for(seed, "irrigation-pace", code, year).uniform(0.78, 1.12)


def irrigation(seed: int, day: date) -> list[IrrigationUseIn]:
    """Every village's canal draw on local `day` (none outside a season)."""
    season = season_of(day)
    if season is None:
        return []
    _name, start, end, share = season
    n = (end - start).days + 1
    out = []
    read_at = datetime(day.year, day.month, day.day) + timedelta(days=1) - LOCAL - timedelta(minutes=1)
    for p in _profiles(seed):
        rng = rng_for(seed, "irrigation", p["code"], day.isoformat())
        daily = p["quota_m3"] * share / n * pace(seed, p["code"], day.year)
        out.append(IrrigationUseIn(p["code"], day, round(max(0.0, daily * rng.uniform(0.4, 1.6)), 0), read_at))
    return out
