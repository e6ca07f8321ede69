"""Camera streams served by the app: MJPEG per camera (/media/mjpeg/<id>), one multiplexed connection per wall
(/media/mux?c=id,...: JPEG frames and channel states) and an HLS relay (/media/hls/<id>/index.m3u8). The browser
only ever sees these URLs: the stream template (settings.stream_url_template, possibly with credentials) is
resolved here, on the server. Simulator cameras ('/media/...' template) are drawn by the app; real ones come
from a gateway (go2rtc, ZLMediaKit: HTTP MJPEG or HLS)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from urllib.parse import unquote

from flask import Blueprint, Response, jsonify, request

from api import _upstream
from api._upstream import READERS, SEGMENTS, UpstreamError
from data_access.db import read_session
from data_access.roles import MEDIA_ROLES
from data_access.video import channels as video
from settings import SETTINGS, Settings
from simulators import scene as _scene  # why: in simulator mode the app itself serves the synthetic cameras
from web.auth import current_principal, record
from web.limits import StreamSlots
from web.streams import kind as stream_kind

bp = Blueprint("media", __name__)
BOUNDARY = "ccframe"
MAX_TILES = 36
STATUS_TTL = 1.0  # seconds: how stale a camera's online state may be (offline shows within ~1 s + a frame)
UPSTREAM_FPS = 5.0  # gateway cameras: at most this many frames per second per tile on the wall stream
KEEPALIVE = 15.0  # seconds between keep-alive parts on a state-only stream
RELAY_TTL = 300  # seconds: a relay path handed out in a playlist is valid for 5 to 10 minutes


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


class _Slots(StreamSlots):
    """Open stream connections per client address (each holds a server thread), counted across every worker
    (web/limits.StreamSlots: Redis when configured, else lock files on this host)."""

    def _settings(self) -> Settings:
        return SETTINGS


STATUS, SLOTS = _Status(), _Slots()


def _iso(at: datetime | None) -> str | None:
    return None if at is None else at.replace(tzinfo=UTC).astimezone(_scene.CST).isoformat(timespec="seconds")


def _error(code: int, error: str, **extra) -> Response:
    resp = jsonify(error=error, **extra)
    resp.status_code = code
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.before_request
def _seats_only():
    """Every camera route is for the hall's seats and its wall only (the wall shows camera tiles and an alarm's live
    picture in the hall): anonymous users and visitors get nothing."""
    who = current_principal()
    if who.user_id is None or who.role not in MEDIA_ROLES:
        record(who, "media", request.path[:200], "denied")
        return _error(401 if who.user_id is None else 403, "cameras are shown to signed-in seats only")
    return None


def _simulated() -> bool:
    return stream_kind(SETTINGS.stream_url_template) == "sim"


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


def _ticks(fps: float = _scene.FPS) -> Iterator[datetime]:
    """Frame times at fps, sleeping between them; the first is now."""
    period = 1 / fps
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


def _mux_gateway(ids: list[str], frames: bool) -> Iterator[bytes]:
    """Gateway cameras: each camera's shared reader feeds every wall showing it. A camera the gateway stopped
    sending is 'lost' (with the time of its last frame) while the others go on."""
    sent: dict[str, tuple] = {}
    seqs: dict[str, int] = {}
    quiet = time.monotonic()
    for _at in _ticks(UPSTREAM_FPS if frames else 1.0):
        states = STATUS.get()
        for cid in ids:
            meta, reader = _meta(cid, states.get(cid)), None
            if frames and meta["state"] == "live":
                reader = READERS.get(cid, SETTINGS.stream_url_template)
                if not reader.alive():
                    meta = {**meta, "state": "lost", "since": _iso(reader.at) or meta["since"]}
            key = (meta["state"], meta.get("fault"), meta.get("name"))
            if sent.get(cid) != key:
                sent[cid], quiet = key, time.monotonic()
                yield _part(json.dumps(meta, ensure_ascii=False).encode(), "application/json", cid)
            if reader is not None and meta["state"] == "live" and reader.frame and reader.seq != seqs.get(cid):
                seqs[cid], quiet = reader.seq, time.monotonic()
                yield _part(reader.frame, "image/jpeg", cid, reader.at)
        if time.monotonic() - quiet > KEEPALIVE:  # no camera changed: tell proxies and the browser we are here
            quiet = time.monotonic()
            yield _part(b"{}", "application/json", "")


def _proxy(camera_id: str) -> Iterator[bytes]:
    """One gateway MJPEG relayed as it comes (credentials from the template go in a header, never to the browser)."""
    reader = READERS.get(camera_id, SETTINGS.stream_url_template)
    seq = -1
    for _at in _ticks(UPSTREAM_FPS):
        reader = READERS.get(camera_id, SETTINGS.stream_url_template)
        if not reader.alive():
            return
        if reader.frame and reader.seq != seq:
            seq = reader.seq
            yield _part(reader.frame, "image/jpeg", camera_id, reader.at)


def _known(camera_id: str, online: bool = True) -> Response | None:
    """The error answer for a bad, unknown or (when asked) offline camera; None when it may be streamed."""
    if not video.CAMERA_ID.match(camera_id):
        return _error(400, "camera id must be 20 digits (GB/T 28181)")
    row = STATUS.get().get(camera_id)
    if row is None:
        return _error(404, "unknown camera")
    if online and not row["online"]:
        return _error(503, "offline", last_frame_at=_iso(row["status_at"]))
    return None


@bp.get("/media/mjpeg/<camera_id>")
def mjpeg(camera_id: str):
    """One camera as MJPEG; 400 bad id, 404 unknown, 503 offline (with the time of its last frame)."""
    if (denied := _known(camera_id)) is not None:
        return denied
    how = stream_kind(SETTINGS.stream_url_template)
    if how == "gateway":
        return _error(501, "this stream needs a gateway (RTSP/GB28181 is not playable in a browser)")
    if how == "hls":
        return _error(409, "this camera streams HLS", playlist=f"/media/hls/{camera_id}/index.m3u8")
    who = request.remote_addr or "-"
    if not SLOTS.take(who):
        return _error(429, "too many open streams from this address")
    return _stream(_single(camera_id) if how == "sim" else _proxy(camera_id), who)


@bp.get("/media/mux")
def mux():
    """Up to 36 cameras over one connection: JSON state parts and JPEG frame parts, each with X-Camera."""
    ids = [c for c in request.args.get("c", "").split(",") if c]
    if not ids or len(ids) > MAX_TILES or len(set(ids)) != len(ids):
        return _error(400, f"c must list 1 to {MAX_TILES} distinct camera ids")
    if not all(video.CAMERA_ID.match(c) for c in ids):
        return _error(400, "camera id must be 20 digits (GB/T 28181)")
    how = stream_kind(SETTINGS.stream_url_template)
    if how == "gateway":
        return _error(501, "this stream needs a gateway (RTSP/GB28181 is not playable in a browser)")
    who = request.remote_addr or "-"
    if not SLOTS.take(who):
        return _error(429, "too many open streams from this address")
    if how == "sim":
        return _stream(_mux(ids), who)
    return _stream(_mux_gateway(ids, frames=how == "mjpeg" and request.args.get("frames") != "0"), who)


def _relayed(body: bytes, ctype: str, cache: str) -> Response:
    resp = Response(body, mimetype=ctype or "application/octet-stream")
    resp.headers["Cache-Control"] = cache
    return resp


def _sig(camera_id: str, exp: int, rel: str) -> str:
    key = hmac.new(SETTINGS.secret_key.encode(), b"cc-media-relay", hashlib.sha256).digest()
    return hmac.new(key, f"{camera_id}\n{exp}\n{rel}".encode(), hashlib.sha256).hexdigest()[:32]


def _canonical(path: str, query: str) -> str:
    """A relay path as signed: the path decoded (as Flask hands it to the route), the query as sent."""
    return unquote(path) + (f"?{query}" if query else "")


def _signer(camera_id: str) -> Callable[[str], str]:
    """The relay URL of each upstream path in a playlist this app rewrote: it carries a signature of the camera and
    the path (the allowlist travels with the URL, so every worker knows it), valid until `exp`."""
    exp = (int(time.time()) // RELAY_TTL + 2) * RELAY_TTL  # stable for RELAY_TTL: segment URLs stay cacheable

    def local(rel: str) -> str:
        path, _, query = rel.partition("?")
        return f"/media/hls/{camera_id}/u/{exp:x}.{_sig(camera_id, exp, _canonical(path, query))}/{rel}"

    return local


def _listed(camera_id: str, token: str, path: str, query: str) -> bool:
    """The path is one a playlist of this camera handed out, and not expired."""
    exp_hex, _, sig = token.partition(".")
    try:
        exp = int(exp_hex, 16)
    except ValueError:
        return False
    if not time.time() <= exp <= time.time() + 3 * RELAY_TTL:
        return False
    return hmac.compare_digest(sig, _sig(camera_id, exp, _canonical(path, query)))


def _playlist(t: _upstream.Target, url: str, camera_id: str) -> Response:
    body, _ctype = _upstream.fetch(t, url, limit=1024 * 1024)
    text = _upstream.rewrite(body.decode("utf-8", "replace"), url, t, _signer(camera_id))
    return _relayed(text.encode(), "application/vnd.apple.mpegurl", "no-store")


@bp.get("/media/hls/<camera_id>/index.m3u8")
def hls_index(camera_id: str):
    """A camera's HLS playlist, relayed from its gateway with every URI pointing back here."""
    if (denied := _known(camera_id)) is not None:
        return denied
    if stream_kind(SETTINGS.stream_url_template) != "hls":
        return _error(409, "this camera does not stream HLS")
    t = _upstream.target(camera_id, SETTINGS.stream_url_template)
    try:
        return _playlist(t, t.url, camera_id)
    except UpstreamError as e:
        return _error(502, str(e))


@bp.get("/media/hls/<camera_id>/u/<path:rest>")
def hls_relay(camera_id: str, rest: str):
    """A playlist or media segment that one of this camera's relayed playlists listed (`u/<signature>/<path>`),
    from the camera's own gateway (never another host, never another path); segments are shared."""
    if (denied := _known(camera_id, online=False)) is not None:
        return denied
    if stream_kind(SETTINGS.stream_url_template) != "hls":
        return _error(409, "this camera does not stream HLS")
    t = _upstream.target(camera_id, SETTINGS.stream_url_template)
    token, _, path = rest.partition("/")
    query = request.query_string.decode("latin-1")
    try:
        url = _upstream.upstream_url(t, path, query)
        if not _listed(camera_id, token, path, query):
            return _error(403, "not a part of this camera's stream")
        if _upstream.is_playlist(url, ""):
            return _playlist(t, url, camera_id)
        hit = SEGMENTS.get(url)
        if hit is None:
            hit = _upstream.fetch(t, url)
            if _upstream.is_playlist(url, hit[1]):
                return _playlist(t, url, camera_id)
            SEGMENTS.put(url, *hit)
        return _relayed(hit[0], hit[1], "private, max-age=60")
    except UpstreamError as e:
        return _error(400 if str(e) == "bad path" else 502, str(e))
