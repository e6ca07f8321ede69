"""Overview snapshot at N tickets: cold (rollup reads + render), cached, and the same KPIs by a naive full scan.

python bench/bench_overview.py [--tickets 2000000] [--runs 5] [--url sqlite:///bench/out/overview.db] [--panels]
Loads the tickets once through the write API (a year of 12345 requests with locations, 97% answered and closed;
reused on later runs: the database at --url is kept, and topped up when --tickets grows) and prints medians in
milliseconds. --panels also prints each panel's share of the cold snapshot (a reader shared by several panels is
read once, by the first of them; the first panel also reads the heartbeat).
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import case, func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from callbacks import overview  # noqa: E402
from data_access import events as ev  # noqa: E402
from data_access.db import read_session, write_session  # noqa: E402
from data_access.models import Category, GridArea, Ticket  # noqa: E402
from data_access.worktime import local_day, utcnow  # noqa: E402
from data_access.writes import apply  # noqa: E402
from settings import SETTINGS  # noqa: E402
from tests.factories import seeded  # noqa: E402
from web.cache import cache, cache_config, clear_local_memo  # noqa: E402
from web.panels import snapshot  # noqa: E402


def load(url: str, n: int, seed: int = 7) -> None:
    with read_session(url) as s:
        have = s.scalar(select(func.count()).select_from(Ticket))
        cats = [(c, st) for c, st in s.execute(select(Category.code, Category.stream))]
        towns = list(s.execute(select(GridArea.code, GridArea.lat, GridArea.lon).where(GridArea.level == 2)))
    if have >= n:
        print(f"reusing {have:,} tickets")
        return
    rng = random.Random(seed)
    now = utcnow()
    t0, done, batch = time.perf_counter(), have, []
    for i in range(have, n):
        code, stream = rng.choice(cats)
        town, lat, lon = rng.choice(towns)
        at = now - timedelta(seconds=rng.randint(0, 365 * 86400))
        no = f"BENCH{i:08d}"
        batch.append(
            ev.TicketCreated(
                event_id=f"bench-{i}",
                ticket_no=no,
                stream="hotline",
                channel="phone",
                category=code if stream == "hotline" else "H0201",
                summary="bench",
                content="bench",
                at=at,
                town_code=town,
                lat=lat + rng.uniform(-0.05, 0.05),
                lon=lon + rng.uniform(-0.05, 0.05),
            )
        )
        if rng.random() < 0.97:  # most of a year's requests are answered and closed; the rest stay open
            batch.append(
                ev.TicketAction(event_id=f"bench-{i}-a", ticket_no=no, action="answer", at=at + timedelta(hours=1))
            )
        if len(batch) >= 20000 or i == n - 1:
            with write_session(url) as s:
                apply(s, batch)
            done += len(batch)
            batch = []
            rate = (done - have) / (time.perf_counter() - t0)
            print(f"\rloaded {done:,}/{n:,} tickets ({rate:,.0f} events/s)", end="", flush=True)
    print()


def naive_kpis(url: str, now) -> dict:
    """The overview's KPIs straight from raw ticket rows (what the rollups save us from)."""
    today = local_day(now)
    start = now - timedelta(days=30)
    with read_session(url) as s:
        by_stream = s.execute(
            select(Ticket.stream, func.count(), func.sum(case((Ticket.is_open.is_(True), 1), else_=0))).group_by(
                Ticket.stream
            )
        ).all()
        per_day = s.execute(
            select(func.date(Ticket.created_at), Ticket.stream, func.count())
            .where(Ticket.created_at >= start)
            .group_by(func.date(Ticket.created_at), Ticket.stream)
        ).all()
        top = s.execute(
            select(Ticket.category_code, func.count())
            .where(Ticket.created_at >= now - timedelta(days=7))
            .group_by(Ticket.category_code)
            .order_by(func.count().desc())
            .limit(8)
        ).all()
        sat = s.execute(
            select(Ticket.satisfaction, func.count()).where(Ticket.callback_at >= start).group_by(Ticket.satisfaction)
        ).all()
        overdue = s.scalar(select(func.count()).where(Ticket.is_open.is_(True), Ticket.due_at < now))
    return {"today": today, "streams": by_stream, "days": len(per_day), "top": top, "sat": sat, "overdue": overdue}


def median_ms(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tickets", type=int, default=2_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--redis", default="", help="shared cache in Redis (production) instead of the file cache")
    ap.add_argument("--url", default=f"sqlite:///{ROOT / 'bench' / 'out' / 'overview.db'}")
    ap.add_argument("--panels", action="store_true", help="also print each panel's share of the cold snapshot")
    a = ap.parse_args()
    if a.url.startswith("sqlite:///"):
        Path(a.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    seeded(a.url)
    load(a.url, a.tickets)
    from flask import Flask

    server = Flask(__name__)
    settings = dataclasses.replace(
        SETTINGS, database_url=a.url, cache_dir=str(ROOT / "bench" / "out" / "cache"), redis_url=a.redis
    )
    server.config["CC_SETTINGS"] = settings
    cache.init_app(server, config=cache_config(settings))
    panels = overview.PANELS
    now = utcnow()

    per_panel: dict[str, list[float]] = {p.id: [] for p in panels}

    def cold():
        cache.clear()
        clear_local_memo()
        for p in panels:
            t = time.perf_counter()
            snapshot(p, "wall", "zh", now)
            per_panel[p.id].append((time.perf_counter() - t) * 1000)

    def shared():  # another worker: the shared cache has it, the local memo does not
        clear_local_memo()
        for p in panels:
            snapshot(p, "wall", "zh", now)

    def cached():
        for p in panels:
            snapshot(p, "wall", "zh", now)

    with server.app_context():
        cold_ms = median_ms(cold, a.runs)
        cold()
        shared_ms = median_ms(shared, a.runs * 4)
        cached_ms = median_ms(cached, a.runs * 4)
    naive_ms = median_ms(lambda: naive_kpis(a.url, now), a.runs)
    print(
        f"tickets: {a.tickets:,}  panels: {len(panels)}  database: {a.url.split(':', 1)[0]}  "
        f"cache: {'redis' if a.redis else 'filesystem'}"
    )
    print(f"overview snapshot, cold (rollups + render): {cold_ms:8.1f} ms (median of {a.runs})")
    print(f"overview snapshot, from the shared cache:   {shared_ms:8.2f} ms (median of {a.runs * 4})")
    print(f"overview snapshot, cached in the worker:    {cached_ms:8.3f} ms (median of {a.runs * 4})")
    print(f"same KPIs by naive full scan:               {naive_ms:8.1f} ms (median of {a.runs})")
    if a.panels:
        print("cold, by panel (ms): " + "  ".join(f"{k} {statistics.median(v):.1f}" for k, v in per_panel.items()))
    print(
        f"ratios: naive / worker-cached {naive_ms / cached_ms:,.0f}x, naive / shared {naive_ms / shared_ms:,.0f}x, "
        f"naive / cold {naive_ms / cold_ms:,.1f}x"
    )


if __name__ == "__main__":
    main()
