"""Write handlers for emergency incidents: IncidentReported opens one (level I..IV), IncidentUpdate adds a step to
its timeline (dispatch, update, ack, close), IncidentAction is one step of the command lifecycle (接报 -> 核实 ->
先期处置 -> 响应 -> 扩大响应 -> 处置完毕 -> 恢复 -> 评估/关闭, and the steps that keep the stage: level changes,
reports up the chain, 续报, plans, tasks, casualties, dispatches). They write through the session at once: the steps
need the incident's id, and an update may follow its report in the same batch. The incident row is versioned (the
mapper's version counter): a commander acting on a stale version, or losing a race, gets VersionConflict.

Drills (exercise) run the same flows and never touch the rollups: real statistics never count them."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from data_access import events as ev
from data_access.emergency import catalog as C
from data_access.errors import InvalidTransition, VersionConflict, WriteError
from data_access.models import (
    EmergencyPlan,
    EmergencyPlanTask,
    Incident,
    IncidentDispatch,
    IncidentEvent,
    IncidentTask,
    Resource,
)
from data_access.writes.batch import Batch

UPDATE_KINDS = ("dispatch", "update", "ack", "close")
DISPATCHABLE = ("team", "vehicle", "expert", "store")
MAX_NOTE = 500


def report(batch: Batch, e: ev.IncidentReported) -> None:
    """A new active incident and the first row of its timeline."""
    if e.level not in C.LEVELS:
        raise WriteError("incident level must be 1..4 (I..IV)")
    if e.category not in C.CATEGORIES:
        raise WriteError(f"unknown incident category {e.category!r}")
    if not (0 < len(e.title.strip()) <= 120) or len(e.description) > 2000:
        raise WriteError("an incident needs a title (at most 120 characters)")
    if not (37.0 <= e.lat <= 39.0 and 105.5 <= e.lon <= 107.5):
        raise WriteError("the incident's position is outside Lingwu")
    s = batch.session
    inc = Incident(
        event_id=e.event_id,
        category=e.category,
        kind=e.kind,
        level=e.level,
        title=e.title.strip(),
        lat=e.lat,
        lon=e.lon,
        area_code=e.area_code,
        status="active",
        stage="reported",
        started_at=e.at,
        simulated=e.simulated,
        exercise=e.exercise,
        reported_by=e.actor,
        description=e.description,
    )
    s.add(inc)
    s.flush()
    s.add(
        IncidentEvent(
            event_id=e.event_id + ":report",
            incident_id=inc.id,
            at=e.at,
            kind="report",
            note=e.title,
            actor=e.actor,
            stage="reported",
            level=e.level,
        )
    )
    if not e.exercise:
        batch.counters.add(e.at, "incident", "reported", category=e.category, channel=str(e.level))
        batch.counters.gauge("incident", f"active_{e.level}")


def _incident(batch: Batch, event_id: str) -> Incident:
    inc = batch.session.scalars(select(Incident).where(Incident.event_id == event_id)).first()
    if inc is None:
        raise WriteError(f"no incident {event_id}")
    batch.keep(inc)
    return inc


def _flush(batch: Batch) -> None:
    try:
        batch.session.flush()
    except StaleDataError as exc:
        raise VersionConflict("the incident was changed by someone else; nothing was written") from exc


def update(batch: Batch, e: ev.IncidentUpdate) -> None:
    """One step on an open incident; an ack is kept once, a close ends it."""
    s = batch.session
    inc = _incident(batch, e.incident_event_id)
    if inc.status == "closed":
        raise WriteError("the incident is closed")
    if e.kind not in UPDATE_KINDS:
        raise WriteError(f"unknown incident update {e.kind!r}")
    s.add(
        IncidentEvent(
            event_id=e.event_id,
            incident_id=inc.id,
            at=e.at,
            kind=e.kind,
            resource_id=e.resource_id,
            eta_minutes=e.eta_minutes,
            note=e.note,
            actor=e.actor,
        )
    )
    if e.kind == "ack" and inc.acknowledged_at is None:
        inc.acknowledged_at, inc.acknowledged_by = e.at, e.actor
    if e.kind == "close":
        inc.status, inc.closed_at, inc.stage = "closed", e.at, "closed"
        if not inc.exercise:
            batch.counters.gauge("incident", f"active_{inc.level}", n=-1)
            batch.counters.add(e.at, "incident", "closed", category=inc.category, channel=str(inc.level))
    _flush(batch)


def _set_level(batch: Batch, inc: Incident, level: int | None, e: ev.IncidentAction) -> None:
    if level not in C.LEVELS:
        raise WriteError("level must be 1..4 (I..IV)")
    if level == inc.level:
        return
    if not inc.exercise:
        batch.counters.gauge("incident", f"active_{inc.level}", n=-1)
        batch.counters.gauge("incident", f"active_{level}")
    if level <= 2 < inc.level or (level <= 2 and level < inc.level):
        inc.acknowledged_at, inc.acknowledged_by = None, None  # raised to I/II: the wall takes over again
    inc.level = level


def _reported(s, inc: Incident) -> set[str]:
    rows = s.scalars(
        select(IncidentEvent.target).where(IncidentEvent.incident_id == inc.id, IncidentEvent.kind == "report_up")
    )
    return {r for r in rows if r}


def _activate_plan(batch: Batch, inc: Incident, e: ev.IncidentAction) -> None:
    s = batch.session
    plan = s.get(EmergencyPlan, e.plan_code) if e.plan_code else None
    if plan is None:
        raise WriteError(f"no plan {e.plan_code!r}")
    if plan.kind != inc.kind or not (plan.worst_level <= inc.level <= plan.mildest_level):
        raise InvalidTransition("plan_wrong_kind")
    active = s.scalar(
        select(IncidentTask.id).where(IncidentTask.incident_id == inc.id, IncidentTask.plan_code == plan.code)
    )
    if active is not None:
        raise InvalidTransition("plan_already_active")
    tasks = s.scalars(
        select(EmergencyPlanTask).where(EmergencyPlanTask.plan_code == plan.code).order_by(EmergencyPlanTask.seq)
    ).all()
    for t in tasks:
        s.add(
            IncidentTask(
                incident_id=inc.id,
                plan_code=plan.code,
                seq=t.seq,
                action=t.action,
                department=t.department,
                due_at=e.at + timedelta(minutes=t.due_minutes),
            )
        )
    inc.plan_code = plan.code


def _dispatch(batch: Batch, inc: Incident, e: ev.IncidentAction) -> IncidentDispatch:
    s = batch.session
    res = s.get(Resource, e.resource_id) if e.resource_id is not None else None
    if res is None:
        raise WriteError(f"no resource {e.resource_id!r}")
    if res.kind not in DISPATCHABLE:
        raise InvalidTransition("dispatch_not_dispatchable")
    state = e.state or "dispatched"
    if state not in ("requested", "reserved", "dispatched"):
        raise WriteError(f"a dispatch starts requested, reserved or dispatched, not {state!r}")
    busy = s.scalar(
        select(IncidentDispatch.id).where(
            IncidentDispatch.incident_id == inc.id,
            IncidentDispatch.resource_id == res.id,
            IncidentDispatch.state != "returned",
        )
    )
    if busy is not None:
        raise InvalidTransition("dispatch_already")
    if e.eta_minutes is not None and not (0 <= e.eta_minutes < 24 * 60):
        raise WriteError("eta out of range")
    d = IncidentDispatch(
        incident_id=inc.id,
        resource_id=res.id,
        state=state,
        eta_minutes=e.eta_minutes,
        distance_km=e.distance_km,
        route=json.dumps([[round(x, 6), round(y, 6)] for x, y in e.route]),
        requested_at=e.at,
        updated_at=e.at,
        actor=e.actor,
    )
    s.add(d)
    res.status = state
    batch.keep(res)
    return d


def _dispatch_state(batch: Batch, inc: Incident, e: ev.IncidentAction) -> IncidentDispatch:
    s = batch.session
    if e.dispatch_id is not None:
        d = s.get(IncidentDispatch, e.dispatch_id)
    else:  # the resource's open dispatch on this incident
        d = s.scalars(
            select(IncidentDispatch).where(
                IncidentDispatch.incident_id == inc.id,
                IncidentDispatch.resource_id == e.resource_id,
                IncidentDispatch.state != "returned",
            )
        ).first()
    if d is None or d.incident_id != inc.id:
        raise WriteError(f"no dispatch {e.dispatch_id!r} on this incident")
    if e.state not in C.DISPATCH_NEXT[d.state]:
        raise InvalidTransition("dispatch_bad_state")
    d.state, d.updated_at = e.state, e.at
    res = s.get(Resource, d.resource_id)
    if res is not None:
        res.status = "available" if e.state == "returned" else e.state
        batch.keep(res)
    batch.keep(d)
    return d


Step = tuple[str, str | None, int | None, float | None]
"""What a step puts on its timeline row: note, target, resource id, ETA."""


def _transition(batch: Batch, inc: Incident, e: ev.IncidentAction, note: str) -> Step:
    before, after = C.TRANSITIONS[e.action]
    if inc.stage not in before:
        raise InvalidTransition(f"stage_not_allowed:{inc.stage}")
    if e.action == "respond" or (e.action == "expand" and e.level is not None):
        if e.action == "expand" and e.level is not None and e.level > inc.level:
            raise WriteError("an expanded response cannot lower the level")
        _set_level(batch, inc, e.level, e)
    inc.stage = after
    if e.action == "close":
        inc.status, inc.closed_at = "closed", e.at
        if not inc.exercise:
            batch.counters.gauge("incident", f"active_{inc.level}", n=-1)
            batch.counters.add(e.at, "incident", "closed", category=inc.category, channel=str(inc.level))
    return note, None, None, None


def _relevel(batch: Batch, inc: Incident, e: ev.IncidentAction, note: str) -> Step:
    if inc.stage not in ("response", "expanded"):
        raise InvalidTransition("relevel_needs_response")
    if not note:
        raise WriteError("reason_required")
    if e.level == inc.level:
        raise WriteError("level_unchanged")
    _set_level(batch, inc, e.level, e)
    return note, None, None, None


def _report_up(batch: Batch, inc: Incident, e: ev.IncidentAction, note: str) -> Step:
    if e.target not in C.CHAIN:
        raise WriteError(f"unknown report target {e.target!r}")
    done = _reported(batch.session, inc)
    if e.target in done:
        raise InvalidTransition("already_reported")
    k = C.CHAIN.index(e.target)
    if k and C.CHAIN[k - 1] not in done:
        raise InvalidTransition("report_in_order")
    return note, e.target, None, None


def _followup(batch: Batch, inc: Incident, e: ev.IncidentAction, note: str) -> Step:
    if "county" not in _reported(batch.session, inc):
        raise InvalidTransition("followup_after_first")
    return _note(batch, inc, e, note)


def _note(_batch: Batch, _inc: Incident, _e: ev.IncidentAction, note: str) -> Step:
    if not note:
        raise WriteError("note_required")
    return note, None, None, None


def _plan(batch: Batch, inc: Incident, e: ev.IncidentAction, note: str) -> Step:
    _activate_plan(batch, inc, e)
    return note or e.plan_code or "", None, None, None


def _task_done(batch: Batch, inc: Incident, e: ev.IncidentAction, note: str) -> Step:
    if e.task_id is not None:
        task = batch.session.get(IncidentTask, e.task_id)
    else:
        task = batch.session.scalars(
            select(IncidentTask).where(IncidentTask.incident_id == inc.id, IncidentTask.seq == e.task_seq)
        ).first()
    if task is None or task.incident_id != inc.id:
        raise WriteError(f"no task {e.task_id!r} on this incident")
    if task.done_at is not None:
        raise InvalidTransition("task_done_already")
    task.done_at, task.done_by = e.at, e.actor
    batch.keep(task)
    return note or task.action, None, None, None


def _casualties(_batch: Batch, inc: Incident, e: ev.IncidentAction, note: str) -> Step:
    c = e.casualties
    if (
        c is None
        or len(c) != 4
        or any(not isinstance(x, int) or isinstance(x, bool) or not 0 <= x <= 100_000 for x in c)
    ):
        raise WriteError("casualties_invalid")
    inc.dead, inc.injured, inc.missing, inc.evacuated = c
    return note or "/".join(str(x) for x in c), None, None, None


def _dispatch_step(batch: Batch, inc: Incident, e: ev.IncidentAction, note: str) -> Step:
    d = _dispatch(batch, inc, e)
    return note, d.state, d.resource_id, d.eta_minutes


def _dispatch_state_step(batch: Batch, inc: Incident, e: ev.IncidentAction, note: str) -> Step:
    d = _dispatch_state(batch, inc, e)
    return note, d.state, d.resource_id, None


def _supervise(_batch: Batch, _inc: Incident, e: ev.IncidentAction, note: str) -> Step:
    if not e.target:
        raise WriteError("a supervision names its clock")
    return note, e.target[:16], None, None


STEPS = {
    **{a: _transition for a in C.TRANSITIONS},
    "relevel": _relevel,
    "report": _report_up,
    "followup": _followup,
    "note": _note,
    "plan": _plan,
    "task_done": _task_done,
    "casualties": _casualties,
    "dispatch": _dispatch_step,
    "dispatch_state": _dispatch_state_step,
    C.SUPERVISE: _supervise,
}


def act(batch: Batch, e: ev.IncidentAction) -> None:
    """One lifecycle step: checks the stage, the version and the input; writes the incident, its timeline row and
    what the step makes (tasks, dispatches)."""
    inc = _incident(batch, e.incident_event_id)
    step = STEPS.get(e.action)
    if step is None:
        raise WriteError(f"unknown incident action {e.action!r}")
    if inc.status == "closed":
        raise InvalidTransition("incident_closed")
    if e.expected_version is not None and e.expected_version != inc.version:
        raise VersionConflict("the incident was changed by someone else; nothing was written")
    if len(e.note) > MAX_NOTE:
        raise WriteError(f"note longer than {MAX_NOTE} characters")
    note, target, resource_id, eta = step(batch, inc, e, e.note.strip())
    batch.session.add(
        IncidentEvent(
            event_id=e.event_id,
            incident_id=inc.id,
            at=e.at,
            kind="report_up" if e.action == "report" else e.action,
            resource_id=resource_id,
            eta_minutes=eta,
            note=note,
            actor=e.actor,
            stage=inc.stage,
            level=inc.level,
            target=target,
        )
    )
    flag_modified(inc, "stage")  # why: a step that changes only other rows still bumps the incident's version
    _flush(batch)
