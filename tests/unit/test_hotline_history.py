"""On a simulated H1 2024 (12345 feed): the assessment reproduces the seed's totals and ranks the deliberately
slow departments last; smart dispatch beats the keyword baseline on held-out history; summary and hotspots."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from data_access import events as ev
from data_access import kpi
from data_access.db import dispose, read_session, write_session
from data_access.hotline import dispatch as reads
from data_access.hotline import stats as hs
from data_access.writes import apply
from simulators.catalog import CAL_END, CAL_START, REPORT_DAY, SLOW_DEPARTMENTS
from tests.factories import new_ticket
from web.commands import dispatch as hd

pytestmark = pytest.mark.slow  # an H1 backfill (shared: tests/h1.py)
SLOW = SLOW_DEPARTMENTS  # simulators/catalog.py: the seed's slow departments


@pytest.fixture(scope="module")
def h1_url(tmp_path_factory, h1):
    """A writable copy of seed 1's H1 backfill (the session's, shared with the calibration tests)."""
    url = h1.writable(1, tmp_path_factory.mktemp("hl-h1") / "h1.db")
    yield url
    dispose(url)


def test_assessment_reproduces_the_seed_totals(h1_url):
    with read_session(h1_url) as s:
        df = hs.assessment(s, CAL_START, REPORT_DAY, min_assigned=30)
        received = kpi.hotline_12345(s, CAL_START, CAL_END, settle=REPORT_DAY)
        wb = kpi.weibo(s, CAL_START, CAL_END, settle=REPORT_DAY)
    total = df[df["code"] == "TOTAL"].iloc[0]
    # H1 requests as the seed counts them (12345 without Weibo): 11,282 +- 3%, all closed, satisfaction 88.71% +- 1 pp
    assert abs(received.received - 11_282) <= 11_282 * 0.03
    assert total["received"] == received.received + wb.received  # every arrival of the window is in the table
    assert received.open_now == 0 and total["closure_rate"] == pytest.approx(1.0, abs=0.02)
    assert abs(total["satisfaction_rate"] - 0.8871) <= 0.01
    body = df[df["code"] != "TOTAL"]
    assert body["dispatched"].sum() == total["dispatched"] and body["returned"].sum() == total["returned"]
    rates = body[[c for c in hs.RATES]].dropna()
    assert ((rates >= 0) & (rates <= 1)).all().all()


def test_slow_departments_rank_at_the_bottom(h1_url):
    with read_session(h1_url) as s:
        df = hs.assessment(s, CAL_START, REPORT_DAY, min_assigned=30)
    ranked = df[df["rank"].notna()].sort_values("rank")
    bottom = list(ranked["code"].tail(4))
    assert set(bottom) <= SLOW, bottom
    assert {"B02", "B06", "B12"} <= set(ranked["code"].tail(5)), list(ranked["code"].tail(6))
    fast = ranked.iloc[0]
    assert fast["code"] not in SLOW and fast["sign_on_time_rate"] > ranked.iloc[-1]["sign_on_time_rate"]


def test_smart_dispatch_beats_the_keyword_baseline_on_held_out_history(h1_url):
    with read_session(h1_url) as s:
        r = hd.evaluate(s)
    assert r is not None and r["n_test"] > 1500
    print(
        f"\nsmart dispatch {r['model_accuracy']:.2%} vs keyword baseline {r['baseline_accuracy']:.2%} on {r['n_test']}"
    )
    assert r["model_accuracy"] > r["baseline_accuracy"] + 0.05
    assert r["model_accuracy"] > 0.85 and r["model_top3"] > 0.95


def test_suggestion_for_a_new_ticket_and_acceptance_tags(h1_url):
    at = datetime(2024, 8, 27, 2, 0)
    with write_session(h1_url) as s:
        apply(
            s, [new_ticket("SD-1", at, category="H0201", summary="城区街道停水问题（供水问题）", town_code="640181001")]
        )
        apply(
            s,
            [
                ev.TicketAction(
                    "sd-d1",
                    "SD-1",
                    "dispatch",
                    at + timedelta(minutes=3),
                    department_id=23,
                    note=reads.ACCEPT_TAG + " 派单",
                ),
            ],
        )
    with read_session(h1_url) as s:
        assert hd.trained(s, wait=True) is not None
        sug = hd.suggest_for_ticket(s, "SD-1")
        assert sug["name"] == "灵武市供水公司" and 0.5 < sug["confidence"] <= 1.0 and len(sug["alternatives"]) == 2
        acc = reads.acceptance(s)
        assert acc["accepted"] == 1 and acc["acceptance_rate"] == 1.0
        assert hd.suggest_for_ticket(s, "missing") is None


def test_daily_summary_and_hotspots(h1_url):
    day = datetime(2024, 3, 12, 4, 0)
    burst = [
        new_ticket(
            f"HS-{i}",
            day + timedelta(minutes=5 * i),
            category="H1701",
            summary="小区积水严重",
            town_code="640181102",
            area_code=None,
        )
        for i in range(8)
    ]
    with write_session(h1_url) as s:
        apply(s, burst)
    with read_session(h1_url) as s:
        spots = hs.hotspots(s, day + timedelta(hours=2))
        summary = hs.daily_summary(s, day.date(), day)
    hit = spots[(spots["category"] == "H1701") & (spots["town"] == "640181102")]
    assert len(hit) == 1 and hit.iloc[0]["today"] >= 8 and hit.iloc[0]["ratio"] >= 3
    assert "HS-7" in hit.iloc[0]["samples"]
    assert not spots.empty and (spots["today"] >= 4).all()
    assert {"new", "closed", "overdue", "returned", "redone", "dissatisfied", "supervised"} <= set(summary.columns)
    assert summary["new"].sum() > 0 and summary["closed"].sum() > 0
