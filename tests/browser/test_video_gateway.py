"""Real cameras behind a stream gateway (simulators/gateway.py, a go2rtc stand-in with basic auth), in a real
browser: HLS tiles play through the app's relay and the locally served hls.js; MJPEG cameras share one wall
connection; a channel whose link drops shows 信号中断 while the others play on, and comes back by itself; the
gateway's address and credentials never reach the browser."""

from __future__ import annotations

import contextlib
import http.client
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
import requests
from sqlalchemy import update

from data_access import accounts
from data_access.db import write_session
from data_access.models import Camera
from tests.browser.conftest import ROOT, LiveServer, free_port
from tests.browser.test_video import camera_ids
from tests.templates import CITY_USERS

pytestmark = pytest.mark.browser
SECRET = "gw-Secret-7f3a"
TILES = "() => Array.from(document.querySelectorAll('#video-wall .video-tile'))"
FRAMES = f"() => ({TILES})().map(t => +t.getAttribute('data-frames') || 0)"


class Gateway:
    def __init__(self, db_url: str, log):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "simulators.gateway", "--port", str(self.port), "--user", "cam",
             "--password", SECRET, "--url", db_url],
            cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                requests.get(self.url, timeout=1)
                return
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError("gateway did not start")

    def dead(self, camera: str, on: bool) -> None:
        r = requests.post(f"{self.url}/control/dead", params={"src": camera, "on": int(on)}, auth=("cam", SECRET))
        r.raise_for_status()

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def city(tmp_path_factory, sqlite_templates):
    tmp = tmp_path_factory.mktemp("gateway")
    db_url = sqlite_templates.copy(tmp / "live.db", CITY_USERS)
    with open(tmp / "gateway.log", "ab") as log:
        gw = Gateway(db_url, log)
    yield tmp, db_url, gw
    gw.stop()


def _server(city, fmt: str) -> Iterator[LiveServer]:
    tmp, db_url, gw = city
    (tmp / fmt).mkdir()
    template = f"http://cam:{SECRET}@127.0.0.1:{gw.port}/api/stream.{fmt}?src={{camera_id}}"
    server = LiveServer(tmp / fmt, CC_DATABASE_URL=db_url, CC_STREAM_URL_TEMPLATE=template)
    server.db_url = db_url
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def hls_app(city):
    yield from _server(city, "m3u8")


@pytest.fixture(scope="module")
def mjpeg_app(city):
    yield from _server(city, "mjpeg")


def _record(page) -> tuple[list[str], list[bytes]]:
    """Every URL the page asks for, and every text body it receives."""
    urls: list[str] = []
    bodies: list[bytes] = []

    def seen(resp):
        ctype = resp.headers.get("content-type", "")
        if any(k in ctype for k in ("mpegurl", "json", "text", "javascript")) and "mixed-replace" not in ctype:
            with contextlib.suppress(Exception):  # a body the page dropped (navigation) has nothing to leak
                bodies.append(resp.body())

    page.on("request", lambda r: urls.append(r.url))
    page.on("response", seen)
    return urls, bodies


def _wall(page, base: str, layout: int) -> list[str]:
    page.goto(base + "/video")
    page.wait_for_selector("#video-wall .video-tile >> nth=15")
    page.click(f"[data-layout='{layout}']")
    page.wait_for_function(f"() => ({TILES})().length === {layout} && ({TILES})().every(t => t.dataset.cam)")
    return page.evaluate(f"() => ({TILES})().map(t => t.dataset.cam)")


def _playing(page, n: int, at_least: int, timeout: int = 30000) -> None:
    page.wait_for_function(f"() => ({FRAMES})().filter(f => f >= {at_least}).length === {n}", timeout=timeout)


def _lost(page, tile: int, timeout: int) -> None:
    page.wait_for_function(
        f"() => {{ const t = ({TILES})()[{tile}]; return t.classList.contains('lost') && "
        "t.querySelector('.video-lost').innerText.includes('信号中断') && /\\d\\d:\\d\\d:\\d\\d/.test("
        "t.querySelector('.video-lost-time').innerText); }",
        timeout=timeout,
    )


def _lost_while_others_play(page, tile: int, frames: int, timeout: int) -> None:
    """The tile shows 信号中断 in time and every other tile shows at least `frames` new pictures meanwhile."""
    _lost(page, tile, timeout)
    before = page.evaluate(FRAMES)
    page.wait_for_function(
        f"() => {{ const now = ({FRAMES})(), was = {before}; "
        f"return now.every((f, i) => i === {tile} || f >= was[i] + {frames}); }}",
        timeout=timeout,
    )


def test_hls_tiles_play_through_the_relay_and_never_see_the_gateway(hls_app, city, watched):
    page = watched.page
    watched.login(hls_app.url, "officer")
    urls, bodies = _record(page)
    _wall(page, hls_app.url, 4)
    _playing(page, 4, 4)
    sizes = page.evaluate(f"() => ({TILES})().map(t => {{ const v = t.querySelector('video'); "
                          "return v && !v.paused ? v.videoWidth + 'x' + v.videoHeight : null; })")  # fmt: skip
    assert sizes == ["480x270"] * 4
    assert any(u.endswith("/assets/vendor/hls.js/hls.light.min.js") for u in urls)
    assert any("/media/hls/" in u and ".ts" in u for u in urls), "segments come through the relay"
    assert all(u.startswith((hls_app.url, "blob:", "data:")) for u in urls), [u for u in urls if "127.0.0.1" not in u]
    gw = city[2]
    leaks = [b[:200] for b in bodies if SECRET.encode() in b or f":{gw.port}".encode() in b]
    assert not leaks, leaks


def test_a_dropped_hls_channel_shows_signal_lost_and_comes_back(hls_app, city, watched):
    page = watched.page
    watched.login(hls_app.url, "officer")
    cams = _wall(page, hls_app.url, 4)
    _playing(page, 4, 2)
    gw = city[2]
    gw.dead(cams[1], True)
    try:
        _lost_while_others_play(page, 1, frames=3, timeout=20000)
        assert not page.locator("#video-wall .video-tile >> nth=1").locator("video[src]").count()  # no frozen picture
    finally:
        gw.dead(cams[1], False)
    page.wait_for_function(f"() => ({TILES})()[1].classList.contains('live')", timeout=30000)


def test_gateway_mjpeg_shares_one_wall_connection_and_a_dead_camera_stalls_nothing(mjpeg_app, city, watched):
    page = watched.page
    urls, bodies = _record(page)
    watched.login(mjpeg_app.url, "officer")
    page.goto(mjpeg_app.url + "/video")
    page.wait_for_selector("#video-wall .video-tile >> nth=15")
    _playing(page, 16, 3)
    cams = page.evaluate(f"() => ({TILES})().map(t => t.dataset.cam)")
    assert len([u for u in urls if "/media/mux" in u]) == 1
    gw = city[2]
    gw.dead(cams[4], True)
    try:
        _lost_while_others_play(page, 4, frames=2, timeout=15000)
        assert page.locator("#video-wall .video-tile >> nth=4").locator(".video-img").is_hidden()  # no frozen frame
    finally:
        gw.dead(cams[4], False)
    page.wait_for_function(f"() => ({TILES})()[4].classList.contains('live')", timeout=30000)
    assert not [b for b in bodies if SECRET.encode() in b or f":{gw.port}".encode() in b]


def signed_in(base: str, username: str) -> requests.Session:
    http = requests.Session()
    token = re.search(r'name="csrf" value="([^"]+)"', http.get(base + "/login", timeout=10).text).group(1)
    form = {"username": username, "password": accounts.DEMO_PASSWORD, "csrf": token}
    assert http.post(base + "/login", data=form, allow_redirects=False, timeout=10).status_code == 302
    return http


def test_an_offline_camera_is_refused_and_bad_relay_paths_change_nothing(hls_app, city):
    db_url = city[1]
    cam = camera_ids(db_url, 1)[0]
    base = f"{hls_app.url}/media/hls/{cam}"
    assert requests.get(f"{base}/index.m3u8", timeout=10).status_code == 401  # anonymous: nothing
    seat = signed_in(hls_app.url, "officer")
    requests_get = seat.get
    assert requests_get(f"{base}/index.m3u8", timeout=10).status_code == 200
    cookie = "; ".join(f"{k}={v}" for k, v in seat.cookies.items())
    for path in ("x/api/../../etc/passwd", "x/api/%2e%2e/%2e%2e/etc/passwd"):  # sent as is, not normalised
        conn = http.client.HTTPConnection("127.0.0.1", hls_app.port, timeout=10)
        conn.request("GET", f"/media/hls/{cam}/u/{path}", headers={"Cookie": cookie})
        resp = conn.getresponse()
        assert (resp.status, json.loads(resp.read())["error"]) == (400, "bad path")
    for path in ("u/api/config", "u/x/api/config", f"u/x/api/stream.m3u8?src={'1' * 20}"):  # not in a playlist
        resp = requests_get(f"{base}/{path}", timeout=10)
        assert resp.status_code == 403 and b"rtsp://" not in resp.content and SECRET.encode() not in resp.content
    assert requests_get(f"{hls_app.url}/media/hls/123/index.m3u8", timeout=10).status_code == 400
    assert requests_get(f"{hls_app.url}/media/hls/{'9' * 20}/index.m3u8", timeout=10).status_code == 404
    with write_session(db_url) as s:
        s.execute(update(Camera).where(Camera.id == cam).values(online=False))
    try:
        time.sleep(1.5)  # the media status is read at most once a second
        r = requests_get(f"{base}/index.m3u8", timeout=10)
        assert r.status_code == 503 and r.json()["error"] == "offline"
    finally:
        with write_session(db_url) as s:
            s.execute(update(Camera).where(Camera.id == cam).values(online=True))
    time.sleep(1.5)
    mux = requests_get(f"{hls_app.url}/media/mjpeg/{cam}", timeout=10)
    assert mux.status_code == 409 and mux.json()["playlist"] == f"/media/hls/{cam}/index.m3u8"
