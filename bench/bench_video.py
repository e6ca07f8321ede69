"""Video wall figures: server CPU per simulated stream (per-camera MJPEG and the 36-tile multiplexed stream),
and browser memory over a patrol (JS heap after GC, DOM nodes, Chromium and renderer PSS; slopes over the second
half).

Run: PYTHONPATH=. .venv/bin/python bench/bench_video.py [--streams 1,8,36] [--seconds 10]
     [--patrol-minutes 30] [--layout 36] [--dwell 10] [--sample 30] [--no-browser]
     [--source sim|hls|mjpeg]   (hls/mjpeg: the cameras behind simulators/gateway.py, as in the hall)
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from tests.browser.conftest import LiveServer
from tests.browser.shoot import CHROMIUM, FLAGS
from tests.factories import seeded

TICK = os.sysconf("SC_CLK_TCK")


def tree_pids(root: int) -> list[int]:
    """root and all its descendants (from /proc)."""
    parents: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(d.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += parents.get(pid, [])
    return out


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(f[11]) + int(f[12])  # utime + stime
        except (OSError, IndexError):
            pass
    return total / TICK


def pss_mb(pids: list[int]) -> float:
    """Proportional set size of the processes (shared pages counted once overall, unlike RSS)."""
    kb = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    kb += int(line.split()[1])
        except OSError:
            pass
    return kb / 1024


def pull(url: str, seconds: float, out: list) -> None:
    """Read a multipart stream for `seconds`; record the number of parts received."""
    parts, end = 0, time.time() + seconds
    with urllib.request.urlopen(url, timeout=10) as resp:
        while time.time() < end:
            chunk = resp.read1(65536)
            if not chunk:
                break
            parts += chunk.count(b"--ccframe")
    out.append(parts)


def measure(server: LiveServer, urls: list[str], seconds: float) -> tuple[float, int]:
    """(server CPU seconds, parts received) while all urls stream concurrently."""
    pids = tree_pids(server.proc.pid)
    got: list[int] = []
    threads = [threading.Thread(target=pull, args=(u, seconds, got)) for u in urls]
    before = cpu_seconds(pids)
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return cpu_seconds(pids) - before, sum(got)


def camera_ids(db_url: str, n: int) -> list[str]:
    from sqlalchemy import select

    from data_access.db import read_session
    from data_access.models import Camera

    with read_session(db_url) as s:
        return list(s.scalars(select(Camera.id).order_by(Camera.id).limit(n)))


def server_figures(server: LiveServer, counts: list[int], seconds: float) -> None:
    cams = camera_ids(server.db_url, max(max(counts), 36))
    print(f"\n== server CPU per simulated stream ({seconds:.0f} s each; 2 fps, 480x270 JPEG) ==")
    print(f"{'mode':<28}{'streams':>8}{'cpu s':>8}{'% core/stream':>15}{'fps/stream':>12}")
    for n in counts:
        time.sleep(1.5)  # let the previous step's streams notice their clients left and free their slots
        cpu, parts = measure(server, [f"{server.url}/media/mjpeg/{c}" for c in cams[:n]], seconds)
        print(f"{'per-camera MJPEG':<28}{n:>8}{cpu:>8.2f}{cpu / seconds / n * 100:>15.2f}{parts / n / seconds:>12.2f}")
    time.sleep(1.5)
    cpu, parts = measure(server, [f"{server.url}/media/mux?c=" + ",".join(cams[:36])], seconds)
    print(
        f"{'multiplexed wall (1 conn)':<28}{36:>8}{cpu:>8.2f}{cpu / seconds / 36 * 100:>15.2f}{parts / 36 / seconds:>12.2f}"
    )


def browser_figures(server: LiveServer, minutes: float, dwell: int, sample: float, layout: int = 36) -> None:
    from playwright.sync_api import sync_playwright

    print(
        f"\n== browser memory over a {layout}-tile patrol ({minutes:g} min, dwell {dwell} s, sample every {sample:g} s) =="
    )
    rows = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        ctx = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=FLAGS, headless=True, viewport={"width": 1920, "height": 1080}
        )
        page = ctx.new_page()
        cdp = ctx.new_cdp_session(page)
        cdp.send("Performance.enable")
        page.goto(server.url + "/video")
        page.wait_for_selector("#video-wall .video-tile")
        page.click(f"[data-layout='{layout}']")
        page.fill("#video-dwell", str(dwell))
        page.press("#video-dwell", "Tab")
        page.click("#video-patrol")
        chrome = [int(d.name) for d in Path("/proc").iterdir() if d.name.isdigit() and _has(d, profile)]
        renderers = [pid for pid in chrome if _has(Path(f"/proc/{pid}"), "--type=renderer")]
        t0 = time.time()
        print(f"{'min':>6}{'JS heap MB':>12}{'DOM nodes':>11}{'listeners':>11}{'Chromium PSS MB':>18}{'frames':>9}"
              f"{'renderer PSS MB':>17}")  # fmt: skip
        while time.time() - t0 < minutes * 60:
            page.wait_for_timeout(sample * 1000)
            cdp.send("HeapProfiler.collectGarbage")  # the heap after GC: what is really kept
            m = {x["name"]: x["value"] for x in cdp.send("Performance.getMetrics")["metrics"]}
            frames = page.evaluate(
                "() => Array.from(document.querySelectorAll('#video-wall .video-tile'))"
                ".reduce((s, t) => s + (+t.getAttribute('data-frames') || 0), 0)"
            )
            row = ((time.time() - t0) / 60, m["JSHeapUsedSize"] / 2**20, m["Nodes"], m["JSEventListeners"],
                   pss_mb(chrome), frames, pss_mb(renderers))  # fmt: skip
            rows.append(row)
            print(
                f"{row[0]:>6.1f}{row[1]:>12.1f}{row[2]:>11.0f}{row[3]:>11.0f}{row[4]:>18.0f}{row[5]:>9}{row[6]:>17.0f}"
            )
        ctx.close()
    half = rows[len(rows) // 2 :]
    if len(half) >= 2:
        for i, name in ((1, "JS heap after GC"), (4, "Chromium PSS"), (6, "renderer PSS")):
            slope = statistics.linear_regression([r[0] for r in half], [r[i] for r in half]).slope
            print(f"{name} slope over the second half: {slope:+.2f} MB/min")


def _has(d: Path, profile: str) -> bool:
    try:
        return profile in (d / "cmdline").read_text(errors="ignore")
    except OSError:
        return False


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--streams", default="1,8,36")
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--patrol-minutes", type=float, default=30)
    ap.add_argument("--dwell", type=int, default=10)
    ap.add_argument("--sample", type=float, default=30)
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--layout", type=int, default=36, choices=(1, 4, 9, 16, 25, 36))
    ap.add_argument("--source", default="sim", choices=("sim", "hls", "mjpeg"))
    a = ap.parse_args()
    counts = [int(x) for x in a.streams.split(",")]
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as files:
        # why: each MJPEG connection holds a gthread thread; the bench opens up to 36 at once
        env = {"GUNICORN_CMD_ARGS": f"--threads {max(counts) + 8}", "CC_STREAM_MAX_PER_CLIENT": str(max(counts) + 2)}
        gateway = None
        if a.source != "sim":
            from tests.browser.test_video_gateway import SECRET, Gateway

            db_url = f"sqlite:///{Path(tmp) / 'live.db'}"
            seeded(db_url)
            gateway = Gateway(db_url, files.enter_context(open(Path(tmp) / "gateway.log", "ab")))
            ext = "m3u8" if a.source == "hls" else "mjpeg"
            env["CC_STREAM_URL_TEMPLATE"] = (
                f"http://cam:{SECRET}@127.0.0.1:{gateway.port}/api/stream.{ext}?src={{camera_id}}"
            )
        server = LiveServer(Path(tmp), **env)
        if gateway is None:
            seeded(server.db_url)
        server.start()
        try:
            if a.source == "sim":
                server_figures(server, counts, a.seconds)
            if not a.no_browser:
                browser_figures(server, a.patrol_minutes, a.dwell, a.sample, a.layout)
        finally:
            server.stop()
            if gateway is not None:
                print(f"gateway CPU: {cpu_seconds(tree_pids(gateway.proc.pid)):.1f} s in all")
                gateway.stop()


if __name__ == "__main__":
    main()
