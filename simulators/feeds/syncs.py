"""Data-foundation sync runs: per-source cadence, new records, occasional failures and quality defects; the sampled
resources' runs carry their real rows (simulators/feeds/records.py); stale resources stop on their date, empty
platforms never run; and each day's exchange between departments (who consumes whose resources)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from data_access.events import DataExchanged, SyncRunDone
from simulators import data_catalog as dc
from simulators.catalog import DEPARTMENTS
from simulators.catalog_assets import DATA_SOURCES
from simulators.common import day_start_utc, eid, rng_for
from simulators.feeds import records

RUN_HOURS = {"realtime": (2, 8, 14, 20), "hourly": (3, 9, 15, 21), "daily": (2,), "monthly": (1,)}
GROWTH_PER_RUN = {"realtime": 0.00008, "hourly": 0.00006, "daily": 0.00012, "monthly": 0.002}
FAIL_SHARE = 0.03
ERRORS = ("接口超时", "源库连接失败", "字段映射错误", "前置机离线")
DEPT_ID = {d.code: i for i, d in enumerate(DEPARTMENTS, start=1)}
# Who consumes what (the exchange): heavy consumers, and departments that only take (no resource of their own here)
CONSUMERS: tuple[tuple[str, float], ...] = (
    ("C00", 1.0), ("B04", 0.8), ("B19", 0.9), ("B13", 0.6), ("B12", 0.5), ("B03", 0.5), ("B14", 0.6),
    ("B01", 0.5), ("B02", 0.4), ("B05", 0.3), ("B17", 0.4), ("B18", 0.3), ("B20", 0.4), ("T01", 0.3),
    ("T02", 0.2), ("T05", 0.2),
)  # fmt: skip
CONSUMED = (1, 2, 3, 4, 5, 6, 9, 10, 13, 18, 21, 22, 25, 26, 27, 28, 29, 31)  # the resources asked for


def runs_on(sid: int, day: date) -> bool:
    """Whether the resource's department still syncs (stale resources stop; empty platforms never start)."""
    share = DATA_SOURCES[sid - 1][3]
    stop = dc.STALE_FROM.get(sid)
    return share > 0 and (stop is None or day < stop)


def generate(seed: int, day: date, total_records: int = 1_867_000) -> list:
    """All sync runs (ids `sync:<source>:<local time>`) and exchange days of one local day (pure)."""
    return [*runs(seed, day, total_records), *exchanges(seed, day)]


def runs(seed: int, day: date, total_records: int = 1_867_000) -> list[SyncRunDone]:
    """The sync runs of one local day (pure)."""
    out: list[SyncRunDone] = []
    for sid, (_name, dept, cadence, share) in enumerate(DATA_SOURCES, start=1):
        if (cadence == "monthly" and day.day != 1) or not runs_on(sid, day):
            continue
        for hour in RUN_HOURS[cadence]:
            local = datetime(day.year, day.month, day.day, hour)
            rng = rng_for(seed, "sync", sid, local.isoformat())
            ok = rng.random() >= FAIL_SHARE
            mean = share * total_records * GROWTH_PER_RUN[cadence]
            n = max(0, int(rng.gauss(mean, mean * 0.3))) if ok else 0
            missing = int(n * rng.choice((0, 0, 0, 0.002, 0.01, 0.05))) if ok else 0
            invalid = int(n * rng.choice((0, 0, 0, 0, 0.001, 0.02))) if ok else 0
            at = day_start_utc(day) + timedelta(hours=hour, minutes=rng.randint(0, 20), seconds=rng.randint(0, 59))
            started = at - timedelta(seconds=rng.randint(5, 240))
            error = "" if ok else rng.choice(ERRORS)
            stamp = local.strftime("%Y%m%d%H")
            rows: tuple = ()
            if sid in dc.SAMPLED:
                missing = invalid = 0  # measured from the rows themselves
                rows = tuple(records.synced(seed, sid, dept, stamp, n, day)) if ok else ()
            out.append(
                SyncRunDone(
                    eid(seed, "sync", sid, stamp),
                    sid,
                    at,
                    ok,
                    n,
                    missing,
                    invalid,
                    rows=rows,
                    started_at=started,
                    error=error,
                )
            )
    return out


def exchanges(seed: int, day: date) -> list[DataExchanged]:
    """Each consumer's day of requests to the resources it uses (a stable set per consumer)."""
    out = []
    at = day_start_utc(day) + timedelta(hours=23, minutes=55)
    weekend = day.weekday() >= 5
    for code, weight in CONSUMERS:
        flows = []
        for sid in CONSUMED:
            if DATA_SOURCES[sid - 1][1] == code or rng_for(seed, "xchg", code, sid).random() > 0.35 + 0.4 * weight:
                continue
            daily = rng_for(seed, "xchg", code, sid, day.isoformat())
            requests = int(max(0.0, daily.gauss(40 * weight, 12 * weight)) * (0.3 if weekend else 1.0))
            if requests:
                flows.append((sid, requests, requests * daily.randint(3, 60)))
        if flows:
            out.append(
                DataExchanged(eid(seed, "xchg", code, day.strftime("%Y%m%d")), day, DEPT_ID[code], tuple(flows), at)
            )
    return out


def added_records(seed: int, start: date, end: date) -> dict[int, int]:
    """New records the ok runs add per source over local days start..end (for the seed's baseline)."""
    out: dict[int, int] = {}
    d = start
    while d <= end:
        for e in runs(seed, d):
            if e.ok:
                out[e.source_id] = out.get(e.source_id, 0) + e.records
        d += timedelta(days=1)
    return out
