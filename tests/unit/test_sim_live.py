"""Live mode: deterministic for an injected clock, and a SIGKILL mid-run loses and duplicates nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from data_access.db import dispose, read_session
from data_access.models import DailyCounter, EventLog, Gauge, SensorReading, Ticket
from simulators import runner

ROOT = Path(__file__).resolve().parents[2]
START = datetime(2024, 3, 4, 0, 0)  # UTC, a whole hour
UNTIL = START + timedelta(hours=10)


def snapshot(url: str) -> dict:
    """Everything the simulator writes, as comparable values."""
    with read_session(url) as s:
        out = {
            "events": set(s.scalars(select(EventLog.event_id))),
            "daily": set(
                s.execute(
                    select(
                        DailyCounter.day,
                        DailyCounter.subject,
                        DailyCounter.channel,
                        DailyCounter.category,
                        DailyCounter.department_id,
                        DailyCounter.area_code,
                        DailyCounter.metric,
                        DailyCounter.n,
                    )
                ).all()
            ),
            "gauge": {
                r
                for r in s.execute(
                    select(Gauge.subject, Gauge.key, Gauge.department_id, Gauge.area_code, Gauge.n)
                ).all()
                if r[-1]
            },
            # version counts write transactions (batching differs after a restart), so it is left out
            "tickets": set(
                s.execute(
                    select(
                        Ticket.ticket_no,
                        Ticket.status,
                        Ticket.updated_at,
                        Ticket.due_at,
                        Ticket.department_id,
                        Ticket.supervise_count,
                    )
                ).all()
            ),
            "readings": s.scalar(select(func.count()).select_from(SensorReading)),
        }
    dispose(url)
    return out


class StepClock:
    """An injected clock: each call advances simulated time by a fixed step."""

    def __init__(self, start: datetime, step: timedelta):
        self.t, self.step = start - step, step

    def __call__(self) -> datetime:
        self.t += self.step
        return self.t


def _run_live(url: str) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "simulators",
        "live",
        "--url",
        url,
        "--speed",
        "3600",
        "--tick",
        "0.1",
        "--start",
        START.isoformat(),
        "--until",
        UNTIL.isoformat(),
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_live_is_deterministic_and_survives_sigkill(tmp_path, sqlite_templates):
    ref = sqlite_templates.copy(tmp_path / "ref.db")
    stats = runner.live(ref, seed=1, start=START, until=UNTIL, clock=StepClock(START, timedelta(minutes=17)), tick=0)
    assert stats.applied > 100 and stats.dropped == 0
    expected = snapshot(ref)
    assert any(t[1] != "accepted" for t in expected["tickets"])  # tickets move through their lifecycle

    url = sqlite_templates.copy(tmp_path / "killed.db")
    proc = _run_live(url)
    deadline = time.time() + 60
    while time.time() < deadline:  # wait until it has written something, then kill it mid-run
        with read_session(url) as s:
            n = s.scalar(select(func.count()).select_from(EventLog))
        if n and n > 50:
            break
        time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    dispose(url)
    partial = snapshot(url)
    assert 0 < len(partial["events"]) < len(expected["events"])
    proc = _run_live(url)
    _, err = proc.communicate(timeout=240)
    assert proc.returncode == 0, err.decode()[-2000:]
    got = snapshot(url)
    assert got == expected
