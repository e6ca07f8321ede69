"""The catalogue through CKAN's action API (so that existing CKAN clients, e.g. `ckanapi`, read it unmodified) and as
DCAT in JSON-LD (ckanext-dcat's /catalog.jsonld). Read-only: package_list, package_show, package_search,
organization_list, organization_show, status_show; GET or POST (JSON body), both /api/3/action/ and /api/action/.

Who sees what: anonymous and public callers see the resources whose open class is 无条件开放 or 有条件开放 (an
open-data portal never lists closed ones); signed-in seats see the whole catalogue. Metadata only: no record, no
personal field ever leaves here."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

import pandas as pd
from flask import Blueprint, Response, request

from data_access.data import catalog
from data_access.db import read_session
from data_access.masking import is_public
from data_access.worktime import utcnow
from web.auth import current_principal
from web.context import db_url

bp = Blueprint("ckan", __name__)
NAME_RE = re.compile(r"^lingwu-data-(\d{1,6})$")
ORG_RE = re.compile(r"^[a-z]\d{2}$")
MAX_ROWS = 1000
FREQUENCY = {  # EU frequency authority (DCAT-AP)
    "realtime": "http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT",
    "hourly": "http://publications.europa.eu/resource/authority/frequency/HOURLY",
    "daily": "http://publications.europa.eu/resource/authority/frequency/DAILY",
    "monthly": "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
}
HELP = "https://docs.ckan.org/en/2.10/api/"


class ApiError(Exception):
    def __init__(self, status: int, kind: str, message: str):
        super().__init__(message)
        self.status, self.kind, self.message = status, kind, message


def _reply(result: Any, action: str) -> Response:
    body = {"help": f"{HELP}#ckan.logic.action.get.{action}", "success": True, "result": result}
    return Response(json.dumps(body, ensure_ascii=False), content_type="application/json; charset=utf-8")


def _error(e: ApiError) -> Response:
    body = {"help": HELP, "success": False, "error": {"__type": e.kind, "message": e.message}}
    return Response(
        json.dumps(body, ensure_ascii=False), status=e.status, content_type="application/json; charset=utf-8"
    )


def _iso(at: Any) -> str | None:
    if at is None or pd.isna(at):
        return None
    return pd.Timestamp(at).to_pydatetime().strftime("%Y-%m-%dT%H:%M:%S")


def visible(df: pd.DataFrame) -> pd.DataFrame:
    if is_public(current_principal().role):
        df = df[df["open_class"].isin(["open", "conditional"])]
    return df.reset_index(drop=True)


def name_of(source_id: int) -> str:
    return f"lingwu-data-{source_id:03d}"


def org_of(row) -> dict:
    code = (row["dept_code"] or "").lower()
    return {"id": code, "name": code, "title": row["department"] or "", "type": "organization", "is_organization": True,
            "state": "active", "approval_status": "approved"}  # fmt: skip


def package(row) -> dict:
    """A CKAN package dict of one catalogue resource (udata-style quality in the extras)."""
    modified = _iso(row["last_sync_at"])
    tags = [x for x in row["tags"].split(",") if x]
    extras = {
        "frequency": row["cadence"],
        "accrualPeriodicity": FREQUENCY.get(row["cadence"], ""),
        "records": str(int(row["records"])),
        "share_class": row["share_class"],
        "open_class": row["open_class"],
        "quality_score": f"{row['score']:.2f}",
        "update_fulfilled_in_time": "true" if row["fresh"] else "false",
        "status": row["status"],
    }
    for dim in ("completeness", "accuracy", "usability"):
        if row[dim] is not None and not pd.isna(row[dim]):
            extras[f"quality_{dim}"] = f"{row[dim]:.2f}"
    sid = int(row["id"])
    return {
        "id": name_of(sid),
        "name": name_of(sid),
        "title": row["name"],
        "notes": row["description"],
        "type": "dataset",
        "state": "active",
        "private": False,
        "license_id": "notspecified",
        "owner_org": (row["dept_code"] or "").lower(),
        "organization": org_of(row),
        "metadata_created": "2024-01-01T00:00:00",
        "metadata_modified": modified or "2024-01-01T00:00:00",
        "num_tags": len(tags),
        "tags": [{"name": x, "display_name": x, "state": "active"} for x in tags],
        "num_resources": 1,
        "resources": [
            {
                "id": f"{name_of(sid)}-api",
                "package_id": name_of(sid),
                "name": row["name"],
                "format": row["format"],
                "url": f"/data/resource?id={sid}",
                "last_modified": modified,
                "state": "active",
            }
        ],
        "extras": [{"key": k, "value": v} for k, v in extras.items()],
    }


def _catalogue() -> pd.DataFrame:
    with read_session(db_url()) as s:
        return visible(catalog.catalogue(s, utcnow()))


def _params() -> dict:
    if request.method == "POST":
        data = request.get_json(silent=True)
        if data is None and request.get_data():
            raise ApiError(400, "Validation Error", "the request body is not JSON")
        if data is not None and not isinstance(data, dict):
            raise ApiError(409, "Validation Error", "the request body must be a JSON object")
        return data or {}
    return request.args.to_dict()


def _int(params: dict, key: str, default: int, low: int, high: int) -> int:
    raw = params.get(key, default)
    try:
        v = int(raw)
    except (TypeError, ValueError):
        raise ApiError(409, "Validation Error", f"{key}: Invalid integer") from None
    if not low <= v <= high:
        raise ApiError(409, "Validation Error", f"{key}: must be between {low} and {high}")
    return v


def _text(params: dict, key: str, limit: int = 100) -> str:
    v = params.get(key, "")
    if v is None:
        return ""
    if not isinstance(v, str) or len(v) > limit:
        raise ApiError(409, "Validation Error", f"{key}: a string of at most {limit} characters")
    return v.strip()


def package_list(params: dict) -> list[str]:
    names = [name_of(int(i)) for i in _catalogue()["id"]]
    offset = _int(params, "offset", 0, 0, 10**6)
    limit = _int(params, "limit", MAX_ROWS, 1, MAX_ROWS)
    return names[offset : offset + limit]


def _find(params: dict) -> dict:
    ident = _text(params, "id") or _text(params, "name")
    m = NAME_RE.match(ident)
    df = _catalogue()
    if m:
        hit = df[df["id"] == int(m.group(1))]
        if not hit.empty:
            return package(hit.iloc[0])
    raise ApiError(404, "Not Found Error", "Not found")


def package_show(params: dict) -> dict:
    return _find(params)


def _match(df: pd.DataFrame, q: str) -> pd.DataFrame:
    if not q or q == "*:*":
        return df
    words = [w for w in re.split(r"\s+", q) if w]
    mask = pd.Series(True, index=df.index)
    for w in words:
        field, sep, value = w.partition(":")
        if sep and field in ("organization", "tags", "res_format", "name"):
            mask &= _facet(df, field, value.strip('"'))
            continue
        text = df["name"] + " " + df["description"] + " " + df["tags"] + " " + df["department"].fillna("")
        mask &= text.str.contains(w, regex=False)
    return df[mask]


def _facet(df: pd.DataFrame, field: str, value: str) -> pd.Series:
    if field == "organization":
        return df["dept_code"].fillna("").str.lower() == value.lower()
    if field == "tags":
        return df["tags"].apply(lambda s: value in s.split(","))
    if field == "res_format":
        return df["format"] == value
    return df["id"].apply(name_of) == value


def package_search(params: dict) -> dict:
    q, fq = _text(params, "q", 200), _text(params, "fq", 200)
    rows = _int(params, "rows", 10, 0, MAX_ROWS)
    start = _int(params, "start", 0, 0, 10**6)
    sort = _text(params, "sort") or "metadata_modified desc"
    df = _match(_match(_catalogue(), q), fq)
    key, _sp, order = sort.partition(" ")
    col = {"metadata_modified": "last_sync_at", "name": "id", "title_string": "name", "score": "score"}.get(key)
    if col is None:
        raise ApiError(409, "Search Query Error", f"sort: cannot sort by {key}")
    df = df.sort_values(col, ascending=order.strip() == "asc", na_position="last")
    page = [package(r) for _i, r in df.iloc[start : start + rows].iterrows()]
    facets = {"organization": df["dept_code"].fillna("").str.lower().value_counts().to_dict()}
    return {"count": len(df), "sort": sort, "results": page, "facets": facets, "search_facets": {}}


def _orgs() -> list[dict]:
    df = _catalogue()
    out = []
    for (code, name), part in df.groupby(["dept_code", "department"]):
        code = (code or "").lower()
        out.append({"id": code, "name": code, "title": name, "display_name": name, "package_count": len(part),
                    "type": "organization", "is_organization": True, "state": "active"})  # fmt: skip
    return sorted(out, key=lambda o: o["name"])


def organization_list(params: dict) -> list:
    orgs = _orgs()
    all_fields = params.get("all_fields") in (True, "true", "True", "1")
    return orgs if all_fields else [o["name"] for o in orgs]


def organization_show(params: dict) -> dict:
    ident = _text(params, "id").lower()
    for o in _orgs():
        if ORG_RE.match(ident) and o["name"] == ident:
            return o
    raise ApiError(404, "Not Found Error", "Not found")


def status_show(_params: dict) -> dict:
    return {"site_title": "灵武市数据底座", "site_url": request.host_url.rstrip("/"), "ckan_version": "2.10.0",
            "locale_default": "zh_Hans_CN", "extensions": ["dcat"]}  # fmt: skip


ACTIONS = {
    f.__name__: f
    for f in (package_list, package_show, package_search, organization_list, organization_show, status_show)
}


@bp.route("/api/3/action/<action>", methods=["GET", "POST"])
@bp.route("/api/action/<action>", methods=["GET", "POST"])
def action(action: str) -> Response:
    fn = ACTIONS.get(action)
    try:
        if fn is None:
            raise ApiError(400, "Bad Request", f"Action name not known: {action[:40]}")
        return _reply(fn(_params()), action)
    except ApiError as e:
        return _error(e)


def dcat(df: pd.DataFrame, base: str, now: datetime) -> dict:
    """The catalogue as a DCAT-AP graph in JSON-LD (an inline context: it parses offline)."""
    context = {
        "dcat": "http://www.w3.org/ns/dcat#",
        "dct": "http://purl.org/dc/terms/",
        "foaf": "http://xmlns.com/foaf/0.1/",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "lw": f"{base}/ns#",
    }

    def lit(v: str) -> dict:
        return {"@value": v, "@language": "zh-Hans"}

    datasets = []
    for _i, r in df.iterrows():
        sid = int(r["id"])
        ds: dict[str, Any] = {
            "@id": f"{base}/dataset/{name_of(sid)}",
            "@type": "dcat:Dataset",
            "dct:identifier": name_of(sid),
            "dct:title": lit(r["name"]),
            "dct:description": lit(r["description"]),
            "dct:publisher": {"@id": f"{base}/organization/{(r['dept_code'] or '').lower()}", "@type": "foaf:Organization",
                              "foaf:name": lit(r["department"] or "")},
            "dcat:keyword": [lit(x) for x in r["tags"].split(",") if x],
            "dct:accrualPeriodicity": {"@id": FREQUENCY.get(r["cadence"], FREQUENCY["daily"])},
            "lw:records": {"@value": str(int(r["records"])), "@type": "xsd:integer"},
            "lw:qualityScore": {"@value": f"{r['score']:.2f}", "@type": "xsd:decimal"},
            "dcat:distribution": {
                "@id": f"{base}/dataset/{name_of(sid)}/api",
                "@type": "dcat:Distribution",
                "dct:format": r["format"],
                "dcat:accessURL": {"@id": f"{base}/data/resource?id={sid}"},
            },
        }  # fmt: skip
        modified = _iso(r["last_sync_at"])
        if modified:
            ds["dct:modified"] = {"@value": modified, "@type": "xsd:dateTime"}
        datasets.append(ds)
    catalog_node = {
        "@id": f"{base}/catalog",
        "@type": "dcat:Catalog",
        "dct:title": lit("灵武市政务数据资源目录"),
        "dct:modified": {"@value": now.strftime("%Y-%m-%dT%H:%M:%S"), "@type": "xsd:dateTime"},
        "dcat:dataset": [{"@id": d["@id"]} for d in datasets],
    }
    return {"@context": context, "@graph": [catalog_node, *datasets]}


@bp.get("/catalog.jsonld")
def catalog_jsonld() -> Response:
    now = utcnow()
    body = dcat(_catalogue(), request.host_url.rstrip("/"), now)
    return Response(json.dumps(body, ensure_ascii=False), content_type="application/ld+json; charset=utf-8")
