"""Every reader that returns a citizen's free text or location, with the canary citizen (tests/canary.py: the name
inside the complaint text, the phone in 25 formats, a split ID, a lower-case plate, an exact location): wall,
visitor and anonymous get the category, a scrubbed summary with no number, the town and a coarse grid cell, and
nothing that links the caller's two tickets; seats get masks."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from data_access import queries
from data_access.db import read_session, write_session
from data_access.geo import distance_m
from data_access.gis import detail as gis_detail
from data_access.hotline import grid as hq
from data_access.hotline import open311
from data_access.hotline import ticket as tq
from data_access.worktime import utcnow
from tests import canary

PUBLIC = ("wall", "visitor", "anonymous")


@pytest.fixture
def url(city_url):
    with write_session(city_url) as s:
        canary.seed(s)
    return city_url


def text_of(value) -> str:
    if isinstance(value, pd.DataFrame):
        return value.to_json(force_ascii=False)
    return json.dumps(value, ensure_ascii=False, default=str)


def readers(s, role: str) -> dict[str, object]:
    """What each reader hands to a screen for `role`, for the canary ticket (or the lists that hold it)."""
    now = utcnow()
    d = gis_detail.detail(s, "tickets", "CANARY-1", role=role, now=now)
    return {
        "12345 feed": hq.latest_feed(s, role=role),
        "wall feed": queries.latest_tickets(s, role=role, limit=20),
        "grid rows": hq.ticket_page(s, hq.GridQuery(end=50), now=now, role=role)[0],
        "drawer": tq.ticket_detail(s, "CANARY-1", role=role, now=now),
        "timeline": tq.timeline(s, "CANARY-1", role=role),
        "similar": tq.similar_requests(s, "CANARY-1", role=role),
        "links": tq.duplicate_links(s, "CANARY-1", role=role),
        "gis drawer": {k: v for k, v in d.items() if k != "cameras"},
        "map points": queries.open_ticket_points(s, now=now, role=role),
    }


@pytest.mark.parametrize("role", PUBLIC)
def test_public_readers_carry_nothing_of_the_canary(url, role):
    with read_session(url) as s:
        got = readers(s, role)
        for name, value in got.items():
            text = text_of(value)
            assert not canary.leaks(text), (name, canary.leaks(text))
            assert "同一来电人" not in text and "repeat" not in text, name
        for name in ("12345 feed", "wall feed", "grid rows", "drawer", "gis drawer"):
            assert canary.SAFE_WORDS in text_of(got[name]), name  # the ticket is there: the check means something
        assert got["similar"].empty or "CANARY-1B" not in set(got["similar"]["ticket_no"])  # the twin: unlinked
        drawer, gis = got["drawer"], got["gis drawer"]
        assert drawer["address"] == "城区街道" or drawer["address"] in (None, "")
        for lat, lon in ((drawer["lat"], drawer["lon"]), (gis["lat"], gis["lon"])):
            assert 0 < distance_m(canary.LAT, canary.LON, lat, lon) <= 150 * 0.75  # the centre of a 150 m cell
        pts = got["map points"]
        assert len(pts) >= 2 and not ((pts["lat"] == canary.LAT) & (pts["lon"] == canary.LON)).any()


def test_seats_get_masks_and_the_repeat_caller(url):
    with read_session(url) as s:
        got = readers(s, "officer")
        for name, value in got.items():
            assert not canary.leaks(text_of(value), public=False), (name, canary.leaks(text_of(value), public=False))
        assert "139****0001" in got["drawer"]["content"] and "测****" in got["drawer"]["content"]
        assert (got["drawer"]["lat"], got["drawer"]["lon"]) == (canary.LAT, canary.LON)
        similar = got["similar"]
        assert similar[similar["ticket_no"] == "CANARY-1B"]["kind"].tolist() == ["repeat"]


def test_the_public_open311_get_scrubs_with_the_callers_own_name_and_address(url):
    with read_session(url) as s:
        one = open311.get_request(s, "CANARY-1")
    text = text_of(one)
    assert not canary.leaks(text), canary.leaks(text)
    assert canary.SAFE_WORDS in one["description"] and "***" in one["description"]
    assert one["address"] == "城区街道" or one["address"] is None
    assert 0 < distance_m(canary.LAT, canary.LON, one["lat"], one["long"]) <= 150 * 0.75
