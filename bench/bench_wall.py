"""Wall in headless Chromium: time to a fully rendered 3840x2160 wall, and JS heap / DOM nodes over a soak; or the
settle time of each profile.

python bench/bench_wall.py [--minutes 10] [--profile 4k]
python bench/bench_wall.py --settle [--profiles 1080p,4k,8k] [--loads 5]
Starts its own server (gunicorn) and live simulator on a temp SQLite file; prints medians and the heap series, or
per profile the median settle time (first paint to every panel of the scene on screen filled: no panel loading,
every KPI a number, the city map drawn) against its budget.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from data_access import accounts  # noqa: E402
from data_access.db import dispose, write_session  # noqa: E402
from tests.browser.conftest import LiveServer  # noqa: E402
from tests.browser.shoot import launch  # noqa: E402
from tests.factories import seeded  # noqa: E402

SIZES = {"1080p": (1920, 1080), "4k": (3840, 2160), "5760": (5760, 2160), "8k": (7680, 2160)}
READY = "() => document.querySelectorAll('.wall-scene.scene-active .panel:not(.state-loading)').length >= 10"
# every panel of the scene on screen filled: none loading, and the city map drawn (its points pane has markers)
SETTLED = """() => {
  const scene = document.querySelector('.wall-scene.scene-active');
  if (!scene) return false;
  const panels = scene.querySelectorAll('.panel');
  if (!panels.length || scene.querySelector('.panel.state-loading, .panel-loading')) return false;
  const map = scene.querySelector('.wall-map');
  return !map || map.querySelectorAll('.leaflet-wall-map-points-pane path').length > 0;
}"""
FIRST_PAINT = """() => {
  const e = performance.getEntriesByName('first-contentful-paint')[0] || performance.getEntriesByName('first-paint')[0];
  return e ? e.startTime : null;
}"""
BUDGET_S = {"1080p": 3.0, "4k": 3.0, "5760": 4.0, "8k": 4.0}  # first paint to settled, on a quiet 2-core machine


def settle(url: str, profiles: list[str], loads: int) -> None:
    """Median time from first paint to a settled wall, per profile, against its budget."""
    with sync_playwright() as p:
        browser = launch(p)
        for prof in profiles:
            w, h = SIZES[prof]
            times, totals = [], []
            for _ in range(loads):
                page = browser.new_page(viewport={"width": w, "height": h})
                page.goto(f"{url}/wall/{prof}")
                page.wait_for_function(SETTLED, timeout=120000, polling=50)
                done = page.evaluate("performance.now()")
                fp = page.evaluate(FIRST_PAINT) or 0.0
                times.append((done - fp) / 1000)
                totals.append(done / 1000)
                page.close()
            med = statistics.median(times)
            verdict = "ok" if med <= BUDGET_S[prof] else "OVER BUDGET"
            print(
                f"wall {prof} ({w}x{h}) first paint -> settled: median {med:.2f} s (min {min(times):.2f}, "
                f"max {max(times):.2f}; navigation -> settled {statistics.median(totals):.2f} s; {loads} loads) "
                f"budget {BUDGET_S[prof]:.1f} s: {verdict}"
            )
        browser.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--profile", default="4k", choices=list(SIZES))
    ap.add_argument("--loads", type=int, default=5)
    ap.add_argument("--settle", action="store_true", help="settle time per profile instead of the soak")
    ap.add_argument("--profiles", default="1080p,4k,8k")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-wall-"))
    server = LiveServer(tmp)
    seeded(server.db_url)
    with write_session(server.db_url) as s:
        accounts.ensure_demo_users(s)
    dispose(server.db_url)
    env = {**server.env}
    subprocess.run(
        [sys.executable, "-m", "simulators", "--url", server.db_url, "backfill", "--recent-days", "7"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    sim = subprocess.Popen(
        [sys.executable, "-m", "simulators", "--url", server.db_url, "live", "--scale", "5"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server.start()
    w, h = SIZES[a.profile]
    if a.settle:
        try:
            settle(server.url, [p for p in a.profiles.split(",") if p], a.loads)
        finally:
            sim.terminate()
            server.stop()
        return
    try:
        with sync_playwright() as p:
            browser = launch(p)
            times = []
            for _ in range(a.loads):
                page = browser.new_page(viewport={"width": w, "height": h})
                t0 = time.perf_counter()
                page.goto(f"{server.url}/wall/{a.profile}")
                page.wait_for_function(READY, timeout=60000)
                times.append(time.perf_counter() - t0)
                page.close()
            print(
                f"wall {a.profile} ({w}x{h}) fully rendered: median {statistics.median(times):.2f} s "
                f"(min {min(times):.2f}, max {max(times):.2f}, {a.loads} loads)"
            )
            page = browser.new_page(viewport={"width": w, "height": h})
            cdp = page.context.new_cdp_session(page)
            page.goto(f"{server.url}/wall/{a.profile}")
            page.wait_for_function(READY, timeout=60000)
            series = []
            end = time.time() + a.minutes * 60
            while time.time() < end:
                cdp.send("HeapProfiler.collectGarbage")
                heap = page.evaluate("performance.memory.usedJSHeapSize") / 2**20
                nodes = page.evaluate("document.getElementsByTagName('*').length")
                series.append((round((a.minutes * 60 - (end - time.time())) / 60, 1), round(heap, 1), nodes))
                time.sleep(min(60, max(5, a.minutes * 6)))
            browser.close()
    finally:
        sim.terminate()
        server.stop()
    print("minute, JS heap MiB (after GC), DOM nodes:")
    for row in series:
        print("  ", *row)
    first, last = series[0], series[-1]
    print(f"heap change over {a.minutes} min: {last[1] - first[1]:+.1f} MiB; DOM nodes change: {last[2] - first[2]:+d}")


if __name__ == "__main__":
    main()
