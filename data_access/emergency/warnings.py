"""Warning reads: those in force (colour order), one warning with its CAP message history, the feed's messages."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from data_access.models import EmergencyWarning, WarningMessage

COLUMNS = [
    "id",
    "event_id",
    "hazard",
    "color",
    "headline",
    "area_desc",
    "issued_at",
    "updated_at",
    "expires_at",
    "exercise",
    "version",
    "status",
    "identifier",
    "msg_type",
]
RANK = {"red": 1, "orange": 2, "yellow": 3, "blue": 4}


def _latest(session: Session, ids: list[int]) -> dict[int, tuple[str, str]]:
    out: dict[int, tuple[str, str]] = {}
    if not ids:
        return out
    rows = session.execute(
        select(WarningMessage.warning_id, WarningMessage.identifier, WarningMessage.msg_type)
        .where(WarningMessage.warning_id.in_(ids))
        .order_by(WarningMessage.sent_at, WarningMessage.id)
    )
    for wid, ident, kind in rows:
        out[wid] = (ident, kind)
    return out


def in_force(session: Session, now: datetime, *, lifted_within: timedelta = timedelta(0)) -> pd.DataFrame:
    """Active, unexpired warnings (and those lifted within `lifted_within`), red first, newest first."""
    rows = session.scalars(
        select(EmergencyWarning).where(
            or_(
                (EmergencyWarning.status == "active")
                & or_(EmergencyWarning.expires_at.is_(None), EmergencyWarning.expires_at > now),
                EmergencyWarning.lifted_at >= now - lifted_within,
            ),
            EmergencyWarning.issued_at <= now,
        )
    ).all()
    latest = _latest(session, [w.id for w in rows])
    out = [
        [
            w.id,
            w.event_id,
            w.hazard,
            w.color,
            w.headline,
            w.area_desc,
            w.issued_at,
            w.updated_at,
            w.expires_at,
            bool(w.exercise),
            w.version,
            w.status,
            *latest.get(w.id, ("", "")),
        ]
        for w in rows
    ]
    df = pd.DataFrame(out, columns=COLUMNS)
    if df.empty:
        return df
    df["_r"] = df["color"].map(RANK)
    return df.sort_values(["_r", "updated_at"], ascending=[True, False]).drop(columns="_r").reset_index(drop=True)


def messages(session: Session, *, since: datetime, limit: int = 200, warning_id: int | None = None) -> list[dict]:
    """CAP messages (newest first) with their warning's fields and the identifiers they reference."""
    q = (
        select(WarningMessage, EmergencyWarning)
        .join(EmergencyWarning, EmergencyWarning.id == WarningMessage.warning_id)
        .where(WarningMessage.sent_at >= since)
        .order_by(WarningMessage.sent_at.desc(), WarningMessage.id.desc())
        .limit(limit)
    )
    if warning_id is not None:
        q = q.where(WarningMessage.warning_id == warning_id)
    rows = session.execute(q).all()
    earlier: dict[int, list[tuple[str, datetime]]] = {}
    wids = sorted({w.id for _m, w in rows})
    if wids:
        for wid, ident, sent in session.execute(
            select(WarningMessage.warning_id, WarningMessage.identifier, WarningMessage.sent_at)
            .where(WarningMessage.warning_id.in_(wids))
            .order_by(WarningMessage.sent_at, WarningMessage.id)
        ):
            earlier.setdefault(wid, []).append((ident, sent))
    out = []
    for m, w in rows:
        before = [(i, s) for i, s in earlier.get(w.id, []) if i != m.identifier and s <= m.sent_at]
        out.append(
            {
                "identifier": m.identifier,
                "msg_type": m.msg_type,
                "sent": m.sent_at,
                "color": m.color,
                "hazard": w.hazard,
                "headline": w.headline,
                "description": w.description,
                "instruction": w.instruction,
                "area_desc": w.area_desc,
                "area_codes": [c for c in w.area_codes.split(",") if c],
                "polygon": w.polygon,
                "effective": w.issued_at,
                "expires": w.expires_at,
                "exercise": bool(w.exercise),
                "references": before if m.msg_type != "Alert" else [],
            }
        )
    return out


def find_message(session: Session, identifier: str) -> dict | None:
    if not isinstance(identifier, str) or not 0 < len(identifier) <= 64:
        return None
    m = session.scalars(select(WarningMessage).where(WarningMessage.identifier == identifier)).first()
    if m is None:
        return None
    found = messages(session, since=datetime(1970, 1, 1), warning_id=m.warning_id, limit=1000)
    return next((x for x in found if x["identifier"] == identifier), None)
