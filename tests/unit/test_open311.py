"""Open311 GeoReport v2 conformance: every route in XML and JSON, errors with their codes, replay safety."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from api import open311
from data_access.db import read_session, write_session
from data_access.hotline import open311 as o3
from data_access.models import AuditLog, Ticket
from data_access.worktime import utcnow
from data_access.writes import apply
from tests.conftest import BACKENDS
from tests.factories import new_ticket
from tests.templates import copied

KEY = "test-key-1"
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


@pytest.fixture(scope="module", params=BACKENDS)
def o311_url(request, tmp_path_factory):
    """One seeded database per backend for the whole module (tests use distinct ids)."""
    with copied(request, request.param, tmp_path_factory.mktemp("o311")) as url:
        three_requests(url)
        yield url


def three_requests(db_url: str) -> None:
    """An old request, a new one with a place and a phone number in it, and an answered one."""
    now = utcnow()
    with write_session(db_url) as s:
        apply(
            s,
            [
                new_ticket("RX-OLD", now - timedelta(days=120), summary="很久以前的诉求"),
                new_ticket(
                    "RX-NEW",
                    now - timedelta(days=2),
                    summary="路灯不亮，电话13900000001",
                    town_code="640181001",
                    lat=38.1,
                    lon=106.34,
                ),
                new_ticket("RX-CLOSED", now - timedelta(days=3), summary="已答复的咨询", category="H0101"),
            ],
        )
        from data_access.events import TicketAction

        apply(s, [TicketAction("ans-1", "RX-CLOSED", "answer", now - timedelta(days=3) + timedelta(minutes=5))])


@pytest.fixture
def client(o311_url, apps):
    app = apps.flask(o311_url, open311_api_keys=f"{KEY}, other-key")
    app.register_blueprint(open311.bp)
    c = app.test_client()
    c.db_url = o311_url
    return c


def body(resp, fmt):
    assert resp.content_type == open311.FORMATS[fmt]
    if fmt == "json":
        return json.loads(resp.data.decode("utf-8"))
    assert resp.data.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(resp.data)


def errors(resp, fmt) -> list[tuple[int, str]]:
    b = body(resp, fmt)
    if fmt == "json":
        return [(e["code"], e["description"]) for e in b]
    assert b.tag == "errors"
    return [(int(e.findtext("code")), e.findtext("description")) for e in b.findall("error")]


def post(client, fmt="json", **form):
    data = {"api_key": KEY, "service_code": "H0201", "lat": "38.1", "long": "106.34", "description": "小区停水"} | form
    return client.post(f"/open311/v2/requests.{fmt}", data={k: v for k, v in data.items() if v is not None})


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_discovery(client, fmt):
    r = client.get(f"/open311/v2/discovery.{fmt}")
    assert r.status_code == 200
    b = body(r, fmt)
    if fmt == "json":
        ep = b["endpoints"][0]
        assert ep["specification"] == "http://wiki.open311.org/GeoReport_v2" and ep["type"] == "production"
        assert ep["url"].endswith("/open311/v2") and set(ep["formats"]) == {"text/xml", "application/json"}
        assert b["changeset"] and b["contact"]
    else:
        assert b.tag == "discovery"
        assert [f.text for f in b.find("endpoints/endpoint/formats")] == ["text/xml", "application/json"]


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_services_and_definitions(client, fmt):
    r = client.get(f"/open311/v2/services.{fmt}")
    assert r.status_code == 200
    b = body(r, fmt)
    if fmt == "json":
        codes = {s["service_code"] for s in b}
        s0 = next(s for s in b if s["service_code"] == "H0201")
        assert s0["service_name"] == "供水问题" and s0["metadata"] is True and s0["type"] == "realtime"
        assert set(s0) == {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
    else:
        assert b.tag == "services"
        codes = {s.findtext("service_code") for s in b.findall("service")}
        assert b.find("service/metadata").text == "true"
    assert {"H0201", "SJ0102"} <= codes
    d = client.get(f"/open311/v2/services/H0201.{fmt}")
    assert d.status_code == 200
    db = body(d, fmt)
    if fmt == "json":
        a = db["attributes"][0]
        assert db["service_code"] == "H0201" and a["datatype"] == "singlevaluelist" and a["required"] is False
        assert {v["key"] for v in a["values"]} == {"normal", "urgent"}
    else:
        assert db.tag == "service_definition" and db.findtext("service_code") == "H0201"
        assert db.find("attributes/attribute/values/value/key").text == "normal"
    missing = client.get(f"/open311/v2/services/NOPE.{fmt}")
    assert missing.status_code == 404 and errors(missing, fmt)[0][0] == 404


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_get_requests_default_window_filters_and_one(client, fmt):
    r = client.get(f"/open311/v2/requests.{fmt}")
    assert r.status_code == 200
    b = body(r, fmt)
    if fmt == "json":
        ids = [x["service_request_id"] for x in b]
        rec = next(x for x in b if x["service_request_id"] == "RX-NEW")
        assert list(rec) == REQUEST_FIELDS
        assert (
            rec["status"] == "open" and ISO.match(rec["requested_datetime"]) and "13900000001" not in rec["description"]
        )
        assert rec["address"] == "城区街道" and abs(rec["lat"] - 38.1) < 0.001 and rec["lat"] != 38.1  # a grid cell
        closed = next(x for x in b if x["service_request_id"] == "RX-CLOSED")
        assert closed["status"] == "closed" and ISO.match(closed["updated_datetime"])
    else:
        assert b.tag == "service_requests"
        ids = [x.findtext("service_request_id") for x in b.findall("request")]
        first = b.find("request")
        assert [c.tag for c in first] == REQUEST_FIELDS
    assert "RX-NEW" in ids and "RX-CLOSED" in ids and "RX-OLD" not in ids  # 90-day default window

    def ids_of(query):
        resp = client.get(f"/open311/v2/requests.json?{query}")
        assert resp.status_code == 200, resp.data
        return {x["service_request_id"] for x in json.loads(resp.data) if x["service_request_id"].startswith("RX-")}

    assert ids_of("status=closed") == {"RX-CLOSED"}
    assert ids_of("status=open") == {"RX-NEW"}
    assert ids_of("service_code=H0101") == {"RX-CLOSED"}
    assert ids_of("service_request_id=RX-OLD,RX-NEW&status=closed") == {"RX-OLD", "RX-NEW"}  # ids override
    start = (utcnow() + timedelta(hours=8) - timedelta(days=150)).strftime("%Y-%m-%dT%H:%M:%S+08:00")
    assert "RX-OLD" in ids_of(f"start_date={start.replace('+', '%2B')}")
    one_page = json.loads(client.get("/open311/v2/requests.json?page_size=1").data)
    assert len(one_page) == 1

    one = client.get(f"/open311/v2/requests/RX-NEW.{fmt}")
    assert one.status_code == 200
    ob = body(one, fmt)
    assert (ob[0]["service_request_id"] if fmt == "json" else ob.find("request/service_request_id").text) == "RX-NEW"
    assert client.get(f"/open311/v2/requests/NOPE.{fmt}").status_code == 404


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("start_date=yesterday", 400),
        ("start_date=2024-01-01T00:00:00Z&end_date=2024-06-01T00:00:00Z", 400),  # more than 90 days
        ("start_date=2024-06-01T00:00:00Z&end_date=2024-01-01T00:00:00Z", 400),
        ("status=pending", 400),
        ("service_code=NOPE", 404),
        ("page=0", 400),
        ("jurisdiction_id=elsewhere.gov", 404),
    ],
)
def test_get_requests_errors(client, fmt, query, status):
    r = client.get(f"/open311/v2/requests.{fmt}?{query}")
    assert r.status_code == status
    (code, desc), *_ = errors(r, fmt)
    assert code == status and desc


def test_unknown_format_and_resource(client):
    assert client.get("/open311/v2/services.csv").status_code == 404
    assert errors(client.get("/open311/v2/services.csv"), "xml")[0][0] == 404
    assert client.get("/open311/v2/widgets.json").status_code == 404


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_post_creates_through_the_write_api_and_replays_do_not_duplicate(client, fmt):
    r = post(
        client,
        fmt,
        service_request_client_id=f"app-{fmt}-1",
        **{"attribute[urgency]": "urgent"},
        first_name="三",
        last_name="张",
        phone="13900000009",
    )
    assert r.status_code == 201, r.data
    b = body(r, fmt)
    rid = b[0]["service_request_id"] if fmt == "json" else b.find("request/service_request_id").text
    assert rid.startswith("OS")
    again = post(client, fmt, service_request_client_id=f"app-{fmt}-1", **{"attribute[urgency]": "urgent"})
    assert again.status_code == 200
    b2 = body(again, fmt)
    assert (b2[0]["service_request_id"] if fmt == "json" else b2.find("request/service_request_id").text) == rid
    with read_session(client.db_url) as s:
        t = s.scalars(select(Ticket).where(Ticket.ticket_no == rid)).one()
        assert (t.channel_code, t.stream, t.status, t.category_code) == ("open311", "hotline", "accepted", "H0201")
        assert t.external_id == f"open311:app-{fmt}-1" and t.town_code and t.citizen_name == "张三"
        assert o3.count_channel(s) >= 1
        audits = s.execute(
            select(AuditLog.result).where(AuditLog.action == "open311_post", AuditLog.object == f"ticket:{rid}")
        ).all()
        assert len(audits) == 2
    tok = client.get(f"/open311/v2/tokens/app-{fmt}-1.{fmt}")
    assert tok.status_code == 200
    tb = body(tok, fmt)
    assert (tb[0]["service_request_id"] if fmt == "json" else tb.find("request/service_request_id").text) == rid
    assert client.get(f"/open311/v2/tokens/unknown.{fmt}").status_code == 404
    got = json.loads(client.get(f"/open311/v2/requests/{rid}.json").data)[0]
    assert got["status"] == "open" and got["service_code"] == "H0201" and ISO.match(got["requested_datetime"])


def test_idempotency_header_and_cm_services(client):
    r = client.post(
        "/open311/v2/requests.json",
        data={"api_key": KEY, "service_code": "SJ0102", "address_string": "灵武市城区 东门广场"},
        headers={"Idempotency-Key": "hdr-1"},
    )
    assert r.status_code == 201
    r2 = client.post(
        "/open311/v2/requests.json",
        data={"api_key": KEY, "service_code": "SJ0102", "address_string": "灵武市城区 东门广场"},
        headers={"Idempotency-Key": "hdr-1"},
    )
    assert r2.status_code == 200 and json.loads(r2.data) == json.loads(r.data)
    with read_session(client.db_url) as s:
        t = s.scalars(select(Ticket).where(Ticket.external_id == "open311:hdr-1")).one()
        assert t.stream == "cm" and t.status == "reported" and t.lat is None


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize(
    ("form", "status"),
    [
        ({"api_key": None}, 403),
        ({"api_key": "wrong"}, 403),
        ({"service_code": None}, 400),
        ({"service_code": "NOPE"}, 404),
        ({"lat": None, "long": None}, 400),  # no location at all
        ({"long": None}, 400),
        ({"lat": "abc"}, 400),
        ({"lat": "40.0", "long": "116.4"}, 400),  # outside the county
        ({"description": "长" * 4001}, 400),
        ({"attribute[urgency]": "whenever"}, 400),
        ({"attribute[colour]": "red"}, 400),
        ({"service_request_client_id": "x" * 65}, 400),
    ],
)
def test_post_errors_change_nothing(client, fmt, form, status):
    with read_session(client.db_url) as s:
        before = s.scalar(select(func.count()).select_from(Ticket))
    r = post(client, fmt, **form)
    assert r.status_code == status, r.data
    assert errors(r, fmt)[0][0] == status
    with read_session(client.db_url) as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == before


def test_post_must_be_form_encoded(client):
    r = client.post("/open311/v2/requests.json", json={"api_key": KEY, "service_code": "H0201"})
    assert r.status_code == 400


def test_openapi_describes_every_route(client):
    r = client.get("/open311/v2/openapi.json")
    assert r.status_code == 200
    spec = json.loads(r.data)
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {
        "/discovery.{format}",
        "/services.{format}",
        "/services/{service_code}.{format}",
        "/requests.{format}",
        "/requests/{service_request_id}.{format}",
        "/tokens/{token}.{format}",
    }
    assert set(spec["paths"]["/requests.{format}"]) == {"get", "post"}
