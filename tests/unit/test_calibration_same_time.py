"""Same-time trends on a simulated H1 2024 (seeds 1-3): at 10:00 on a normal working day the overview's 较昨日同时段
and 较上周同时段 compare today-so-far with yesterday and last week up to 10:00, so a normal morning reads as normal
(the old whole-day comparison showed ▼70 % in red every morning)."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text

from data_access.db import read_session
from data_access.wall import vitals as wall
from data_access.worktime import LOCAL, is_workday
from tests.h1 import SEEDS

pytestmark = pytest.mark.slow
KEYS = ("hotline_received", "hotline_closed", "cm_received", "alert_raised")


def normal_mornings() -> list[datetime]:
    """10:00 local (as UTC) of working days whose yesterday and last week were working days too, March to June."""
    out, d = [], date(2024, 3, 4)
    while d <= date(2024, 6, 28):
        if all(is_workday(d - timedelta(days=k)) for k in (0, 1, 7)):
            out.append(datetime.combine(d, datetime.min.time()) - LOCAL + timedelta(hours=10))
        d += timedelta(days=1)
    return out


def plausible(a: float, b: float) -> bool:
    """Two Poisson counts of one rate: their difference within 3.5 standard deviations."""
    return abs(a - b) <= 3.5 * math.sqrt(a + b) + 1


@pytest.mark.parametrize("seed", SEEDS, ids=[f"seed{s}" for s in SEEDS])
def test_trends_at_ten_compare_with_yesterday_at_ten(h1, seed):
    url = h1.url(seed)
    mornings = normal_mornings()
    assert len(mornings) > 50
    sums = {k: {"value": 0.0, "yesterday": 0.0, "last_week": 0.0, "whole_yesterday": 0.0} for k in KEYS}
    with read_session(url) as s:
        for now in mornings:
            v = wall.vital_signs(s, now).set_index("key")
            midnight = now - timedelta(hours=10)
            for k in KEYS:
                row = v.loc[k]
                assert plausible(row["value"], row["yesterday"]), (now, k, row.to_dict())
                assert plausible(row["value"], row["last_week"]), (now, k, row.to_dict())
                for col in ("value", "yesterday", "last_week"):
                    sums[k][col] += row[col]
            # independent SQL: 12345 received yesterday up to 10:00 and over the whole of yesterday
            q = "SELECT count(*) FROM ticket WHERE stream = 'hotline' AND created_at >= :a AND created_at < :b"
            y0 = midnight - timedelta(days=1)
            upto = s.scalar(text(q).bindparams(a=y0, b=now - timedelta(days=1, seconds=-60)))
            assert v.loc["hotline_received", "yesterday"] == upto
            sums["hotline_received"]["whole_yesterday"] += s.scalar(text(q).bindparams(a=y0, b=midnight))
    for k in KEYS:
        t = sums[k]
        assert t["value"] > 0
        assert 0.85 <= t["yesterday"] / t["value"] <= 1.15, (k, t)
        assert 0.85 <= t["last_week"] / t["value"] <= 1.15, (k, t)
    r = sums["hotline_received"]
    assert r["value"] / r["whole_yesterday"] < 0.5  # what the whole-day comparison read: a fall every morning
