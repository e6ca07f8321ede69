"""What should interrupt the wall: every kind of alarm as one typed record (Alarm), from a registry of sources.

A source reads its alarms of one kind: `read(session, now) -> list[Alarm]`, at its own period (a heavy read such as
hotspots once a minute). Adding a kind of alarm: one function and one SOURCES line (the wall's takeover, the seats'
alarm strip and the overview read them all alike). Severity 1 is the highest; the takeover shows the top one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.hotline.stats import hotspots
from data_access.models import Algorithm, Camera, EmergencyWarning, GridArea, Incident, VideoAlert
from data_access.worktime import local_day

ALERT_WINDOW = timedelta(minutes=10)  # a fire/smoke alert this recent and unreviewed takes the wall over
WARNING_WINDOW = timedelta(minutes=15)  # a red/orange warning takes the wall this long after it is issued or changed
COUNTY_CENTRE = (37.97, 106.53)
CORE = ("key", "kind", "severity", "title", "lat", "lon", "at")


@dataclass(frozen=True)
class Alarm:
    """One alarm: its stable key (kind:id), severity (1 highest), a title, where and since when, plus the facts
    its kind shows as evidence (a hotspot's today and baseline, ...). No personal data."""

    key: str
    kind: str
    severity: int
    title: str
    lat: float
    lon: float
    at: datetime
    facts: dict[str, Any] = field(default_factory=dict)

    def row(self) -> dict[str, Any]:
        """The alarm as one flat row (core fields, then its facts)."""
        return {**{k: getattr(self, k) for k in CORE}, **self.facts}


def ordered(alarms: list[Alarm]) -> list[Alarm]:
    """Most severe first, newest first among equals."""
    return sorted(alarms, key=lambda a: (a.severity, -a.at.timestamp()))


def incident_alarms(session: Session, now: datetime) -> list[Alarm]:
    """Level I/II incidents not yet acknowledged (drills never take the wall)."""
    return [
        Alarm(f"incident:{inc.event_id}", "incident", inc.level, inc.title, inc.lat, inc.lon, inc.started_at)
        for inc in session.scalars(
            select(Incident).where(
                Incident.status == "active",
                Incident.level <= 2,
                Incident.acknowledged_at.is_(None),
                Incident.exercise.is_(False),
            )
        )
    ]


def warning_alarms(session: Session, now: datetime) -> list[Alarm]:
    """Red (severity 1) and orange (2) warnings in force, for a while after each issue or change (drills never)."""
    rows = session.scalars(
        select(EmergencyWarning).where(
            EmergencyWarning.status == "active",
            EmergencyWarning.color.in_(("red", "orange")),
            EmergencyWarning.exercise.is_(False),
            EmergencyWarning.updated_at >= now - WARNING_WINDOW,
            EmergencyWarning.updated_at <= now,
        )
    )
    return [
        Alarm(
            f"warning:{w.event_id}",
            "warning",
            1 if w.color == "red" else 2,
            w.headline,
            *COUNTY_CENTRE,
            w.updated_at,
            {"color": w.color, "area": w.area_desc},
        )
        for w in rows
        if w.expires_at is None or w.expires_at > now
    ]


def fire_alerts(session: Session, now: datetime) -> list[Alarm]:
    """Severity-1 AI alerts (fire, smoke...) of the last minutes, still unreviewed."""
    rows = session.execute(
        select(VideoAlert.event_id, Algorithm.name, Camera.name, Camera.lat, Camera.lon, VideoAlert.occurred_at)
        .join(Algorithm, Algorithm.code == VideoAlert.algorithm_code)
        .join(Camera, Camera.id == VideoAlert.camera_id)
        .where(
            VideoAlert.status == "new",
            Algorithm.severity == 1,
            VideoAlert.occurred_at >= now - ALERT_WINDOW,
            VideoAlert.occurred_at <= now,
        )
    ).all()
    return [Alarm(f"alert:{eid}", "alert", 1, f"{algo} · {cam}", lat, lon, at) for eid, algo, cam, lat, lon, at in rows]


def hotspot_alarms(session: Session, now: datetime, limit: int = 5) -> list[Alarm]:
    """Hotspot warnings: a category spiking in one town against its own baseline (facts: today, baseline)."""
    spots = hotspots(session, now).head(limit)
    if spots.empty:
        return []
    centres = {
        code: (lat, lon)
        for code, lat, lon in session.execute(
            select(GridArea.code, GridArea.lat, GridArea.lon).where(GridArea.code.in_(list(spots["town"])))
        )
    }
    day = local_day(now).isoformat()
    out = []
    for rec in spots.to_dict("records"):
        if rec["town"] not in centres:
            continue
        lat, lon = centres[rec["town"]]
        facts = {"today": int(rec["today"]), "baseline": round(float(rec["baseline_mean"]), 1)}
        key = f"hotspot:{rec['category']}:{rec['town']}:{day}"
        out.append(Alarm(key, "hotspot", 2, f"{rec['category_name']} · {rec['town_name']}", lat, lon, now, facts))
    return out


@dataclass(frozen=True)
class Source:
    read: Callable[[Session, datetime], list[Alarm]]
    period: int = 1  # seconds between reads (shared by every screen)


SOURCES: dict[str, Source] = {
    "incident": Source(incident_alarms),
    "alert": Source(fire_alerts),
    "hotspot": Source(hotspot_alarms, period=60),
    "warning": Source(warning_alarms),
}


def takeover_candidates(session: Session, now: datetime) -> list[Alarm]:
    """Every alarm of every source, read now, most severe first (tests and tools; screens read each source at its
    own period through the live views)."""
    return ordered([a for src in SOURCES.values() for a in src.read(session, now)])
