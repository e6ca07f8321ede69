"""The city-operations indicator catalogue is a data file validated here: at least 100 indicators in 7 domains, each
with a formula over real rollups, ordered thresholds, a known owner department and cadence; a broken row is refused
with its line; the values follow the rollups, and the records behind an indicator are masked for visitors."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from data_access.db import read_session, write_session
from data_access.themes import ops
from data_access.worktime import utcnow
from data_access.writes import apply
from simulators import catalog
from tests.factories import new_ticket


def test_the_catalogue_holds_at_least_100_valid_indicators_in_7_domains():
    inds = ops.load_catalogue()
    assert len(inds) >= 100 and {i.domain for i in inds} == set(ops.DOMAINS) and len(ops.DOMAINS) == 7
    assert len({i.id for i in inds}) == len(inds)
    depts = {d.name for d in catalog.DEPARTMENTS}
    for i in inds:
        assert i.owner in depts, (i.id, i.owner)
        assert i.terms and all(t.fn in ("count", "gauge", "sensors") for t in i.terms)
        assert i.name_zh and i.name_en and i.cadence in ops.CADENCE_DAYS
        assert (i.warn >= i.alarm) if i.direction == "up" else (i.warn <= i.alarm)


@pytest.mark.parametrize(
    "formula, why",
    [
        ("count(hotline.recieved)", "no such rollup"),
        ("__import__('os').system('x')", "only count()"),
        ("count(hotline.received, department=3)", "filters"),
        ("sensors(lava.total)", "no such sensor"),
        ("count(hotline.received) ** 2", "not allowed"),
        ("12", "at least one"),
    ],
)
def test_a_broken_row_is_refused_with_its_line(tmp_path: Path, formula, why):
    good = ops.CATALOGUE.read_text(encoding="utf-8").splitlines()
    bad = 'ZZ01,坏指标,Broken,hotline,件,"{}",down,1,2,灵武市智慧城市运营中心,day'.format(formula.replace('"', '""'))
    path = tmp_path / "indicators.csv"
    path.write_text("\n".join([*good[:3], bad, *good[3:]]) + "\n", encoding="utf-8")
    with pytest.raises(ops.CatalogueError, match=rf"indicators.csv:4: .*{why}"):
        ops.load_catalogue(path)


def test_values_follow_the_rollups_and_scores_roll_up(city_url):
    now = utcnow()
    with write_session(city_url) as s:
        apply(s, [new_ticket(f"OPS-{k}", now - timedelta(minutes=5 + k), category="H0201") for k in range(3)])
    with read_session(city_url) as s:
        vals = ops.values(s, now).set_index("id")
        hist = ops.history(s, now, "HC01")
    assert vals.loc["HL01", "value"] == 3 and vals.loc["HC01", "value"] == 3  # today / this week
    assert vals.loc["HL01", "state"] == "ok" and vals.loc["VD06", "value"] == 100.0  # every camera online
    city, doms = ops.scores(vals.reset_index())
    assert city is not None and 0 <= city <= 100 and list(doms["domain"]) == list(ops.DOMAINS)
    assert len(hist) == ops.HISTORY_DAYS and hist["value"].iloc[-1] == 3


def test_the_records_behind_an_indicator_are_its_tickets_masked_for_visitors(city_url):
    now = utcnow()
    canary = {"citizen_name": "测试甲乙丙", "citizen_phone": "13900000001", "address": "灵武市朔方路88号3单元"}
    with write_session(city_url) as s:
        apply(s, [new_ticket("OPS-R", now - timedelta(minutes=3), category="H0201",
                             summary="测试甲乙丙家停水 13900000001", **canary)])  # fmt: skip
    with read_session(city_url) as s:
        recs = ops.records(s, now, "HC01", "visitor")
    assert list(recs["key"]) == ["OPS-R"] and recs.iloc[0]["href"] == "/hotline?ticket=OPS-R"
    text = recs.to_string()
    assert "供水问题" in text and "13900000001" not in text and "测试甲乙丙" not in text
