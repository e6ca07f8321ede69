"""统一门户 on the data layer: the OpenID Connect provider's clients, codes, tokens and consents, and the launcher's
catalogue of integrated department systems with each system's health (from its data exchange's sync runs)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from data_access.errors import WriteError
from data_access.models import DataSource, PortalClient, PortalCode, PortalConsent, PortalToken, SyncRun

CODE_TTL = timedelta(minutes=5)
TOKEN_TTL = timedelta(hours=1)
# the integrated systems the launcher shows: key, name, department code, roles that see it, its data exchange
SYSTEMS: tuple[tuple[str, str, str, frozenset[str], str], ...] = (
    (
        "hotline",
        "12345 政务服务便民热线系统",
        "C00",
        frozenset({"officer", "supervisor", "admin", "auditor"}),
        "12345工单库",
    ),
    ("cm", "数字化城市管理系统", "B01", frozenset({"officer", "supervisor", "admin", "auditor"}), "数字城管案卷库"),
    ("market", "市场监管综合执法系统", "B03", frozenset({"inspector", "supervisor", "admin"}), "市场主体登记"),
    ("shopcode", "一铺一码 商铺台账", "B03", frozenset({"inspector", "supervisor", "admin"}), "沿街商铺一铺一码台账"),
    ("rental", "公租房一户一码管理", "B21", frozenset({"officer", "supervisor", "admin"}), "公租房一户一码台账"),
    ("population", "人口基础信息库", "B04", frozenset({"supervisor", "admin", "auditor"}), "人口基础信息库"),
    ("gov_service", "政务服务一网通办", "B19", frozenset({"officer", "supervisor", "admin"}), "政务服务办件库"),
    ("safety", "安全生产监管平台", "B14", frozenset({"supervisor", "admin"}), "安全生产企业台账"),
    ("env", "生态环境监测平台", "B07", frozenset({"officer", "supervisor", "admin"}), "环境监测数据"),
    ("water", "智慧水务平台", "B08", frozenset({"officer", "supervisor", "admin"}), "水务监测数据"),
)
CADENCE_GRACE = {"realtime": timedelta(hours=1), "hourly": timedelta(hours=3), "daily": timedelta(days=2)}


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def register_client(
    session: Session, client_id: str, name: str, redirect_uris: list[str], now: datetime, scope: str = "openid profile"
) -> str:
    """Register (or re-key) a relying party; returns its new secret (shown once)."""
    if (
        not client_id
        or len(client_id) > 48
        or not all(u.startswith(("https://", "http://127.0.0.1", "http://localhost")) for u in redirect_uris)
    ):
        raise WriteError("a client needs an id and https (or loopback) redirect URIs")
    secret = secrets.token_urlsafe(32)
    c = session.get(PortalClient, client_id)
    if c is None:
        session.add(
            PortalClient(
                client_id=client_id,
                name=name,
                secret_hash=secret_hash(secret),
                redirect_uris=list(redirect_uris),
                scope=scope,
                created_at=now,
            )
        )
    else:
        c.name, c.secret_hash, c.redirect_uris, c.scope = name, secret_hash(secret), list(redirect_uris), scope
    session.flush()
    return secret


def client(session: Session, client_id: str) -> dict | None:
    c = session.get(PortalClient, client_id) if client_id and len(client_id) <= 48 else None
    if c is None:
        return None
    return dict(
        client_id=c.client_id,
        name=c.name,
        secret_hash=c.secret_hash,
        redirect_uris=list(c.redirect_uris),
        scope=c.scope,
    )


def save_code(session: Session, **row) -> None:
    session.add(PortalCode(**row))
    session.flush()


def code(session: Session, value: str, client_id: str, now: datetime) -> dict | None:
    c = session.get(PortalCode, value) if value and len(value) <= 64 else None
    if c is None or c.client_id != client_id or c.expires_at < now:
        return None
    return dict(
        code=c.code,
        client_id=c.client_id,
        user_id=c.user_id,
        redirect_uri=c.redirect_uri,
        scope=c.scope,
        nonce=c.nonce,
        code_challenge=c.code_challenge,
        code_challenge_method=c.code_challenge_method,
        auth_time=c.auth_time,
    )


def delete_code(session: Session, value: str) -> None:
    session.execute(delete(PortalCode).where(PortalCode.code == value))


def nonce_used(session: Session, client_id: str, nonce: str) -> bool:
    return bool(
        session.scalar(
            select(func.count())
            .select_from(PortalCode)
            .where(PortalCode.client_id == client_id, PortalCode.nonce == nonce)
        )
    )


def save_token(session: Session, access_token: str, client_id: str, user_id: int, scope: str, now: datetime) -> None:
    session.add(
        PortalToken(
            token_hash=token_hash(access_token),
            client_id=client_id,
            user_id=user_id,
            scope=scope,
            issued_at=now,
            expires_at=now + TOKEN_TTL,
        )
    )
    session.flush()


def token_owner(session: Session, access_token: str, now: datetime) -> tuple[int, str, str] | None:
    """(user_id, client_id, scope) of a live access token."""
    t = session.get(PortalToken, token_hash(access_token)) if access_token else None
    if t is None or t.expires_at < now:
        return None
    return t.user_id, t.client_id, t.scope


def has_consent(session: Session, user_id: int, client_id: str, scope: str) -> bool:
    granted = session.scalars(
        select(PortalConsent.scope).where(PortalConsent.user_id == user_id, PortalConsent.client_id == client_id)
    ).all()
    want = set(scope.split())
    return any(want <= set(g.split()) for g in granted)


def record_consent(session: Session, user_id: int, client_id: str, scope: str, now: datetime) -> None:
    session.add(PortalConsent(user_id=user_id, client_id=client_id, scope=scope, granted_at=now))
    session.flush()


def launcher(session: Session, role: str, now: datetime) -> pd.DataFrame:
    """The systems a role sees, each with its health: ok (its exchange synced in time), late, failing or unknown.

    Columns: key, name, department, health, last_sync."""
    names = [s[4] for s in SYSTEMS]
    src = {
        n: (i, cad, last)
        for i, n, cad, last in session.execute(
            select(DataSource.id, DataSource.name, DataSource.cadence, DataSource.last_sync_at).where(
                DataSource.name.in_(names)
            )
        )
    }
    last_ok = dict(
        session.execute(
            select(SyncRun.source_id, func.max(SyncRun.at))
            .where(SyncRun.source_id.in_([v[0] for v in src.values()]))
            .group_by(SyncRun.source_id)
        ).all()
    )
    latest_ok: dict[int, bool] = {}
    for sid, ok in session.execute(
        select(SyncRun.source_id, SyncRun.ok)
        .where(SyncRun.source_id.in_([v[0] for v in src.values()]), SyncRun.at >= now - timedelta(days=2))
        .order_by(SyncRun.at, SyncRun.id)
    ):
        latest_ok[sid] = ok  # the last run wins
    failing = {sid for sid, ok in latest_ok.items() if not ok}
    rows = []
    for key, name, dept, roles, source in SYSTEMS:
        if role not in roles:
            continue
        health, last = "unknown", None
        if source in src:
            sid, cad, last_sync = src[source]
            last = last_ok.get(sid) or last_sync
            if last is not None:
                grace = CADENCE_GRACE.get(cad, timedelta(days=35))
                health = "failing" if sid in failing else "ok" if now - last <= grace else "late"
        rows.append((key, name, dept, health, last))
    return pd.DataFrame(rows, columns=["key", "name", "department", "health", "last_sync"])
