"""What should interrupt the wall: every kind of alarm as one typed record (Alarm), from a registry of sources.

An alarm's kind is the type of its facts (IncidentFacts, AlertFacts, HotspotFacts): each kind carries exactly the
evidence its renderers show, typed, so no renderer reads a field a source may lack (a hotspot used to lose its
today/baseline on the way to the takeover card: KeyError, 500 on every poll). A source reads its alarms of one kind:
`read(session, now) -> list[Alarm]`, at its own period (a heavy read such as hotspots once a minute). Adding a kind:
a facts class, one function and one SOURCES line (the wall's takeover and rail, the seats' alarm strips and the
video page read them all alike). Severity 1 is the highest.

An alarm stays until someone acts on it (an incident acknowledged, an AI alert reviewed or acknowledged, a hotspot
acknowledged); `takeover` says whether it may still interrupt the wall (an AI alert only in its first minutes):
a takeover that timed out leaves its alarm on the wall's rail and in the seats' strips.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.hotline.stats import hotspots
from data_access.models import AlarmAck, Algorithm, Camera, EmergencyWarning, GridArea, Incident, VideoAlert
from data_access.themes import water
from data_access.worktime import local_day

ALERT_WINDOW = timedelta(minutes=10)  # a fire/smoke alert this recent and unreviewed takes the wall over
ALARM_WINDOW = timedelta(hours=24)  # an unreviewed severe alert stays on the rail this long (then the queue holds it)
WARNING_WINDOW = timedelta(minutes=15)  # a red/orange warning takes the wall this long after it is issued or changed
COUNTY_CENTRE = (37.97, 106.53)
CORE = ("key", "kind", "severity", "title", "lat", "lon", "at", "camera_id", "takeover")


@dataclass(frozen=True)
class IncidentFacts:
    """A level I/II emergency: its level (1 = I) and category (natural | accident | health | social)."""

    kind: ClassVar[str] = "incident"
    level: int
    category: str


@dataclass(frozen=True)
class AlertFacts:
    """A severe AI video alert: the algorithm, the camera that saw it and the model's confidence."""

    kind: ClassVar[str] = "alert"
    algorithm: str
    camera: str
    confidence: float


@dataclass(frozen=True)
class HotspotFacts:
    """A category spiking in one town: today's count against that pair's own daily baseline."""

    kind: ClassVar[str] = "hotspot"
    today: int
    baseline: float
    category: str
    town: str


@dataclass(frozen=True)
class WaterFacts:
    """A large burst or leak (its zone and excess flow, m3/h) or a quality exceedance (its value and limit)."""

    kind: ClassVar[str] = "water"
    zone: str | None = None
    excess: float | None = None
    value: float | None = None
    limit: float | None = None


@dataclass(frozen=True)
class WarningFacts:
    """A red or orange early warning in force: its colour and the area it covers."""

    kind: ClassVar[str] = "warning"
    color: str
    area: str


Facts = IncidentFacts | AlertFacts | HotspotFacts | WaterFacts | WarningFacts


@dataclass(frozen=True)
class Alarm:
    """One alarm: its stable key (kind:id), severity (1 highest), a title, where and since when, the camera that saw
    it (AI alerts), whether it may still take the wall over, and its kind's facts. No personal data."""

    key: str
    severity: int
    title: str
    lat: float
    lon: float
    at: datetime
    facts: Facts
    camera_id: str | None = None
    takeover: bool = True

    @property
    def kind(self) -> str:
        return self.facts.kind

    def row(self) -> dict[str, Any]:
        """The alarm as one flat row (core fields, then its facts)."""
        return {**{k: getattr(self, k) for k in CORE}, **asdict(self.facts)}


def ordered(alarms: list[Alarm]) -> list[Alarm]:
    """Most severe first, newest first among equals."""
    return sorted(alarms, key=lambda a: (a.severity, -a.at.timestamp()))


def _acked(session: Session, now: datetime, prefix: str) -> set[str]:
    since = now - ALARM_WINDOW - timedelta(days=1)
    rows = session.scalars(select(AlarmAck.key).where(AlarmAck.at >= since, AlarmAck.key.startswith(prefix)))
    return set(rows)


def incident_alarms(session: Session, now: datetime) -> list[Alarm]:
    """Level I/II incidents not yet acknowledged (drills never take the wall)."""
    return [
        Alarm(
            f"incident:{inc.event_id}",
            inc.level,
            inc.title,
            inc.lat,
            inc.lon,
            inc.started_at,
            IncidentFacts(inc.level, inc.category),
        )
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
            1 if w.color == "red" else 2,
            w.headline,
            *COUNTY_CENTRE,
            w.updated_at,
            WarningFacts(w.color, w.area_desc or ""),
        )
        for w in rows
        if w.expires_at is None or w.expires_at > now
    ]


def fire_alerts(session: Session, now: datetime) -> list[Alarm]:
    """Severity-1 AI alerts (fire, smoke, drowning...) of the last day still unreviewed and unacknowledged; those of
    the last minutes may take the wall over."""
    rows = session.execute(
        select(
            VideoAlert.event_id,
            Algorithm.name,
            Camera.id,
            Camera.name,
            Camera.lat,
            Camera.lon,
            VideoAlert.occurred_at,
            VideoAlert.confidence,
        )
        .join(Algorithm, Algorithm.code == VideoAlert.algorithm_code)
        .join(Camera, Camera.id == VideoAlert.camera_id)
        .where(
            VideoAlert.status == "new",
            Algorithm.severity == 1,
            VideoAlert.occurred_at >= now - ALARM_WINDOW,
            VideoAlert.occurred_at <= now,
        )
    ).all()
    acked = _acked(session, now, "alert:") if rows else set()
    return [
        Alarm(
            f"alert:{eid}",
            1,
            f"{algo} · {cam}",
            lat,
            lon,
            at,
            AlertFacts(algo, cam, round(float(conf), 3)),
            camera_id=cam_id,
            takeover=at >= now - ALERT_WINDOW,
        )
        for eid, algo, cam_id, cam, lat, lon, at, conf in rows
        if f"alert:{eid}" not in acked
    ]


def hotspot_key(category: str, town: str, day: str) -> str:
    return f"hotspot:{category}:{town}:{day}"


def hotspot_alarms(session: Session, now: datetime, limit: int = 5) -> list[Alarm]:
    """Hotspot warnings not yet acknowledged today: a category spiking in one town against its own baseline."""
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
    acked = _acked(session, now, "hotspot:")
    out = []
    for rec in spots.to_dict("records"):
        key = hotspot_key(rec["category"], rec["town"], day)
        if rec["town"] not in centres or key in acked:
            continue
        lat, lon = centres[rec["town"]]
        facts = HotspotFacts(int(rec["today"]), round(float(rec["baseline_mean"]), 1), rec["category"], rec["town"])
        out.append(Alarm(key, 2, f"{rec['category_name']} · {rec['town_name']}", lat, lon, now, facts))
    return out


def water_alarms(session: Session, now: datetime) -> list[Alarm]:
    """Large bursts and leaks still running, and large quality exceedances, until they become a work order."""
    return [
        Alarm(r["key"], 2, r["title"], r["lat"], r["lon"], r["at"], WaterFacts(**r["facts"]))
        for r in water.alarm_rows(session, now)
    ]


@dataclass(frozen=True)
class Source:
    read: Callable[[Session, datetime], list[Alarm]]
    period: int = 1  # seconds between reads (shared by every screen)


SOURCES: dict[str, Source] = {
    "incident": Source(incident_alarms),
    "alert": Source(fire_alerts),
    "hotspot": Source(hotspot_alarms, period=60),
    "water": Source(water_alarms, period=10),
    "warning": Source(warning_alarms),
}


def takeover_candidates(session: Session, now: datetime) -> list[Alarm]:
    """Every alarm of every source, read now, most severe first (tests and tools; screens read each source at its
    own period through the live views)."""
    return ordered([a for src in SOURCES.values() for a in src.read(session, now)])
