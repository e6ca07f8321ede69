"""Simulated streams: MJPEG per camera and the multiplexed wall stream; offline, bad input, credentials."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask

from api import auth as auth_api
from api import media
from data_access import events as ev
from data_access.db import dispose, write_session
from data_access.writes import apply
from simulators import scene as _scene
from tests.templates import CITY_USERS
from tests.unit.test_media_relay import sign_in

CAM, CAM2, CAM3 = "64018100001316000002", "64018100001316000003", "64018100001316000004"


@pytest.fixture(scope="module")
def url(tmp_path_factory, sqlite_templates):
    url = sqlite_templates.copy(tmp_path_factory.mktemp("media") / "m.db", CITY_USERS)
    yield url
    dispose(url)


@pytest.fixture
def client(url, monkeypatch):
    """A signed-in seat (every /media route is for seats only: tests/unit/test_media_relay.py)."""
    settings = dataclasses.replace(media.SETTINGS, database_url=url)
    monkeypatch.setattr(media, "SETTINGS", settings)
    monkeypatch.setattr(media, "STATUS", media._Status())
    monkeypatch.setattr(media, "SLOTS", media._Slots())
    app = Flask(__name__)
    app.config.update(SECRET_KEY="media-test-key", CC_SETTINGS=settings)
    app.register_blueprint(auth_api.bp)
    app.register_blueprint(media.bp)
    client = app.test_client()
    sign_in(client, "officer")
    return client


def parts(resp, n: int) -> list[tuple[dict, bytes]]:
    """The first n parts of a multipart stream, then close it (as a browser tab would)."""
    buf, out = b"", []
    it = iter(resp.response)
    while len(out) < n:
        buf += next(it)
        while b"\r\n\r\n" in buf and len(out) < n:
            head, rest = buf.split(b"\r\n\r\n", 1)
            headers = dict(line.split(": ", 1) for line in head.decode().split("\r\n")[1:])
            size = int(headers["Content-Length"])
            if len(rest) < size + 2:
                break
            out.append((headers, rest[:size]))
            buf = rest[size + 2 :]
    resp.close()
    return out


def set_online(url: str, cam: str, online: bool, key: str) -> None:
    with write_session(url) as s:
        apply(s, [ev.CameraStatus(f"t-{key}", cam, datetime(2024, 5, 1, 2, 0), online=online)])


def test_frames_move_and_carry_the_channel_name_and_time():
    t0 = datetime(2024, 5, 1, 2, 0, tzinfo=UTC)
    a = _scene.render(CAM, "测试通道", "xueliang", None, t0)
    b = _scene.render(CAM, "测试通道", "xueliang", None, t0 + timedelta(seconds=1))
    assert a[:2] == b"\xff\xd8" and a != b  # JPEGs, and the scene moves
    frozen = [_scene.render(CAM, "x", "hall", "freeze", t0 + timedelta(seconds=s)) for s in (0, 1)]
    assert frozen[0] == frozen[1]  # a frozen camera really is frozen (the diagnosis lists it)


def test_mjpeg_streams_jpeg_parts(client):
    resp = client.get(f"/media/mjpeg/{CAM}")
    assert resp.status_code == 200 and resp.mimetype == "multipart/x-mixed-replace"
    got = parts(resp, 2)
    assert all(h["X-Camera"] == CAM and body[:2] == b"\xff\xd8" for h, body in got)
    assert got[0][0]["X-Frame-At"].endswith("+08:00")


@pytest.mark.parametrize("path,code", [("/media/mjpeg/123", 400), ("/media/mjpeg/99999999999999999999", 404)])
def test_bad_and_unknown_ids(client, path, code):
    assert client.get(path).status_code == code


@pytest.mark.parametrize("query", ["", "c=1,2", "c=" + ",".join([CAM] * 2), "c=" + ",".join([CAM] * 37)])
def test_mux_rejects_bad_lists(client, query):
    assert client.get("/media/mux?" + query).status_code == 400


def test_offline_camera_answers_503_with_last_frame_time_and_mux_keeps_others(client, url):
    set_online(url, CAM3, False, "off")
    try:
        resp = client.get(f"/media/mjpeg/{CAM3}")
        assert resp.status_code == 503 and resp.json["last_frame_at"].startswith("2024-05-01T10:00")
        got = parts(client.get(f"/media/mux?c={CAM},{CAM3}"), 5)
        metas = {h["X-Camera"]: json.loads(b) for h, b in got if h["Content-Type"] == "application/json"}
        assert metas[CAM3]["state"] == "offline" and metas[CAM]["state"] == "live"
        frames = [h["X-Camera"] for h, _ in got if h["Content-Type"] == "image/jpeg"]
        assert frames and set(frames) == {CAM}
    finally:
        set_online(url, CAM3, True, "on")


def test_credentials_in_the_template_never_reach_the_client(client, monkeypatch):
    secret = "rtsp://admin:S3cret@10.0.0.9:554/ch/{camera_id}"
    monkeypatch.setattr(media, "SETTINGS", dataclasses.replace(media.SETTINGS, stream_url_template=secret))
    for path in (f"/media/mjpeg/{CAM}", f"/media/mux?c={CAM}"):
        resp = client.get(path)
        assert resp.status_code == 501
        assert b"S3cret" not in resp.data and b"rtsp://" not in resp.data and b"10.0.0.9" not in resp.data


def test_an_unreachable_gateway_answers_502_without_its_address_or_credentials(client, monkeypatch):
    from tests.browser.conftest import free_port

    port = free_port()  # nothing listens there
    for ext in ("m3u8", "mjpeg"):
        template = f"http://admin:S3cret@127.0.0.1:{port}/api/stream.{ext}?src={{camera_id}}"
        monkeypatch.setattr(media, "SETTINGS", dataclasses.replace(media.SETTINGS, stream_url_template=template))
        if ext == "m3u8":
            resp = client.get(f"/media/hls/{CAM}/index.m3u8")
            assert resp.status_code == 502 and resp.json["error"].startswith("gateway unreachable")
            resp = client.get(f"/media/mjpeg/{CAM}")
            assert resp.status_code == 409 and resp.json["playlist"] == f"/media/hls/{CAM}/index.m3u8"
        else:
            resp = client.get(f"/media/hls/{CAM}/index.m3u8")
            assert resp.status_code == 409
            mux = client.get(f"/media/mux?c={CAM}")
            # the camera is reported lost (after "live" while connecting), not hanging; keep-alive parts ({}, no
            # camera) may come between on a slow machine
            states = [(h, b) for h, b in parts(mux, 4) if h.get("X-Camera") == CAM]
            head, body = states[1]
            assert head["Content-Type"] == "application/json" and json.loads(body)["state"] == "lost"
            assert b"S3cret" not in body and str(port).encode() not in body
        assert b"S3cret" not in resp.data and str(port).encode() not in resp.data


def test_open_streams_per_client_are_capped(client, monkeypatch):
    monkeypatch.setattr(media, "SETTINGS", dataclasses.replace(media.SETTINGS, stream_max_per_client=1))
    first = client.get(f"/media/mjpeg/{CAM}")
    assert client.get(f"/media/mjpeg/{CAM2}").status_code == 429
    parts(first, 1)  # closing the first frees its slot
    assert client.get(f"/media/mjpeg/{CAM2}").status_code == 200
