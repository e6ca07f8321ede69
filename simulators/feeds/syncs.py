"""Data-foundation sync runs: per-source cadence, new records, occasional failures and quality defects."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from data_access.events import SyncRunDone
from simulators.catalog_assets import DATA_SOURCES
from simulators.common import day_start_utc, eid, rng_for

RUN_HOURS = {"realtime": (2, 8, 14, 20), "hourly": (3, 9, 15, 21), "daily": (2,), "monthly": (1,)}
GROWTH_PER_RUN = {"realtime": 0.00008, "hourly": 0.00006, "daily": 0.00012, "monthly": 0.002}
FAIL_SHARE = 0.03


def generate(seed: int, day: date, total_records: int = 1_867_000) -> list[SyncRunDone]:
    """All sync runs of one local day (pure): ids `sync:<source>:<local time>`."""
    out = []
    for sid, (_name, _dept, cadence, share) in enumerate(DATA_SOURCES, start=1):
        if cadence == "monthly" and day.day != 1:
            continue
        for hour in RUN_HOURS[cadence]:
            local = datetime(day.year, day.month, day.day, hour)
            rng = rng_for(seed, "sync", sid, local.isoformat())
            ok = rng.random() >= FAIL_SHARE
            mean = share * total_records * GROWTH_PER_RUN[cadence]
            records = max(0, int(rng.gauss(mean, mean * 0.3))) if ok else 0
            missing = int(records * rng.choice((0, 0, 0, 0.002, 0.01, 0.05))) if ok else 0
            invalid = int(records * rng.choice((0, 0, 0, 0, 0.001, 0.02))) if ok else 0
            at = day_start_utc(day) + timedelta(hours=hour, minutes=rng.randint(0, 20), seconds=rng.randint(0, 59))
            out.append(
                SyncRunDone(eid(seed, "sync", sid, local.strftime("%Y%m%d%H")), sid, at, ok, records, missing, invalid)
            )
    return out


def added_records(seed: int, start: date, end: date) -> dict[int, int]:
    """New records the ok runs add per source over local days start..end (for the seed's baseline)."""
    out: dict[int, int] = {}
    d = start
    while d <= end:
        for e in generate(seed, d):
            if e.ok:
                out[e.source_id] = out.get(e.source_id, 0) + e.records
        d += timedelta(days=1)
    return out
