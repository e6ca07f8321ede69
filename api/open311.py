"""Open311 GeoReport v2 at /open311/v2/: discovery, services, service definitions, requests (GET, POST),
one request, tokens; XML (required by the spec) and JSON; errors as [{code, description}] with 400/403/404.
The OpenAPI description of these routes is at /open311/v2/openapi.json."""

from __future__ import annotations

import json
import re
import secrets
import xml.etree.ElementTree as ET

from flask import Blueprint, Response, request

from api.open311_spec import openapi
from data_access.accounts import Principal
from data_access.db import read_session
from data_access.hotline import open311 as o3
from web.auth import client_ip, record, request_id
from web.commands import open311 as open311_cmd
from web.commands.base import Actor, Refused, execute
from web.context import current_settings, db_url
from web.limits import OPEN311_GET_LIMIT, OPEN311_POST_LIMIT, limiter

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")
limiter.limit(OPEN311_GET_LIMIT, methods=["GET"])(bp)  # per client address; the POST has its own limit below
FORMATS = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
CHANGESET = "2024-08-26T00:00:00+08:00"
CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,20}$")
ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


# ---- serialisation ------------------------------------------------------------------------
def _xml_value(parent: ET.Element, key: str, value) -> None:
    el = ET.SubElement(parent, key)
    if value is None:
        return
    if isinstance(value, bool):
        el.text = "true" if value else "false"
    elif isinstance(value, dict):
        for k, v in value.items():
            _xml_value(el, k, v)
    elif isinstance(value, list):
        child = {"values": "value", "attributes": "attribute", "formats": "format", "endpoints": "endpoint"}.get(
            key, "item"
        )
        for v in value:
            _xml_value(el, child, v)
    else:
        el.text = str(value)


def _xml(root: str, item: str | None, data) -> bytes:
    top = ET.Element(root)
    if item is None:
        for k, v in data.items():
            _xml_value(top, k, v)
    else:
        for rec in data:
            _xml_value(top, item, rec)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(top, encoding="utf-8", xml_declaration=False)


def _send(fmt: str, data, root: str, item: str | None, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False).encode("utf-8") if fmt == "json" else _xml(root, item, data)
    resp = Response(body, status=status, content_type=FORMATS[fmt])
    resp.headers["Cache-Control"] = "no-store"
    return resp


def error(fmt: str, status: int, description: str, code: int | None = None) -> Response:
    return _send(
        fmt if fmt in FORMATS else "xml",
        [{"code": code or status, "description": description}],
        "errors",
        "error",
        status,
    )


def _split(spec: str) -> tuple[str, str]:
    """'services.json' -> ('services', 'json'); a missing or unknown format -> ('', '')."""
    name, dot, fmt = spec.rpartition(".")
    return (name, fmt) if dot and fmt in FORMATS else ("", "")


def _jurisdiction_ok() -> bool:
    j = request.values.get("jurisdiction_id")
    return j in (None, "", current_settings().open311_jurisdiction)


def _guarded(fmt: str):
    if not fmt:
        return error("xml", 404, "unknown format: use .xml or .json")
    if not _jurisdiction_ok():
        return error(fmt, 404, "jurisdiction_id not found")
    return None


# ---- routes -------------------------------------------------------------------------------
@bp.get("/discovery.<fmt>")
def discovery(fmt: str):
    if fmt not in FORMATS:
        return error("xml", 404, "unknown format: use .xml or .json")
    data = {
        "changeset": CHANGESET,
        "contact": "灵武市智慧城市运营中心 12345 热线",
        "key_service": "API keys are issued by the operation center (settings: open311_api_keys)",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": request.host_url.rstrip("/") + "/open311/v2",
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return _send(fmt, data, "discovery", None)


@bp.get("/openapi.json")
def openapi_json():
    resp = Response(json.dumps(openapi(), ensure_ascii=False), content_type="application/json; charset=utf-8")
    return resp


@bp.get("/<spec>")
def services_or_requests(spec: str):
    name, fmt = _split(spec)
    if name not in ("services", "requests"):
        return error(fmt or "xml", 404, "unknown resource")
    bad = _guarded(fmt)
    if bad:
        return bad
    if name == "services":
        with read_session(db_url()) as s:
            return _send(fmt, o3.services(s), "services", "service")
    return _get_requests(fmt)


@bp.get("/services/<spec>")
def service_definition(spec: str):
    code, fmt = _split(spec)
    bad = _guarded(fmt)
    if bad:
        return bad
    if not CODE_RE.match(code):
        return error(fmt, 404, "service_code not found")
    with read_session(db_url()) as s:
        d = o3.service_definition(s, code)
    if d is None:
        return error(fmt, 404, f"service_code {code} not found")
    return _send(fmt, d, "service_definition", None)


@bp.get("/requests/<spec>")
def get_one_request(spec: str):
    rid, fmt = _split(spec)
    bad = _guarded(fmt)
    if bad:
        return bad
    if not ID_RE.match(rid):
        return error(fmt, 404, "service_request_id not found")
    with read_session(db_url()) as s:
        rec = o3.get_request(s, rid)
    if rec is None:
        return error(fmt, 404, f"service_request_id {rid} not found")
    return _send(fmt, [rec], "service_requests", "request")


@bp.get("/tokens/<spec>")
def token(spec: str):
    tok, fmt = _split(spec)
    bad = _guarded(fmt)
    if bad:
        return bad
    if not (0 < len(tok) <= 64) or not re.match(r"^[A-Za-z0-9_.:-]+$", tok):
        return error(fmt, 404, "token not found")
    with read_session(db_url()) as s:
        rid = o3.find_by_client_id(s, tok)
    if rid is None:
        return error(fmt, 404, "token not found")
    return _send(fmt, [{"service_request_id": rid, "token": tok}], "service_requests", "request")


def _get_requests(fmt: str):
    args = request.args
    try:
        ids = [x.strip() for x in args.get("service_request_id", "").split(",") if x.strip()]
        codes = [x.strip() for x in args.get("service_code", "").split(",") if x.strip()]
        statuses = [x.strip() for x in args.get("status", "").split(",") if x.strip()]
        if any(not ID_RE.match(i) for i in ids) or len(ids) > o3.MAX_ROWS:
            raise o3.Open311Error(400, "service_request_id is a comma-separated list of ids")
        if any(not CODE_RE.match(c) for c in codes):
            raise o3.Open311Error(400, "service_code is a comma-separated list of codes")
        if any(st not in ("open", "closed") for st in statuses):
            raise o3.Open311Error(400, "status is open, closed or open,closed")
        start = o3.parse_datetime(args["start_date"], "start_date") if args.get("start_date") else None
        end = o3.parse_datetime(args["end_date"], "end_date") if args.get("end_date") else None
        page = _int(args.get("page"), 1, "page")
        size = _int(args.get("page_size"), o3.MAX_ROWS, "page_size")
        with read_session(db_url()) as s:
            if codes:
                unknown = set(codes) - o3.known_codes(s, codes)
                if unknown:
                    raise o3.Open311Error(404, f"service_code {sorted(unknown)[0]} not found")
            rows = o3.list_requests(
                s, ids=ids, codes=codes, start=start, end=end, statuses=statuses, page=page, page_size=size
            )
    except o3.Open311Error as exc:
        return error(fmt, exc.status, exc.description, exc.code)
    return _send(fmt, rows, "service_requests", "request")


def _int(value, default: int, name: str) -> int:
    if value in (None, ""):
        return default
    try:
        n = int(value)
    except ValueError as exc:
        raise o3.Open311Error(400, f"{name} is a positive integer") from exc
    if n < 1:
        raise o3.Open311Error(400, f"{name} is a positive integer")
    return n


def _key_index(key: str) -> int | None:
    for i, k in enumerate(k.strip() for k in current_settings().open311_api_keys.split(",")):
        if k and secrets.compare_digest(k.encode(), key.encode()):
            return i
    return None


def _float(value: str | None, name: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        f = float(value)
    except ValueError as exc:
        raise o3.Open311Error(400, f"{name} is a decimal number") from exc
    if f != f or f in (float("inf"), float("-inf")):
        raise o3.Open311Error(400, f"{name} is a decimal number")
    return f


@bp.post("/<spec>")
@limiter.limit(OPEN311_POST_LIMIT)
def post_request(spec: str):
    name, fmt = _split(spec)
    if name != "requests":
        return error(fmt or "xml", 404, "unknown resource")
    bad = _guarded(fmt)
    if bad:
        return bad
    if request.mimetype not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return error(fmt, 400, "send application/x-www-form-urlencoded; charset=utf-8")
    f = request.form
    key = f.get("api_key", "")
    idx = _key_index(key) if key else None
    who = Principal(None, f"open311:key{idx}" if idx is not None else "open311:unknown", "visitor")
    if idx is None:
        record(who, "open311_post", "requests", "denied", "missing or invalid api_key")
        return error(fmt, 403, "api_key is missing or invalid")
    try:
        attrs = []
        for k in f:
            m = re.fullmatch(r"attribute\[([A-Za-z0-9_]{1,40})\](\[\])?", k)
            if m:
                attrs += [(m.group(1), v) for v in f.getlist(k)]
            elif k.startswith("attribute"):
                raise o3.Open311Error(400, f"malformed attribute parameter {k[:60]!r}")
        client_id = request.headers.get("Idempotency-Key") or f.get("service_request_client_id") or None
        r = o3.NewRequest(
            service_code=f.get("service_code", "").strip(),
            lat=_float(f.get("lat"), "lat"),
            lon=_float(f.get("long"), "long"),
            address_string=f.get("address_string") or None,
            address_id=f.get("address_id") or None,
            description=f.get("description", ""),
            first_name=f.get("first_name", ""),
            last_name=f.get("last_name", ""),
            phone=f.get("phone", ""),
            email=f.get("email", ""),
            attributes=tuple(attrs),
            client_id=client_id,
        )
    except o3.Open311Error as exc:
        record(who, "open311_post", "requests", "error", exc.description[:200])
        return error(fmt, exc.status, exc.description, exc.code)
    by = Actor(who, client_ip(), request_id())
    try:
        rid, created = execute(db_url(), by, "open311_post", "requests", lambda s: open311_cmd.create_request(s, by, r))
    except Refused as refused:
        return error(fmt, open311_cmd.HTTP_STATUS.get(refused.code, 400), refused.detail)
    body = [{"service_request_id": rid, "service_notice": "已受理，将按时限办理并回复", "account_id": None}]
    return _send(fmt, body, "service_requests", "request", 201 if created else 200)
