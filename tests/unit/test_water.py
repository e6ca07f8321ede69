"""The water theme's analysis: the forecast-band detector beats a fixed threshold on a simulated quarter, the
simulator's injections reach their own table through the write API, and the reads find an injected burst and a
quality exceedance, never reading the ground truth."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
from sqlalchemy import func, select

from data_access import events as ev
from data_access.db import read_session, write_session
from data_access.models import Sensor, WaterLeakTruth, WaterZone
from data_access.themes import detect, water, water_truth
from data_access.worktime import utcnow
from data_access.writes import apply
from simulators import water as sim
from simulators.common import day_start_utc, days
from tests.water_data import BURST_ZONE, inject_burst, write_history

ROOT = Path(__file__).resolve().parents[2]


def _quarter(seed: int, start: date, n_days: int = 91):
    flows, truth = [], []
    for day in days(start - timedelta(weeks=12), start + timedelta(days=n_days - 1)):
        truth += sim.truth_events(seed, day)
        flows += sim.flows(seed, day_start_utc(day), day_start_utc(day + timedelta(days=1)))
    zone = {z["flow_sensor_id"]: z["code"] for z in sim.zone_rows(seed)}
    f = pd.DataFrame([(zone[r.sensor_id], r.at, r.value) for r in flows], columns=["zone", "at", "flow"])
    t = pd.DataFrame(
        [(e.event_id, e.zone_code, e.kind, e.at, e.end_at) for e in truth],
        columns=["event_id", "zone", "kind", "start", "end"],
    )
    return f, t, day_start_utc(start), day_start_utc(start + timedelta(days=n_days))


def test_the_band_detector_beats_the_fixed_threshold_on_a_simulated_quarter():
    flows, truth, since, until = _quarter(1, date(2024, 4, 1))
    runs = detect.detect(flows)
    band = detect.score(runs[runs["method"] == "band"], truth, since, until, 8)
    base = detect.score(detect.threshold_baseline(flows, since), truth, since, until, 8)
    assert band.injections >= 20  # a quarter holds enough bursts and leaks to score
    assert band.recall > base.recall + 0.2 and band.false_alarms <= base.false_alarms
    assert band.median_hours is not None and band.median_hours <= 12


def test_injections_have_known_starts_and_raise_the_zone_inflow():
    day = next(
        d for d in days(date(2024, 1, 1), date(2024, 6, 30)) if any(e.kind == "burst" for e in sim.truth_events(1, d))
    )
    e = next(e for e in sim.truth_events(1, day) if e.kind == "burst")
    z = next(z for z in sim.zone_rows(1) if z["code"] == e.zone_code)
    before = sim.excess(1, z["code"], e.at - timedelta(hours=1))[0]
    during, burst = sim.excess(1, z["code"], e.at + timedelta(minutes=30))
    assert burst and during >= before + e.excess * 0.99
    assert sim.pressure_drop(1, z["pressure_sensor_id"], e.at + timedelta(minutes=30)) > 0.04


def test_ground_truth_goes_through_the_write_api_once(city_url):
    day = date(2024, 3, 1)
    events = [e for d in days(day, day + timedelta(days=60)) for e in sim.truth_events(1, d)]
    assert events
    for _ in range(2):  # a replay is skipped
        with write_session(city_url) as s:
            apply(s, events)
    with read_session(city_url) as s:
        assert s.scalar(select(func.count()).select_from(WaterLeakTruth)) == len(events)
        got = water_truth.injections(s, day_start_utc(day), day_start_utc(day + timedelta(days=61)))
        assert s.scalar(select(func.count()).select_from(WaterZone)) == 8
    assert set(got["kind"]) <= {"burst", "leak"} and len(got) == len(events)


def test_no_page_callback_or_route_reads_the_ground_truth():
    for folder in ("layouts", "callbacks", "web", "api"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text()
            assert not re.search(r"water_truth|WaterLeakTruth|water_leak_truth", text), path
    assert "water_truth" not in (ROOT / "data_access/themes/water.py").read_text().split('"""', 2)[2]


def test_an_injected_burst_becomes_a_large_active_alarm(city_url):
    now = (utcnow() - timedelta(days=1)).replace(hour=4, minute=30)  # 12:30 local, a day ago: the detector reads `now`
    write_history(city_url, now)
    inject_burst(city_url, now)
    with read_session(city_url) as s:
        data = water.overview(s, now)
        rows = water.alarm_rows(s, now)
    det = data["detections"]
    mine = det[(det["zone"] == BURST_ZONE) & det["active"]]
    assert len(mine) == 1 and bool(mine.iloc[0]["large"]) and mine.iloc[0]["ticket_no"] is None
    assert mine.iloc[0]["key"] in set(data["alerts"]["key"])
    assert any(r["key"] == mine.iloc[0]["key"] for r in rows)  # the wall's takeover sees it
    zone = data["zones"].set_index("code").loc[BURST_ZONE]
    assert zone["state"] == "high" and zone["flow"] > zone["upper"]


def test_two_readings_outside_the_gb5749_limit_are_an_exceedance_one_is_a_spike(city_url):
    now = utcnow().replace(microsecond=0)
    with read_session(city_url) as s:
        turb = s.scalars(select(Sensor).where(Sensor.kind == "quality").order_by(Sensor.id)).first().id
        cl = s.scalars(select(Sensor).where(Sensor.kind == "chlorine").order_by(Sensor.id)).first().id
    readings = [
        ev.SensorReadingIn(turb, now - timedelta(minutes=20), 2.6, True),
        ev.SensorReadingIn(turb, now - timedelta(minutes=10), 2.4, True),
        ev.SensorReadingIn(cl, now - timedelta(minutes=20), 0.4),
        ev.SensorReadingIn(cl, now - timedelta(minutes=10), 0.01, True),
    ]
    with write_session(city_url) as s:
        apply(s, readings)
    with read_session(city_url) as s:
        q = water.quality(s, now).set_index("id")
        alerts = water.alerts(s, now)
    assert q.loc[turb, "state"] == "exceeded" and q.loc[turb, "limit"] == "≤ 1 NTU" and bool(q.loc[turb, "large"])
    assert q.loc[cl, "state"] == "spike"
    hit = alerts[alerts["subject"] == turb]
    assert len(hit) == 1 and hit.iloc[0]["kind"] == "quality" and hit.iloc[0]["limit"] == "≤ 1 NTU"
    assert cl not in set(alerts["subject"])
