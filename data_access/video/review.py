"""Reviewing an AI alert: confirm (a 数字城管 case on channel video_ai), false positive or dismiss, through
the one write API. Event ids derive from the alert, so a double click or a replay changes nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from data_access import events as ev
from data_access.errors import WriteError
from data_access.models import Algorithm, Camera, Category, GridArea, VideoAlert
from data_access.writes import apply

DECISIONS = ("confirmed", "false_positive", "dismissed")
FALLBACK_CATEGORY = "SJ0599"  # 其他街面秩序
# algorithm -> 数字城管 category (部件/事件 code) of the case a confirmation opens
ALGO_CATEGORY = {
    "CG01": "SJ0504", "CG02": "SJ0501", "CG03": "SJ0504", "CG04": "SJ0507", "CG05": "SJ0202", "CG06": "SJ0102",
    "CG07": "SJ0102", "CG08": "SJ0115", "CG09": "SJ0504", "CG11": "BJ0405", "CG12": "SJ0306", "CG13": "BJ0305",
    "CG14": "BJ0305", "CG15": "SJ0202", "CG16": "SJ0205", "CG17": "BJ0101", "CG18": "SJ0103", "CG19": "SJ0104",
    "CG20": "SJ0505", "CG21": "SJ0506", "XF03": "SJ0505", "JT03": "SJ0304", "JT04": "SJ0505", "HB04": "SJ0113",
    "HB05": "SJ0302", "HB06": "SJ0308", "HB07": "SJ0105",
}  # fmt: skip


@dataclass(frozen=True)
class ReviewResult:
    outcome: str  # done | already
    status: str  # the alert's status afterwards
    ticket_no: str | None = None


def case_number(alert_event_id: str) -> str:
    """The case a confirmation opens: stable per alert (CGV + 12 hex digits)."""
    return "CGV" + hashlib.sha1(alert_event_id.encode()).hexdigest()[:12].upper()


def _case(session: Session, alert: VideoAlert, actor: str, at: datetime) -> ev.TicketCreated:
    cam = session.get_one(Camera, alert.camera_id)  # both are foreign keys of the alert
    algo = session.get_one(Algorithm, alert.algorithm_code)
    category = ALGO_CATEGORY.get(algo.code, FALLBACK_CATEGORY)
    if session.get(Category, category) is None:
        raise WriteError(f"no city-management category {category} for {algo.code}")
    town = session.get(GridArea, cam.town_code) if cam.town_code else None
    town_name = town.name if town else ""
    return ev.TicketCreated(
        event_id=f"vreview:{alert.event_id}:case",
        ticket_no=case_number(alert.event_id),
        stream="cm",
        channel="video_ai",
        category=category,
        summary=f"{town_name}{algo.name}（视频AI）",
        content=f"视频AI发现：{cam.name} 识别到{algo.name}，置信度 {alert.confidence:.0%}（告警 {alert.event_id}）",
        at=at,
        area_code=cam.area_code,
        town_code=cam.town_code,
        lat=cam.lat,
        lon=cam.lon,
        address=f"灵武市{town_name}",
        actor=actor,
        simulated=False,
    )


def review(session: Session, *, alert_event_id: str, decision: str, actor: str, at: datetime) -> ReviewResult:
    """Apply one review in the caller's transaction. Unknown alert or decision: WriteError, nothing written.
    Already reviewed (by anyone): outcome "already", nothing written."""
    if decision not in DECISIONS:
        raise WriteError(f"decision must be one of {DECISIONS}")
    alert = session.scalars(select(VideoAlert).where(VideoAlert.event_id == alert_event_id)).first()
    if alert is None:
        raise WriteError("no such alert")
    if alert.status != "new":
        return ReviewResult("already", alert.status)
    events: list = []
    ticket_no = None
    if decision == "confirmed":
        case = _case(session, alert, actor, at)
        ticket_no = case.ticket_no
        events.append(case)
    events.append(
        ev.AlertReviewed(f"vreview:{alert_event_id}", alert_event_id, decision, at, actor=actor, ticket_no=ticket_no)
    )
    try:
        with session.begin_nested():
            result = apply(session, events)
    except IntegrityError:  # a concurrent click won the race (PostgreSQL): theirs stands
        return ReviewResult("already", decision)
    if result.applied == 0:
        return ReviewResult("already", decision)
    return ReviewResult("done", decision, ticket_no)
