"""Data-foundation pages: the catalogue's search and filters (bad input refused, changes nothing), renderers as
plain functions (text never HTML, masked values only), the resource page for officers and visitors."""

from __future__ import annotations

import json
from datetime import datetime

import pandas as pd

from callbacks.data import data as data_page
from callbacks.data import data_resource as res_page
from callbacks.data import render as dr
from data_access.data import catalog
from data_access.db import read_session
from data_access.worktime import utcnow


def dump(children) -> str:
    return json.dumps(children, default=lambda c: c.to_plotly_json(), ensure_ascii=False)


def test_catalogue_search_and_filters(city_url):
    now = utcnow()
    with read_session(city_url) as s:
        everything = catalog.catalogue(s, now)
        shops = catalog.catalogue(s, now, q="一铺一码")
        b14 = catalog.catalogue(s, now, dept="B14")
        empty = catalog.catalogue(s, now, status="empty")
        wild = catalog.catalogue(s, now, q="%")
        unshared = catalog.catalogue(s, now, share="none")
    assert len(everything) == 35 and everything["records"].sum() > 1_800_000
    assert list(shops["name"]) == ["沿街商铺一铺一码台账"]
    assert set(b14["name"]) == {"安全生产企业台账", "危险源与隐患点"}
    assert set(empty["name"]) == {"智慧停车泊位数据", "校园安全视频接入", "养老服务机构台账"}
    assert wild.empty  # a LIKE wildcard is searched for as itself
    assert list(unshared["name"]) == ["电子健康档案"]


def test_filters_refuse_what_is_not_a_search():
    assert data_page.clean_filters("<script>", None, None, None, None) is None
    assert data_page.clean_filters("x" * 41, None, None, None, None) is None
    f = data_page.clean_filters(" 人口 ", "B04", "bogus", "daily", "stale")
    assert f == {"q": "人口", "dept": "B04", "share": None, "cadence": "daily", "status": "stale"}


def test_catalogue_table_renders_names_as_text_and_links_resources():
    df = pd.DataFrame(
        [(1, "<img src=x onerror=alert(1)>", "", 1, "B04", "市公安局", "daily", 12, None, "接口", "conditional",
          "closed", "人口", False, None, None, None, False, 0.0, "stale")],
        columns=catalog.COLUMNS,
    )  # fmt: skip
    out = dump(dr.catalogue_table(df, "zh"))
    assert "<img src=x onerror=alert(1)>" in out and "dangerously" not in out
    assert "/data/resource?id=1" in out and "从未同步" in out and "未按期更新" in out


def test_resource_page_masks_the_sample_by_role(city_url, apps):
    app = apps.flask(city_url)
    with app.app_context():
        seat = res_page.read_page(21, "officer")
        public = res_page.read_page(21, "visitor")
        missing = res_page.read_page(999, "officer")
    assert missing is None
    assert (
        seat["row"]["name"] == "公租房一户一码台账"
        and seat["row"]["records"] == len(seat["sample"]) * 0 + seat["row"]["records"]
    )
    names = seat["sample"]["tenant_name"].dropna()
    assert len(names) and all("*" in n for n in names)
    assert all(p is None or "****" in p for p in seat["sample"]["phone"])
    assert public["sample"][["tenant_name", "id_no", "phone", "address"]].isna().all().all()
    rendered = dump(res_page.render_page(public, "zh", can_act=False))
    assert "发起整改" not in rendered  # visitors get no action buttons
    assert "发起整改" in dump(res_page.render_page(seat, "zh", can_act=True))


def test_dimension_and_share_renderers_show_empty_state():
    assert "暂无数据" in dump(
        dr.share_ranking(pd.DataFrame(columns=["code", "name", "provided", "consumed", "only_takes"]), "zh")
    )
    dims = pd.DataFrame([("completeness", 99.5), ("freshness", None)], columns=["dimension", "score"])
    out = dump(dr.dimensions(dims, "en"))
    assert "Completeness" in out and "99.5" in out and "—" in out
    assert dr.local_time(datetime(2024, 1, 1, 16, 0), "zh") == "2024-01-02 00:00"
