"""The community feed: signs of life through the write API move each resident's last water and door times, a spell
away or a fall silences a resident, and the simulated worker's checks close with the outcome the spell implies."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from data_access.db import read_session, write_session
from data_access.models import CareCheck, ElderResident, ResidentActivity
from data_access.themes import community as cm
from data_access.worktime import utcnow
from data_access.writes import apply
from simulators import community as sim
from simulators.common import days


def test_simulated_days_write_activity_and_checks_once(city_url):
    start = date(2024, 3, 1)
    events = [e for d in days(start, start + timedelta(days=40)) for e in sim.generate(1, d)]
    for _ in range(2):  # a replay changes nothing
        with write_session(city_url) as s:
            apply(s, events)
    with read_session(city_url) as s:
        n_act = s.scalar(select(func.count()).select_from(ResidentActivity))
        assert n_act == len({(e.resident_id, e.kind, e.at) for e in events if type(e).__name__ == "ResidentActivityIn"})
        assert (
            s.scalar(select(func.count()).select_from(ElderResident).where(ElderResident.last_door_at.is_(None))) == 0
        )
        checks = s.execute(select(CareCheck.status, CareCheck.outcome)).all()
        stats = cm.care_stats(s, utcnow(), days=100000)
    assert checks and all(st == "closed" and o in ("away", "helped") for st, o in checks)
    assert stats["closed"] == len(checks) and 0 < stats["false_rate"] <= 100
