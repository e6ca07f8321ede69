"""Real cameras behind a stream gateway: the stream URL template resolved on the server (credentials go into an
Authorization header, never to the browser), shared MJPEG readers for the multiplexed wall stream, and an HLS
relay that rewrites playlists so the browser only ever fetches this app's own URLs."""

from __future__ import annotations

import base64
import re
import threading
import time
import urllib.error
import urllib.request
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

from settings import SETTINGS

TIMEOUT = 5.0  # seconds to connect to / hear from the gateway
IDLE = 15.0  # an MJPEG reader nobody watched for this long stops
STALL = 5.0  # no frame from the gateway for this long: the channel is lost (信号中断)
MAX_PART = 4 * 1024 * 1024  # one JPEG larger than this is not a frame but a broken stream


class UpstreamError(Exception):
    """The gateway could not be reached or answered with an error."""


@dataclass(frozen=True)
class Target:
    """Where a camera's stream is: the URL without credentials, and the header that carries them."""

    url: str
    headers: dict[str, str]

    @property
    def origin(self) -> tuple[str, str]:
        parts = urlsplit(self.url)
        return parts.scheme, parts.netloc


def target(camera_id: str, template: str | None = None) -> Target:
    template = SETTINGS.stream_url_template if template is None else template
    parts = urlsplit(template.format(camera_id=camera_id))
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
    headers = {"User-Agent": "lingwu-cc/1"}
    if parts.username:
        token = base64.b64encode(f"{parts.username}:{parts.password or ''}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    return Target(urlunsplit((parts.scheme, netloc, *parts[2:])), headers)


def fetch(t: Target, url: str | None = None, limit: int = 16 * 1024 * 1024) -> tuple[bytes, str]:
    """GET url (default the target's) with the target's credentials: (body, content type)."""
    req = urllib.request.Request(url or t.url, headers=t.headers)
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
            body = resp.read(limit + 1)
            ctype = resp.headers.get("Content-Type", "")
    except urllib.error.HTTPError as e:
        raise UpstreamError(f"gateway answered {e.code}") from None
    except (OSError, ValueError) as e:
        raise UpstreamError(f"gateway unreachable ({type(e).__name__})") from None
    if len(body) > limit:
        raise UpstreamError("gateway answer too large")
    return body, ctype


# ---------------------------------------------------------------- HLS relay

URI_ATTR = re.compile(r'URI="([^"]*)"')


def is_playlist(url: str, ctype: str) -> bool:
    return "mpegurl" in ctype.lower() or urlsplit(url).path.endswith(".m3u8")


def rewrite(playlist: str, base: str, t: Target, local: str | Callable[[str], str]) -> str:
    """Every URI in an HLS playlist (lines and URI="..." attributes) pointed at `local` + its upstream path (or
    `local(path)` when it is a function: the relay signs each path it hands out, and serves only those).
    URIs on another host than the camera's gateway are dropped: the relay fetches from that gateway only."""

    def relay(uri: str) -> str | None:
        absolute = urlsplit(urljoin(base, uri.strip()))
        if (absolute.scheme, absolute.netloc) != t.origin:
            return None
        path = absolute.path.lstrip("/") + (f"?{absolute.query}" if absolute.query else "")
        return local(path) if callable(local) else local + path

    out = []
    for line in playlist.splitlines():
        if line.startswith("#"):
            bad = False

            def attr(m: re.Match) -> str:
                nonlocal bad
                new = relay(m.group(1))
                bad = bad or new is None
                return f'URI="{new}"'

            line = URI_ATTR.sub(attr, line)
            if not bad:
                out.append(line)
        elif line.strip():
            new = relay(line)
            if new is not None:
                out.append(new)
            elif out and out[-1].startswith("#EXTINF"):
                out.pop()  # the segment's duration line goes with it
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def upstream_url(t: Target, path: str, query: str) -> str:
    """The gateway URL behind a relayed path (same scheme and host as the camera's stream, always)."""
    if ".." in path.split("/") or "\\" in path or any(ord(c) < 33 for c in path):
        raise UpstreamError("bad path")
    scheme, netloc = t.origin
    return urlunsplit((scheme, netloc, "/" + path, query, ""))


class SegmentCache:
    """Recently relayed media segments, shared by every viewer (43 seats on one camera fetch it once)."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024, ttl: float = 60.0):
        self.max_bytes, self.ttl = max_bytes, ttl
        self.items: OrderedDict[str, tuple[float, bytes, str]] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, url: str) -> tuple[bytes, str] | None:
        with self.lock:
            hit = self.items.get(url)
            if hit is None or time.monotonic() - hit[0] > self.ttl:
                return None
            self.items.move_to_end(url)
            return hit[1], hit[2]

    def put(self, url: str, body: bytes, ctype: str) -> None:
        with self.lock:
            old = self.items.pop(url, None)
            self.size -= len(old[1]) if old else 0
            self.items[url] = (time.monotonic(), body, ctype)
            self.size += len(body)
            while self.size > self.max_bytes and self.items:
                _, (_, dropped, _) = self.items.popitem(last=False)
                self.size -= len(dropped)


SEGMENTS = SegmentCache()


# ---------------------------------------------------------------- MJPEG readers


class Reader:
    """One connection to a camera's MJPEG on the gateway, shared by every wall that shows it. Keeps the newest
    frame; reconnects with back-off; stops when nobody has asked for a frame for IDLE seconds."""

    def __init__(self, camera_id: str, t: Target):
        self.camera_id, self.t = camera_id, t
        self.frame: bytes | None = None
        self.seq = 0
        self.at: datetime | None = None  # when the newest frame arrived
        self.error = ""
        self.wanted = time.monotonic()
        self.started = time.monotonic()
        self.thread = threading.Thread(target=self._run, name=f"mjpeg-{camera_id}", daemon=True)
        self.thread.start()

    def alive(self) -> bool:
        """A frame arrived within STALL seconds (or the reader is still connecting for the first time)."""
        last = self.at.timestamp() if self.at else None
        if last is None:
            return time.monotonic() - self.started < STALL and not self.error
        return time.time() - last < STALL

    def _run(self) -> None:
        backoff = 1.0
        while time.monotonic() - self.wanted < IDLE:
            try:
                self._read()
                backoff = 1.0
            except (OSError, ValueError, UpstreamError) as e:
                self.error = type(e).__name__
            time.sleep(backoff)
            backoff = min(backoff * 2, 8.0)

    def _read(self) -> None:
        req = urllib.request.Request(self.t.url, headers=self.t.headers)
        with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
            m = re.search(r'boundary="?([^";]+)"?', resp.headers.get("Content-Type", ""))
            if not m:
                raise UpstreamError("not a multipart stream")
            self.error = ""
            for jpeg in parts(resp, m.group(1).removeprefix("--").encode()):
                self.frame, self.at = jpeg, datetime.now(UTC)
                self.seq += 1
                if time.monotonic() - self.wanted >= IDLE:
                    return


def parts(stream, boundary: bytes):
    """JPEG bodies out of a multipart/x-mixed-replace stream (by Content-Length, else up to the next boundary)."""
    buf = b""
    marker = b"--" + boundary
    while True:
        start = buf.find(marker)
        head_end = buf.find(b"\r\n\r\n", start) if start >= 0 else -1
        if head_end < 0:
            chunk = stream.read1(65536) if hasattr(stream, "read1") else stream.read(65536)
            if not chunk:
                return
            buf += chunk
            if len(buf) > MAX_PART:
                raise UpstreamError("no frame boundary")
            continue
        headers = buf[start:head_end].decode("latin-1").lower()
        m = re.search(r"content-length:\s*(\d+)", headers)
        body_start = head_end + 4
        if m:
            end = body_start + int(m.group(1))
            if int(m.group(1)) > MAX_PART:
                raise UpstreamError("frame too large")
        else:
            end = buf.find(marker, body_start)
            end = -1 if end < 0 else end - 2  # the CRLF before the next boundary
        while end < 0 or len(buf) < end:
            chunk = stream.read1(65536) if hasattr(stream, "read1") else stream.read(65536)
            if not chunk:
                return
            buf += chunk
            if len(buf) > 2 * MAX_PART:
                raise UpstreamError("frame too large")
            if not m:
                end = buf.find(marker, body_start)
                end = -1 if end < 0 else end - 2
        yield buf[body_start:end]
        buf = buf[end:]


class Readers:
    """The MJPEG readers by camera, started on first use."""

    def __init__(self):
        self.lock = threading.Lock()
        self.readers: dict[str, Reader] = {}

    def get(self, camera_id: str, template: str | None = None) -> Reader:
        with self.lock:
            r = self.readers.get(camera_id)
            if r is None or not r.thread.is_alive() or (template is not None and r.t != target(camera_id, template)):
                r = self.readers[camera_id] = Reader(camera_id, target(camera_id, template))
            r.wanted = time.monotonic()
            return r


READERS = Readers()
