"""Backfill throughput: events/s through the write API (SQLite, PostgreSQL) and the H1 backfill wall-clock.

Run: PYTHONPATH=. .venv/bin/python bench/bench_backfill.py [--repeat 3] [--no-pg] [--no-h1]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from data_access.db import dispose, write_session
from data_access.events import SensorReadingIn
from data_access.writes import apply
from settings import SETTINGS
from simulators import city, runner
from simulators.catalog import CAL_END, CAL_START, REPORT_DAY
from simulators.common import day_start_utc, days

BATCH = 5000


def sample_events(start: date = date(2024, 3, 1), n_days: int = 14) -> list:
    """The events of `n_days` of simulated city (all feeds, readings hourly), in write order."""
    q = runner.Queue()
    end = start + timedelta(days=n_days - 1)
    for day in days(start, end):
        base = day_start_utc(day) + timedelta(hours=8)
        for h in range(24):
            q.push(runner.hour_events(1, base + timedelta(hours=h), 1.0))
        q.push(
            runner.sensors.generate(1, day_start_utc(day), day_start_utc(day + timedelta(days=1)), timedelta(hours=1))
        )
    return q.pop_until(day_start_utc(end + timedelta(days=1)))


@contextmanager
def fresh_db(backend: str):
    """A seeded empty database: a temp SQLite file or a throw-away PostgreSQL database."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as d:
            url = f"sqlite:///{Path(d) / 'bench.db'}"
            city.seed(url, 1)
            yield url
            dispose(url)
        return
    base = make_url(SETTINGS.test_postgres_url)
    admin = base.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    name = f"cc_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = base.set(database=name).render_as_string(hide_password=False)
    try:
        city.seed(url, 1)
        yield url
    finally:
        dispose(url)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def events_per_second(backend: str, events: list) -> float:
    """Apply pre-generated events in batches of BATCH, one transaction each; generation is not timed."""
    with fresh_db(backend) as url:
        t0 = time.perf_counter()
        for i in range(0, len(events), BATCH):
            with write_session(url) as s:
                apply(s, events[i : i + BATCH])
        return len(events) / (time.perf_counter() - t0)


def h1_seconds(backend: str) -> float:
    """Wall-clock of the calibration backfill (2024-01-01..06-30, lifecycles to 2024-08-26), generation included."""
    with fresh_db(backend) as url:
        t0 = time.perf_counter()
        runner.backfill(url, CAL_START, CAL_END, seed=1, settle=REPORT_DAY)
        return time.perf_counter() - t0


def main() -> None:
    """Print medians of each measure."""
    p = argparse.ArgumentParser()
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--no-pg", action="store_true")
    p.add_argument("--no-h1", action="store_true")
    p.add_argument("--h1-pg", action="store_true", help="also time the H1 backfill on PostgreSQL")
    a = p.parse_args()
    backends = ["sqlite"] + ([] if a.no_pg else ["postgresql"])
    events = sample_events()
    print(f"sample: {len(events)} events (14 simulated days, all feeds), batches of {BATCH}")
    no_readings = [e for e in events if not isinstance(e, SensorReadingIn)]
    for label, sample in (("all feeds", events), ("no readings", no_readings)):
        for b in backends:
            runs = [events_per_second(b, sample) for _ in range(a.repeat)]
            print(
                f"write API {b:10s} {label:11s} ({len(sample)} events): median {statistics.median(runs):8.0f}"
                f" events/s  runs={[round(r) for r in runs]}"
            )
    if not a.no_h1:
        for b in backends if a.h1_pg else ["sqlite"]:
            runs = [h1_seconds(b) for _ in range(max(1, a.repeat // 3))]
            print(f"H1 backfill {b:10s}: median {statistics.median(runs):6.1f} s  runs={[round(r, 1) for r in runs]}")


if __name__ == "__main__":
    main()
