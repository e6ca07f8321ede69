"""Browser fixtures: a live gunicorn server on a temp SQLite file, and headless Debian Chromium pages that
fail the test on any console error or server error response."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, sync_playwright

from data_access import accounts
from data_access.db import dispose, write_session
from tests.browser.shoot import CHROMIUM, FLAGS
from tests.templates import CITY_USERS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
REFRESH_SECONDS = 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """The app under gunicorn (one gthread worker) as `make run` serves it, on its own port and database."""

    def __init__(self, tmp: Path, **env: str):
        self.tmp = tmp
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db_url = f"sqlite:///{tmp / 'live.db'}"
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "CC_DATABASE_URL": self.db_url,
            "CC_PORT": str(self.port),
            "CC_CACHE_DIR": str(tmp / "cache"),
            "CC_REFRESH_SECONDS": str(REFRESH_SECONDS),
            "CC_SECRET_KEY": "test-secret-key",
            "CC_REDIS_URL": "",
            "CC_WALL_PLAYLIST": str(tmp / "playlist.json"),  # never the repo's var/playlist.json
            **env,
        }
        self.proc: subprocess.Popen | None = None
        self.log = tmp / "server.log"

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "--config",
                    str(ROOT / "gunicorn.conf.py"),
                    "--workers",
                    "1",
                    "wsgi:application",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.time() + 60
        while time.time() < deadline and self.proc.poll() is None:
            try:
                if requests.get(self.url + "/healthz", timeout=2).status_code in (200, 503):
                    return
            except requests.RequestException:  # why: a busy machine answers slowly at first, too
                time.sleep(0.3)
        raise RuntimeError(f"server did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()


def pytest_collection_modifyitems(items) -> None:
    """Every test under tests/browser/ is a browser test (`make test-fast` leaves them out), marked or not."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def live(tmp_path_factory, sqlite_templates) -> Iterator[LiveServer]:
    tmp = tmp_path_factory.mktemp("live")
    server = LiveServer(tmp)
    sqlite_templates.copy(tmp / "live.db", CITY_USERS)
    server.start()
    yield server
    server.stop()
    dispose(server.db_url)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


class Watched:
    """A page plus what went wrong on it: console errors, page errors, server errors."""

    def __init__(self, page: Page):
        self.page = page
        self.problems: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        page.on("response", lambda r: r.status >= 500 and self.problems.append(f"HTTP {r.status} {r.url}"))

    def login(self, base: str, username: str) -> None:
        self.page.goto(base + "/login")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", accounts.DEMO_PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(base + "/")


@pytest.fixture
def watched(browser) -> Iterator[Watched]:
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    w = Watched(ctx.new_page())
    yield w
    ctx.close()
    assert not w.problems, "\n".join(w.problems)


class FeedAlive:
    """A feed reporting in every half second (like the live simulator) until stopped: panels stay live."""

    def __init__(self, db_url: str):
        import threading

        self.db_url = db_url
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        from data_access import events as ev
        from data_access.worktime import utcnow
        from data_access.writes import apply

        while not self._stop.is_set():
            with write_session(self.db_url) as s:
                apply(s, [ev.FeedHeartbeat("test-feed", utcnow())])
            self._stop.wait(0.5)

    def __enter__(self) -> FeedAlive:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def __exit__(self, *_exc) -> None:
        self.stop()
