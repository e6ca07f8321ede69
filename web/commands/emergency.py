"""What officers and commanders do in the emergency command: report an incident, move it through its lifecycle
(each step versioned: of two commanders acting at once one wins, the other is refused), report up the chain,
activate a plan, tick its tasks, dispatch resources with a road-graph ETA, issue/update/lift warnings, hand over
and acknowledge a duty shift, log a hazard inspection, flag overdue reports for supervision. Each validates, checks
the role, writes through apply() and audits last, in the caller's one transaction (base.execute)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from data_access import events as ev
from data_access.emergency import catalog as C
from data_access.emergency import duty, roads
from data_access.emergency import incidents as q
from data_access.errors import InvalidTransition, VersionConflict, WriteError
from data_access.models import Resource
from data_access.roles import ACT_ROLES
from data_access.worktime import utcnow
from data_access.writes import apply
from web.commands.base import Actor, Code, Refused, audit

MAX_TEXT = 500


@dataclass(frozen=True)
class Done:
    incident_event_id: str
    version: int
    stage: str
    level: int


def _guard(actor: Actor) -> None:
    if actor.who.role not in ACT_ROLES:
        raise Refused(Code.DENIED)


def _eid(prefix: str) -> str:
    return f"{prefix}:{uuid.uuid4().hex}"


def _apply(s: Session, events: list) -> None:
    """apply(), with the write API's refusals as typed ones (a key of web/i18n when it has one)."""
    try:
        apply(s, events)
    except VersionConflict as exc:
        raise Refused(Code.CONFLICT, "em_err_conflict") from exc
    except InvalidTransition as exc:
        head, _sep, rest = str(exc).partition(":")
        raise Refused(Code.CONFLICT, f"em_err_{head}" + (f":{rest}" if rest else "")) from exc
    except WriteError as exc:
        raise Refused(Code.INVALID, str(exc) if " " in str(exc) else f"em_err_{exc}") from exc


def _int(value: object, lo: int, hi: int) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and lo <= value <= hi else None


def _text(value: object, limit: int = MAX_TEXT) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > limit:
        raise Refused(Code.INVALID, "em_err_text_too_long")
    return value.strip()


@dataclass(frozen=True)
class NewIncident:
    kind: object
    level: object
    title: object
    lat: object
    lon: object
    description: object = ""
    area_code: object = None
    exercise: object = False


def report_incident(s: Session, actor: Actor, f: NewIncident, at: datetime | None = None) -> str:
    """接报: a new incident (category from the type tree) at level I-IV; returns its event id."""
    _guard(actor)
    if not isinstance(f.kind, str) or f.kind not in C.KINDS:
        raise Refused(Code.INVALID, "em_err_kind")
    level = _int(f.level, 1, 4)
    if level is None:
        raise Refused(Code.INVALID, "em_err_level")
    title = _text(f.title, 120)
    if not title:
        raise Refused(Code.INVALID, "em_err_title")
    try:
        lat, lon = float(f.lat), float(f.lon)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise Refused(Code.INVALID, "em_err_position") from None
    area = f.area_code if isinstance(f.area_code, str) and f.area_code.isdigit() and len(f.area_code) <= 20 else None
    if not (37.0 <= lat <= 39.0 and 105.5 <= lon <= 107.5):
        raise Refused(Code.INVALID, "em_err_position")
    area = area or q.area_at(s, lat, lon)
    eid = _eid("inc")
    e = ev.IncidentReported(
        event_id=eid,
        category=C.KINDS[f.kind],
        kind=f.kind,
        level=level,
        title=title,
        lat=lat,
        lon=lon,
        at=at or utcnow(),
        area_code=area,
        simulated=False,
        exercise=bool(f.exercise is True),
        actor=actor.who.username,
        description=_text(f.description, 2000),
    )
    _apply(s, [e])
    audit(
        s, actor, "incident:report", f"incident:{eid}", detail=f"{f.kind} L{level}" + (" drill" if e.exercise else "")
    )
    return eid


@dataclass(frozen=True)
class Step:
    incident: object  # event id
    version: object
    action: object
    level: object = None
    note: object = ""
    target: object = None
    plan_code: object = None
    task_id: object = None
    dispatch_id: object = None
    state: object = None
    casualties: object = None


def _held(step: Step) -> tuple[str, int]:
    if not isinstance(step.incident, str) or not 0 < len(step.incident) <= 64:
        raise Refused(Code.INVALID, "em_err_pick")
    version = _int(step.version, 1, 10**9)
    if version is None:
        raise Refused(Code.INVALID, "em_err_pick")
    return step.incident, version


def act(s: Session, actor: Actor, step: Step, at: datetime | None = None) -> Done:
    """One lifecycle step on the version the officer saw; a stale version is refused (CONFLICT)."""
    _guard(actor)
    incident, version = _held(step)
    if step.action not in C.ACTIONS or step.action in ("dispatch", C.SUPERVISE):
        raise Refused(Code.INVALID, "em_err_action")
    level = None if step.level in (None, "") else _int(step.level, 1, 4)
    if step.level not in (None, "") and level is None:
        raise Refused(Code.INVALID, "em_err_level")
    if step.action in ("respond", "relevel") and level is None:
        raise Refused(Code.INVALID, "em_err_level")
    casualties = None
    if step.action == "casualties":
        vals = step.casualties if isinstance(step.casualties, list | tuple) else ()
        nums = [_int(v if v not in (None, "") else 0, 0, 100_000) for v in vals]
        if len(nums) != 4 or any(n is None for n in nums):
            raise Refused(Code.INVALID, "em_err_casualties_invalid")
        casualties = tuple(int(n) for n in nums if n is not None)
    e = ev.IncidentAction(
        event_id=_eid(f"ia-{step.action}"),
        incident_event_id=incident,
        action=str(step.action),
        at=at or utcnow(),
        actor=actor.who.username,
        expected_version=version,
        level=level,
        note=_text(step.note),
        target=step.target if isinstance(step.target, str) and len(step.target) <= 16 else None,
        plan_code=step.plan_code if isinstance(step.plan_code, str) and len(step.plan_code) <= 20 else None,
        task_id=_int(step.task_id, 1, 10**9),
        dispatch_id=_int(step.dispatch_id, 1, 10**9),
        state=step.state if isinstance(step.state, str) and step.state in C.DISPATCH_STATES else None,
        casualties=casualties,  # type: ignore[arg-type]
    )
    _apply(s, [e])
    inc = q.find(s, incident)
    assert inc is not None  # apply() refused an unknown incident
    audit(s, actor, f"incident:{step.action}", f"incident:{incident}", detail=_detail(e))
    return Done(incident, inc.version, inc.stage, inc.level)


def _detail(e: ev.IncidentAction) -> str:
    parts = [f"v{e.expected_version}"]
    parts += [f"L{e.level}"] if e.level else []
    parts += [e.target] if e.target else []
    parts += [e.plan_code] if e.plan_code else []
    return " ".join(parts)


def dispatch(s: Session, actor: Actor, incident: object, version: object, resource_id: object, at=None) -> Done:
    """Send a team, vehicle, expert group or store: the ETA and route come from the road graph."""
    _guard(actor)
    eid, ver = _held(Step(incident, version, "dispatch"))
    rid = _int(resource_id, 1, 10**9)
    inc = q.find(s, eid)
    res = s.get(Resource, rid) if rid is not None else None
    if inc is None:
        raise Refused(Code.NOT_FOUND, "em_err_pick")
    if res is None:
        raise Refused(Code.INVALID, "em_err_resource")
    r = roads.route((res.lon, res.lat), (inc.lon, inc.lat))
    e = ev.IncidentAction(
        event_id=_eid("ia-dispatch"),
        incident_event_id=eid,
        action="dispatch",
        at=at or utcnow(),
        actor=actor.who.username,
        expected_version=ver,
        resource_id=res.id,
        state="dispatched",
        eta_minutes=r.minutes if r else None,
        distance_km=r.km if r else None,
        route=r.path if r else (),
        note=res.name,
    )
    _apply(s, [e])
    s.refresh(inc)
    audit(s, actor, "incident:dispatch", f"incident:{eid}", detail=f"resource {res.id} eta {e.eta_minutes}")
    return Done(eid, inc.version, inc.stage, inc.level)


def supervise_overdue(s: Session, actor: Actor, now: datetime | None = None) -> int:
    """督办: an overdue report becomes a supervision step on its incident's timeline (once per clock and due)."""
    _guard(actor)
    now = now or utcnow()
    items = q.supervision(s, now)
    events = [
        ev.IncidentAction(
            event_id=f"sup:{r['event_id'][:30]}:{r['clock']}:{r['due']:%Y%m%d%H%M}",
            incident_event_id=r["event_id"],
            action=C.SUPERVISE,
            at=now,
            actor=actor.who.username,
            target=r["clock"],
            note=f"逾期 {int(r['minutes_late'])} 分钟",
        )
        for r in items.to_dict("records")
    ]
    if events:
        result = apply(s, events)
        audit(s, actor, "incident:supervise", "incidents", detail=f"{result.applied} new")
        return result.applied
    return 0


# ---- warnings --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewWarning:
    hazard: object
    color: object
    headline: object
    area_desc: object
    description: object = ""
    instruction: object = ""
    hours: object = 24
    area_codes: object = ("640181",)
    polygon: object = ()
    exercise: object = False


def issue_warning(s: Session, actor: Actor, f: NewWarning, at: datetime | None = None) -> str:
    _guard(actor)
    if f.hazard not in C.HAZARDS:
        raise Refused(Code.INVALID, "em_err_hazard")
    if f.color not in C.COLORS:
        raise Refused(Code.INVALID, "em_err_color")
    hours = _int(f.hours, 1, 240)
    if hours is None:
        raise Refused(Code.INVALID, "em_err_hours")
    codes = tuple(f.area_codes) if isinstance(f.area_codes, list | tuple) else ()
    poly = tuple(tuple(p) for p in f.polygon) if isinstance(f.polygon, list | tuple) else ()
    at = at or utcnow()
    eid = _eid("warn")
    e = ev.WarningIssued(
        event_id=eid,
        hazard=str(f.hazard),
        color=str(f.color),
        headline=_text(f.headline, 120),
        area_desc=_text(f.area_desc, 200),
        at=at,
        actor=actor.who.username,
        description=_text(f.description, 2000),
        instruction=_text(f.instruction, 2000),
        area_codes=codes,
        polygon=poly,
        expires_at=at + timedelta(hours=hours),
        exercise=f.exercise is True,
    )
    _apply(s, [e])
    audit(s, actor, "warning:issue", f"warning:{eid}", detail=f"{f.hazard} {f.color}")
    return eid


def change_warning(s: Session, actor: Actor, warning: object, version: object, action: object, color=None, at=None):
    _guard(actor)
    if not isinstance(warning, str) or not 0 < len(warning) <= 64 or action not in ("update", "lift"):
        raise Refused(Code.INVALID, "em_err_pick")
    ver = _int(version, 1, 10**9)
    if ver is None:
        raise Refused(Code.INVALID, "em_err_pick")
    if color is not None and color not in C.COLORS:
        raise Refused(Code.INVALID, "em_err_color")
    e = ev.WarningChanged(_eid(f"w-{action}"), warning, str(action), at or utcnow(), actor.who.username, ver, color)
    _apply(s, [e])
    audit(s, actor, f"warning:{action}", f"warning:{warning}", detail=f"v{ver} {color or ''}".strip())


# ---- duty and hazards ------------------------------------------------------------------------------------------
def hand_over(s: Session, actor: Actor, note: object, now: datetime | None = None) -> str:
    """The current shift's handover note (once per shift)."""
    _guard(actor)
    text = _text(note, 1000)
    if not text:
        raise Refused(Code.INVALID, "em_err_note_required")
    now = now or utcnow()
    eid = _eid("handover")
    _apply(s, [ev.DutyHandoverNoted(eid, duty.shift_start(now), now, actor.who.username, text)])
    audit(s, actor, "duty:handover", f"handover:{eid}")
    return eid


def acknowledge_handover(s: Session, actor: Actor, handover: object, now: datetime | None = None) -> None:
    """The next shift acknowledges the note (never its own writer)."""
    _guard(actor)
    if not isinstance(handover, str) or not 0 < len(handover) <= 64:
        raise Refused(Code.INVALID, "em_err_pick")
    _apply(s, [ev.DutyHandoverAcked(_eid("handover-ack"), handover, now or utcnow(), actor.who.username)])
    audit(s, actor, "duty:handover_ack", f"handover:{handover}")


def inspect_hazard(s: Session, actor: Actor, hazard_id: object, now: datetime | None = None) -> None:
    _guard(actor)
    hid = _int(hazard_id, 1, 10**9)
    if hid is None:
        raise Refused(Code.INVALID, "em_err_pick")
    _apply(s, [ev.HazardInspected(_eid("hazard"), hid, now or utcnow(), actor.who.username)])
    audit(s, actor, "hazard:inspected", f"hazard:{hid}")
