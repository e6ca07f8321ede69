"""What should interrupt the wall now: each alarm source (data_access/wall/alarms.py) read as a live view at its own
period, shared by every screen; merged once a second into the takeover's top alarm (with its nearest cameras and
the camera to show live), the wall's alarm rail and the seats' alarm strips."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import assert_never

import pandas as pd
from dash import html
from sqlalchemy.orm import Session

from data_access.video import channels
from data_access.wall import alarms
from data_access.wall.alarms import Alarm, AlertFacts, Facts, HotspotFacts, IncidentFacts, WarningFacts, WaterFacts
from data_access.worktime import to_local, utcnow
from web import live
from web.i18n import t
from web.live import LiveView

CAMERA_COLUMNS = ["id", "name", "online", "distance_m", "lat", "lon"]


@dataclass(frozen=True)
class Top:
    """The alarm that may hold the wall, with its nearest cameras and the one shown live (the alert's own camera,
    else the nearest online one; None when no camera is online nearby)."""

    alarm: Alarm
    cameras: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CAMERA_COLUMNS))
    live_camera: str | None = None
    live_name: str = ""


@dataclass(frozen=True)
class Now:
    alarms: list[Alarm]
    top: Top | None

    @property
    def items(self) -> list[dict]:
        """What the wall's takeover logic needs per alarm (assets/wall.js): key, severity, whether it may take over."""
        return [{"key": a.key, "severity": a.severity, "takeover": a.takeover} for a in self.alarms]


NONE = Now([], None)
VIEWS = {kind: LiveView(f"alarms-{kind}", src.read, period=src.period) for kind, src in alarms.SOURCES.items()}


def top_of(s: Session, alarm: Alarm) -> Top:
    """The top alarm with its four nearest cameras and the camera to show live."""
    near = channels.nearest_cameras(s, alarm.lat, alarm.lon, limit=4)
    cams = near[CAMERA_COLUMNS].reset_index(drop=True)
    if alarm.camera_id:
        own = cams[cams["id"] == alarm.camera_id]
        name = str(own["name"].iloc[0]) if not own.empty else ""
        if not name and isinstance(alarm.facts, AlertFacts):
            name = alarm.facts.camera
        return Top(alarm, cams, alarm.camera_id, name)
    online = cams[cams["online"].astype(bool)]
    if online.empty:
        return Top(alarm, cams)
    return Top(alarm, cams, str(online["id"].iloc[0]), str(online["name"].iloc[0]))


def _merged(s: Session, now: datetime) -> Now:
    found: list[Alarm] = []
    for view in VIEWS.values():
        snap = live.snapshot(view, now)
        found += snap.value if snap.ok else []  # a failing source leaves the others on the wall
    ranked = alarms.ordered(found)
    first = next((a for a in ranked if a.takeover), None)
    return Now(ranked, top_of(s, first) if first else None)


ALARMS = LiveView("alarms", _merged, period=1)


def alarms_now() -> Now:
    """Every live alarm, most severe first, and the top one that may take the wall over."""
    snap = live.snapshot(ALARMS)
    return snap.value if snap.ok else NONE


# ---- renderers shared by the wall (takeover, rail) and the seats (alarm strips) ----------------------------------
def evidence(facts: Facts, lang: str) -> str:
    """What makes this alarm one, in a few words: the incident's level, the alert's confidence, the hotspot's
    count against its baseline."""
    if isinstance(facts, IncidentFacts):
        return t(f"wall_level_{facts.level}", lang)
    if isinstance(facts, AlertFacts):
        return t("wall_alert_conf", lang, pct=f"{facts.confidence:.0%}")
    if isinstance(facts, HotspotFacts):
        return t("wall_hotspot_vs", lang, today=facts.today, base=facts.baseline)
    if isinstance(facts, WaterFacts):
        if facts.limit is not None:
            return f"{facts.value} / {'limit' if lang == 'en' else '限值'} {facts.limit}"
        return f"+{facts.excess or 0:.0f} m³/h"
    if isinstance(facts, WarningFacts):
        colours = {"red": ("红色预警", "red warning"), "orange": ("橙色预警", "orange warning")}
        zh, en = colours.get(facts.color, (facts.color, facts.color))
        return en if lang == "en" else zh
    assert_never(facts)


def local_time(at: datetime, now: datetime | None = None) -> str:
    """HH:MM:SS today, else MM-DD HH:MM (an alarm pinned since yesterday says so)."""
    local = to_local(at)
    today = to_local(now or utcnow()).date()
    return local.strftime("%H:%M:%S") if local.date() == today else local.strftime("%m-%d %H:%M")


def rail(alarms_: list[Alarm], lang: str, limit: int = 4) -> list:
    """The wall's alarm rail: every alarm waiting for a seat, most severe first (the takeover's, and those whose
    takeover timed out), as chips: kind, title, since when; "+N" when more wait."""
    chips: list = [
        html.Li(
            [
                html.Span(t(f"wall_kind_short_{a.kind}", lang), className="rail-kind"),
                html.Span(a.title, className="rail-title"),
                html.Span(local_time(a.at), className="rail-at"),
            ],
            className=f"rail-chip rail-sev-{min(a.severity, 4)} rail-{a.kind}",
            **{"data-key": a.key},  # type: ignore[arg-type]
        )
        for a in alarms_[:limit]
    ]
    if len(alarms_) > limit:
        chips.append(html.Li(f"+{len(alarms_) - limit}", className="rail-chip rail-more"))
    return chips
