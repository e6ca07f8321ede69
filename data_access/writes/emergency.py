"""Write handlers of daily emergency management: warnings (预警: issue, update, lift; each one CAP message with a
GB/T 35965.1 identifier), duty handovers and their acknowledgement, hazard-source inspections."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from data_access import events as ev
from data_access.emergency import catalog as C
from data_access.errors import InvalidTransition, VersionConflict, WriteError
from data_access.models import DutyHandover, EmergencyWarning, HazardSource, WarningMessage
from data_access.worktime import to_local
from data_access.writes.batch import Batch

CODE = re.compile(r"^640181(\d{3}|\d{6})?$")


def identifier(batch: Batch, hazard: str, at) -> str:
    """ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N: area code 640181, the issuing department's code, unit 000, system 00, the
    local send time and the message's number among this issuer's messages of that second (from 1)."""
    prefix = f"{C.AREA_CODE}{C.HAZARDS[hazard][2]}00000_{to_local(at).strftime('%Y%m%d%H%M%S')}_"
    n = batch.session.scalar(select(func.count()).where(WarningMessage.identifier.like(prefix + "%"))) or 0
    return f"{prefix}{n + 1}"


def _message(batch: Batch, w: EmergencyWarning, msg_type: str, at, actor: str) -> None:
    batch.session.add(
        WarningMessage(
            identifier=identifier(batch, w.hazard, at),
            warning_id=w.id,
            msg_type=msg_type,
            sent_at=at,
            color=w.color,
            actor=actor,
        )
    )
    batch.session.flush()


def _polygon(points: tuple[tuple[float, float], ...]) -> str:
    if not points:
        return ""
    if len(points) < 4 or tuple(points[0]) != tuple(points[-1]):
        raise WriteError("polygon_invalid")
    for lat, lon in points:
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise WriteError("polygon_invalid")
    return " ".join(f"{lat:.5f},{lon:.5f}" for lat, lon in points)


def issue(batch: Batch, e: ev.WarningIssued) -> None:
    if e.hazard not in C.HAZARDS:
        raise WriteError(f"unknown hazard {e.hazard!r}")
    if e.color not in C.COLORS:
        raise WriteError("colour must be red, orange, yellow or blue")
    if not (0 < len(e.headline.strip()) <= 120) or not (0 < len(e.area_desc.strip()) <= 200):
        raise WriteError("warning_text_required")
    if len(e.description) > 2000 or len(e.instruction) > 2000:
        raise WriteError("warning text too long")
    if not all(isinstance(c, str) and CODE.match(c) for c in e.area_codes):
        raise WriteError("area_codes_invalid")
    if e.expires_at is not None and e.expires_at <= e.at:
        raise WriteError("expires_before_issue")
    w = EmergencyWarning(
        event_id=e.event_id,
        hazard=e.hazard,
        color=e.color,
        headline=e.headline.strip(),
        description=e.description,
        instruction=e.instruction,
        area_desc=e.area_desc.strip(),
        area_codes=",".join(e.area_codes),
        polygon=_polygon(e.polygon),
        status="active",
        issued_at=e.at,
        updated_at=e.at,
        expires_at=e.expires_at,
        exercise=e.exercise,
        version=1,
        issued_by=e.actor,
    )
    batch.session.add(w)
    batch.session.flush()
    _message(batch, w, "Alert", e.at, e.actor)


def change(batch: Batch, e: ev.WarningChanged) -> None:
    s = batch.session
    w = s.scalars(select(EmergencyWarning).where(EmergencyWarning.event_id == e.warning_event_id)).first()
    if w is None:
        raise WriteError(f"no warning {e.warning_event_id}")
    if w.status != "active":
        raise InvalidTransition("warning_lifted")
    if e.expected_version is not None and e.expected_version != w.version:
        raise VersionConflict("the warning was changed by someone else; nothing was written")
    if e.action == "update":
        if e.color is not None and e.color not in C.COLORS:
            raise WriteError("colour must be red, orange, yellow or blue")
        if e.headline is not None and not (0 < len(e.headline.strip()) <= 120):
            raise WriteError("warning_text_required")
        if e.expires_at is not None and e.expires_at <= e.at:
            raise WriteError("expires_before_issue")
        w.color = e.color or w.color
        w.headline = (e.headline or w.headline).strip()
        w.description = e.description if e.description is not None else w.description
        w.expires_at = e.expires_at or w.expires_at
        kind = "Update"
    elif e.action == "lift":
        w.status, w.lifted_at = "lifted", e.at
        kind = "Cancel"
    else:
        raise WriteError(f"unknown warning action {e.action!r}")
    w.updated_at, w.version = e.at, w.version + 1
    batch.keep(w)
    try:
        _message(batch, w, kind, e.at, e.actor)
    except StaleDataError as exc:  # pragma: no cover - the row is not versioned by the mapper
        raise VersionConflict(str(exc)) from exc


def handover(batch: Batch, e: ev.DutyHandoverNoted) -> None:
    if not (0 < len(e.note.strip()) <= 1000):
        raise WriteError("note_required")
    s = batch.session
    open_ = s.scalar(select(DutyHandover.id).where(DutyHandover.shift_start == e.shift_start))
    if open_ is not None:
        raise InvalidTransition("handover_exists")
    s.add(DutyHandover(event_id=e.event_id, shift_start=e.shift_start, at=e.at, by=e.actor, note=e.note.strip()))
    s.flush()


def handover_ack(batch: Batch, e: ev.DutyHandoverAcked) -> None:
    s = batch.session
    h = s.scalars(select(DutyHandover).where(DutyHandover.event_id == e.handover_event_id)).first()
    if h is None:
        raise WriteError(f"no handover {e.handover_event_id}")
    if h.acked_at is not None:
        raise InvalidTransition("handover_acked")
    if h.by == e.actor:
        raise InvalidTransition("handover_own")
    h.acked_at, h.acked_by = e.at, e.actor
    batch.keep(h)
    s.flush()


def inspected(batch: Batch, e: ev.HazardInspected) -> None:
    h = batch.session.get(HazardSource, e.hazard_id)
    if h is None:
        raise WriteError(f"no hazard source {e.hazard_id}")
    day = to_local(e.at).date()
    if h.last_inspected_on is None or day > h.last_inspected_on:
        h.last_inspected_on = day
    batch.keep(h)
    batch.session.flush()
