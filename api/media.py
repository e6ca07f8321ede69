"""Camera streams served by the app: MJPEG per camera (/media/mjpeg/<id>) and one multiplexed MJPEG
connection per wall (/media/mux?c=id,...). The browser only ever sees these URLs: the stream template
(settings.stream_url_template, possibly with credentials) is resolved here, on the server."""

from __future__ import annotations

import base64
import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

from flask import Blueprint, Response, jsonify, request

from api import _scene
from data_access import video
from data_access.db import read_session
from settings import SETTINGS

bp = Blueprint("media", __name__)
BOUNDARY = "ccframe"
MAX_TILES = 36
STATUS_TTL = 1.0  # seconds: how stale a camera's online state may be (offline shows within ~1 s + a frame)


class _Status:
    """Every channel's name/kind/online/fault, read at most once per STATUS_TTL per process."""

    def __init__(self):
        self.lock = threading.Lock()
        self.at = 0.0
        self.rows: dict[str, dict] = {}

    def get(self) -> dict[str, dict]:
        with self.lock:
            if time.monotonic() - self.at >= STATUS_TTL:
                try:
                    with read_session(SETTINGS.database_url) as s:
                        df = video.camera_states(s)
                    df = df.astype(object).where(df.notna(), None)  # NaT -> None
                    self.rows = {r["id"]: r for r in df.to_dict("records")}
                except Exception:  # noqa: BLE001 - keep the last known states while the DB is away
                    pass
                self.at = time.monotonic()
            return self.rows


class _Slots:
    """Open stream connections per client address (each holds a server thread)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.open: dict[str, int] = {}

    def take(self, who: str) -> bool:
        with self.lock:
            if self.open.get(who, 0) >= SETTINGS.stream_max_per_client:
                return False
            self.open[who] = self.open.get(who, 0) + 1
            return True

    def give(self, who: str) -> None:
        with self.lock:
            self.open[who] = max(0, self.open.get(who, 1) - 1)


STATUS, SLOTS = _Status(), _Slots()


def _iso(at: datetime | None) -> str | None:
    return None if at is None else at.replace(tzinfo=UTC).astimezone(_scene.CST).isoformat(timespec="seconds")


def _error(code: int, error: str, **extra) -> Response:
    resp = jsonify(error=error, **extra)
    resp.status_code = code
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _simulated() -> bool:
    return SETTINGS.stream_url_template.startswith("/")


def _part(body: bytes, ctype: str, camera: str, at: datetime | None = None) -> bytes:
    head = f"--{BOUNDARY}\r\nContent-Type: {ctype}\r\nX-Camera: {camera}\r\n"
    if at is not None:
        head += f"X-Frame-At: {_iso(at)}\r\n"
    return head.encode() + f"Content-Length: {len(body)}\r\n\r\n".encode() + body + b"\r\n"


def _meta(cid: str, row: dict | None) -> dict:
    if row is None:
        return {"camera": cid, "state": "unknown"}
    return {
        "camera": cid,
        "name": row["name"],
        "state": "live" if row["online"] else "offline",
        "fault": row["quality_fault"],
        "since": _iso(row["status_at"]),
    }


def _stream(response_parts: Iterator[bytes], who: str) -> Response:
    def body():
        try:
            yield from response_parts
        finally:  # the client went away (or the camera did): free the slot
            SLOTS.give(who)

    resp = Response(body(), mimetype=f"multipart/x-mixed-replace; boundary={BOUNDARY}")
    resp.headers["Cache-Control"] = "no-store"
    resp.headers["X-Accel-Buffering"] = "no"
    return resp


def _ticks() -> Iterator[datetime]:
    """Frame times at FPS, sleeping between them; the first is now."""
    period = 1 / _scene.FPS
    while True:
        yield datetime.now(UTC)
        time.sleep(period - (time.time() % period))


def _single(cid: str) -> Iterator[bytes]:
    for at in _ticks():
        row = STATUS.get().get(cid)
        if row is None or not row["online"]:
            return  # the camera went offline: end the stream instead of repeating its last frame
        frame = _scene.FRAMES.get(cid, row["name"], row["kind"], row["quality_fault"], at)
        yield _part(frame, "image/jpeg", cid, at)


def _mux(ids: list[str]) -> Iterator[bytes]:
    sent: dict[str, tuple] = {}
    for at in _ticks():
        states = STATUS.get()
        for cid in ids:
            row = states.get(cid)
            meta = _meta(cid, row)
            key = (meta["state"], meta.get("fault"), meta.get("name"))
            if sent.get(cid) != key:
                sent[cid] = key
                yield _part(json.dumps(meta, ensure_ascii=False).encode(), "application/json", cid)
            if meta["state"] == "live":
                frame = _scene.FRAMES.get(cid, row["name"], row["kind"], row["quality_fault"], at)
                yield _part(frame, "image/jpeg", cid, at)


def _proxy(url: str) -> Iterator[bytes]:
    """Relay an upstream MJPEG (credentials from the template go in a header, never to the browser)."""
    parts = urlsplit(url)
    clean = urlunsplit((parts.scheme, parts.hostname + (f":{parts.port}" if parts.port else ""), *parts[2:]))
    req = urllib.request.Request(clean)
    if parts.username:
        token = base64.b64encode(f"{parts.username}:{parts.password or ''}".encode()).decode()
        req.add_header("Authorization", f"Basic {token}")
    with urllib.request.urlopen(req, timeout=5) as upstream:
        while chunk := upstream.read(16384):
            yield chunk


@bp.get("/media/mjpeg/<camera_id>")
def mjpeg(camera_id: str):
    """One camera as MJPEG; 400 bad id, 404 unknown, 503 offline (with the time of its last frame)."""
    if not video.CAMERA_ID.match(camera_id):
        return _error(400, "camera id must be 20 digits (GB/T 28181)")
    row = STATUS.get().get(camera_id)
    if row is None:
        return _error(404, "unknown camera")
    if not row["online"]:
        return _error(503, "offline", last_frame_at=_iso(row["status_at"]))
    target = SETTINGS.stream_url_template.format(camera_id=camera_id)
    if not _simulated() and not target.startswith(("http://", "https://")):
        return _error(501, "this stream needs a gateway (RTSP/GB28181 is not playable in a browser)")
    who = request.remote_addr or "-"
    if not SLOTS.take(who):
        return _error(429, "too many open streams from this address")
    if _simulated():
        return _stream(_single(camera_id), who)
    return _stream(_proxy(target), who)


@bp.get("/media/mux")
def mux():
    """Up to 36 cameras over one connection: JSON state parts and JPEG frame parts, each with X-Camera."""
    ids = [c for c in request.args.get("c", "").split(",") if c]
    if not ids or len(ids) > MAX_TILES or len(set(ids)) != len(ids):
        return _error(400, f"c must list 1 to {MAX_TILES} distinct camera ids")
    if not all(video.CAMERA_ID.match(c) for c in ids):
        return _error(400, "camera id must be 20 digits (GB/T 28181)")
    if not _simulated():
        return _error(501, "multiplexing needs the simulator or a gateway; open /media/mjpeg/<id> per tile")
    who = request.remote_addr or "-"
    if not SLOTS.take(who):
        return _error(429, "too many open streams from this address")
    return _stream(_mux(ids), who)
