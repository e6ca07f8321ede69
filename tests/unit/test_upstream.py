"""The gateway side of the video wall: templates resolved with credentials kept on the server, HLS playlists
rewritten to the app's own relay, MJPEG parts read from a real multipart stream."""

from __future__ import annotations

import io

import pytest

from api import _upstream as up
from web import streams

TEMPLATE = "http://cam:s3cret@10.1.2.3:1984/api/stream.m3u8?src={camera_id}"
CAM = "64018102001316000001"


def test_the_template_decides_how_tiles_play():
    assert streams.kind("/media/mjpeg/{camera_id}") == "sim"
    assert streams.kind(TEMPLATE) == "hls"
    assert streams.kind("https://gw/live/{camera_id}/hls.m3u8?secret=x") == "hls"
    assert streams.kind("http://gw:1984/api/stream.mjpeg?src={camera_id}") == "mjpeg"
    assert streams.kind("rtsp://admin:pw@10.0.0.9:554/Streaming/Channels/{camera_id}") == "gateway"


def test_credentials_leave_the_url_for_a_header():
    t = up.target(CAM, TEMPLATE)
    assert t.url == f"http://10.1.2.3:1984/api/stream.m3u8?src={CAM}"
    assert t.headers["Authorization"] == "Basic Y2FtOnMzY3JldA=="  # cam:s3cret
    assert t.origin == ("http", "10.1.2.3:1984")
    assert "Authorization" not in up.target(CAM, "http://gw/api/stream.m3u8?src={camera_id}").headers


def test_a_playlist_points_only_at_the_relay_and_drops_other_hosts():
    t = up.target(CAM, TEMPLATE)
    playlist = "\n".join([
        "#EXTM3U",
        "#EXT-X-TARGETDURATION:2",
        '#EXT-X-MAP:URI="init.mp4"',
        "#EXTINF:2.000,",
        "hls/segment.ts?src=1&n=5",
        "#EXTINF:2.000,",
        "/abs/seg6.ts",
        "#EXTINF:2.000,",
        "http://evil.example/steal.ts",
        '#EXT-X-KEY:METHOD=AES-128,URI="http://evil.example/key"',
        "#EXTINF:2.000,",
        "http://10.1.2.3:1984/api/seg7.ts",
    ])  # fmt: skip
    out = up.rewrite(playlist, t.url, t, f"/media/hls/{CAM}/u/")
    local = f"/media/hls/{CAM}/u/"
    assert out.splitlines() == [
        "#EXTM3U",
        "#EXT-X-TARGETDURATION:2",
        f'#EXT-X-MAP:URI="{local}api/init.mp4"',
        "#EXTINF:2.000,",
        f"{local}api/hls/segment.ts?src=1&n=5",
        "#EXTINF:2.000,",
        f"{local}abs/seg6.ts",
        "#EXTINF:2.000,",
        f"{local}api/seg7.ts",
    ]
    assert "10.1.2.3" not in out and "s3cret" not in out and "evil" not in out


@pytest.mark.parametrize("path", ["../etc/passwd", "api/../../x", "a\\b", "a b", "a\x00b"])
def test_relay_paths_cannot_climb_or_smuggle(path):
    with pytest.raises(up.UpstreamError, match="bad path"):
        up.upstream_url(up.target(CAM, TEMPLATE), path, "")


def test_relay_urls_stay_on_the_cameras_gateway():
    t = up.target(CAM, TEMPLATE)
    assert up.upstream_url(t, "api/hls/segment.ts", "n=3") == "http://10.1.2.3:1984/api/hls/segment.ts?n=3"
    assert up.upstream_url(t, "//evil.example/x", "").startswith("http://10.1.2.3:1984/")


def test_mjpeg_parts_with_and_without_content_length():
    jpeg1, jpeg2 = b"\xff\xd8one\r\n--x\xff\xd9", b"\xff\xd8two\xff\xd9"
    stream = (b"--gw\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n" % len(jpeg1) + jpeg1 + b"\r\n"
              + b"--gw\r\nContent-Type: image/jpeg\r\n\r\n" + jpeg2 + b"\r\n--gw\r\n")  # fmt: skip
    assert list(up.parts(io.BufferedReader(io.BytesIO(stream), 7), b"gw")) == [jpeg1, jpeg2]


def test_a_stream_without_boundaries_is_refused_not_buffered_forever():
    with pytest.raises(up.UpstreamError):
        list(up.parts(io.BytesIO(b"x" * (up.MAX_PART + 70000)), b"gw"))


def test_the_segment_cache_is_bounded_and_expires():
    cache = up.SegmentCache(max_bytes=10, ttl=60)
    cache.put("a", b"12345", "video/mp2t")
    cache.put("b", b"12345", "video/mp2t")
    cache.put("c", b"12345", "video/mp2t")
    assert cache.get("a") is None and cache.get("c") == (b"12345", "video/mp2t") and cache.size == 10
    cache.ttl = -1
    assert cache.get("c") is None
