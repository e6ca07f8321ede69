"""Smart dispatch against the keyword baseline on held-out simulated history (time split, newest 20%).

Run: PYTHONPATH=. .venv/bin/python bench/bench_dispatch.py [--url sqlite:///var/city.db] [--months 6]
Without --url it simulates the 12345 feed for the first `months` of 2024 into a temporary SQLite file.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from data_access.db import dispose, read_session
from simulators import city, runner
from web.commands import dispatch as hotline_dispatch


def simulate(url: str, months: int) -> None:
    start = date(2024, 1, 1)
    end = min(date(2024, 12, 31), start + timedelta(days=30 * months) - timedelta(days=1))
    city.seed(url, 1)
    runner.backfill(url, start, end, seed=1, settle=end + timedelta(days=40), feeds=("hotline",), readings_days=0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=None, help="an existing database (default: simulate one)")
    ap.add_argument("--months", type=int, default=6)
    a = ap.parse_args()
    tmp = None
    url = a.url
    if url is None:
        tmp = tempfile.TemporaryDirectory()
        url = f"sqlite:///{Path(tmp.name) / 'dispatch.db'}"
        t0 = time.perf_counter()
        simulate(url, a.months)
        print(f"simulated {a.months} months of 12345 history in {time.perf_counter() - t0:.1f} s")
    with read_session(url) as s:
        r = hotline_dispatch.evaluate(s)
    dispose(url)
    if r is None:
        print("not enough closed history")
        return
    print(f"held-out tickets: {r['n_test']:,} (trained on {r['n_train']:,}, {r['seconds']} s)")
    print(
        f"model (jieba + TF-IDF + logistic regression) accuracy: {r['model_accuracy']:.2%}  top-3: {r['model_top3']:.2%}"
    )
    print(f"keyword-rule baseline accuracy:                        {r['baseline_accuracy']:.2%}")
    print(f"difference: {100 * (r['model_accuracy'] - r['baseline_accuracy']):+.1f} pp")
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
