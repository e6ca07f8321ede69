"""GIS bench: the 50,000-ticket + 2,028-camera map. Prints the update payload (raw and gzip), the server time of
one layer update (cold read, then shared snapshot) per view, and the browser's time to draw it (headless Chromium).

Run: PYTHONPATH=. .venv/bin/python bench/bench_gis.py [--tickets 50000] [--no-browser]
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import plotly
from flask import Flask

from callbacks.gis import gis
from data_access.db import dispose, read_session, write_session
from data_access.worktime import utcnow
from data_access.writes import apply
from settings import SETTINGS
from tests.factories import new_ticket, seeded
from web.cache import cache, cache_config, clear_local_memo

VIEWS = {  # name: (bounds, zoom)
    "county z10": ([[37.58, 106.19], [38.35, 106.87]], 10),
    "core z13": ([[38.07, 106.30], [38.13, 106.38]], 13),
    "street z16": ([[38.097, 106.335], [38.103, 106.345]], 16),
}
LAYERS = ["grid", "cameras", "tickets", "alerts", "incidents", "resources", "shops", "rental", "sensors"]


def build(url: str, n: int) -> None:
    """The static city and n open tickets (70 % in the urban core), written through the write API."""
    seeded(url)
    rng, now = random.Random(5), utcnow()
    batch = []
    for i in range(n):
        core = rng.random() < 0.7
        lat = rng.gauss(38.10, 0.012) if core else rng.uniform(37.62, 38.32)
        lon = rng.gauss(106.34, 0.015) if core else rng.uniform(106.25, 106.83)
        at = now - timedelta(minutes=rng.uniform(0, 60 * 24 * 6))
        batch.append(new_ticket(f"BG-{i}", at, lat=lat, lon=lon, area_code=None, town_code=None))
        if len(batch) == 5000:
            with write_session(url) as s:
                apply(s, batch)
            batch = []
    if batch:
        with write_session(url) as s:
            apply(s, batch)
    dispose(url)


def payload(out) -> tuple[int, int]:
    text = json.dumps(out, cls=plotly.utils.PlotlyJSONEncoder).encode()
    return len(text), len(gzip.compress(text, 6))


def server_bench(url: str, tmp: Path) -> None:
    settings = dataclasses.replace(SETTINGS, database_url=url, cache_dir=str(tmp / "cache"), redis_url="")
    server = Flask(__name__)
    server.config["CC_SETTINGS"] = settings
    cache.init_app(server, config=cache_config(settings))
    with server.app_context():
        t0 = time.perf_counter()
        with read_session(url) as s:
            snap = gis._read_city(s, utcnow())
        cold = (time.perf_counter() - t0) * 1000
        print(
            f"snapshot read (all layers, {len(snap['tickets']):,} tickets, {len(snap['cameras']):,} cameras): "
            f"{cold:.0f} ms cold; shared by every screen for one period"
        )
        gis.city()  # warm the shared snapshot
        for name, (bounds, zoom) in VIEWS.items():

            def update(bounds=bounds, zoom=zoom):
                return gis.refresh_gis_layers(bounds, zoom, LAYERS, "live", 24, "640181", "tickets", 0)

            fresh, warm = [], []
            for _ in range(5):
                clear_local_memo()  # a worker that has not seen this period yet reads the shared cache
                t0 = time.perf_counter()
                update()
                fresh.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                out = update()
                warm.append((time.perf_counter() - t0) * 1000)
            raw, gz = payload(out)
            feats = sum(len(o["features"]) for o in out[:-2] if isinstance(o, dict) and "features" in o)
            print(
                f"{name:>11}: update {statistics.median(warm):6.1f} ms warm / {statistics.median(fresh):6.1f} ms "
                f"fresh worker (medians of 5), {feats:5,} features, "
                f"payload {raw / 1024:6.1f} KiB raw / {gz / 1024:5.1f} KiB gzip"
            )


def browser_bench(url: str, tmp: Path) -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import LiveServer
    from tests.browser.shoot import launch

    server = LiveServer(tmp, CC_DATABASE_URL=url)  # the same gunicorn set-up as the browser tests
    server.start()
    port = server.port
    try:
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page(viewport={"width": 3840, "height": 2160})
            t0 = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/gis")
            page.wait_for_function(
                "() => document.querySelectorAll('.leaflet-gis-tickets-pane .gis-cluster').length > 5"
                " && document.querySelectorAll('.leaflet-gis-grid-pane path').length == 10",
                timeout=60000,
            )
            first = (time.perf_counter() - t0) * 1000
            t0 = time.perf_counter()
            page.click(".gis-layers input[value=cameras]")
            page.wait_for_function(
                "() => document.querySelectorAll('.leaflet-gis-cameras-pane .gis-cluster').length > 5"
            )
            toggle = (time.perf_counter() - t0) * 1000
            t0 = time.perf_counter()
            page.click("text=三维")
            page.wait_for_selector("#gis-3d:not([hidden]) canvas")
            page.wait_for_function("() => /\\d · \\d+ · \\d+/.test(document.querySelector('#gis-3d-info').innerText)")
            three = (time.perf_counter() - t0) * 1000
            browser.close()
        print(
            f"browser (3840x2160, headless Chromium): first map drawn {first:.0f} ms after navigation; "
            f"cameras layer on {toggle:.0f} ms after the click; 3D view filled {three:.0f} ms after the click"
        )
    finally:
        server.stop()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tickets", type=int, default=50_000)
    ap.add_argument("--no-browser", action="store_true")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        url = f"sqlite:///{tmp / 'gis.db'}"
        t0 = time.perf_counter()
        build(url, a.tickets)
        print(f"built: static city + {a.tickets:,} tickets in {time.perf_counter() - t0:.1f} s")
        server_bench(url, tmp)
        if not a.no_browser:
            browser_bench(url, tmp)


if __name__ == "__main__":
    main()
