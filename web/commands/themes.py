"""Thematic-application commands. Water: an officer turns a water alert (a detected burst or leak, a quality exceedance)
into a work order: a 数字城管 case for a burst, a 12345 request for a leak or a quality exceedance, on channel
物联感知, through the one write API; the order number derives from the alert, so a second click changes nothing.
Community: a community worker raises and closes a check-on visit for an elderly resident living alone (only the
staff of the resident's community may)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from data_access import events as ev
from data_access.errors import WriteError
from data_access.models import Channel, ElderResident, GridArea, WaterAlertOrder
from data_access.roles import ACT_ROLES
from data_access.themes import community as cm
from data_access.themes import water
from data_access.worktime import utcnow
from data_access.writes import apply
from web.commands.base import Actor, Code, Refused, audit

# alert kind -> (stream, category): 自来水管破裂 (数字城管, 2 hours) / 供水问题 (12345, 24 hours)
ORDER_CATEGORY = {"burst": ("cm", "SJ0402"), "leak": ("hotline", "H0201"), "quality": ("hotline", "H0201")}
KIND_TEXT = {"burst": "疑似爆管", "leak": "疑似漏损", "quality": "水质超标"}


@dataclass(frozen=True)
class Ordered:
    outcome: str  # done | already
    ticket_no: str


def _valid_key(key: object) -> bool:
    return isinstance(key, str) and 8 < len(key) <= 80 and key.split(":", 1)[0] in ("water", "quality")


def order_water_alert(s: Session, actor: Actor, key: object) -> Ordered:
    """Open the work order of one current water alert; already ordered: "already", nothing written."""
    if actor.who.role not in ACT_ROLES:
        raise Refused(Code.DENIED)
    if not _valid_key(key):
        raise Refused(Code.INVALID, "theme_water_bad_alert", result="rejected")
    assert isinstance(key, str)
    done = s.get(WaterAlertOrder, key)
    if done is not None:
        audit(s, actor, "water_order", key, result="already", detail=done.ticket_no)
        return Ordered("already", done.ticket_no)
    now = utcnow()
    alert = water.find_alert(s, now, key)
    if alert is None:
        raise Refused(Code.NOT_FOUND, "theme_water_no_alert")
    stream, category = ORDER_CATEGORY[alert["kind"]]
    channel = "iot" if s.get(Channel, "iot") is not None else "inspector"  # a database seeded before 物联感知
    town = s.get(GridArea, alert["town_code"]) if alert["town_code"] else None
    what = KIND_TEXT[alert["kind"]]
    if alert["kind"] == "quality":
        detail = f"{alert['name']} 读数 {alert['value']}，限值 {alert['limit']}（GB 5749-2022）"
    else:
        detail = f"{alert['name']} 进水流量超出预测带，超出约 {alert['excess']:.0f} m³/h"
    ticket_no = water.order_number(key)
    who = actor.who.username or actor.who.role
    events: list[ev.Event] = [
        ev.TicketCreated(
            event_id=f"worder:{key}:ticket",
            ticket_no=ticket_no,
            stream=stream,
            channel=channel,
            category=category,
            summary=f"{town.name if town else ''}{what}：{alert['name']}"[:200],
            content=f"水务专题监测发现{what}：{detail}（告警 {key}）",
            at=now,
            town_code=alert["town_code"],
            lat=alert["lat"],
            lon=alert["lon"],
            address=f"灵武市{town.name if town else ''}",
            actor=who,
            simulated=False,
        ),
        ev.WaterAlertOrdered(
            f"worder:{key}:{uuid.uuid4().hex[:8]}", key, alert["kind"], alert["subject"], ticket_no, now, who
        ),
    ]
    apply(s, events)
    audit(s, actor, "water_order", key, detail=ticket_no)
    return Ordered("done", ticket_no)


# ---- smart community: check-on visits for the elderly living alone ----------------------------------------------
CARE_OUTCOMES = ("safe", "away", "helped")


def _staff_check(s: Session, actor: Actor, community: str | None) -> None:
    """Only the staff of the resident's community, in a role that acts, raise and close its checks."""
    if actor.who.role not in ACT_ROLES or community is None:
        raise Refused(Code.DENIED if community is not None else Code.NOT_FOUND)
    if community not in cm.staff_of(s, actor.who.username):
        raise Refused(Code.DENIED, "theme_comm_not_staff")


def raise_care_check(s: Session, actor: Actor, resident_id: object) -> str:
    """Raise a check-on visit for one watched resident (the rule's flag, or a worker's own concern); returns the
    check's id. A second open check for the same resident is refused."""
    if not isinstance(resident_id, int) or isinstance(resident_id, bool) or not 0 < resident_id < 10**9:
        raise Refused(Code.INVALID, "theme_comm_bad_resident", result="rejected")
    community = cm.resident_community(s, resident_id)
    _staff_check(s, actor, community)
    r = s.get(ElderResident, resident_id)
    assert r is not None
    now = utcnow()
    reason = (
        "rule" if cm.flagged(r.last_water_at, r.last_door_at, now, cm.last_visits(s).get(resident_id)) else "manual"
    )
    event_id = f"care:{resident_id}:{uuid.uuid4().hex[:12]}"
    try:
        apply(s, [ev.CareCheckRaised(event_id, resident_id, now, reason, actor.who.username)])
    except WriteError as exc:
        raise Refused(Code.CONFLICT, "theme_comm_open_already") from exc
    audit(s, actor, "care_raise", f"resident:{resident_id}", detail=f"{event_id} {reason}")
    return event_id


def close_care_check(s: Session, actor: Actor, check_id: object, outcome: object, note: object = "") -> str:
    """Close an open check with what the visit found (safe, away: a false alarm; helped: a true one)."""
    if not isinstance(check_id, str) or not 0 < len(check_id) <= 64 or outcome not in CARE_OUTCOMES:
        raise Refused(Code.INVALID, "theme_comm_bad_check", result="rejected")
    if not isinstance(note, str) or len(note) > 200:
        raise Refused(Code.INVALID, "theme_comm_bad_check", result="rejected")
    check = cm.check_of(s, check_id)
    if check is None:
        raise Refused(Code.NOT_FOUND, "theme_comm_bad_check")
    _staff_check(s, actor, cm.resident_community(s, check.resident_id))
    if check.status != "open":
        raise Refused(Code.CONFLICT, "theme_comm_closed_already")
    apply(s, [ev.CareCheckClosed(f"{check_id}:close", check_id, utcnow(), str(outcome), note, actor.who.username)])
    audit(s, actor, "care_close", f"resident:{check.resident_id}", detail=f"{check_id} {outcome}")
    return str(outcome)
