"""A stand-in for the city's stream gateway (go2rtc / ZLMediaKit style): the simulated cameras over HTTP with
basic auth, as MJPEG and as live HLS (H.264 in MPEG-TS segments), so the app can be run and tested exactly as
against real cameras, credentials in the stream URL template included.

    python -m simulators.gateway --port 1984 --user admin --password secret
    CC_STREAM_URL_TEMPLATE='http://admin:secret@127.0.0.1:1984/api/stream.m3u8?src={camera_id}'   # or .mjpeg

Routes (all behind basic auth):
    GET  /api/stream.mjpeg?src=ID         multipart MJPEG at FPS
    GET  /api/stream.m3u8?src=ID          live playlist: the last WINDOW segments of SEGMENT seconds
    GET  /api/hls/segment.ts?src=ID&n=N   segment N (covers [N*SEGMENT, (N+1)*SEGMENT) seconds since the epoch)
    POST /control/dead?src=ID&on=1|0      the channel's link drops (or comes back): MJPEG stops sending, the
                                          playlist stops advancing, as when a camera's uplink fails
    GET  /api/config                      the gateway's own config, as go2rtc serves it: every channel's
                                          rtsp://user:password@... source (what the app's relay must never fetch)
The channel list (names, kinds, faults) is read from the database once at start, as a gateway knows its channels.
"""

from __future__ import annotations

import argparse
import base64
import hmac
import io
import threading
import time
from collections import OrderedDict
from datetime import UTC, datetime
from fractions import Fraction
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from data_access.db import read_session
from data_access.video import channels as video
from settings import SETTINGS
from simulators import scene as _scene

SEGMENT = 2  # seconds per HLS segment (one key frame each)
WINDOW = 4  # segments in the live playlist
HLS_FPS = 4
BOUNDARY = "gwframe"


class Channels:
    """What the gateway serves: the channels, which of them are dead, and recently encoded segments."""

    def __init__(self, cameras: dict[str, dict]):
        self.cameras = cameras
        self.dead: dict[str, float] = {}  # channel -> when its link dropped (epoch seconds)
        self.lock = threading.Lock()
        self.segments: OrderedDict[tuple[str, int], bytes] = OrderedDict()
        self.origin = int(time.time() // SEGMENT)  # segment numbers start here (keeps timestamps small)

    def newest(self, cid: str) -> int:
        """The newest complete segment of a channel; a dead channel's stops where its link dropped."""
        at = self.dead.get(cid, time.time())
        return max(self.origin, int(at // SEGMENT) - 1)

    def segment(self, cid: str, n: int) -> bytes:
        with self.lock:
            hit = self.segments.get((cid, n))
        if hit is None:
            hit = encode(cid, self.cameras[cid], n, self.origin)
            with self.lock:
                self.segments[(cid, n)] = hit
                while len(self.segments) > 256:
                    self.segments.popitem(last=False)
        return hit


def encode(cid: str, cam: dict, n: int, origin: int) -> bytes:
    """Segment n as MPEG-TS with H.264 (baseline, one GOP): timestamps continue across segments."""
    import av  # why: only the HLS side of the gateway needs PyAV (a dev dependency)

    out_buf = io.BytesIO()
    frames = SEGMENT * HLS_FPS
    with av.open(out_buf, "w", format="mpegts") as out:
        st = out.add_stream("libx264", rate=HLS_FPS)
        st.width, st.height, st.pix_fmt = _scene.W, _scene.H, "yuv420p"
        st.codec_context.time_base = Fraction(1, HLS_FPS)
        st.options = {"preset": "ultrafast", "tune": "zerolatency", "profile": "baseline", "g": str(frames)}
        for k in range(frames):
            at = datetime.fromtimestamp(n * SEGMENT + k / HLS_FPS, UTC)
            img = _scene.picture(cid, cam["name"], cam["kind"], cam["quality_fault"], at)
            frame = av.VideoFrame.from_image(img)
            frame.pts = (n - origin) * frames + k
            for packet in st.encode(frame):
                out.mux(packet)
        for packet in st.encode():
            out.mux(packet)
    return out_buf.getvalue()


def playlist(ch: Channels, cid: str) -> str:
    newest = ch.newest(cid)
    first = max(ch.origin, newest - WINDOW + 1)
    lines = ["#EXTM3U", "#EXT-X-VERSION:3", f"#EXT-X-TARGETDURATION:{SEGMENT}", f"#EXT-X-MEDIA-SEQUENCE:{first}"]
    for n in range(first, newest + 1):
        at = datetime.fromtimestamp(n * SEGMENT, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        lines += [f"#EXT-X-PROGRAM-DATE-TIME:{at}", f"#EXTINF:{SEGMENT:.3f},", f"hls/segment.ts?src={cid}&n={n}"]
    return "\n".join(lines) + "\n"


class GatewayHandler(BaseHTTPRequestHandler):
    """The routes above; `handler()` binds a subclass to its channels and credentials."""

    protocol_version = "HTTP/1.1"
    channels: Channels
    expected: str  # the Authorization header every request must carry
    rtsp_auth: str  # user:password of the cameras behind the gateway (in its config only)

    def log_message(self, *_args) -> None:  # quiet: a wall asks many times a second
        pass

    def _send(self, code: int, body: bytes, ctype: str, **headers: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for k, v in headers.items():
            self.send_header(k.replace("_", "-"), v)
        self.end_headers()
        self.wfile.write(body)

    def _channel(self) -> tuple[str, dict[str, list[str]]] | None:
        """(channel id, query) of an authorised request for a known channel; else the 401/404 is sent."""
        if not self._authorised():
            return None
        q = parse_qs(urlsplit(self.path).query)
        cid = (q.get("src") or [""])[0]
        if cid not in self.channels.cameras:
            self._send(404, b"no such channel\n", "text/plain")
            return None
        return cid, q

    def _authorised(self) -> bool:
        if hmac.compare_digest(self.headers.get("Authorization", ""), self.expected):
            return True
        self._send(401, b"unauthorized\n", "text/plain", WWW_Authenticate='Basic realm="gateway"')
        return False

    def do_GET(self) -> None:
        if urlsplit(self.path).path == "/api/config":
            if self._authorised():
                streams = "".join(f"  {c}: rtsp://{self.rtsp_auth}@10.64.0.{i % 250 + 2}:554/Streaming/Channels/101\n"
                                  for i, c in enumerate(self.channels.cameras))  # fmt: skip
                self._send(200, f"streams:\n{streams}".encode(), "text/yaml")
            return
        routes = {
            "/api/stream.m3u8": self._playlist,
            "/api/hls/segment.ts": self._segment,
            "/api/stream.mjpeg": self._mjpeg,
        }
        route = routes.get(urlsplit(self.path).path)
        found = self._channel()
        if found is None:
            return
        if route is None:
            self._send(404, b"not found\n", "text/plain")
            return
        route(*found)

    def _playlist(self, cid: str, _q: dict[str, list[str]]) -> None:
        self._send(200, playlist(self.channels, cid).encode(), "application/vnd.apple.mpegurl")

    def _segment(self, cid: str, q: dict[str, list[str]]) -> None:
        try:
            n = int((q.get("n") or [""])[0])
        except ValueError:
            n = -1
        if not self.channels.origin <= n <= self.channels.newest(cid):
            self._send(404, b"no such segment\n", "text/plain")
            return
        self._send(200, self.channels.segment(cid, n), "video/mp2t")

    def _mjpeg(self, cid: str, _q: dict[str, list[str]]) -> None:
        cam = self.channels.cameras[cid]
        self.send_response(200)
        self.send_header("Content-Type", f"multipart/x-mixed-replace; boundary={BOUNDARY}")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        period = 1 / _scene.FPS
        try:
            while True:
                if cid not in self.channels.dead:
                    jpeg = _scene.FRAMES.get(cid, cam["name"], cam["kind"], cam["quality_fault"], datetime.now(UTC))
                    head = f"--{BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: {len(jpeg)}\r\n\r\n"
                    self.wfile.write(head.encode() + jpeg + b"\r\n")
                    self.wfile.flush()
                time.sleep(period - (time.time() % period))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the viewer went away
        self.close_connection = True

    def do_POST(self) -> None:
        found = self._channel()
        if found is None:
            return
        cid, q = found
        if urlsplit(self.path).path != "/control/dead":
            self._send(404, b"not found\n", "text/plain")
            return
        if (q.get("on") or ["1"])[0] == "1":
            self.channels.dead.setdefault(cid, time.time())
        else:
            self.channels.dead.pop(cid, None)
        self._send(200, b"ok\n", "text/plain")


def handler(ch: Channels, user: str, password: str) -> type[GatewayHandler]:
    """A handler class serving `ch` to requests with these basic-auth credentials."""
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    return type("Handler", (GatewayHandler,), {"channels": ch, "expected": expected, "rtsp_auth": f"{user}:{password}"})


def load_channels(url: str) -> dict[str, dict]:
    with read_session(url) as s:
        df = video.camera_states(s)
    return {r["id"]: r for r in df[["id", "name", "kind", "quality_fault"]].astype(object).to_dict("records")}


def serve(port: int, user: str, password: str, url: str = SETTINGS.database_url) -> ThreadingHTTPServer:
    """A running gateway on 127.0.0.1:port (call .serve_forever(); .shutdown() to stop)."""
    server = ThreadingHTTPServer(("127.0.0.1", port), handler(Channels(load_channels(url)), user, password))
    server.daemon_threads = True
    return server


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m simulators.gateway", description=__doc__.split("\n\n")[0])
    p.add_argument("--port", type=int, default=1984)
    p.add_argument("--user", default="admin")
    p.add_argument("--password", required=True)
    p.add_argument("--url", default=SETTINGS.database_url, help="database with the channel list")
    a = p.parse_args(argv)
    server = serve(a.port, a.user, a.password, a.url)
    print(f"gateway on http://127.0.0.1:{a.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
