"""The water simulator's ground truth (injected bursts and leaks), for the bench and tests only: no page, panel,
callback or route reads it (tests/unit/test_water.py checks)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import WaterLeakTruth


def injections(session: Session, since: datetime, until: datetime) -> pd.DataFrame:
    """Columns event_id, zone, kind, start, end, excess, ramp_hours: injections starting in [since, until)."""
    rows = session.execute(
        select(
            WaterLeakTruth.event_id,
            WaterLeakTruth.zone_code,
            WaterLeakTruth.kind,
            WaterLeakTruth.start_at,
            WaterLeakTruth.end_at,
            WaterLeakTruth.excess,
            WaterLeakTruth.ramp_hours,
        )
        .where(WaterLeakTruth.start_at >= since, WaterLeakTruth.start_at < until)
        .order_by(WaterLeakTruth.start_at)
    ).all()
    return pd.DataFrame(rows, columns=["event_id", "zone", "kind", "start", "end", "excess", "ramp_hours"])
