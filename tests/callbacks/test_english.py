"""A complete English mode: the unit, categories, towns, channels and departments read in English on the overview
and the 12345 page (the database keeps the Chinese names); Chinese stays Chinese."""

from __future__ import annotations

import re

import pandas as pd

from callbacks import overview
from callbacks.hotline import render as hr
from callbacks.hotline import supervision as sr
from data_access.db import read_session
from data_access.models import Category, Channel, Department, GridArea
from web.i18n import names, t

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_seeded_name_has_an_english_one(city_url):
    with read_session(city_url) as s:
        cats = dict(s.query(Category.code, Category.name).all())
        towns = dict(s.query(GridArea.code, GridArea.name).filter(GridArea.level == 2).all())
        chans = dict(s.query(Channel.code, Channel.name).all())
        depts = dict(s.query(Department.code, Department.name).all())
        domains = {d for (d,) in s.query(Category.domain).distinct()}
    for kind, table in (("category", cats), ("town", towns), ("channel", chans), ("department", depts)):
        for code, zh in table.items():
            assert not CJK.search(names.name(kind, code, zh, "en")), (kind, code)
            assert not CJK.search(names.en(kind, zh, "en")), (kind, zh)  # found by the Chinese name alone
            assert names.name(kind, code, zh, "zh") == zh
    assert all(not CJK.search(names.en("domain", d, "en")) for d in domains)
    assert t("unit_items", "en") == "items" and t("unit_items", "zh") == "件"


def test_the_grid_feed_and_drawer_read_in_english():
    grid = pd.DataFrame(
        [
            {
                "ticket_no": "E-1",
                "channel": "wechat",
                "channel_name": "微信公众号",
                "category": "H0201",
                "category_name": "供水问题",
                "department_id": 23,
                "department_name": "灵武市供水公司",
                "town": "640181103",
                "town_name": "宁东镇",
                "status": "in_progress",
                "sla": "on_time",
                "satisfaction": "",
                "hours_left": 3.0,
            }
        ]
    )
    row = hr.grid_rows(grid, "en")[0]
    shown = " ".join(str(row[k]) for k in ("channel_name", "category_name", "department_name", "town_name"))
    assert shown == "WeChat Water supply Lingwu Water Supply Co. Ningdong"
    assert hr.grid_rows(grid, "zh")[0]["town_name"] == "宁东镇"
    assert hr.who_did("supervise", "督办员", "灵武市供水公司", "en") == "督办员 → Lingwu Water Supply Co."
    keys = ("new", "closed", "overdue", "returned", "redone", "dissatisfied", "supervised")
    summary = pd.DataFrame([{"department_id": 23, "name": "灵武市供水公司", **dict.fromkeys(keys, 1)}])
    assert not CJK.search(str(sr.summary(summary, "en")).replace("children=", ""))


def test_the_overview_feed_and_top_categories_read_in_english():
    feed = pd.DataFrame(
        [("T-1", "hotline", "10:01", "供水问题", "宁东镇", "accepted", "停水了")],
        columns=["ticket_no", "stream", "created_local", "category", "town", "status", "text"],
    )
    out = str(overview._render_feed(feed, "en"))
    assert "Water supply" in out and "Ningdong" in out and "Accepted" in out and "停水了" in out  # citizens' text stays
    top = pd.DataFrame([("H0503", "噪音扰民", 7)], columns=["category", "name", "n"])
    assert "Noise" in str(overview._render_top(top, "en"))
    assert "噪音扰民" in str(overview._render_top(top, "zh"))
