"""The catalogue through CKAN's action API, read by the unmodified `ckanapi` client from PyPI over real HTTP, and
as DCAT JSON-LD parsed by pyld: what an open-data harvester would see (closed resources are not listed)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import ckanapi
import pytest
import requests
from pyld import jsonld
from werkzeug.serving import make_server

from data_access.data import catalog
from data_access.db import read_session
from data_access.worktime import utcnow

DCAT = "http://www.w3.org/ns/dcat#"


@pytest.fixture(scope="module")
def served(apps, sqlite_templates, tmp_path_factory) -> Iterator[tuple[str, str]]:
    url = sqlite_templates.copy(tmp_path_factory.mktemp("ckan") / "ckan.db")
    server = make_server("127.0.0.1", 0, apps.dash(url), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", url
    server.shutdown()


def test_ckanapi_lists_and_reads_the_open_catalogue(served):
    base, url = served
    with read_session(url) as s:
        df = catalog.catalogue(s, utcnow())
    listed = df[df["open_class"].isin(["open", "conditional"])]
    ck = ckanapi.RemoteCKAN(base)
    names = ck.action.package_list()
    assert names == [f"lingwu-data-{i:03d}" for i in listed["id"]] and len(names) < len(df)
    shops = ck.action.package_show(id="lingwu-data-022")
    assert shops["title"] == "沿街商铺一铺一码台账" and shops["organization"]["name"] == "b03"
    extras = {e["key"]: e["value"] for e in shops["extras"]}
    assert extras["frequency"] == "daily" and extras["update_fulfilled_in_time"] == "false"  # no sync yet
    assert float(extras["quality_score"]) == round(float(df.loc[df["id"] == 22, "score"].iloc[0]), 2)
    assert extras["records"] == str(int(df.loc[df["id"] == 22, "records"].iloc[0]))
    with pytest.raises(ckanapi.NotFound):
        ck.action.package_show(id="lingwu-data-008")  # 电子健康档案: 不予开放, not in an open catalogue
    with pytest.raises(ckanapi.NotFound):
        ck.action.package_show(id="<script>")


def test_search_organizations_paging_and_errors(served):
    base, _url = served
    ck = ckanapi.RemoteCKAN(base)
    found = ck.action.package_search(q="一铺一码")
    assert found["count"] == 1 and found["results"][0]["name"] == "lingwu-data-022"
    b03 = ck.action.package_search(fq="organization:b03", rows=100)
    assert {p["organization"]["name"] for p in b03["results"]} == {"b03"} and b03["count"] >= 2
    first, second = (ck.action.package_search(rows=3, start=k, sort="name asc")["results"] for k in (0, 3))
    assert len(first) == 3 and not {p["name"] for p in first} & {p["name"] for p in second}
    orgs = ck.action.organization_list(all_fields=True)
    assert all(o["package_count"] >= 1 for o in orgs) and "b03" in ck.action.organization_list()
    with pytest.raises(ckanapi.ValidationError):
        ck.action.package_search(rows=-1)
    with pytest.raises(ckanapi.CKANAPIError):
        ck.action.package_delete(id="lingwu-data-022")  # read-only: no such action
    get_only = ckanapi.RemoteCKAN(base, get_only=True)
    assert get_only.action.package_list() == ck.action.package_list()
    bad = requests.post(
        f"{base}/api/3/action/package_show", data=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert bad.status_code == 400 and bad.json()["success"] is False


def test_dcat_parses_as_json_ld(served):
    base, _url = served
    resp = requests.get(f"{base}/catalog.jsonld", timeout=30)
    assert resp.status_code == 200 and resp.headers["Content-Type"].startswith("application/ld+json")
    expanded = jsonld.expand(resp.json())
    datasets = [n for n in expanded if f"{DCAT}Dataset" in n.get("@type", [])]
    names = ckanapi.RemoteCKAN(base).action.package_list()
    assert len(datasets) == len(names)
    catalog_node = next(n for n in expanded if f"{DCAT}Catalog" in n.get("@type", []))
    assert len(catalog_node[f"{DCAT}dataset"]) == len(names)
    quads = jsonld.to_rdf(resp.json(), {"format": "application/n-quads"})
    assert "http://purl.org/dc/terms/accrualPeriodicity" in quads and "沿街商铺一铺一码台账" in quads
