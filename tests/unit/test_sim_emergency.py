"""The emergency simulator: deterministic for a seed, seasonal (sandstorms in spring, floods in summer), levels
mostly IV, some III, rare II; every event goes through the write API without a refusal and leaves closed incidents
whose reports, dispatches and tasks follow the plans; drills are flagged and never counted."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import func, select

from data_access import events as ev
from data_access.db import read_session, write_session
from data_access.models import DailyCounter, Incident, IncidentDispatch, IncidentEvent, IncidentTask
from data_access.writes import apply
from simulators.feeds import emergency as em


def year(seed: int, start=datetime(2024, 1, 1), days: int = 366) -> list:
    out: list = []
    for i in range(days):
        out += em.generate(seed, start + timedelta(days=i))
    return out


def test_a_year_is_deterministic_seasonal_and_mostly_level_four():
    a, b = year(1), year(1)
    assert a == b and year(2) != a
    reports = [e for e in a if isinstance(e, ev.IncidentReported) and not e.exercise]
    final = {e.event_id: e.level for e in reports}
    for e in a:
        if isinstance(e, ev.IncidentAction) and e.action in ("respond", "relevel") and e.incident_event_id in final:
            final[e.incident_event_id] = e.level
    levels = Counter(final.values())
    assert 80 <= len(reports) <= 250
    assert levels[4] / len(reports) > 0.8 and levels[3] >= 3 and levels[2] <= 0.03 * len(reports) and levels[1] == 0
    months = {k: Counter(e.at.month for e in reports if e.kind == k) for k in ("沙尘暴", "暴雨内涝")}
    assert sum(months["沙尘暴"][m] for m in (3, 4, 5)) > sum(months["沙尘暴"].values()) / 2
    assert sum(months["暴雨内涝"][m] for m in (6, 7, 8)) > sum(months["暴雨内涝"].values()) / 2
    warns = [e for e in a if isinstance(e, ev.WarningIssued)]
    assert 15 <= len(warns) <= 120 and {w.hazard for w in warns} >= {"sandstorm", "rainstorm", "snow"}
    assert sum(1 for e in a if isinstance(e, ev.IncidentReported) and e.exercise) == 4  # one drill a quarter


def test_a_quarter_applies_through_the_write_api_and_follows_the_plans(city_url):
    events = sorted(year(1, datetime(2024, 6, 1), 92), key=lambda e: e.at)
    with write_session(city_url) as s:
        result = apply(s, events)
    assert result.skipped == 0 and result.applied == len(events)
    with read_session(city_url) as s:
        assert s.scalar(select(func.count()).where(Incident.status != "closed")) == 0
        reported = s.scalar(
            select(func.count()).where(IncidentEvent.kind == "report_up", IncidentEvent.target == "county")
        )
        assert reported == s.scalar(select(func.count()).select_from(Incident))
        assert s.scalar(select(func.count()).where(IncidentDispatch.state != "returned")) == 0
        assert s.scalar(select(func.count()).where(IncidentDispatch.eta_minutes.is_(None))) == 0
        tasks = s.execute(select(func.count(), func.count(IncidentTask.done_at))).one()
        assert tasks[0] > 0 and tasks[0] == tasks[1]
        drills = s.scalar(select(func.count()).where(Incident.exercise.is_(True)))
        counted = s.scalar(
            select(func.sum(DailyCounter.n)).where(
                DailyCounter.subject == "incident", DailyCounter.metric == "reported"
            )
        )
        real = s.scalar(select(func.count()).where(Incident.exercise.is_(False)))
    assert drills == 1 and counted == real
