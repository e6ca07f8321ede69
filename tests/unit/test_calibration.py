"""Calibration: a simulated H1 2024 lands on the seed's figures, read through the product's KPI queries."""

from __future__ import annotations

from datetime import date

import pytest

from data_access import kpi
from data_access.db import read_session
from simulators import runner
from simulators.catalog import CAL_END, CAL_START, REPORT_DAY
from tests.conftest import BACKENDS
from tests.templates import Recipe, copied

SEED = 1
pytestmark = pytest.mark.slow  # two H1 backfills: minutes


@pytest.fixture(scope="module", params=BACKENDS)
def h1_url(request, tmp_path_factory):
    """One H1 backfill per backend, shared by the checks below."""
    with copied(request, request.param, tmp_path_factory.mktemp("cal"), Recipe(seed=SEED)) as url:
        stats = runner.backfill(url, CAL_START, CAL_END, seed=SEED, settle=REPORT_DAY)
        assert stats.dropped == 0
        yield url


def within(value: float, target: float, rel: float) -> bool:
    return abs(value - target) <= target * rel


def test_12345_requests_closed_and_satisfaction(h1_url):
    with read_session(h1_url) as s:
        t = kpi.hotline_12345(s, CAL_START, CAL_END, settle=REPORT_DAY)
    assert within(t.received, 11_282, 0.03), t
    assert t.open_now == 0, "every request is closed by the report date"
    assert t.satisfaction_rate is not None and abs(t.satisfaction_rate - 0.8871) <= 0.01, t


def test_city_management_and_weibo(h1_url):
    with read_session(h1_url) as s:
        cm = kpi.stream_totals(s, "cm", CAL_START, CAL_END, settle=REPORT_DAY)
        wb = kpi.weibo(s, CAL_START, CAL_END, settle=REPORT_DAY)
        sup = kpi.supervision_messages(s, CAL_START, REPORT_DAY)
    assert within(cm.received, 5_541, 0.03), cm
    assert cm.open_now == 0
    assert abs(wb.received - 11) <= 4 and wb.open_now == 0
    assert sup >= 1_500


def test_city_assets(h1_url):
    with read_session(h1_url) as s:
        c = kpi.city_totals(s)
    assert c.cameras == 2_028 and c.algorithms == 56
    assert c.data_records == 1_867_000
    assert c.extranet_units >= 60


def test_backfill_rerun_changes_nothing(h1_url):
    with read_session(h1_url) as s:
        before = kpi.hotline_12345(s, CAL_START, CAL_END, settle=REPORT_DAY)
    stats = runner.backfill(h1_url, date(2024, 6, 24), CAL_END, seed=SEED, settle=REPORT_DAY)
    assert stats.applied == 0 and stats.skipped > 0
    with read_session(h1_url) as s:
        assert kpi.hotline_12345(s, CAL_START, CAL_END, settle=REPORT_DAY) == before
