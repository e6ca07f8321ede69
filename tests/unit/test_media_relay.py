"""The video relay against the gateway simulator (a go2rtc stand-in with basic auth, run in-process): it forwards
only the camera's own playlist and the segment paths that playlist listed, only for cameras in the database, only
to signed-in seats and the hall's wall. Every /media route refuses anonymous users and visitors."""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from api import auth as auth_api
from api import media
from data_access import accounts
from data_access.db import dispose, read_session
from simulators import gateway
from tests.browser.conftest import free_port
from tests.browser.test_video import camera_ids
from tests.templates import CITY_USERS

SECRET = "gw-Secret-9c1e"


@pytest.fixture(scope="module")
def city(tmp_path_factory, sqlite_templates) -> Iterator[tuple[str, int]]:
    url = sqlite_templates.copy(tmp_path_factory.mktemp("relay") / "r.db", CITY_USERS)
    port = free_port()
    gw = gateway.serve(port, "cam", SECRET, url)
    threading.Thread(target=gw.serve_forever, daemon=True).start()
    yield url, port
    gw.shutdown()
    gw.server_close()
    dispose(url)


def make_app(url: str, port: int, monkeypatch) -> Flask:
    template = f"http://cam:{SECRET}@127.0.0.1:{port}/api/stream.m3u8?src={{camera_id}}"
    settings = dataclasses.replace(media.SETTINGS, database_url=url, stream_url_template=template)
    monkeypatch.setattr(media, "SETTINGS", settings)
    monkeypatch.setattr(media, "STATUS", media._Status())
    monkeypatch.setattr(media, "SLOTS", media._Slots())
    monkeypatch.setattr(media, "SEGMENTS", media._upstream.SegmentCache())
    app = Flask(__name__)
    app.config.update(SECRET_KEY="relay-test-key", CC_SETTINGS=settings)
    app.register_blueprint(auth_api.bp)
    app.register_blueprint(media.bp)
    return app


def sign_in(client: FlaskClient, username: str) -> None:
    """Through the real sign-in form (its CSRF token included), as a browser would."""
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    resp = client.post("/login", data={"csrf": csrf, "username": username, "password": accounts.DEMO_PASSWORD})
    assert resp.status_code == 302, resp.get_data(as_text=True)


@pytest.fixture
def app(city, monkeypatch) -> Flask:
    return make_app(*city, monkeypatch)


@pytest.fixture
def seat(app) -> FlaskClient:
    client = app.test_client()
    sign_in(client, "officer")
    return client


def relay_paths(playlist: str) -> list[str]:
    return [line for line in playlist.splitlines() if line and not line.startswith("#")]


def test_a_seat_plays_the_playlist_and_its_segments_and_never_sees_the_gateway(seat, city):
    cam = camera_ids(city[0], 1)[0]
    resp = seat.get(f"/media/hls/{cam}/index.m3u8")
    assert resp.status_code == 200 and resp.mimetype == "application/vnd.apple.mpegurl"
    text = resp.get_data(as_text=True)
    segments = relay_paths(text)
    assert segments and all(p.startswith(f"/media/hls/{cam}/u/") for p in segments)
    assert SECRET not in text and str(city[1]) not in text
    seg = seat.get(segments[-1])
    assert seg.status_code == 200 and seg.mimetype == "video/mp2t" and seg.data[:1] == b"G"  # MPEG-TS sync byte


def test_the_relay_refuses_every_path_its_playlist_did_not_list(seat, city):
    url, port = city
    cam, other = camera_ids(url, 2)
    listed = relay_paths(seat.get(f"/media/hls/{cam}/index.m3u8").get_data(as_text=True))[-1]
    token = listed.split("/u/", 1)[1].split("/", 1)[0]
    refused = [
        f"/media/hls/{cam}/u/api/config",  # go2rtc's config: every camera's rtsp://user:password@
        f"/media/hls/{cam}/u/{token}/api/config",  # a real signature on another path
        f"/media/hls/{cam}/u/x/api/config",
        f"/media/hls/{cam}/u/api/stream.m3u8?src=doorbell-internal",  # a source that is not a camera
        f"/media/hls/{cam}/u/{token}/api/stream.m3u8?src=doorbell-internal",
        f"/media/hls/{cam}/u/{token}/api/stream.mjpeg?src={cam}",
        listed.replace(f"src={cam}", f"src={other}"),  # another camera's segment under this camera's signature
        listed.replace(f"/media/hls/{cam}/", f"/media/hls/{other}/"),  # this signature under another camera
        listed + "&n=1",
        listed.replace(f"/u/{token}/", "/u/0." + token.split(".")[1] + "/"),  # expired
    ]
    for path in refused:
        resp = seat.get(path)
        assert resp.status_code == 403, (path, resp.status_code)
        assert resp.json["error"] == "not a part of this camera's stream"
        assert b"rtsp://" not in resp.data and SECRET.encode() not in resp.data
    # the gateway really does serve its config to whoever holds the credentials: the relay is what stops it
    import requests

    config = requests.get(f"http://127.0.0.1:{port}/api/config", auth=("cam", SECRET), timeout=5)
    assert "rtsp://cam:" in config.text


def test_cameras_not_in_the_database_and_bad_ids_are_refused(seat):
    assert seat.get(f"/media/hls/{'9' * 20}/index.m3u8").status_code == 404
    assert seat.get(f"/media/hls/{'9' * 20}/u/x/api/stream.m3u8").status_code == 404
    assert seat.get("/media/hls/doorbell/index.m3u8").status_code == 400
    assert seat.get("/media/hls/../index.m3u8").status_code in (400, 404)


@pytest.mark.parametrize("who", ["anonymous", "visitor"])
def test_every_media_route_serves_nothing_to_anonymous_visitors_and_the_wall(app, city, who):
    cam = camera_ids(city[0], 1)[0]
    seat = app.test_client()
    sign_in(seat, "officer")
    listed = relay_paths(seat.get(f"/media/hls/{cam}/index.m3u8").get_data(as_text=True))[-1]
    client = app.test_client()
    if who != "anonymous":
        sign_in(client, who)
    for path in (f"/media/hls/{cam}/index.m3u8", listed, f"/media/mjpeg/{cam}", f"/media/mux?c={cam}",
                 f"/media/hls/{cam}/u/api/config"):  # fmt: skip
        resp = client.get(path)
        assert resp.status_code == (401 if who == "anonymous" else 403), (who, path, resp.status_code)
        assert resp.mimetype == "application/json" and b"\x47" * 1 not in resp.data[:1]
    with read_session(city[0]) as s:
        from sqlalchemy import func, select

        from data_access.models import AuditLog

        denied = s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "media"))
    assert denied and denied >= 5  # each refusal is audited
