"""Quality bench: scoring a resource of 100,000 records. Prints the median time of (1) the checks as data run over
100,000 records (compiled once, pure Python: what a sync does to its rows), (2) the resource's score from its kept
counters (what a page load does: no record is read), and (3) one sync of 100,000 new records through the write
API into SQLite, stored, checked (duplicates by index) and scored in one transaction.

Run: PYTHONPATH=. .venv/bin/python bench/bench_quality.py [--records 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from data_access import events as ev
from data_access.data import catalog, quality
from data_access.db import dispose, read_session, write_session
from data_access.models import DataSource, QualityCheck
from data_access.writes import apply
from simulators.feeds import records
from tests.factories import seeded

SOURCE = 21  # 公租房一户一码台账: ID numbers, phones, coordinates, dates, duplicates: every rule runs
AT = datetime(2024, 7, 1, 2, 0)


def rows(n: int, tag: str) -> list[tuple[str, dict]]:
    return [
        records.record(1, SOURCE, f"BENCH{tag}{i:07d}", date(2024, 7, 1), 1.0, f"BENCH{tag}{max(1, i - 7):07d}")
        for i in range(1, n + 1)
    ]


def median_ms(fn, repeat: int) -> tuple[float, float]:
    """Median wall and CPU (this process) milliseconds: on a shared machine the CPU time is the code's own cost."""
    wall, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        seeded(url)
        data = rows(a.records, "A")
        with read_session(url) as s:
            checks = list(s.scalars(select(QualityCheck).where(QualityCheck.source_id == SOURCE)))
            s.expunge_all()
        from data_access.data import checks as qc

        ctx = qc.Context(today=date(2024, 7, 1))
        failures: list = []
        run_ms, run_cpu = median_ms(
            lambda: failures.__setitem__(slice(None), quality.evaluate(checks, data, ctx)), a.repeat
        )
        print(
            f"checks over {a.records:,} records: median {run_ms:.0f} ms wall, {run_cpu:.0f} ms CPU "
            f"({len(failures):,} failures found)"
        )

        with read_session(url) as s:
            read_ms, _cpu = median_ms(lambda: catalog.resource(s, SOURCE, AT), a.repeat * 20)
        print(f"score read from kept counters (a page load): median {read_ms:.2f} ms wall")

        sync_times = []
        for k in range(a.repeat):
            batch = rows(a.records, f"S{k}")
            t0 = time.perf_counter()
            with write_session(url) as s:
                apply(s, [ev.SyncRunDone(f"bench-{k}", SOURCE, AT, True, len(batch), rows=tuple(batch))])
            sync_times.append((time.perf_counter() - t0) * 1000)
        with read_session(url) as s:
            src = s.get(DataSource, SOURCE)
            print(f"one sync of {a.records:,} records through the write API (store, check, score): median "
                  f"{statistics.median(sync_times):.0f} ms; resource now {src.records:,} records, "
                  f"score {catalog.resource(s, SOURCE, AT)['score']}")  # fmt: skip
        dispose(url)


if __name__ == "__main__":
    main()
