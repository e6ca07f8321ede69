"""Plate codes (一铺一码 / 一户一码): every shop and rental unit carries an unguessable, revocable token.

The token is 96 random bits (`secrets`), never derived from a row id or the simulator's seed; the short code
printed under the QR code (S00042, R00137) names the unit for people and opens nothing by itself. Revoking a
token keeps its row (old plates then show 作废) and issues the next version with a fresh token."""

from __future__ import annotations

import re
import secrets
from datetime import datetime

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.errors import WriteError
from data_access.models import RentalUnit, ServiceCode, Shop, ShopRating, Ticket

KINDS = ("shop", "rental")
PREFIX = {"shop": "S", "rental": "R"}
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,32}$")


def new_token() -> str:
    return secrets.token_urlsafe(12)  # 16 characters, 96 bits


def short_code(kind: str, subject_id: int) -> str:
    return f"{PREFIX[kind]}{subject_id:05d}"


def _subjects(session: Session, kind: str) -> list[int]:
    model = Shop if kind == "shop" else RentalUnit
    return list(session.scalars(select(model.id).order_by(model.id)))


def issue_missing(session: Session, now: datetime) -> int:
    """Give every shop and rental unit without an active code its first (or next) one; returns how many."""
    added = 0
    for kind in KINDS:
        have = {
            sid: v
            for sid, v in session.execute(
                select(ServiceCode.subject_id, ServiceCode.version).where(ServiceCode.kind == kind)
            )
        }
        active = set(
            session.scalars(
                select(ServiceCode.subject_id).where(ServiceCode.kind == kind, ServiceCode.status == "active")
            )
        )
        rows = [
            dict(
                kind=kind,
                subject_id=sid,
                short_code=short_code(kind, sid),
                version=have.get(sid, 0) + 1,
                token=new_token(),
                status="active",
                issued_at=now,
                revoked_at=None,
                reason="",
            )
            for sid in _subjects(session, kind)
            if sid not in active
        ]
        for i in range(0, len(rows), 1000):
            session.execute(ServiceCode.__table__.insert(), rows[i : i + 1000])
        added += len(rows)
    return added


def resolve(session: Session, token: str) -> dict | None:
    """What a scanned token names: kind, subject_id, short_code, version, status; None for anything unknown."""
    if not isinstance(token, str) or not TOKEN_RE.match(token):
        return None
    c = session.scalars(select(ServiceCode).where(ServiceCode.token == token)).first()
    if c is None:
        return None
    return dict(
        id=c.id,
        kind=c.kind,
        subject_id=c.subject_id,
        short_code=c.short_code,
        version=c.version,
        status=c.status,
        token=c.token,
        revoked_at=c.revoked_at,
    )


def active_token(session: Session, kind: str, subject_id: int) -> str | None:
    return session.scalar(
        select(ServiceCode.token).where(
            ServiceCode.kind == kind, ServiceCode.subject_id == subject_id, ServiceCode.status == "active"
        )
    )


def revoke(session: Session, kind: str, subject_id: int, reason: str, now: datetime) -> dict:
    """Revoke the active code of a unit and issue the next version; returns the new code (as `resolve`)."""
    if kind not in KINDS:
        raise WriteError(f"unknown code kind {kind!r}")
    c = session.scalars(
        select(ServiceCode)
        .where(ServiceCode.kind == kind, ServiceCode.subject_id == subject_id, ServiceCode.status == "active")
        .with_for_update()
    ).first()
    if c is None:
        raise WriteError(f"{short_code(kind, subject_id)} has no active code")
    c.status, c.revoked_at, c.reason = "revoked", now, reason[:200]
    new = ServiceCode(
        kind=kind,
        subject_id=subject_id,
        short_code=c.short_code,
        version=c.version + 1,
        token=new_token(),
        status="active",
        issued_at=now,
        revoked_at=None,
        reason="",
    )
    session.add(new)
    session.flush()
    out = resolve(session, new.token)
    assert out is not None
    return out


def plates(session: Session, kind: str, group: str | None = None) -> pd.DataFrame:
    """The active plates of a street (shops: the address's street) or a building (rental units), for a sheet.

    Columns: subject_id, short_code, version, token, title, subtitle, group."""
    cols = ["subject_id", "short_code", "version", "token", "title", "subtitle", "group"]
    if kind == "shop":
        q = select(Shop.id, Shop.name, Shop.address, ServiceCode.short_code, ServiceCode.version, ServiceCode.token)
        q = q.join(ServiceCode, (ServiceCode.subject_id == Shop.id) & (ServiceCode.kind == "shop"))
        q = q.where(ServiceCode.status == "active").order_by(Shop.address, Shop.id)
        rows = [(sid, sc, v, tok, name, addr, street_of(addr)) for sid, name, addr, sc, v, tok in session.execute(q)]
    elif kind == "rental":
        q = select(
            RentalUnit.id,
            RentalUnit.building,
            RentalUnit.unit_no,
            ServiceCode.short_code,
            ServiceCode.version,
            ServiceCode.token,
        )
        q = q.join(ServiceCode, (ServiceCode.subject_id == RentalUnit.id) & (ServiceCode.kind == "rental"))
        q = q.where(ServiceCode.status == "active").order_by(RentalUnit.building, RentalUnit.id)
        rows = [(sid, sc, v, tok, f"{b} {u}", b, b) for sid, b, u, sc, v, tok in session.execute(q)]
    else:
        raise WriteError(f"unknown code kind {kind!r}")
    df = pd.DataFrame(rows, columns=cols)
    return df[df["group"] == group].reset_index(drop=True) if group else df


def groups(session: Session, kind: str) -> list[tuple[str, int]]:
    """(street or building, plates) for the sheet chooser."""
    df = plates(session, kind)
    if df.empty:
        return []
    return [(str(g), int(n)) for g, n in df.groupby("group", sort=True).size().items()]


def street_of(address: str) -> str:
    """灵武市朔方路123号 -> 朔方路 (the street a sheet of plates is printed for)."""
    m = re.search(r"([\u4e00-\u9fff]{1,8}?(?:大道|路|街|巷))", address.removeprefix("灵武市"))
    return m.group(1) if m else address


def summary(session: Session, now: datetime) -> pd.DataFrame:
    """One row: active shop and unit codes, revoked codes, ratings and complaints from codes in the last 30 days."""
    from datetime import timedelta

    since = now - timedelta(days=30)
    active = dict(
        session.execute(
            select(ServiceCode.kind, func.count()).where(ServiceCode.status == "active").group_by(ServiceCode.kind)
        ).all()
    )
    revoked = session.scalar(select(func.count()).select_from(ServiceCode).where(ServiceCode.status == "revoked"))
    rated = session.scalar(select(func.count()).select_from(ShopRating).where(ShopRating.at >= since))
    complaints = session.scalar(
        select(func.count())
        .select_from(Ticket)
        .where(Ticket.channel_code.in_(("shop_code", "rental_code")), Ticket.created_at >= since)
    )
    return pd.DataFrame(
        [
            {
                "shops": int(active.get("shop", 0)),
                "units": int(active.get("rental", 0)),
                "revoked": int(revoked or 0),
                "ratings_30d": int(rated or 0),
                "complaints_30d": int(complaints or 0),
            }
        ]
    )
