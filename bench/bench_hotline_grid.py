"""The 12345 ticket grid at 100,000+ tickets: one server-side page per filter/sort, median of 5 (ms).

Run: PYTHONPATH=. .venv/bin/python bench/bench_hotline_grid.py [--url sqlite:///big.db] [--scale 6]
Without --url it simulates H1 2024 (12345 + 数字城管) at `scale` times the seed's volume into a temp SQLite
file first (scale 6 gives about 100,000 tickets in about 4 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

from data_access.db import dispose, read_session
from data_access.hotline import grid as hq
from simulators import city, runner
from simulators.catalog import CAL_END, CAL_START, REPORT_DAY

QUERIES = {
    "newest first, first page": hq.GridQuery(),
    "page 400 (offset 40,000)": hq.GridQuery(start=40_000, end=40_100),
    "channel = wechat": hq.GridQuery(channel="wechat"),
    "department, sorted by due": hq.GridQuery(department_id=3, sort="due"),
    "status rated + SLA overdue": hq.GridQuery(status="rated", sla="overdue"),
    "town + category": hq.GridQuery(town="640181103", category="H0301"),
    "open + near due": hq.GridQuery(status="open", sla="near_due"),
    "keyword search": hq.GridQuery(text="物业"),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url")
    ap.add_argument("--scale", type=float, default=6.0)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    tmp = None
    url = a.url
    if url is None:
        tmp = tempfile.TemporaryDirectory()
        url = f"sqlite:///{Path(tmp.name) / 'grid.db'}"
        t0 = time.perf_counter()
        city.seed(url, 1)
        runner.backfill(
            url,
            CAL_START,
            CAL_END,
            seed=1,
            scale=a.scale,
            settle=REPORT_DAY,
            feeds=("hotline", "cases"),
            readings_days=0,
        )
        print(f"simulated in {time.perf_counter() - t0:.0f} s")
    now = datetime(2024, 8, 26)
    with read_session(url) as s:
        total = hq.ticket_page(s, hq.GridQuery(end=1), now=now, role="officer")[1]
        print(f"tickets: {total:,}")
        for name, q in QUERIES.items():
            times = []
            for _ in range(a.runs):
                t = time.perf_counter()
                df, n = hq.ticket_page(s, q, now=now, role="officer")
                times.append((time.perf_counter() - t) * 1000)
            print(f"{name:30s} matches {n:7,d}  rows {len(df):3d}  median {statistics.median(times):6.1f} ms")
    dispose(url)
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
